"""Put blocks and facts into a Markdown text where its directives name them.

``[[baustein:name]]`` on a line of its own becomes the block's text, so that it renders
exactly like text written in place, in every format. ``[[fakt:name]]`` anywhere in a
line becomes the fact's wording (its Leichte-Sprache wording in flyers). Each line of
the result remembers the line of the document it came from, so messages point there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from kimdocs.base.errors import Problem, Severity
from kimdocs.knowledge.facts import Fact
from kimdocs.knowledge.store import Knowledge
from kimdocs.text.directives import BLOCK_LINE, DIRECTIVE
from kimdocs.text.grammar import NUMBER_UNIT, case_error

# A block that includes another one twice, nested a few times, grows exponentially:
# nesting and the expanded text are limited, and the message names the chain.
MAX_NESTING = 8
MAX_EXPANDED = 2_000_000  # characters, like the largest source file kimdocs reads


@dataclass(frozen=True)
class Use:
    """One use of a block or fact, at the line of the document that leads to it."""

    kind: Literal["baustein", "fakt"]
    name: str
    file: Path
    line: int
    via: tuple[str, ...] = ()  # the blocks it was found in, outermost first

    def where(self) -> str:
        return f" (im Baustein „{self.via[-1]}“)" if self.via else ""


@dataclass
class Expansion:
    path: Path  # the document
    text: str = ""
    lines: list[int] = field(default_factory=list)  # for each line of text: its document line
    uses: list[Use] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    size: int = 0  # characters so far
    stopped: bool = False  # a limit was hit: nothing more is expanded


def expand(
    text: str, first_line: int, path: Path, knowledge: Knowledge, *, easy: bool
) -> Expansion:
    """Replace every directive in ``text`` (which starts on ``first_line`` of ``path``)."""
    out = Expansion(path)
    lines_out: list[str] = []
    _expand_into(text, first_line, path, knowledge, easy, (), None, lines_out, out)
    out.text = "\n".join(lines_out)
    return out


def _expand_into(
    text: str,
    first_line: int,
    path: Path,
    knowledge: Knowledge,
    easy: bool,
    stack: tuple[str, ...],
    outer_line: int | None,
    lines_out: list[str],
    out: Expansion,
) -> None:
    fence = ""
    for number, line in enumerate(text.split("\n"), start=first_line):
        if out.stopped:
            return
        here = outer_line if outer_line is not None else number
        stripped = line.lstrip()
        if stripped.startswith(("```", "~~~")):  # code shows directives as they are
            fence = "" if fence and stripped.startswith(fence) else (fence or stripped[:3])
        if fence or stripped.startswith(("```", "~~~")):
            lines_out.append(line)
            out.lines.append(here)
            continue
        block = BLOCK_LINE.match(line)
        if block:
            _include(block.group(1), number, path, knowledge, easy, stack, here, lines_out, out)
            continue
        lines_out.append(_facts_in(line, number, path, knowledge, easy, stack, here, out))
        out.lines.append(here)
        out.size += len(lines_out[-1]) + 1
        if out.size > MAX_EXPANDED:
            _stop(
                out,
                f"Mit den eingebundenen Bausteinen würde der Text länger als "
                f"{MAX_EXPANDED // 1_000_000} Millionen Zeichen{_chain(stack)}. Bitte einen "
                "Baustein nicht mehrfach in einen anderen einbinden.",
                here,
            )


def _include(
    name: str,
    number: int,
    path: Path,
    knowledge: Knowledge,
    easy: bool,
    stack: tuple[str, ...],
    here: int,
    lines_out: list[str],
    out: Expansion,
) -> None:
    found = knowledge.blocks.get(name)
    if found is None:
        out.problems.append(
            Problem(
                f"Unbekannter Baustein „{name}“.{knowledge.suggest('baustein', name)}",
                file=path,
                line=number,
                field="Text",
            )
        )
        return
    if name in stack:
        chain = " → ".join(f"„{n}“" for n in (*stack[stack.index(name) :], name))
        out.problems.append(
            Problem(
                f"Die Bausteine binden sich gegenseitig ein: {chain}. "
                "Bitte eine der Einbindungen entfernen.",
                file=path,
                line=number,
                field="Text",
            )
        )
        return
    if len(stack) >= MAX_NESTING:
        _stop(
            out,
            f"Die Bausteine sind mehr als {MAX_NESTING}-fach ineinander eingebunden"
            f"{_chain((*stack, name))}. Bitte weniger tief verschachteln.",
            here,
        )
        return
    out.uses.append(Use("baustein", name, out.path, here, stack))
    source = found.source
    _expand_into(
        source.body.strip("\n"),
        source.body_line,
        source.path,
        knowledge,
        easy,
        (*stack, name),
        here,
        lines_out,
        out,
    )


def _chain(stack: tuple[str, ...]) -> str:
    return f" (Kette: {' → '.join(f'„{n}“' for n in stack)})" if stack else ""


def _stop(out: Expansion, message: str, line: int) -> None:
    out.problems.append(Problem(message, file=out.path, line=line, field="Text"))
    out.stopped = True


def _facts_in(
    line: str,
    number: int,
    path: Path,
    knowledge: Knowledge,
    easy: bool,
    stack: tuple[str, ...],
    here: int,
    out: Expansion,
) -> str:
    def replace(match: re.Match[str]) -> str:
        kind, name, form = match.group(1), match.group(2), match.group(3) or ""
        if kind == "baustein":
            out.problems.append(
                Problem(
                    f"Der Baustein „{name}“ muss allein in einer Zeile stehen: [[baustein:{name}]]",
                    file=path,
                    line=number,
                    field="Text",
                )
            )
            return match.group(0)
        fact = knowledge.facts.get(name)
        if fact is None:
            out.problems.append(
                Problem(
                    f"Unbekannter Fakt „{name}“.{knowledge.suggest('fakt', name)}",
                    file=path,
                    line=number,
                    field="Text",
                )
            )
            return match.group(0)
        if form and (why := fact.form_problem(form)) is not None:
            out.problems.append(
                Problem(f"[[fakt:{name}:{form}]]: {why}", file=path, line=number, field="Text")
            )
            return match.group(0)
        out.uses.append(Use("fakt", name, out.path, here, stack))
        written = fact.render(easy, form)
        out.problems += _case_problems(
            line[: match.start()], written, line[match.end() :], name, fact, path, number
        )
        return written

    return DIRECTIVE.sub(replace, line)


def _case_problems(
    before: str, written: str, after: str, name: str, fact: Fact, path: Path, line: int
) -> list[Problem]:
    """A fact written in a case its words around do not allow: "Sind Sie 16 Jahren alt?"."""
    found = NUMBER_UNIT.fullmatch(written)
    if found is None:
        return []
    error = case_error(before, found.group(1), found.group(2), after)
    if error is None:
        return []
    if error.unit == fact.unit:
        fix = f"[[fakt:{name}]]"
    else:
        form = next((case for case, unit in fact.forms.items() if unit == error.unit), None)
        fix = (
            f"[[fakt:{name}:{form}]]"
            if form
            else f"beim Fakt in fakten.yaml „formen: {{{error.case}: {error.unit}}}“ eintragen "
            f"und [[fakt:{name}:{error.case}]]"
        )
    return [
        Problem(
            f"„{error.found}“: Hier heißt es „{error.right}“. Bitte {fix} schreiben.",
            file=path,
            line=line,
            field="Text",
            severity=Severity.ERROR if error.certain else Severity.WARNING,
        )
    ]
