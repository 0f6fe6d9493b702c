"""Long words and long runs of markup cost time in proportion to their length (#28, point 7).

    python benchmarks/linear_text.py

For every pass over document text that a long word could make slow (the tests' list,
``tests/test_linear_text.py``), the time for a run of 125,000 and of 500,000 characters,
and their ratio: about 4 for a linear pass, 16 for a quadratic one. The baseline, measured
in the same run, is one plain regular-expression scan of the same text. Then the render of
an agreement whose text is one word of 500,000 letters, beside the same agreement with an
ordinary text (the issue's target: under 5 seconds).
"""

from __future__ import annotations

import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.test_linear_text import LENGTH, RUNS, _patterns  # noqa: E402


def seconds(apply: object, text: str) -> float:
    started = time.perf_counter()
    apply(text)  # type: ignore[operator]
    return time.perf_counter() - started


def patterns() -> None:
    baseline = re.compile(r"\w+")

    def plain(text: str) -> int:
        return sum(1 for _ in baseline.finditer(text))

    print(f"{'Durchlauf':45} {'Lauf':22} {'1/4 (s)':>8} {'ganz (s)':>9} {'Faktor':>7}")
    for run, text in sorted(RUNS.items()):
        quarter = text[: len(text) // 4]
        for name, apply in {"Grundlinie: ein einfacher Scan": plain, **_patterns()}.items():
            small, whole = seconds(apply, quarter), seconds(apply, text)
            ratio = whole / small if small > 0 else float("nan")
            print(f"{name:45} {run:22} {small:8.3f} {whole:9.3f} {ratio:7.1f}")


def render() -> None:
    from kimdocs.build.run import build
    from kimdocs.project import load_project

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "basic"
        shutil.copytree(REPO / "tests" / "projects" / "basic", root)
        source = next((root / "content" / "vereinbarungen").glob("*.md"))
        text = source.read_text(encoding="utf-8")
        word = ("Donaudampfschifffahrt" * (LENGTH // 21 + 1))[:LENGTH]
        times = {}
        for label, body in (("gewöhnlicher Text", "Ein Satz."), ("ein Wort, 500.000", word)):
            source.write_text(text + "\n\n" + body + "\n", encoding="utf-8")
            project = load_project(root)
            started = time.perf_counter()
            build(project, [source], formats=["html"], jobs=1, force=True)
            times[label] = time.perf_counter() - started
        base = times["gewöhnlicher Text"]
        for label, took in times.items():
            print(f"HTML einer Vereinbarung, {label:20} {took:6.2f} s  ({took / base:5.1f} ×)")


if __name__ == "__main__":
    patterns()
    render()
