"""Hostile and huge input: a German message with the file, never a traceback, never a hang,
and the other documents keep building with their previous outputs intact.

Each case below plants one bad input into the small test project; the classes are the
ones an outside test found (bytes and encodings, files that are no files, YAML bombs,
blocks that multiply, picture bombs and foreign references, long names). The
broken-file corpus in ``tests/bad_input/`` covers the everyday mistakes.
"""

from __future__ import annotations

import hashlib
import os
import random
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kimdocs.cli.commands import main
from tests.conftest import AGREEMENT

BUDGET = 120  # seconds; every case finishes in a few, a hang fails instead of waiting

BOMB = 'a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x"]\n' + "".join(
    f"{n}: &{n} [{', '.join([f'*{p}'] * 9)}]\n" for p, n in zip("abcdefg", "bcdefgh", strict=True)
)


def _agreement(case_id: str = "H-1", body: str = "Text.", extra: str = "") -> str:
    text = AGREEMENT.format(case_id=case_id).replace("Text.", body)
    return text.replace("art: vereinbarung\n", "art: vereinbarung\n" + extra, 1)


@dataclass(frozen=True)
class Case:
    name: str
    plant: Callable[[Path], None]  # writes the bad input into the project
    where: str  # the file the message must name
    message: str  # part of the German message
    line: int | None = None


def _write(rel: str, data: bytes | str) -> Callable[[Path], None]:
    def plant(root: Path) -> None:
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)

    return plant


def _fifo(rel: str) -> Callable[[Path], None]:
    def plant(root: Path) -> None:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        os.mkfifo(root / rel)

    return plant


def _folder(rel: str) -> Callable[[Path], None]:
    def plant(root: Path) -> None:
        (root / rel).mkdir(parents=True)

    return plant


def _link(rel: str, target: str) -> Callable[[Path], None]:
    def plant(root: Path) -> None:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).symlink_to(target)

    return plant


def _both(*plants: Callable[[Path], None]) -> Callable[[Path], None]:
    def plant(root: Path) -> None:
        for one in plants:
            one(root)

    return plant


def _png(rel: str, size: tuple[int, int]) -> Callable[[Path], None]:
    def plant(root: Path) -> None:
        from PIL import Image

        Image.new("1", size).save(root / rel, optimize=True)

    return plant


V = "content/vereinbarungen/"
DOC = V + "boese.md"
GOOD = _agreement()
latin1 = GOOD.replace("Test Person (fiktiv)", "Jürgen Prüfmann (fiktiv)").encode("latin-1")
FACTS_OK = "gebuehr:\n  wert: 255\n  text: 255 €\n  quelle: § 38 StAG\n  gültig_ab: 2024-06-27\n"
FACT_USE = _agreement(body="Die Gebühr: [[fakt:gebuehr]].")
BLOCK = "---\ntitel: T\nverantwortlich: V\nstand: 2026-01-01\nprüfen_bis: 2027-01-01\n---\n"
TEXT_LINE = GOOD.split("\n").index("Text.") + 1
UMLAUT_LINE = next(n for n, ln in enumerate(GOOD.split("\n"), 1) if not ln.isascii())
CLIENT_LINE = GOOD.split("\n").index("  name: Test Person (fiktiv)") + 1
SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">{}</svg>'

