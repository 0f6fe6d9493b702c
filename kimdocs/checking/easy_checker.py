"""Check one Markdown text against the Leichte-Sprache rules."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kimdocs.base.errors import ContentError, Edit, KimdocsError, Problem, Severity
from kimdocs.base.inputs import read_text
from kimdocs.base.yaml_lines import FieldPath, Lines
from kimdocs.easy_language import explained as explanations
from kimdocs.easy_language import rules
from kimdocs.easy_language.analysis import MEDIOPUNKT, joined
from kimdocs.easy_language.config import (
    DEFAULT_FILE,
    DEFAULT_PROJECT,
    FileRules,
    Settings,
)
from kimdocs.easy_language.findings import Report
from kimdocs.easy_language.readability import readability
from kimdocs.easy_language.rule_table import BY_ID
from kimdocs.easy_language.text import Block, Sentence, blocks
from kimdocs.text.sentences import split_sentences

if TYPE_CHECKING:
    from kimdocs.content import Source
    from kimdocs.project import Project

KEY = "leichte_sprache"


def glossary_words(words: Iterable[str]) -> frozenset[str]:
    """Glossary words and forms as the rules compare them: joined and lower-case."""
    out: set[str] = set()
    for word in words:
        key = joined(word).lower()
        out.add(key)
        out.update(key.split())
    return frozenset(out)


def project_glossary(project: Project | None) -> frozenset[str]:
    if project is None:
        return frozenset()
    from kimdocs.knowledge.glossary import load_glossary

    entries = load_glossary(project).entries
    return glossary_words(w for e in entries for w in (e.word, *e.forms))


def project_terms(project: Project | None) -> dict[str, str]:
    """The Wörter-Buch's words and forms, for where they are explained (LS-TEXT-ERKLAERT)."""
    if project is None:
        return {}
    from kimdocs.knowledge.glossary import load_glossary

    return explanations.terms((e.word, e.forms) for e in load_glossary(project).entries)


def project_facts(project: Project | None) -> tuple[rules.FactPattern, ...]:
    """The written forms of the project's facts, for LS-TEXT-FAKT."""
    if project is None:
        return ()
    from kimdocs.knowledge.store import load_knowledge

    facts = load_knowledge(project).facts
    return rules.fact_patterns({name: (f.value, f.unit) for name, f in facts.items()})


def _levels(settings: Settings) -> dict[str, Severity]:
    """The level of every rule the project keeps on."""
    return {
        rule_id: level
        for rule_id in BY_ID
        if (level := settings.project.level(rule_id)) is not None
    }


def _style(body: str) -> str:
    # One style per text: whichever the author already uses more often.
    import re

    medio = body.count(MEDIOPUNKT)
    hyphen = len(re.findall(r"[^\W\d_]-[^\W\d_]", body))
    return "-" if hyphen > medio else MEDIOPUNKT


def _structure(found: list[Block]) -> list[tuple[Sentence, rules.Hit]]:
    hits: list[tuple[Sentence, rules.Hit]] = []
    for block in found:
        if block.kind == "paragraph" and len(block.sentences) > rules.LONG_PARAGRAPH:
            first = block.sentences[0]
            hits.append(
                (
                    first,
                    rules.Hit(
                        "LS-TEXT-STRUKTUR",
                        0,
                        len(first.text),
                        f"Der Absatz hat {len(block.sentences)} Sätze.",
                        f"Machen Sie kurze Absätze (höchstens {rules.LONG_PARAGRAPH} Sätze) "
                        "mit einer Überschrift.",
                    ),
                )
            )
    body = [s for b in found for s in b.sentences]
    if len(body) > rules.NO_HEADING and not any(b.kind == "heading" for b in found):
        hits.append(
            (
                body[0],
                rules.Hit(
                    "LS-TEXT-STRUKTUR",
                    0,
                    len(body[0].text),
                    f"Der Text hat {len(body)} Sätze, aber keine Überschrift.",
                    "Gliedern Sie den Text mit Überschriften (## Frage?).",
                ),
            )
        )
    return hits


# Front-matter fields that readers see as text of the document.
READER_FIELDS: tuple[FieldPath, ...] = (("titel",), ("untertitel",))


def _value(data: Any, key: FieldPath) -> Any:
    for part in key:
        if isinstance(data, dict) and isinstance(part, str):
            data = data.get(part)
        elif isinstance(data, list) and isinstance(part, int) and part < len(data):
            data = data[part]
        else:
            return None
    return data


