"""What each output format costs per document, and what starting the worker pool costs:
the figures behind the build's decision to render in this process or in workers
(``kimdocs.formats.COSTS``, ``POOL_START``), measured beside the values the registry holds.

    python benchmarks/format_costs.py

Measured in one warm process on copies of the sample project: each format of its sample
documents rendered several times (median), and the pool's start as the time one small
document takes through the pool minus the time it takes here.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

# A document of each kind that has the formats (the sample project's own files).
SAMPLES = {
    "pdf": "content/vereinbarungen/ahlen/KIM-AH-2026-0007.md",
    "docx": "content/vereinbarungen/ahlen/KIM-AH-2026-0007.md",
    "html": "content/vereinbarungen/ahlen/KIM-AH-2026-0007.md",
    "txt": "content/presse/2026-09-ausbildung.md",
    "json": "content/presse/2026-09-ausbildung.md",
    "png": "content/flyer/einbuergerung.md",
    "xlsx": "content/berichte/2026-ausschuss-kim.md",
    "csv": "content/berichte/2026-ausschuss-kim.md",
}


def main() -> None:
    from kimdocs import formats as registry
    from kimdocs.build.manifest import Manifest
    from kimdocs.build.prepare import make_context, plan, read
    from kimdocs.build.render import render_prepared
    from kimdocs.build.workers import render_many
    from kimdocs.catalog import walked
    from kimdocs.project import load_project
    from kimdocs.templating.environment import html_environment
    from tests.conftest import copy_sample_project

    load = os.getloadavg()[0]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        root = copy_sample_project(Path(tmp) / "p")
        project = load_project(root)
        env = html_environment(project)
        for fmt, rel in SAMPLES.items():
            with walked(project):
                reading = read(project, [root / rel])
                [prepared] = plan(reading, project, Manifest.load(project), [fmt], True)
                make_context(prepared, project)
            prepared.translations = []  # one language: the cost of one document
            if fmt == "png":  # the pictures of a PDF made anyway: the PDF is given
                render_prepared(prepared, project, env)  # warm
                pdf_plan = plan(reading, project, Manifest.load(project), ["pdf"], True)[0]
                make_context(pdf_plan, project)
                pdf_plan.translations = []
                pdf = render_prepared(pdf_plan, project, env)["pdf"]
                target = next(path for path in pdf if path.suffix == ".pdf")
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(pdf[target])
                prepared.reuse = {"pdf": target}
            render_prepared(prepared, project, env)  # warm: imports, fonts, templates
            times = []
            for _ in range(5):
                start = time.perf_counter()
                render_prepared(prepared, project, env)
                times.append(time.perf_counter() - start)
            rows.append((fmt, statistics.median(times), registry.get(fmt).cost))
        # The pool's start: one small document through the pool, less the same here.
        with walked(project):
            reading = read(project, [root / SAMPLES["txt"]])
            [small] = plan(reading, project, Manifest.load(project), ["txt"], True)
            make_context(small, project)
        pool_listed = registry.POOL_START
        registry.POOL_START = 0.0  # the pool, whatever the work
        starts = []
        for _ in range(3):
            begin = time.perf_counter()
            render_prepared(small, project, env)
            here = time.perf_counter() - begin
            begin = time.perf_counter()
            list(render_many(root, [small, small], 2))
            starts.append(time.perf_counter() - begin - here)
    print(f"Last (1 min): {load:.2f}")
    print(f"{'Format':8} {'gemessen (s)':>13} {'im Register (s)':>16} {'Verhältnis':>11}")
    for fmt, measured, listed in rows:
        print(f"{fmt:8} {measured:13.3f} {listed:16.3f} {measured / listed:11.2f}")
    pool = statistics.median(starts)
    print(f"{'Pool':8} {pool:13.3f} {pool_listed:16.3f} {pool / pool_listed:11.2f}")


if __name__ == "__main__":
    main()