CASES = [
    # ---------------------------------------------------------------- bytes and encodings
    Case("nul-kopfdaten", _write(DOC, GOOD.replace("bezirk", "bez\x00irk")), DOC, "Nullzeichen"),
    Case(
        "nul-text", _write(DOC, GOOD.replace("Text.", "Te\x00xt.")), DOC, "Nullzeichen", TEXT_LINE
    ),
    Case("latin1-kopfdaten", _write(DOC, latin1), DOC, "nicht in UTF-8 gespeichert", UMLAUT_LINE),
    Case(
        "latin1-text",
        _write(DOC, GOOD.replace("Text.", "Grüße.").encode("latin-1")),
        DOC,
        "nicht in UTF-8 gespeichert",
        UMLAUT_LINE,
    ),
    Case("utf16-le", _write(DOC, GOOD.encode("utf-16")), DOC, "UTF-16", 1),
    Case("utf16-be", _write(DOC, b"\xfe\xff" + GOOD.encode("utf-16-be")), DOC, "UTF-16", 1),
    Case("binaer", _write(DOC, random.Random(7).randbytes(4000)), DOC, "Die Datei"),
    Case("png-als-md", _write(DOC, b"\x89PNG\r\n\x1a\n" + bytes(200)), DOC, "Nullzeichen"),
    Case("nur-bom", _write(DOC, b"\xef\xbb\xbf"), DOC, "Die Datei ist leer"),
    Case("surrogat", _write(DOC, GOOD.encode() + b"\xed\xa0\x80"), DOC, "nicht in UTF-8"),
    Case("ueberlang-kodiert", _write(DOC, b"---\nart: \xc0\xaf\n---\n"), DOC, "nicht in UTF-8", 2),
    Case("abgeschnitten", _write(DOC, GOOD.encode() + b"\xc3"), DOC, "nicht in UTF-8"),
    Case("riesig", _write(DOC, "---\nart: vereinbarung\n---\n" + "x" * 3_000_000), DOC, "zu groß"),
    Case(
        "toml-latin1",
        _write("kimdocs.toml", "x = 'ä'\n".encode("latin-1")),
        "kimdocs.toml",
        "UTF-8",
    ),
    Case(
        "toml-utf16", _write("kimdocs.toml", "x = 1\n".encode("utf-16")), "kimdocs.toml", "UTF-16"
    ),
    Case("toml-nul", _write("kimdocs.toml", b"x = 1\x00\n"), "kimdocs.toml", "Nullzeichen"),
    Case(
        "toml-kaputt",
        _write("kimdocs.toml", "[organisation\n"),
        "kimdocs.toml",
        "kein gültiges TOML",
    ),
    Case(
        "toml-ordner",
        _both(lambda r: (r / "kimdocs.toml").unlink(), _folder("kimdocs.toml")),
        "",
        "kimdocs.toml",
    ),
    Case(
        "fakten-nul",
        _both(_write("fakten.yaml", b"a:\x00 1\n"), _write(DOC, FACT_USE)),
        "fakten.yaml",
        "Nullzeichen",
    ),
    Case(
        "fakten-binaer",
        _both(_write("fakten.yaml", random.Random(3).randbytes(999)), _write(DOC, FACT_USE)),
        "fakten.yaml",
        "Die Datei",
    ),
    Case(
        "fakten-latin1",
        _both(
            _write(
                "fakten.yaml",
                FACTS_OK.replace("€", "EUR").replace("gültig", "gültig").encode("latin-1"),
            ),
            _write(DOC, FACT_USE),
        ),
        "fakten.yaml",
        "nicht in UTF-8",
    ),
    Case(
        "glossar-latin1",
        _both(
            _write("glossar.yaml", "wörter:\n  - wort: Amt\n".encode("latin-1")), _write(DOC, GOOD)
        ),
        "glossar.yaml",
        "nicht in UTF-8",
    ),
    # ---------------------------------------------------------------- files that are no files
    Case("fifo", _fifo(DOC), DOC, "Pipe (FIFO)"),
    Case("ordner", _folder(DOC), DOC, "ist ein Ordner"),
    Case("verweis-ins-leere", _link(DOC, "gibt-es-nicht.md"), DOC, "Verknüpfung ins Leere"),
    Case(
        "verweis-kreis",
        _both(_link(V + "a.md", "b.md"), _link(V + "b.md", "a.md")),
        V + "a.md",
        "lässt sich nicht lesen",
    ),
    Case(
        "fakten-fifo",
        _both(_fifo("fakten.yaml"), _write(DOC, FACT_USE)),
        "fakten.yaml",
        "Pipe (FIFO)",
    ),
    Case(
        "fakten-ordner",
        _both(_folder("fakten.yaml"), _write(DOC, FACT_USE)),
        "fakten.yaml",
        "ist ein Ordner",
    ),
    Case(
        "glossar-fifo",
        _both(_fifo("glossar.yaml"), _write(DOC, GOOD)),
        "glossar.yaml",
        "Pipe (FIFO)",
    ),
    Case(
        "glossar-ordner",
        _both(_folder("glossar.yaml"), _write(DOC, GOOD)),
        "glossar.yaml",
        "ist ein Ordner",
    ),
    Case(
        "baustein-fifo",
        _both(_fifo("content/bausteine/b.md"), _write(DOC, _agreement(body="[[baustein:b]]"))),
        "content/bausteine/b.md",
        "Pipe (FIFO)",
    ),
    # ---------------------------------------------------------------- YAML bombs and depth
    Case("bombe-unbekannt", _write(DOC, _agreement(extra=BOMB)), DOC, "mehr als 50.000 Werte"),
    Case(
        "bombe-bekannt",
        _write(DOC, _agreement(extra=BOMB).replace("name: Test Person (fiktiv)", "name: *h")),
        DOC,
        "mehr als 50.000 Werte",
    ),
    Case(
        "bombe-merge",
        _write(DOC, _agreement(extra=BOMB + "i: {<<: *h}\n")),
        DOC,
        "mehr als 50.000 Werte",
    ),
    Case("selbstverweis", _write(DOC, _agreement(extra="a: &a [*a]\n")), DOC, "Die Kopfdaten", 3),
    Case(
        "tief-fluss",
        _write(DOC, _agreement(extra="a: " + "[" * 45 + "]" * 45 + "\n")),
        DOC,
        "zu tief",
        3,
    ),
    Case(
        "tief-block",
        _write(
            DOC,
            _agreement(
                extra="".join(f"{'  ' * n}k{n}:\n" for n in range(45)) + "  " * 45 + "x: 1\n"
            ),
        ),
        DOC,
        "zu tief",
    ),
    Case(
        "fakten-bombe",
        _both(_write("fakten.yaml", BOMB), _write(DOC, FACT_USE)),
        "fakten.yaml",
        "mehr als 50.000 Werte",
    ),
    Case(
        "glossar-bombe",
        _both(_write("glossar.yaml", BOMB), _write(DOC, GOOD)),
        "glossar.yaml",
        "mehr als 50.000 Werte",
    ),
    Case(
        "baustein-bombe",
        _both(
            _write(
                "content/bausteine/b.md", BLOCK.replace("titel: T", "titel: T\n" + BOMB) + "Text\n"
            ),
            _write(DOC, _agreement(body="[[baustein:b]]")),
        ),
        "content/bausteine/b.md",
        "mehr als 50.000 Werte",
    ),
    # ---------------------------------------------------------------- blocks that multiply
    Case(
        "baustein-lawine",
        _both(
            *[
                _write(
                    f"content/bausteine/b{n}.md",
                    BLOCK + f"[[baustein:b{n + 1}]]\n\n[[baustein:b{n + 1}]]\n",
                )
                for n in range(30)
            ],
            _write("content/bausteine/b30.md", BLOCK + "Ende.\n"),
            _write(DOC, _agreement(body="[[baustein:b0]]")),
        ),
        DOC,
        "mehr als 8-fach ineinander eingebunden",
    ),
    # ---------------------------------------------------------------- pictures
    Case(
        "bild-bombe",
        _both(
            _png(V + "riesig.png", (20000, 20000)),
            _write(DOC, _agreement(body="![Plan](riesig.png)")),
        ),
        DOC,
        "zu viele Bildpunkte",
        TEXT_LINE,
    ),
    Case(
        "bild-kein-bild",
        _both(_write(V + "x.png", b"kein Bild"), _write(DOC, _agreement(body="![Plan](x.png)"))),
        DOC,
        "kein lesbares Bild",
        TEXT_LINE,
    ),
    Case(
        "bild-abgeschnitten",
        _both(
            _write(V + "x.png", b"\x89PNG\r\n\x1a\n\x00\x00"),
            _write(DOC, _agreement(body="![Plan](x.png)")),
        ),
        DOC,
        "kein lesbares Bild",
        TEXT_LINE,
    ),
    Case(
        "svg-entity",
        _both(
            _write(V + "x.svg", '<!DOCTYPE svg [<!ENTITY a "aaaa">]>' + SVG.format("&a;")),
            _write(DOC, _agreement(body="![Plan](x.svg)")),
        ),
        DOC,
        "DOCTYPE oder ENTITY",
        TEXT_LINE,
    ),
    Case(
        "svg-extern",
        _both(
            _write(V + "x.svg", SVG.format('<image href="file:///etc/passwd"/>')),
            _write(DOC, _agreement(body="![Plan](x.svg)")),
        ),
        DOC,
        "verweist auf eine andere Datei",
        TEXT_LINE,
    ),
    Case(
        "svg-kaputt",
        _both(_write(V + "x.svg", "<svg"), _write(DOC, _agreement(body="![Plan](x.svg)"))),
        DOC,
        "keine gültige SVG",
        TEXT_LINE,
    ),
    Case(
        "bild-fifo",
        _both(_fifo(V + "x.png"), _write(DOC, _agreement(body="![Plan](x.png)"))),
        DOC,
        "nicht gefunden",
        TEXT_LINE,
    ),
]