def field_blocks(meta: dict[str, Any], lines: Lines, source: list[str]) -> list[Block]:
    """Title, subtitle and picture descriptions, placed on their lines in the front matter."""
    keys: list[FieldPath] = list(READER_FIELDS)
    pictures = meta.get("bilder")
    if isinstance(pictures, list):
        keys += [("bilder", n, "alt") for n in range(len(pictures))]
    found: list[Block] = []
    for key in keys:
        value = _value(meta, key)
        line = lines.get(key)
        if not isinstance(value, str) or not value.strip() or line is None:
            continue
        text = value.strip()
        col = source[line - 1].find(text) if line <= len(source) else -1
        if col < 0:
            continue  # written over several lines: no exact position, not checked
        places = tuple((line, col + k + 1) for k in range(len(text)))
        sentences = tuple(
            Sentence(text[a:b], places[a:b], block=len(found), heading=True)
            for a, b in split_sentences(text)
        )
        found.append(Block("field", sentences, line))
    return found


def check_body(
    path: Path,
    body: str,
    first_line: int,
    glossary: frozenset[str] = frozenset(),
    settings: Settings | None = None,
    fields: list[Block] | None = None,
    lines: Lines | None = None,
    line_ends_sentence: bool = False,
    facts: tuple[rules.FactPattern, ...] = (),
    terms: dict[str, str] | None = None,
    beside: bool = False,
) -> Report:
    settings = settings or Settings(DEFAULT_PROJECT, DEFAULT_FILE)
    found = (fields or []) + blocks(body, first_line, line_ends_sentence)
    sentences = [s for b in found for s in b.sentences]
    near = explanations.near_explanation(sentences)
    ctx = rules.Context(glossary=glossary, style=_style(body), facts=facts)
    active = [
        (rule_id, fn, level)
        for rule_id, fn in rules.REGISTRY.items()
        if (level := settings.project.level(rule_id)) is not None
    ]
    hits: list[tuple[Sentence, rules.Hit]] = []
    for sentence, explained in zip(sentences, near, strict=True):
        view = rules.View(sentence, explained)
        if not view.words:
            continue
        for _rule_id, fn, _level in active:
            hits += [(sentence, hit) for hit in fn(view, ctx)]
    hits += _structure(found)
    hits += explanations.first_use_findings(sentences, terms or {}, beside)
    hits += explanations.easy_explanation_findings(sentences)
    # Rules over the whole text (structure, explanations) have no sentence function.
    levels = _levels(settings)
    report = Report(path)
    used_acceptances: set[int] = set()
    for sentence, hit in hits:
        if hit.rule not in levels:
            continue
        used = settings.acceptance(hit.rule, sentence.text)
        if used is not None:
            report.accepted += 1
            used_acceptances.add(used)
            continue
        report.findings.append(_finding(path, sentence, hit, levels[hit.rule]))
    report.findings.sort(key=lambda f: (f.line or 0, f.col or 0, f.rule))
    lines = lines or Lines(path)
    for n, acceptance in enumerate(settings.file.accepted):
        if acceptance.place and n not in used_acceptances:
            # A text that changed leaves its acceptance behind; say so, so that it goes too.
            report.problems.append(
                lines.problem(
                    (KEY, "akzeptiert", n),
                    f"Die Stelle „{acceptance.place}“ hat keinen Befund {acceptance.rule} "
                    "(mehr). Der Eintrag kann weg.",
                    Severity.WARNING,
                )
            )
    report.readability = readability(
        [[s.text[a:b] for a, b in rules.View(s).words] for s in sentences if not s.heading]
    )
    return report


def check_glossary(project: Project) -> Report | None:
    """The Wörter-Buch's explanations: Leichte Sprache that flyers show, checked where written.

    Each ``erklärung`` is checked on its lines in glossar.yaml like a flyer's text (numbers
    and dates that fakten.yaml keeps: LS-TEXT-FAKT), and it must not be harder than its word
    (LS-TEXT-LEICHTER).
    """
    import dataclasses

    from kimdocs.catalog import GLOSSARY_NAME
    from kimdocs.knowledge.glossary import written_explanations

    path = project.root / GLOSSARY_NAME
    written = written_explanations(project)
    if not written:
        return None
    settings = Settings(project.config.easy_language, DEFAULT_FILE)
    levels = _levels(settings)
    facts = project_facts(project)
    report = Report(path)
    for entry, line, (first, text, indent) in written:
        found = check_body(
            path, text, first, settings=settings, line_ends_sentence=True, facts=facts
        )
        report.findings += [
            dataclasses.replace(f, col=(f.col or 0) + indent) if f.col else f
            for f in found.findings
        ]
        harder = explanations.harder_word(entry.word, entry.forms, entry.explanation)
        level = levels.get("LS-TEXT-LEICHTER")
        if harder is not None and level is not None:
            report.findings.append(
                Problem(
                    f"Die Erklärung von „{entry.word}“ benutzt „{harder[1]}“: Das ist "
                    "schwerer als das Wort selbst.",
                    file=path,
                    line=line,
                    rule="LS-TEXT-LEICHTER",
                    severity=level,
                    suggestion="Erklären Sie mit leichteren Wörtern.",
                    sentence=" ".join(entry.explanation.split()),
                )
            )
    report.findings.sort(key=lambda f: (f.line or 0, f.col or 0, f.rule))
    return report


