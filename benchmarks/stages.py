"""Where the time of a one-document build goes, stage by stage, in a fresh process.

    python benchmarks/stages.py [DATEI]   # default: the sample agreement KIM-AH-2026-0007

Stages: imports (kimdocs, then WeasyPrint), the read phase (read and check the document,
its case's consents), its context, the HTML of the print page, WeasyPrint's layout, the
PDF written, the archive pass (PDF/UA additions), the DOCX, and the manifest. The same
stages run a second time in the same process ("warm"), as in the preview and the forms,
where nothing is imported again. The whole build (``kimdocs build --force``) in a fresh
process is printed beside them, as the baseline the stages add up to.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
AGREEMENT = "content/vereinbarungen/ahlen/KIM-AH-2026-0007.md"

STAGES = r"""
import sys, time
from pathlib import Path
t = time.perf_counter
marks = []
def mark(name, start):
    marks.append((name, t() - start))
start = t()
from kimdocs.build.manifest import Manifest
from kimdocs.build.prepare import make_context, plan, read
from kimdocs.catalog import walked
from kimdocs.project import load_project
from kimdocs.render.job import Job
from kimdocs.templating.environment import html_environment
mark("Import kimdocs", start)
start = t()
import weasyprint, pikepdf, docxtpl  # noqa
mark("Import WeasyPrint, pikepdf, docxtpl", start)
root, source = Path(sys.argv[1]), Path(sys.argv[2])
for round in ("kalt", "warm"):
    prefix = "" if round == "kalt" else "warm: "
    start = t()
    project = load_project(root)
    env = html_environment(project)
    with walked(project):
        reading = read(project, [source])
        mark(prefix + "Lesen und Prüfen", start)
        start = t()
        manifest = Manifest.load(project)
        [prepared] = plan(reading, project, manifest, ["pdf", "docx"], True)
        make_context(prepared, project)
        mark(prefix + "Planen und Vorlagendaten", start)
    doc = prepared.doc
    start = t()
    job = Job(doc, project, env, prepared.reuse, prepared.context)
    page = job.print_page()
    mark(prefix + "HTML der Druckseite", start)
    from kimdocs.render.pdf import _html, _srgb, OUTPUT_INTENT
    start = t()
    document = _html(page, doc.source.path.parent, project.root).render(
        color_profiles=_srgb(), pdf_variant=project.config.archive, output_intent=OUTPUT_INTENT
    )
    mark(prefix + "Satz (WeasyPrint)", start)
    start = t()
    pdf = document.write_pdf(pdf_variant=project.config.archive, output_intent=OUTPUT_INTENT)
    mark(prefix + "PDF schreiben", start)
    from kimdocs.render.archive import make_archival
    start = t()
    make_archival(pdf)
    mark(prefix + "Archivdurchgang (PDF/UA)", start)
    from kimdocs.render.docx import render_docx
    start = t()
    render_docx(doc, project, job.context)
    mark(prefix + "DOCX", start)
    start = t()
    manifest.save()
    mark(prefix + "Manifest", start)
for name, seconds in marks:
    print(f"{name}\t{seconds}")
"""


def main() -> None:
    sys.path.insert(0, str(REPO))
    from tests.conftest import copy_sample_project

    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        root = copy_sample_project(Path(tmp) / "p")
        source = root / (sys.argv[1] if len(sys.argv) > 1 else AGREEMENT)
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        whole = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "kimdocs",
                "build",
                "--force",
                "-q",
                "-f",
                "pdf,docx",
                str(source),
            ],
            cwd=root,
            env=env,
            capture_output=True,
            check=False,
        )
        whole = time.perf_counter() - whole
        done = subprocess.run(
            [sys.executable, "-c", STAGES, str(root), str(source)],
            cwd=root,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
    rows = [line.split("\t") for line in done.stdout.strip().splitlines()]
    print(f"Last (1 min): {load:.2f} · {source.name}")
    print(f"{'Stufe':42} {'Sekunden':>9}")
    cold = 0.0
    for name, seconds in rows:
        print(f"{name:42} {float(seconds):9.3f}")
        if not name.startswith("warm"):
            cold += float(seconds)
    print(f"{'Summe der Stufen (kalt)':42} {cold:9.3f}")
    print(f"{'kimdocs build --force (frischer Prozess)':42} {whole:9.3f}")


if __name__ == "__main__":
    main()
