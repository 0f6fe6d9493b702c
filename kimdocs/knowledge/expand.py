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

from kimdocs.errors import Problem
from kimdocs.knowledge.base import Knowledge

BLOCK_LINE = re.compile(r"^\s*\[\[\s*baustein\s*:\s*([^\]\s]*)\s*\]\]\s*$")
DIRECTIVE = re.compile(r"\[\[\s*(baustein|fakt)\s*:\s*([^\]\s]*)\s*\]\]")
TEMPLATE_CALL = re.compile(r"\b(fakt|baustein)\(\s*[\"']([^\"']+)[\"']\s*\)")


def template_uses(text: str) -> list[tuple[str, str]]:
    """Facts and blocks a template names: ``fakt("x")``, ``baustein('y')``."""
    return [(kind, name) for kind, name in TEMPLATE_CALL.findall(text)]


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
        kind, name = match.group(1), match.group(2)
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
        out.uses.append(Use("fakt", name, out.path, here, stack))
        return fact.render(easy)

    return DIRECTIVE.sub(replace, line)