def _finding(path: Path, sentence: Sentence, hit: rules.Hit, level: Severity) -> Problem:
    line, col = sentence.place(hit.start)
    edit = None
    if hit.replacement is not None:
        end_line, end_col = sentence.place(hit.end - 1)
        if end_line == line and end_col - col == hit.end - hit.start - 1:
            edit = Edit(line, col, sentence.text[hit.start : hit.end], hit.replacement)
    return Problem(
        hit.message,
        file=path,
        line=line,
        col=col,
        rule=hit.rule,
        severity=level,
        suggestion=hit.suggestion,
        sentence=" ".join(sentence.text.split()),
        edit=edit,
    )


def file_rules(meta: dict[str, Any], lines: Lines) -> FileRules:
    """The ``leichte_sprache`` key of a front matter, validated with German messages."""
    from kimdocs.schema import validate

    data = meta.get(KEY)
    if data is None:
        return DEFAULT_FILE
    parsed, problems = validate(FileRules, data, lines.problem, prefix=(KEY,))
    if parsed is None:
        raise ContentError([p for p in problems if p.is_error])
    return parsed


def written_easy(path: Path, project: Project | None) -> tuple[bool, bool]:
    """Whether the file is a document in Leichte Sprache, and whether it is a text block.

    The catalog says what the file is and which kind; the kind says whether it is
    written in Leichte Sprache. Without a project only the declared kind counts.
    """
    from kimdocs.catalog import Role, classify, declared_kind
    from kimdocs.kind_names import kind_id
    from kimdocs.kinds import KINDS

    if project is not None:
        entry = classify(path.resolve(), project)
        kind, is_block = entry.kind, entry.role is Role.BLOCK
    else:
        declared = declared_kind(path)
        kind, is_block = (kind_id(declared) if declared else None), False
    return kind is not None and KINDS[kind].easy_language, is_block


def _read(path: Path, project: Project | None) -> Source | None:
    """The file as the walk of ``project`` read it (None without a project, or if it has
    no front matter: a block or a plain Markdown file is read as text)."""
    from kimdocs.catalog import read_content

    if project is None or not path.resolve().is_relative_to(project.content_dir.resolve()):
        return None
    try:
        return read_content(path, project)
    except KimdocsError:
        return None


def check_file(
    path: Path,
    project: Project | None = None,
    reader_fields: bool | None = None,
    source: Source | None = None,
) -> Report:
    """Check a Markdown file, with or without front matter.

    ``reader_fields``: also check title, subtitle and picture descriptions; by default
    for flyers, whose front matter readers see. Flyers and text blocks print every line
    as a sentence of its own, so each line is checked as one.
    """
    from kimdocs.content import read_source

    # In a project, through the walk: a file the check has read already is not read again
    # (a text block comes as the knowledge read it).
    source = source or _read(path, project)
    raw = source.text if source is not None else read_text(path).replace("\r\n", "\n")
    meta: dict[str, Any] = {}
    fields: list[Block] = []
    lines = Lines(path)
    easy, is_block = written_easy(path, project)
    if reader_fields is None:
        reader_fields = easy
    if raw.startswith("---\n"):
        source = source or read_source(path)
        body, first_line, meta = source.body, source.body_line, source.meta
        lines = source.lines
        if reader_fields:
            fields = field_blocks(meta, source.lines, raw.split("\n"))
    else:
        body, first_line = raw, 1
    settings = Settings(
        project.config.easy_language if project is not None else DEFAULT_PROJECT,
        file_rules(meta, lines),
    )
    return check_body(
        path,
        body,
        first_line,
        project_glossary(project),
        settings,
        fields,
        lines,
        line_ends_sentence=reader_fields or is_block,
        facts=project_facts(project),
        terms=project_terms(project),
        # A block's Wörter-Buch words are explained by the flyers that include it.
        beside=is_block or meta.get(explanations.FIELD) == explanations.BESIDE,
    )
