"""Preview figures for ``benchmarks/run.py``: switching between build and preview, and the
time from saving a file to the preview page showing it, beside a one-document build.

Both run the real commands (``kimdocs build``, ``kimdocs vorschau``) in a copy of the
sample project and talk to the preview over loopback only.
"""

from __future__ import annotations

import json
import re
import statistics
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

# The preview page asks for the project's state this often (kimdocs/templates/preview/vorschau.js).
PAGE_POLL = 0.3
AGREEMENT = "content/vereinbarungen/ahlen/KIM-AH-2026-0007.md"

Figure = tuple[str, float, float, str, str, bool]  # a Row of run.py


@contextmanager
def preview(kimdocs: list[str], root: Path) -> Iterator[str]:
    """``kimdocs vorschau`` on a free port; yields its address once it serves."""
    process = subprocess.Popen(
        [*kimdocs, "vorschau", "--port", "0"],
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert process.stdout is not None
        url = ""
        while not url:
            line = process.stdout.readline()
            if not line:
                raise SystemExit("kimdocs vorschau ist nicht gestartet.")
            found = re.search(r"(http://127\.0\.0\.1:\d+/)", line)
            url = found.group(1) if found else ""
        yield url
    finally:
        process.terminate()
        process.wait(timeout=60)


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=60) as answer:
        return str(answer.read().decode("utf-8"))


def _version(url: str) -> int:
    return int(json.loads(_get(url + "_vorschau/stand"))["version"])


def _built_count(summary: str) -> int:
    found = re.search(r"Dokumente: (\d+) erzeugt", summary)
    return int(found.group(1)) if found else -1


def switching(kimdocs: list[str], root: Path) -> Figure:
    """build → vorschau → build → vorschau: after the first of each, nothing is rendered."""
    subprocess.run([*kimdocs, "build"], cwd=root, check=True, capture_output=True)
    with preview(kimdocs, root):
        pass  # its first start adds web pages and page pictures
    again = subprocess.run(
        [*kimdocs, "build"], cwd=root, check=True, capture_output=True, text=True
    ).stdout
    with preview(kimdocs, root) as url:
        index = _get(url)
    documents = index.count('class="badge"')
    rendered = _built_count(again.splitlines()[-1]) + index.count(">neu erzeugt<")
    return (
        "Wechsel build ↔ vorschau: neu erzeugt",
        float(rendered),
        float(documents),
        "Dok.",
        "0 Dokumente neu erzeugt",
        rendered == 0,
    )


def save_to_reload(kimdocs: list[str], root: Path, repeats: int) -> Figure:
    """Saving an agreement until the preview page shows it, against ``build --force`` of it."""
    source = root / AGREEMENT

    def one_build() -> float:
        start = time.perf_counter()
        subprocess.run(
            [*kimdocs, "build", "--force", AGREEMENT], cwd=root, check=True, capture_output=True
        )
        return time.perf_counter() - start

    build = statistics.median(one_build() for _ in range(repeats))
    waits = []
    with preview(kimdocs, root) as url:
        page = f"{url}dokument?quelle={AGREEMENT}"
        for n in range(repeats):
            shown = _version(url)
            time.sleep(1)  # the watcher is idle again
            text = source.read_text(encoding="utf-8")
            start = time.perf_counter()
            source.write_text(text + f"\nNachtrag {n}.\n", encoding="utf-8")
            # Like the page: ask for the state at its own interval, reload when it changed.
            while _version(url) == shown:
                time.sleep(PAGE_POLL)
            _get(page)
            waits.append(time.perf_counter() - start)
    ours = statistics.median(waits)
    return (
        "Speichern → Vorschau neu geladen",
        ours,
        build,
        "s",
        "höchstens 1,3 × build --force der Datei",
        ours <= 1.3 * build,
    )
