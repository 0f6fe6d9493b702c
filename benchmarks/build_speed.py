"""Build speed and memory of kimdocs, compared in the same run against a named baseline.

Baseline "ein-prozess-je-dokument": one ``kimdocs build FILE`` process per
document, the way a script calling a converter per file (e.g. pandoc with
WeasyPrint) works: every call pays the start-up and font loading again.
Candidate "ein-build": one ``kimdocs build`` over all documents.

Machines here are shared and noisy: only the ratio is meaningful. Run with
``make benchmark``; prints figures, asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
KIMDOCS = [sys.executable, "-m", "kimdocs"]


def make_project(folder: Path, copies: int) -> list[Path]:
    shutil.copytree(
        REPO,
        folder,
        ignore=shutil.ignore_patterns(
            ".git", ".venv", "output", "tests", "benchmarks", "*.egg-info", ".*cache"
        ),
    )
    samples = sorted((folder / "content" / "vereinbarungen").rglob("*.md"))
    files = list(samples)
    for n in range(1, copies):
        for sample in samples:
            text = sample.read_text(encoding="utf-8")
            case_id = sample.stem
            copy = sample.with_name(f"{case_id}-K{n}.md")
            copy.write_text(
                text.replace(f"fall_id: {case_id}", f"fall_id: {case_id}-K{n}"), encoding="utf-8"
            )
            files.append(copy)
    return files


def run(args: list[str], cwd: Path) -> tuple[float, float]:
    """Seconds and peak memory (MiB) of one child process."""
    start = time.perf_counter()
    proc = subprocess.Popen(args, cwd=cwd, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise SystemExit(f"{' '.join(args)} ist fehlgeschlagen")
    return time.perf_counter() - start, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--kopien",
        type=int,
        default=3,
        help="Wie oft jedes Beispiel vervielfältigt wird (Standard: 3).",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "projekt"
        files = make_project(root, args.kopien)
        n = len(files)
        env_note = f"{os.cpu_count()} Kerne, Python {sys.version.split()[0]}"
        print(f"Benchmark: {n} Vereinbarungen, PDF und DOCX ({env_note})")

        runs = [run([*KIMDOCS, "build", str(f)], root) for f in files]
        baseline = sum(seconds for seconds, _ in runs)
        baseline_rss = max(rss for _, rss in runs)
        shutil.rmtree(root / "output", ignore_errors=True)
        candidate, candidate_rss = run([*KIMDOCS, "build"], root)

        print(f"{'Variante':26} {'Sekunden':>9} {'je Dokument':>12} {'Speicher MiB':>13}")
        print(
            f"{'ein-prozess-je-dokument':26} {baseline:9.2f} {baseline / n:12.3f} "
            f"{baseline_rss:13.0f}"
        )
        print(f"{'ein-build':26} {candidate:9.2f} {candidate / n:12.3f} {candidate_rss:13.0f}")
        print(f"Zeit ein-build / Basislinie: {candidate / baseline:.2f} (kleiner ist besser)")
        print(f"Speicher ein-build / Basislinie: {candidate_rss / baseline_rss:.2f}")


if __name__ == "__main__":
    main()
