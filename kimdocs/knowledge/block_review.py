"""The legal review record of a text block (``NAME.rechtspruefung.yaml`` beside it).

A block states the same sentences in every document that includes it, so it is
reviewed once, where it is kept. Documents that use a block warn when its record is
missing or no longer matches its text; signing it is the reviewer's step and is not
asked for in every document.
"""

from __future__ import annotations

from kimdocs.base.errors import Problem, Severity
from kimdocs.knowledge.blocks import Block
from kimdocs.knowledge.expand import Use, expand
from kimdocs.knowledge.review_record import normal, record_path, review_state
from kimdocs.knowledge.store import Knowledge
from kimdocs.text.sentences import split_sentences


def block_statements(block: Block, knowledge: Knowledge) -> list[str]:
    """The block's sentences as a standard document prints them (facts in their wording)."""
    source = block.source
    text = expand(source.body, source.body_line, source.path, knowledge, easy=False).text
    found: list[str] = []
    for paragraph in text.split("\n\n"):
        joined = " ".join(line.strip().lstrip("-*+ ").strip() for line in paragraph.split("\n"))
        for a, b in split_sentences(joined):
            sentence = normal(joined[a:b])
            if sentence:
                found.append(sentence)
    return list(dict.fromkeys(found))


def block_review_problems(use: Use, block: Block, knowledge: Knowledge) -> list[Problem]:
    """A warning at the document's line when the block's record is missing or out of date."""
    path = record_path(block.source.path)
    state = review_state(path, block_statements(block, knowledge), block.fields.as_of)
    where = f"Der Baustein „{use.name}“{use.where()}"
    if state.record is None:
        why = f"hat keine rechtliche Prüfung ({path.name})"
    elif state.missing or state.stale or state.other_status is not None:
        shown = "; ".join(f"„{s}“" for s in state.missing[:3])
        why = f"hat Sätze, die seine rechtliche Prüfung ({path.name}) nicht enthält" + (
            f": {shown}"
            if shown
            else " (oder die Prüfung nennt alte Sätze oder einen anderen Stand)"
        )
    else:
        return []
    return [
        Problem(
            f"{where} {why}. Bitte prüfen lassen.",
            file=use.file,
            line=use.line,
            field="Text",
            severity=Severity.WARNING,
        )
    ]
