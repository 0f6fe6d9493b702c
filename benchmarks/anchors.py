"""kimdocs against two anchors, in one run: pandoc (DOCX, and PDF through WeasyPrint) and
Typst (the same agreement laid out from the same front matter, ``typst/agreement.typ``).

    python benchmarks/anchors.py            # 1, 30 and 300 agreements
    python benchmarks/anchors.py --klein    # 1, 10 and 30

Each size is a project of copies of the sample agreement KIM-AH-2026-0007 (new case ids).
kimdocs builds PDF and DOCX (``build --force``, a fresh process, as a user runs it); pandoc
converts each file twice (one process per file and format, as people use it); Typst lays
out every agreement in one process (the ``typst`` package from PyPI, installed by
``make benchmark`` only). Then the no-op rebuild as a share of the full build. Only the
ratios mean something: the machine is shared.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
TEMPLATE = Path(__file__).resolve().parent / "typst" / "agreement.typ"
AGREEMENT = "content/vereinbarungen/ahlen/KIM-AH-2026-0007.md"


def project_of(folder: Path, count: int) -> list[Path]:
    """A project with ``count`` agreements and nothing else in content/."""
    sys.path.insert(0, str(REPO))
    from tests.conftest import copy_sample_project

    root = copy_sample_project(folder)
    text = (root / AGREEMENT).read_text(encoding="utf-8")
    shutil.rmtree(root / "content")
    target = root / "content" / "vereinbarungen" / "ahlen"
    target.mkdir(parents=True)
    files = []
    for n in range(count):
        case_id = f"KIM-AH-2026-{1000 + n:04d}"
        path = target / f"{case_id}.md"
        path.write_text(text.replace("KIM-AH-2026-0007", case_id), encoding="utf-8")
        files.append(path)
    return files


def timed(command: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=False, capture_output=True)
    return time.perf_counter() - start


def kimdocs_seconds(root: Path) -> tuple[float, float]:
    """A full build of PDF and DOCX, then one with nothing to do."""
    kimdocs = [sys.executable, "-m", "kimdocs", "build", "-q", "-f", "pdf,docx"]
    full = timed([*kimdocs, "--force"], root)
    noop = timed(kimdocs, root)
    return full, noop


def pandoc_seconds(files: list[Path], out: Path) -> float:
    pandoc = shutil.which("pandoc")
    if pandoc is None:
        return float("nan")
    out.mkdir()
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    start = time.perf_counter()
    for path in files:
        for suffix, extra in (("docx", []), ("pdf", ["--pdf-engine=weasyprint"])):
            subprocess.run(
                [pandoc, str(path), *extra, "-o", str(out / f"{path.stem}.{suffix}")],
                env=env,
                check=False,
                capture_output=True,
            )
    return time.perf_counter() - start


def typst_seconds(files: list[Path]) -> float:
    try:
        import typst
    except ImportError:
        return float("nan")
    start = time.perf_counter()
    for path in files:
        typst.compile(
            str(TEMPLATE),
            root=str(TEMPLATE.parent),
            sys_inputs={"data": json.dumps(_data(path), default=str)},
        )
    return time.perf_counter() - start


def _data(path: Path) -> dict[str, Any]:
    """The front matter as the Typst template reads it, and the body's sections."""
    text = path.read_text(encoding="utf-8")
    _, front, body = text.split("---\n", 2)
    meta = yaml.safe_load(front)
    sections = []
    for part in body.split("\n## ")[1:]:
        title, _, rest = part.partition("\n")
        sections.append({"titel": title.strip(), "text": rest.strip()})
    return {
        "organisation": "Kreis Warendorf (Beispielprojekt)",
        "typ": meta["typ"],
        "fall_id": meta["fall_id"],
        "datum": str(meta["datum"]),
        "version": meta["version"],
        "phase": meta["phase"],
        "ueberpruefung": str(meta["überprüfung"]),
        "klient": meta["klient"],
        "fallmanagement": meta["fallmanagement"],
        "informiert_am": str(meta["datenschutz"]["informiert_am"]),
        "abschnitte": sections,
        "ziele": [
            {
                "ziel": z["ziel"],
                "handlungsfeld": z["handlungsfeld"],
                "indikator": z["indikator"],
                "prioritaet": z["priorität"],
                "frist": str(z["frist"]),
                "schritte": [
                    {"was": s["was"], "wer": s["wer"], "bis": str(s["bis"]), "status": s["status"]}
                    for s in z["schritte"]
                ],
            }
            for z in meta["ziele"]
        ],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--klein", action="store_true", help="1, 10 und 30 statt 1, 30, 300")
    args = parser.parse_args()
    sizes = (1, 10, 30) if args.klein else (1, 30, 300)
    load = os.getloadavg()[0]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            files = project_of(Path(tmp) / f"p{size}", size)
            root = Path(tmp) / f"p{size}"
            ours, noop = kimdocs_seconds(root)
            pandoc = pandoc_seconds(files, Path(tmp) / f"pandoc{size}")
            typst = typst_seconds(files)
            rows.append((size, ours, pandoc, typst, noop))
    print(f"Last (1 min): {load:.2f}")
    print(
        f"{'Vereinbarungen':>14} {'kimdocs s/Dok':>14} {'pandoc s/Dok':>13} {'Typst s/Dok':>12}"
        f" {'kimdocs/pandoc':>15} {'kimdocs/Typst':>14} {'ohne Änderung':>14}"
    )
    for size, ours, pandoc, typst, noop in rows:
        print(
            f"{size:14d} {ours / size:14.3f} {pandoc / size:13.3f} {typst / size:12.3f}"
            f" {ours / pandoc:15.2f} {ours / typst:14.1f} {noop / ours:13.1%}"
        )


if __name__ == "__main__":
    main()
