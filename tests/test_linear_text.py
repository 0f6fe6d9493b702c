"""Linear text processing (#28, point 7): long words and long runs of markup cost time in
proportion to their length.

The address-break pattern took 4 s for a word of 40,000 letters, 61 s for 160,000 and
over 100 s for 500,000 (content files of 2 MB are allowed): at every letter it scanned
the rest of the word for an "@". Anchored, every run of letters is scanned once.

Timings on a shared computer vary several-fold, so the bounds are generous: a linear pass
over 500,000 characters takes milliseconds to a second here, a quadratic one minutes. The
one bound the issue names (a 500,000-letter word rendered in under 5 seconds) is kept; it
is about twenty times what the render takes today.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from kimdocs.build.run import build
from kimdocs.project import load_project

LENGTH = 500_000
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
        started = time.perf_counter()
        apply(text)
        took = time.perf_counter() - started
        assert took < 5, f"{name} brauchte {took:.1f} s für {run}"


def test_a_500000_letter_word_renders_in_under_5_seconds(
    basic: Path, write_agreement: Callable[..., Path]
) -> None:
    word = "Donaudampfschifffahrt" * (LENGTH // 21 + 1)
    source = write_agreement("T-0002", {"Text.": word[:LENGTH]})
    project = load_project(basic)
    started = time.perf_counter()
    report = build(project, [source], formats=["html"], jobs=1)
    took = time.perf_counter() - started
    assert [r.ok for r in report] == [True], [p.message for r in report for p in r.problems]
    assert took < 5, f"{took:.1f} s"
    html = (basic / "output" / "vereinbarungen" / "T-0002.html").read_text(encoding="utf-8")
    assert word[:LENGTH] in html
