"""No traceback, and ``check`` finds what ``build`` refuses (#28, point 8).

Each case was a traceback, a hang or a build failure that ``check`` had passed; each is
now a German message naming the file (and line or field where there is one).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from PIL import Image

from kimdocs.build.run import build
from kimdocs.project import load_project
from kimdocs.templating.environment import SHIPPED_DIR

SOURCE = "content/vereinbarungen/T-0001-sonderzeichen.md"
FORM = "content/einwilligungen/T-0001-einwilligung-2026-03-02.md"


def _no_traceback(result: Result) -> str:
    assert "Traceback" not in result.output and "Unerwarteter Fehler" not in result.output
    return result.output


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


# ------------------------------------------------------------------ kimdocs.toml


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ("x = " + "[" * 3000 + "]" * 3000, "zu tief ineinander geschachtelt (erlaubt sind 40"),
        ("x = " + "9" * 5000, "eine Zahl ist zu lang (höchstens 4300 Ziffern)"),
        (
            "[z]\n" + "\n".join(f"k{n} = {n}" for n in range(20_000)),
            "mehr als 10.000 Werte (Felder, Listeneinträge und Abschnitte zusammengezählt)",
        ),
    ],
)
def test_a_hostile_config_is_a_german_error(
    basic: Path, cli: Callable[..., Result], extra: str, expected: str
) -> None:
    _append(basic / "kimdocs.toml", "\n" + extra + "\n")
    started = time.monotonic()
    result = cli(basic, "check")
    assert result.exit_code == 1
    assert "kimdocs.toml: Fehler: Die Datei wird nicht gelesen: " in _no_traceback(result)
    assert expected in result.output
    assert time.monotonic() - started < 30


def test_thousands_of_config_lines_are_placed_quickly(basic: Path) -> None:
    """Each field's line was looked for through every line: minutes for 9,000 keys."""
    _append(basic / "kimdocs.toml", "[z]\n" + "\n".join(f"k{n} = {n}" for n in range(9000)))
    started = time.monotonic()
    load_project(basic)
    assert time.monotonic() - started < 10


# ------------------------------------------------------------------ names and titles


def test_a_name_too_long_for_the_file_system(basic: Path, cli: Callable[..., Result]) -> None:
    result = cli(basic, "new", "presse", "a" * 300)
    assert result.exit_code == 1
    assert "Der Name ist zu lang (300 Zeichen; höchstens 100" in _no_traceback(result)
    assert not list((basic / "content").rglob("aaaa*"))


def test_a_press_headline_over_255_characters_is_found_by_check(
    basic: Path, cli: Callable[..., Result]
) -> None:
    assert cli(basic, "new", "presse", "lang").exit_code == 0
    path = basic / "content" / "presse" / "lang.md"
    text = path.read_text(encoding="utf-8")
    import re

    text = text.replace("«Überschrift der Pressemitteilung»", "Titel " + "x" * 300)
    path.write_text(re.sub(r"«[^»]*»", "Text", text), encoding="utf-8")
    checked = cli(basic, "check", "content/presse/lang.md")
    line = text.splitlines().index(next(ln for ln in text.splitlines() if ln.startswith("titel:")))
    assert f"content/presse/lang.md:{line + 1}: Fehler: Feld „titel“: Der Text ist zu lang " in (
        _no_traceback(checked)
    )
    assert "höchstens 255" in checked.output


# ------------------------------------------------------------------ pictures


def test_a_logo_that_is_no_picture_is_found_by_check(
    basic: Path, cli: Callable[..., Result]
) -> None:
    (basic / "logo.png").write_text("kein Bild\n", encoding="utf-8")
    config = basic / "kimdocs.toml"
    config.write_text(
        config.read_text(encoding="utf-8").replace('logo = "logo.svg"', 'logo = "logo.png"'),
        encoding="utf-8",
    )
    message = "kimdocs.toml: Fehler: Feld „organisation.logo“: Logo: Bild „logo.png“ ist kein"
    for command in ("check", "build"):
        result = cli(basic, command)
        assert result.exit_code == 1
        assert message in _no_traceback(result)
        assert "Failed to load image" not in result.output  # WeasyPrint's own words


