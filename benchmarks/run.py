"""kimdocs benchmark: every figure beside its baseline, measured in the same run.

Machines here are shared and noisy, so each goal is a ratio against a baseline
measured a moment earlier on the same machine, never an absolute time.

    python benchmarks/run.py            # full sizes (several minutes)
    python benchmarks/run.py --klein    # small sizes, for a quick look
    python benchmarks/run.py --bericht  # only the controlling report against ``check``

The pandoc comparison renders press releases of the sample project, as the build
issue asks; pandoc gets each Markdown file as it is.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import formulare  # beside this file
import vorschau  # beside this file

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
KIMDOCS = [str(BIN / "kimdocs")]


@dataclass
class Row:
    name: str
    ours: float
    baseline: float
    unit: str
    goal: str
    met: bool

    @property
    def ratio(self) -> float:
        return self.ours / self.baseline if self.baseline else float("inf")


def copy_sample(folder: Path) -> Path:
    """The sample project as it is, without code, tests and outputs."""
    shutil.copytree(
        REPO,
        folder,
        ignore=shutil.ignore_patterns(
            ".git",
            ".venv",
            "output",
            "tests",
            "benchmarks",
            "kimdocs",
            "tools",
            "*.egg-info",
            ".*cache",
        ),
    )
    return folder


def make_project(folder: Path, documents: int) -> list[Path]:
    """A copy of the sample project with ``documents`` sources of all kinds."""
    copy_sample(folder)
    # Text blocks and READMEs are not documents; they stay as they are.
    samples = sorted(
        p
        for p in (folder / "content").rglob("*.md")
        if "bausteine" not in p.parts and p.name != "README.md"
    )
    texts = {p: p.read_text(encoding="utf-8") for p in samples}
    for p in samples:
        p.unlink()
    made: list[Path] = []
    n = 0
    while len(made) < documents:
        for sample, text in texts.items():
            if len(made) == documents:
                break
            copy = sample.with_name(f"{sample.stem}-K{n}.md")
            copy.write_text(_unique(text, n), encoding="utf-8")
            made.append(copy)
        n += 1
    return made


def _unique(text: str, n: int) -> str:
    """Copy number ``n`` of a sample: another case id, another reconstruction number (an
    anonymous reconstruction has no case id), or another title for press and flyers."""
    key = next((k for k in ("fall_id:", "rekonstruktion_id:") if f"\n{k}" in text), "titel:")
    lines = text.split("\n")
    first = next(i for i, ln in enumerate(lines) if ln.startswith(key))
    if key == "rekonstruktion_id:":  # REK-2026-001 → REK-2026-1000 + n
        lines[first] = re.sub(r"\d+\s*$", str(1000 + n), lines[first])
    else:
        lines[first] += f"-K{n}" if key == "fall_id:" else f" (Kopie {n})"
    return "\n".join(lines)


def timed(args: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(args, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return time.perf_counter() - start


def tree_rss_mib(pid: int) -> float:
    """Resident memory of a process and all its descendants, from /proc."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += int(
                next(ln.split()[1] for ln in status.splitlines() if ln.startswith("VmRSS:"))
            )
            for task in Path(f"/proc/{current}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, StopIteration, ValueError):
            continue
    return total / 1024


def peak_memory(args: list[str], cwd: Path) -> tuple[float, float]:
    """Seconds and the peak memory (MiB) of the whole process tree."""
    start = time.perf_counter()
    proc = subprocess.Popen(args, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0.0

    def sample() -> None:
        nonlocal peak
        while proc.poll() is None:
            peak = max(peak, tree_rss_mib(proc.pid))
            time.sleep(0.1)

    sampler = threading.Thread(target=sample)
    sampler.start()
    proc.wait()
    sampler.join()
    if proc.returncode:
        raise SystemExit(f"{' '.join(args)} fehlgeschlagen")
    return time.perf_counter() - start, peak


def median_of(runs: int, func: Callable[[], float]) -> float:
    return statistics.median(func() for _ in range(runs))


def ensure_pandoc() -> str | None:
    found = shutil.which("pandoc")
    if found is None and shutil.which("apt-get") and os.geteuid() == 0:
        print("pandoc fehlt – wird installiert …", flush=True)
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", "pandoc"],
            check=False,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        found = shutil.which("pandoc")
    return found


def incremental(rows: list[Row], tmp: Path, documents: int) -> None:
    root = tmp / "inkrementell"
    files = make_project(root, documents)
    print(f"Vollständiger Build von {documents} Dokumenten …", flush=True)
    full = timed([*KIMDOCS, "build"], root)
    noop = timed([*KIMDOCS, "build"], root)
    rows.append(
        Row(
            f"Build ohne Änderung ({documents} Dok.)",
            noop,
            full,
            "s",
            "< 5 % des vollen Builds",
            noop < 0.05 * full,
        )
    )
    files[0].write_text(files[0].read_text(encoding="utf-8") + "\nNachtrag.\n", encoding="utf-8")
    start = time.perf_counter()
    summary = (
        subprocess.run([*KIMDOCS, "build"], cwd=root, check=True, capture_output=True, text=True)
        .stdout.strip()
        .splitlines()[-1]
    )
    one = time.perf_counter() - start
    rows.append(
        Row(
            "Build nach Änderung einer Datei",
            one,
            full,
            "s",
            "rendert nur diese eine",
            summary.startswith("Dokumente: 1 erzeugt, "),
        )
    )


def against_pandoc(rows: list[Row], tmp: Path, documents: int, pandoc: str | None) -> None:
    if pandoc is None:
        print("pandoc nicht verfügbar: Vergleich übersprungen.")
        return
    root = tmp / "pandoc"
    made = make_project(root, documents * 5)
    files = [p for p in made if "presse" in p.parts][:documents]
    for other in set(made) - set(files):
        other.unlink()
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
    out = tmp / "pandoc-out"
    out.mkdir()

    def pandoc_all(suffix: str, extra: list[str]) -> float:
        start = time.perf_counter()
        for f in files:
            subprocess.run(
                [pandoc, str(f), *extra, "-o", str(out / f"{f.stem}.{suffix}")],
                check=True,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        return time.perf_counter() - start

    print(f"pandoc: {documents} Pressemitteilungen als DOCX und PDF …", flush=True)
    base_docx = pandoc_all("docx", [])
    ours_docx = timed([*KIMDOCS, "build", "--force", "-f", "docx"], root)
    rows.append(
        Row(
            f"DOCX, {documents} Pressemitteilungen",
            ours_docx,
            base_docx,
            "s",
            "mindestens so schnell wie pandoc (Ziel: doppelt)",
            ours_docx <= base_docx,
        )
    )
    base_pdf = pandoc_all("pdf", ["--pdf-engine=weasyprint"])
    ours_pdf = timed([*KIMDOCS, "build", "--force", "-f", "pdf"], root)
    rows.append(
        Row(
            f"PDF, {documents} Pressemitteilungen",
            ours_pdf,
            base_pdf,
            "s",
            "mindestens 5-mal schneller als pandoc",
            ours_pdf * 5 <= base_pdf,
        )
    )


def against_weasyprint(rows: list[Row], repeats: int) -> None:
    """kimdocs' PDF step against plain WeasyPrint on the same HTML, warm, in this process."""
    from weasyprint import HTML

    from kimdocs.kinds import load_document
    from kimdocs.project import load_project
    from kimdocs.render.context import base_context
    from kimdocs.render.pdf import render_pdf
    from kimdocs.templating.environment import html_environment, render_template

    project = load_project(REPO)
    source = REPO / "content" / "vereinbarungen" / "suedkreis" / "KIM-SK-2026-0031.md"
    doc = load_document(source, project)
    html = render_template(html_environment(project), "agreement.html", base_context(doc, project))

    def ours() -> float:
        start = time.perf_counter()
        render_pdf(html, base_dir=source.parent, root=REPO, source=source)
        return time.perf_counter() - start

    def raw() -> float:
        start = time.perf_counter()
        HTML(string=html, base_url=source.parent.as_uri() + "/").write_pdf(pdf_variant="pdf/ua-1")
        return time.perf_counter() - start

    ours(), raw()  # warm up fonts and caches
    # Alternate the two, so that a change in the machine's load hits both alike.
    pairs = [(raw(), ours()) for _ in range(repeats)]
    raw_time = statistics.median(r for r, _ in pairs)
    ours_time = statistics.median(o for _, o in pairs)
    rows.append(
        Row(
            "PDF eines Dokuments, warm",
            ours_time,
            raw_time,
            "s",
            "< 15 % Aufschlag auf WeasyPrint (PDF/UA)",
            ours_time <= raw_time * 1.15,
        )
    )


def table_growth(rows: list[Row], tmp: Path, repeats: int) -> None:
    """DOCX of a press release with a 20-column Markdown table: 500 rows against 50.

    Ten times the rows should take about ten times as long; a quadratic step shows as a
    ratio near a hundred.
    """
    from kimdocs.kinds import load_document
    from kimdocs.project import load_project
    from kimdocs.render.context import base_context
    from kimdocs.render.docx import render_docx

    project = load_project(REPO)
    sample = REPO / "content" / "presse" / "2026-09-ausbildung.md"
    columns = 20
    head = "| " + " | ".join(f"Spalte {c}" for c in range(columns)) + " |\n"
    head += "|" + "---|" * columns + "\n"

    def document(lines: int) -> Path:
        body = "".join(
            "| " + " | ".join(f"Wert {r}.{c}" for c in range(columns)) + " |\n"
            for r in range(lines)
        )
        path = tmp / f"tabelle-{lines}.md"
        path.write_text(sample.read_text(encoding="utf-8") + "\n" + head + body, "utf-8")
        return path

    def docx_seconds(path: Path) -> float:
        doc = load_document(path, project)
        context = base_context(doc, project)
        start = time.perf_counter()
        render_docx(doc, project, context)
        return time.perf_counter() - start

    small, large = document(50), document(500)
    print("DOCX-Tabellen mit 50 und 500 Zeilen …", flush=True)
    docx_seconds(small)  # warm up imports and templates
    pairs = [(docx_seconds(small), docx_seconds(large)) for _ in range(repeats)]
    base = statistics.median(s for s, _ in pairs)
    ours = statistics.median(large for _, large in pairs)
    rows.append(
        Row(
            "DOCX-Tabelle 500 Zeilen (Basis: 50)",
            ours,
            base,
            "s",
            "linear: höchstens 15-mal (10-mal so viele)",
            ours <= 15 * base,
        )
    )


def long_tables(rows: list[Row], tmp: Path, klein: bool) -> None:
    """PDF and DOCX of an agreement with a 3-column table of 1,000 and 5,000 rows beside one
    of 100: linear growth shows as ratios near 10 and 50."""
    from kimdocs.kinds import load_document
    from kimdocs.project import load_project
    from kimdocs.render.outputs import render_all
    from kimdocs.templating.environment import html_environment

    project = load_project(REPO)
    env = html_environment(project)
    sample = REPO / "content" / "vereinbarungen" / "ahlen" / "KIM-AH-2026-0007.md"
    text = sample.read_text(encoding="utf-8")
    sizes = (100, 300, 1000) if klein else (100, 1000, 5000)

    def seconds(lines: int, fmt: str) -> float:
        table = "| Nr. | Maßnahme | Stand |\n|---|---|---|\n" + "".join(
            f"| {n} | Schritt {n} | offen |\n" for n in range(lines)
        )
        path = tmp / f"tabelle-{lines}.md"  # outside content/: its kind is written in it
        path.write_text(text.replace("\n## ", f"\n{table}\n## ", 1), encoding="utf-8")
        doc = load_document(path, project)
        start = time.perf_counter()
        render_all(doc, project, env, [fmt])
        return time.perf_counter() - start

    print(f"Lange Tabellen ({', '.join(map(str, sizes))} Zeilen) als PDF und DOCX …", flush=True)
    for fmt in ("pdf", "docx"):
        seconds(sizes[0], fmt)  # warm up imports, fonts and templates
        base = seconds(sizes[0], fmt)
        for size in sizes[1:]:
            factor = size // sizes[0]
            ours = seconds(size, fmt)
            rows.append(
                Row(
                    f"{fmt.upper()}-Tabelle {size} Zeilen (Basis: {sizes[0]})",
                    ours,
                    base,
                    "s",
                    f"linear: höchstens {factor * 3 // 2}-mal ({factor}-mal so viele)",
                    ours <= factor * 1.5 * base,
                )
            )


def noop_growth(rows: list[Row], tmp: Path, small: int, large: int, repeats: int) -> None:
    """A build without changes of ``large`` documents against one of ``small``."""
    roots = {}
    for documents in (small, large):
        root = roots[documents] = tmp / f"ohne-aenderung-{documents}"
        make_project(root, documents)
        print(f"{documents} Dokumente als Text bauen (Vorbereitung) …", flush=True)
        # Text in one process is the quickest way to a built project; it is not measured.
        timed([*KIMDOCS, "build", "-q", "-f", "txt", "-j", "1"], root)
    noop = [*KIMDOCS, "build", "-q", "-f", "txt"]
    # Alternate the two, so that a change in the machine's load hits both alike.
    pairs = [(timed(noop, roots[small]), timed(noop, roots[large])) for _ in range(repeats)]
    base = statistics.median(s for s, _ in pairs)
    ours = statistics.median(large for _, large in pairs)
    factor = large // small
    rows.append(
        Row(
            f"Build ohne Änderung {large} (Basis: {small})",
            ours,
            base,
            "s",
            f"linear: höchstens {factor + factor // 2}-mal ({factor}-mal so viele)",
            ours <= (factor + factor // 2) * base,
        )
    )


def memory(rows: list[Row], tmp: Path, documents: int) -> None:
    root = tmp / "speicher"
    make_project(root, documents)
    print(f"Speicher beim Build von {documents} Dokumenten …", flush=True)
    _, peak = peak_memory([*KIMDOCS, "build"], root)
    rows.append(
        Row(
            f"Spitzenspeicher, {documents} Dokumente", peak, 600, "MiB", "unter 600 MiB", peak < 600
        )
    )


def report_vs_check(rows: list[Row], tmp: Path, cases: int, minutes: int) -> None:
    """A report over every agreement and minutes of a generated county against ``check``."""
    sys.path.insert(0, str(REPO / "tools"))
    import make_sample_county

    root = make_sample_county.generate(tmp / "bericht", cases=cases, minutes=minutes)
    agreements = len(list((root / "content" / "vereinbarungen").rglob("*.md")))
    found = len(list((root / "content" / "protokolle").rglob("*.md")))
    print(f"Bericht über {agreements} Vereinbarungen und {found} Protokolle …", flush=True)
    check = timed([*KIMDOCS, "check", "-q"], root)
    report = root / "content" / "berichte" / "2026-ausschuss-kim.md"
    seconds, peak = peak_memory([*KIMDOCS, "build", "--force", "-j", "1", str(report)], root)
    rows.append(
        Row(
            f"Bericht, {agreements} Vereinb./{found} Prot.",
            seconds,
            check,
            "s",
            "höchstens doppelt so lange wie „kimdocs check“",
            seconds <= 2 * check,
        )
    )
    rows.append(Row("Spitzenspeicher des Berichts", peak, 600, "MiB", "unter 600 MiB", peak < 600))


def start_time(rows: list[Row], repeats: int) -> None:
    ours = median_of(repeats, lambda: timed([*KIMDOCS, "--version"], REPO))
    base = median_of(repeats, lambda: timed([sys.executable, "-c", "import click"], REPO))
    rows.append(
        Row(
            "Start der Befehlszeile",
            ours,
            base,
            "s",
            "höchstens doppelt so lange wie „import click“",
            ours <= 2 * base,
        )
    )


def preview_figures(rows: list[Row], tmp: Path, repeats: int) -> None:
    print("Vorschau: Wechsel mit build, Speichern bis zum neu geladenen Dokument …", flush=True)
    rows.append(Row(*vorschau.switching(KIMDOCS, copy_sample(tmp / "wechsel"))))
    rows.append(Row(*vorschau.save_to_reload(KIMDOCS, copy_sample(tmp / "neu-laden"), repeats)))
    rows.append(Row(*formulare.save_to_pdf(KIMDOCS, copy_sample(tmp / "formular"), repeats)))


def print_table(rows: list[Row]) -> None:
    print()
    head = f"{'Messung':40} {'kimdocs':>10} {'Basislinie':>11} {'Verh.':>6}  {'Ziel':44} erreicht"
    print(head)
    print("-" * len(head))
    for r in rows:
        print(
            f"{r.name:40} {r.ours:9.2f}{r.unit[0] if r.unit == 's' else ' '} "
            f"{r.baseline:10.2f}{r.unit[0] if r.unit == 's' else ' '} {r.ratio:6.2f}  "
            f"{r.goal:44} {'ja' if r.met else 'NEIN'}"
        )
    print("Einheiten: Sekunden (s) bzw. MiB beim Speicher; Verh. = kimdocs / Basislinie.")


def main() -> None:
    parser = argparse.ArgumentParser(description="kimdocs-Benchmark")
    parser.add_argument("--klein", action="store_true", help="kleine Größen für einen Blick")
    parser.add_argument("--vorschau", action="store_true", help="nur die Zahlen der Vorschau")
    parser.add_argument("--bericht", action="store_true", help="nur den Controlling-Bericht")
    args = parser.parse_args()
    sizes = (20, 6, 40, 3, 125, 500) if args.klein else (200, 50, 500, 7, 500, 2000)
    builds, pandoc_docs, memory_docs, repeats, few, many = sizes
    print(f"kimdocs-Benchmark auf {os.cpu_count()} Kernen, Python {sys.version.split()[0]}")
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        if args.vorschau:
            preview_figures(rows, tmp, repeats)
            print_table(rows)
            return
        report_sizes = (500, 100) if args.klein else (5000, 1000)
        if args.bericht:
            report_vs_check(rows, tmp, *report_sizes)
            print_table(rows)
            return
        pandoc = ensure_pandoc()
        start_time(rows, repeats)
        against_weasyprint(rows, repeats)
        incremental(rows, tmp, builds)
        preview_figures(rows, tmp, repeats)
        noop_growth(rows, tmp, few, many, min(repeats, 3))
        table_growth(rows, tmp, repeats)
        long_tables(rows, tmp, args.klein)
        against_pandoc(rows, tmp, pandoc_docs, pandoc)
        memory(rows, tmp, memory_docs)
        report_vs_check(rows, tmp, *report_sizes)
    print_table(rows)


if __name__ == "__main__":
    main()
