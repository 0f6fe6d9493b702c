"""Linear text processing (#28, point 7): long words and long runs of markup cost time in
proportion to their length.

The address-break pattern took 4 s for a word of 40,000 letters, 61 s for 160,000 and
over 100 s for 500,000 (content files of 2 MB are allowed): at every letter it scanned
the rest of the word for an "@". Anchored, every run of letters is scanned once.

The tests hold no timing bound: a linear pass over 500,000 characters takes milliseconds
to a second, a quadratic one minutes, so a pass that is not done within a minute counts as
hanging (the guard below). The times and their growth, and the issue's target (a
500,000-letter word rendered in under 5 seconds), are printed by
``benchmarks/linear_text.py``.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from kimdocs.build.run import build
from kimdocs.project import load_project

LENGTH = 500_000
HANG = 60.0  # seconds: far beyond a linear pass, far below a quadratic one


def _finishes(run: Callable[[], object], what: str) -> object:
    """``run()`` in a thread; one that has not returned within :data:`HANG` hangs."""
    done: list[object] = []
    thread = threading.Thread(target=lambda: done.append(run()), daemon=True)
    thread.start()
    thread.join(HANG)
    assert done, f"{what} hängt (nach {HANG:.0f} s nicht fertig)"
    return done[0]


# Runs that each pattern could scan again and again: letters, address characters,
# openings of links, pictures, autolinks and template tags, digits.
RUNS = {
    "Buchstaben": "a" * LENGTH,
    "Unterstriche": "_" * LENGTH,
    "Punkte": "a." * (LENGTH // 2),
    "Bindestriche": "a-" * (LENGTH // 2),
    "at": "a@" * (LENGTH // 2),
    "Adresse mit Schwanz": "a@b.c" + "-" * LENGTH,
    "www": "www." * (LENGTH // 4),
    "Ziffern": "1" * LENGTH + "!",
    "Ziffern mit Komma": "1," * (LENGTH // 2),
    "Klammern": "[" * LENGTH,
    "Bilder": "![" * (LENGTH // 2),
    "Links ohne Ende": "[a](" * (LENGTH // 4),
    "Autolinks": "<http:" * (LENGTH // 6),
    "Platzhalter": "{{" * (LENGTH // 2) + "}}",
    "Anweisungen": "{%" * (LENGTH // 2),
    "Hervorhebung": "*a" * (LENGTH // 2),
}


def _patterns() -> dict[str, Callable[[str], object]]:
    """Every pass over document (and template) text that a long word could make slow."""
    from kimdocs.checking import templates
    from kimdocs.easy_language import rules, text
    from kimdocs.render import breaks, docx_pages
    from kimdocs.text import identifiers

    def every(pattern: re.Pattern[str]) -> Callable[[str], object]:
        return lambda s: sum(1 for _ in pattern.finditer(s))

    return {
        "render.breaks.address_breaks": breaks.address_breaks,
        "render.docx_pages.breakable_addresses": docx_pages.breakable_addresses,
        "easy_language.text.WORD": every(text.WORD),
        "easy_language.text.plain": text.plain,
        "easy_language.rules._PERCENT": every(rules._PERCENT),
        "checking.templates._tag_spans": templates._tag_spans,
        "text.identifiers.names_person": lambda s: identifiers.names_person(s, len(s), "Ab"),
    }


@pytest.mark.parametrize("run", sorted(RUNS))
def test_every_text_pattern_is_linear(run: str) -> None:
    text = RUNS[run]
    for name, apply in _patterns().items():
        _finishes(lambda apply=apply: apply(text), f"{name} für {run}")  # type: ignore[misc]


def test_a_500000_letter_word_renders(basic: Path, write_agreement: Callable[..., Path]) -> None:
    word = "Donaudampfschifffahrt" * (LENGTH // 21 + 1)
    source = write_agreement("T-0002", {"Text.": word[:LENGTH]})
    project = load_project(basic)
    report = _finishes(lambda: build(project, [source], formats=["html"], jobs=1), "Der Build")
    assert [r.ok for r in report] == [True], [p.message for r in report for p in r.problems]  # type: ignore[attr-defined]
    html = (basic / "output" / "vereinbarungen" / "T-0002.html").read_text(encoding="utf-8")
    assert word[:LENGTH] in html