def test_webp_pictures_named_png_reach_the_docx(basic: Path, cli: Callable[..., Result]) -> None:
    Image.new("RGB", (60, 30), "red").save(basic / "logo.png", format="WEBP")
    config = basic / "kimdocs.toml"
    config.write_text(
        config.read_text(encoding="utf-8").replace('logo = "logo.svg"', 'logo = "logo.png"'),
        encoding="utf-8",
    )
    folder = basic / "content" / "vereinbarungen"
    Image.new("RGB", (60, 30), "blue").save(folder / "bild.png", format="WEBP")
    _append(folder / "T-0001-sonderzeichen.md", "\n![Ein blaues Bild](bild.png)\n")
    assert cli(basic, "check").exit_code == 0
    result = cli(basic, "build", "-f", "pdf,docx")
    assert result.exit_code == 0, _no_traceback(result)
    import zipfile

    docx = basic / "output" / "vereinbarungen" / "T-0001-sonderzeichen.docx"
    with zipfile.ZipFile(docx) as z:
        media = [n for n in z.namelist() if n.startswith("word/media/")]
        kinds = {Image.open(z.open(n)).format for n in media if not n.endswith(".svg")}
    assert kinds <= {"PNG", "JPEG", "GIF"} and len(media) >= 2, media


def test_a_picture_name_too_long_for_the_file_system(
    basic: Path, cli: Callable[..., Result]
) -> None:
    folder = basic / "content" / "vereinbarungen"
    long_links = f"\n![Bild]({'y' * 6000}.png)\n\n[Link](file:///{'x' * 6000})\n"
    _append(folder / "T-0001-sonderzeichen.md", long_links)
    result = cli(basic, "check")
    assert "lässt sich nicht lesen (der Name ist zu lang)" in _no_traceback(result)
    assert max(len(line) for line in result.output.splitlines()) < 400


# ------------------------------------------------------------------ facts


def test_a_broken_fakten_yaml_fails_only_documents_that_state_a_fact(
    basic: Path, write_agreement: Callable[..., Path]
) -> None:
    (basic / "fakten.yaml").write_text("kaputt: [\n", encoding="utf-8")
    stating = write_agreement("T-0002", {"Text.": "Die Gebühr ist [[fakt:gebuehr]]."})
    report = build(load_project(basic), formats=["html"])
    by_source = {r.source: r for r in report}
    assert by_source[basic / "fakten.yaml"].status == "fehlgeschlagen"
    [problem] = [p for p in by_source[stating].problems if p.is_error]
    assert "Unbekannter Fakt „gebuehr“. fakten.yaml hat einen Fehler (fakten.yaml, Zeile" in (
        problem.message
    )
    assert by_source[basic / SOURCE].ok  # states no fact: built


# ------------------------------------------------------------------ processes


def _hanging_project(basic: Path, documents: int) -> None:
    text = (SHIPPED_DIR / "agreement.html").read_text(encoding="utf-8")
    loop = "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
    (basic / "templates").mkdir(exist_ok=True)
    (basic / "templates" / "agreement.html").write_text(
        text.replace("{% block content %}", "{% block content %}\n" + loop, 1), encoding="utf-8"
    )
    _more_cases(basic, range(2, documents + 1))


def _more_cases(basic: Path, numbers: range) -> None:
    """Copies of the basic project's case under other case ids, each with its signed consent
    form (what the agreement states about consent needs it): documents that build."""
    source = (basic / SOURCE).read_text(encoding="utf-8")
    form = (basic / FORM).read_text(encoding="utf-8")
    for n in numbers:
        case = f"T-{n:04d}"
        (basic / f"content/vereinbarungen/{case}.md").write_text(
            source.replace("fall_id: T-0001", f"fall_id: {case}"), encoding="utf-8"
        )
        (basic / f"content/einwilligungen/{case}-einwilligung-2026-03-02.md").write_text(
            form.replace("fall_id: T-0001", f"fall_id: {case}"), encoding="utf-8"
        )


