"""From saving a form to the rebuilt PDF being offered, beside ``kimdocs build --force`` of
the same file, measured in the same run on the same machine.

Runs the real ``kimdocs vorschau`` in a copy of the sample project and talks to it over
loopback only, as a browser without JavaScript would: the form's fields as the page holds
them, one goal's deadline changed, posted; then the page after the save, then the PDF it
links. The baseline is a one-document ``kimdocs build --force`` in a fresh process, the
way one would rebuild the file by hand.

    python benchmarks/formulare.py            # five saves and five builds, medians
    python benchmarks/formulare.py --mal 3
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote, urlencode

import vorschau  # beside this file

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

AGREEMENT = vorschau.AGREEMENT
Figure = vorschau.Figure


def _request(
    url: str, method: str, path: str, fields: list[tuple[str, str]] | None = None
) -> tuple[int, str, str]:
    host, port = re.match(r"http://([^:/]+):(\d+)/", url).groups()  # type: ignore[union-attr]
    connection = http.client.HTTPConnection(host, int(port), timeout=300)
    try:
        body = urlencode(fields).encode() if fields is not None else None
        headers = {"Content-Type": "application/x-www-form-urlencoded"} if body else {}
        connection.request(method, path, body=body, headers=headers)
        answer = connection.getresponse()
        data = answer.read()
        text = data.decode("utf-8", errors="replace") if not data.startswith(b"%PDF") else "%PDF"
        return answer.status, text, answer.getheader("Location") or ""
    finally:
        connection.close()


def _fields(page: str) -> list[tuple[str, str]]:
    from tests.form_posts import read_form

    return read_form(page).fields("speichern")


def save_to_pdf(kimdocs: list[str], root: Path, repeats: int) -> Figure:
    """Saving a changed deadline in the form until the new PDF is downloaded."""

    def one_build() -> float:
        start = time.perf_counter()
        subprocess.run(
            [*kimdocs, "build", "--force", AGREEMENT], cwd=root, check=True, capture_output=True
        )
        return time.perf_counter() - start

    waits = []
    with vorschau.preview(kimdocs, root) as url:
        form = f"/formular?quelle={quote(AGREEMENT)}"
        for n in range(repeats):
            status, page, _ = _request(url, "GET", form)
            assert status == 200, page[:500]
            fields = _fields(page)
            deadline = dt.date(2026, 12, 1) + dt.timedelta(days=n + 1)
            fields = [(k, deadline.isoformat() if k == "ziele.1.frist" else v) for k, v in fields]
            start = time.perf_counter()
            status, _, location = _request(url, "POST", "/formular", fields)
            assert status == 303, status
            status, page, _ = _request(url, "GET", location.split("#")[0])
            assert "Gespeichert und neu gebaut." in page, page[:2000]
            pdf = re.search(r'href="(/ausgabe/[^"]+\.pdf)"', page)
            assert pdf is not None
            status, body, _ = _request(url, "GET", pdf.group(1))
            assert status == 200 and body == "%PDF"
            waits.append(time.perf_counter() - start)
            time.sleep(1.5)  # the watcher has seen the save and is idle again
    build = statistics.median(one_build() for _ in range(repeats))
    ours = statistics.median(waits)
    return (
        "Formular speichern → neues PDF",
        ours,
        build,
        "s",
        "höchstens 1,3 × build --force der Datei",
        ours <= 1.3 * build,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mal", type=int, default=5, help="Wiederholungen (Median)")
    args = parser.parse_args()
    kimdocs = [str(Path(sys.executable).parent / "kimdocs")]
    from run import copy_sample  # beside this file

    with tempfile.TemporaryDirectory() as tmp:
        root = copy_sample(Path(tmp) / "formular")
        subprocess.run([*kimdocs, "build"], cwd=root, check=True, capture_output=True)
        name, ours, base, unit, goal, met = save_to_pdf(kimdocs, root, args.mal)
    print(
        f"{name}: {ours:.2f} {unit} gegen {base:.2f} {unit} – {ours / base:.2f}× ({goal}: "
        f"{'erreicht' if met else 'NICHT erreicht'})"
    )


if __name__ == "__main__":
    main()