def _digests(out: Path) -> dict[str, str]:
    return {
        p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(out.rglob("*"))
        if p.is_file() and not p.name.startswith(".")
    }


def _run(root: Path, *args: str) -> tuple[int, str]:
    """The CLI in a thread, so that a hang fails the test instead of stopping the suite."""
    found: dict[str, object] = {}

    def target() -> None:
        cwd = os.getcwd()
        os.chdir(root)
        try:
            result = CliRunner().invoke(main, list(args), catch_exceptions=True)
            found["code"], found["output"] = result.exit_code, result.output
            found["exception"] = result.exception
        finally:
            os.chdir(cwd)

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(BUDGET)
    if thread.is_alive():
        pytest.fail(f"kimdocs {' '.join(args)} hängt (über {BUDGET} s)")
    exception = found["exception"]
    if exception is not None and not isinstance(exception, SystemExit):
        raise AssertionError(f"Absturz statt Meldung: {exception!r}") from exception
    return int(found["code"]), str(found["output"])  # type: ignore[call-overload]


def test_there_are_many_hostile_cases() -> None:
    assert len(CASES) >= 40
    assert len({c.name for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_input_gets_a_german_message_and_spares_the_rest(case: Case, basic: Path) -> None:
    out = basic / "output"
    code, output = _run(basic, "build", "-f", "html")
    assert code == 0, output
    before = _digests(out)
    case.plant(basic)
    for command in (("check",), ("build", "-f", "html")):
        code, output = _run(basic, *command)
        assert code == 1, (command, output)
        assert "Traceback" not in output
        where = f"{case.where}:{case.line}" if case.line else case.where
        lines = [ln for ln in output.splitlines() if "Fehler" in ln and case.message in ln]
        assert any(ln.startswith(where) or (not case.where) for ln in lines), (command, output)
    if not case.name.startswith("toml-"):  # without kimdocs.toml there is no project
        assert "Dokumente: " in output and "fehlgeschlagen  content/vereinbarungen/T-" not in output
    assert {k: v for k, v in _digests(out).items() if k in before} == before


def test_a_very_long_file_name_builds_under_a_shorter_consistent_name(basic: Path) -> None:
    name = "protokoll-" + "ä" * 115 + ".md"  # 240 bytes: more room than the outputs have
    (basic / V / name).write_text(_agreement("LANG-1"), encoding="utf-8")
    code, output = _run(basic, "build", "-f", "html,pdf")
    assert code == 0, output
    built = [p for p in (basic / "output" / "vereinbarungen").iterdir() if "protokoll" in p.name]
    assert len(built) == 2 and all(len(p.name.encode()) <= 255 for p in built)
    assert {p.stem for p in built} == {built[0].stem}
    code, output = _run(basic, "build", "-f", "html,pdf")
    assert "0 erzeugt" in output


# ------------------------------------------------------------------ random input


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    data=st.one_of(
        st.binary(max_size=600),
        st.text(max_size=400).map(lambda t: "---\n" + t + "\n---\nText\n"),
        st.text(max_size=600),
        st.recursive(
            st.none() | st.booleans() | st.integers() | st.text(max_size=20),
            lambda inner: (
                st.lists(inner, max_size=4)
                | st.dictionaries(st.text(max_size=8), inner, max_size=4)
            ),
            max_leaves=20,
        ).map(lambda v: "---\nart: vereinbarung\nklient: " + repr(v) + "\n---\n# Titel\n"),
    )
)
def test_random_input_never_crashes_hangs_or_loses_outputs(data: bytes | str, basic: Path) -> None:
    out = basic / "output"
    if not out.exists():
        assert _run(basic, "build", "-f", "html")[0] == 0
    before = _digests(out)
    (basic / V / "zufall.md").write_bytes(
        data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    )
    for command in (("check",), ("build", "-f", "html")):
        code, output = _run(basic, *command)
        assert code in (0, 1), output
        assert "Traceback" not in output
    after = _digests(out)
    assert {k: v for k, v in after.items() if k in before and "zufall" not in k} == {
        k: v for k, v in before.items() if "zufall" not in k
    }


# ------------------------------------------------------------------ long tables, killed builds


@pytest.mark.parametrize("rows", [1000, 5000])
def test_long_tables_render_in_docx_and_pdf(rows: int, basic: Path) -> None:
    """Rows and cells are laid out once each (``benchmarks/`` shows the growth)."""
    from tests.outputs import docx_text, pdf_text

    table = "| Nr. | Maßnahme | Stand |\n|---|---|---|\n" + "".join(
        f"| {n} | Schritt {n} | offen |\n" for n in range(1, rows + 1)
    )
    (basic / V / "TAB-1.md").write_text(_agreement("TAB-1", body=table), encoding="utf-8")
    code, output = _run(basic, "build", f"{V}TAB-1.md", "-f", "docx,pdf")
    assert code == 0, output
    out = basic / "output" / "vereinbarungen"
    assert f"Schritt {rows}" in docx_text(out / "TAB-1.docx")
    assert f"Schritt{rows}" in pdf_text(out / "TAB-1.pdf").replace(" ", "")


def test_a_killed_build_leaves_readable_outputs_and_the_next_one_completes(
    tmp_path: Path,
) -> None:
    """SIGKILL at random moments of a build, five times: every file stays whole."""
    import signal
    import subprocess
    import sys
    import time
    import zipfile

    import pikepdf

    from tests.conftest import copy_sample_project

    root = copy_sample_project(tmp_path / "p")
    command = [sys.executable, "-m", "kimdocs", "build", "-q"]
    assert subprocess.run(command, cwd=root, capture_output=True).returncode == 0
    moments = random.Random(2026)
    for _ in range(5):
        process = subprocess.Popen(
            [*command, "--force"], cwd=root, start_new_session=True, stderr=subprocess.DEVNULL
        )
        time.sleep(moments.uniform(0.5, 6.0))
        os.killpg(process.pid, signal.SIGKILL)  # the build and its workers, like a power cut
        process.wait()
        for pdf in (root / "output").rglob("*.pdf"):
            with pikepdf.open(pdf) as opened:
                assert len(opened.pages) > 0, pdf
        for docx in (root / "output").rglob("*.docx"):
            with zipfile.ZipFile(docx) as archive:
                assert archive.testzip() is None, docx
    final = subprocess.run(command, cwd=root, capture_output=True, text=True)
    assert final.returncode == 0, final.stderr