def _group(pid: int) -> list[str]:
    found = subprocess.run(["pgrep", "-g", str(pid)], capture_output=True, text=True)
    return found.stdout.split()


def _running(pid: int) -> list[str]:
    """The processes of the group that still run: an ended one whose parent is gone stays a
    zombie until the system's first process reaps it, which takes its time in a container."""
    running = []
    for member in _group(pid):
        try:
            stat = Path(f"/proc/{member}/stat").read_text(encoding="utf-8")
        except OSError:
            continue  # reaped meanwhile
        if stat.rsplit(")", 1)[1].split()[0] != "Z":
            running.append(member)
    return running


def _all_ended(pid: int, seconds: float = 30) -> list[str]:
    """Wait (generously, for a busy machine) until no process of the group runs; what
    still runs then."""
    deadline = time.monotonic() + seconds
    while _running(pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    return _running(pid)


# One document: its worker forked from the program; twelve PDFs: the fork server's pool (their
# estimated work pays for its start, see kimdocs.build.workers.pays_for_pool).
@pytest.mark.parametrize("documents", [1, 12])
def test_kill_9_of_the_program_ends_its_workers_and_fork_server(
    basic: Path, documents: int
) -> None:
    _hanging_project(basic, documents)
    process = subprocess.Popen(
        [sys.executable, "-m", "kimdocs", "build", "-f", "pdf", "-j", "2"],
        cwd=basic,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        env={**os.environ, "KIMDOCS_DOCUMENT_TIMEOUT": "600"},
    )
    try:
        deadline = time.monotonic() + 120
        while len(_group(process.pid)) < (2 if documents == 1 else 4):
            assert time.monotonic() < deadline, "keine Prozesse zum Erzeugen gestartet"
            time.sleep(0.5)
        time.sleep(1)
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        left = _all_ended(process.pid)
        assert left == [], f"Nach kill -9 des Programms laufen noch Prozesse: {left}"
    finally:
        for pid in _group(process.pid):
            os.kill(int(pid), signal.SIGKILL)
        # Reaped here also when the test fails early: a process left running made Popen warn
        # (ResourceWarning) in whichever later test of this worker collected it.
        process.kill()
        process.wait()


def test_ctrl_c_right_at_the_start_is_no_traceback(basic: Path) -> None:
    """Ctrl+C reaches every process of the terminal: the program while it loads, the fork
    server while it imports the renderers, the workers as they start."""
    _more_cases(basic, range(3, 6))
    for delay in (0.2, 0.6, 1.0, 1.5, 2.0):
        process = subprocess.Popen(
            [sys.executable, "-m", "kimdocs", "build", "--force", "-f", "pdf", "-j", "2"],
            cwd=basic,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        time.sleep(delay)
        os.killpg(process.pid, signal.SIGINT)  # as the terminal does: the whole group
        out, err = process.communicate(timeout=120)
        assert "Traceback" not in out + err and "KeyboardInterrupt" not in err, (delay, err)
        assert process.returncode in (0, 1, 130), (delay, process.returncode, err)
        left = _all_ended(process.pid)
        assert left == [], f"Nach Strg+C ({delay} s nach dem Start) laufen noch Prozesse: {left}"


# ------------------------------------------------------------------ digests


def test_a_copied_project_rebuilds_nothing(
    basic: Path, tmp_path: Path, write_agreement: Callable[..., Path]
) -> None:
    """A second agreement of the case: each reads the other's consents (the case digest)."""
    write_agreement(
        "T-0001-v2",
        text=(basic / SOURCE)
        .read_text(encoding="utf-8")
        .replace("fall_id: T-0001", "fall_id: T-0001\nversion: 2"),
    )
    first = build(load_project(basic), formats=["html"])
    assert {r.status for r in first} == {"erzeugt"}, [r.problems for r in first]
    copy = tmp_path / "anderswo" / "projekt"
    shutil.copytree(basic, copy, symlinks=True)
    again = build(load_project(copy), formats=["html"])
    assert {r.status for r in again} == {"unverändert"}
