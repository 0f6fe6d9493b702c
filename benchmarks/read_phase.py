"""The one read phase, before and after, measured side by side in the same run.

    python benchmarks/read_phase.py                 # against the build before the read phase
    python benchmarks/read_phase.py --vorher REF    # against any other commit

The earlier code is taken from git (``git archive``) into a temporary folder and run with
this environment's Python and libraries (``PYTHONPATH`` puts it first), so both versions
run on the same machine, on copies of the same sample project, one after the other. The
figures: a build with nothing to do, and a preview rebuild with nothing changed; each is
the median of several runs.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# The last commit whose build loaded documents in several places (main process, workers,
# preview page): the "before" of the read phase.
BEFORE = "45a8c70"

BUILD = "from kimdocs.cli import main; main(['build', '-q'], standalone_mode=False)"
PREVIEW = """
import sys, time
from pathlib import Path
from kimdocs.preview.model import Preview
preview = Preview(Path(sys.argv[1]))
preview.rebuild()
times = []
for _ in range(int(sys.argv[2])):
    start = time.perf_counter()
    preview.rebuild()
    times.append(time.perf_counter() - start)
print(sorted(times)[len(times) // 2])
"""


def checkout(ref: str, folder: Path) -> Path:
    """The package as it was at ``ref`` (the code only: the sample is today's)."""
    archive = folder / "code.tar"
    subprocess.run(
        ["git", "archive", "--format=tar", "-o", str(archive), ref, "kimdocs"],
        cwd=REPO,
        check=True,
    )
    with tarfile.open(archive) as tar:
        tar.extractall(folder, filter="data")
    return folder


def sample(folder: Path) -> Path:
    from tests.conftest import copy_sample_project  # the tests' copy of the sample

    return copy_sample_project(folder)


def run(code_root: Path | None, args: list[str], cwd: Path) -> str:
    env = dict(os.environ)
    if code_root is not None:
        env["PYTHONPATH"] = str(code_root)
    done = subprocess.run(
        [sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
    if done.returncode not in (0, 1):  # 1: documents with warnings count as a finished build
        raise SystemExit(done.stderr[-2000:])
    return done.stdout


def noop_build(code_root: Path | None, project: Path, repeats: int) -> float:
    run(code_root, ["-c", BUILD], project)  # the full build, not measured
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run(code_root, ["-c", BUILD], project)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def preview_rebuild(code_root: Path | None, project: Path, repeats: int) -> float:
    return float(run(code_root, ["-c", PREVIEW, str(project), str(repeats)], project).strip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--vorher", default=BEFORE, help="Commit, mit dem verglichen wird")
    parser.add_argument("--wiederholungen", type=int, default=5)
    args = parser.parse_args()
    sys.path.insert(0, str(REPO))
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        old = checkout(args.vorher, folder / "vorher")
        figures = []
        for label, measure in (
            ("Build ohne Änderung (s)", noop_build),
            ("Vorschau neu bauen ohne Änderung (s)", preview_rebuild),
        ):
            before = measure(old, sample(folder / f"a-{len(figures)}"), args.wiederholungen)
            after = measure(None, sample(folder / f"b-{len(figures)}"), args.wiederholungen)
            figures.append((label, before, after))
            shutil.rmtree(folder / f"a-{len(figures) - 1}", ignore_errors=True)
    print(f"Last (1 min): {load:.2f} · vorher: {args.vorher} · nachher: Arbeitskopie")
    print(f"{'Messung':40} {'vorher':>9} {'nachher':>9} {'nachher/vorher':>15}")
    for label, before, after in figures:
        print(f"{label:40} {before:9.3f} {after:9.3f} {after / before:15.2f}")


if __name__ == "__main__":
    main()
