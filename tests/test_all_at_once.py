"""Every problem of a file in one run, ids as users type them, and what is due.

``check`` reads each file once and reports what it can find: schema errors, districts,
the release from confidentiality, facts and links together, so that fixing one problem
never reveals the next.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from kimdocs.kinds.press import default_boilerplate
from kimdocs.project import load_project
from tests.test_minutes import MINUTES, actions_yaml

Cli = Callable[..., Result]


def _minutes(basic: Path, name: str, replace: dict[str, str]) -> Path:
    text = MINUTES.replace("{actions}", actions_yaml(2))
    for old, new in replace.items():
        assert old in text, old
        text = text.replace(old, new)
    folder = basic / "content" / "protokolle"
    folder.mkdir(exist_ok=True)
    path = folder / f"{name}.md"
    path.write_text(text, encoding="utf-8")
    return path


def _release_removed(text: str) -> str:
    start = text.index("schweigepflichtentbindung:")
    return text[:start] + text[text.index("anlass:") :]


def test_four_problems_of_one_file_in_the_first_run(cli: Cli, basic: Path) -> None:
    path = _minutes(
        basic,
        "vier-fehler",
        {
            "datum: 2026-04-14": "datum: 31.02.2026",
            "klient_anwesend: ja": "klient_anwesend: vielleicht",
            "bezirk: mitte": "bezirk: MITE",
            # A case of its own: the agreement of T-0001 records a release for its case.
            "fall_id: T-0001": "fall_id: T-0078",
        },
    )
    path.write_text(_release_removed(path.read_text(encoding="utf-8")), encoding="utf-8")
    result = cli(basic, "check", str(path))
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    where = "content/protokolle/vier-fehler.md"
    # Errors only: the file is not named by its case id either, a warning beside them.
    errors = [ln for ln in result.output.splitlines() if ln.startswith(where) and ": Fehler:" in ln]
    expected = [
        r":6: Fehler: Feld „datum“: „31\.02\.2026“ ist kein gültiges Datum",
        r":15: Fehler: Feld „klient_anwesend“: „vielleicht“ ist weder „ja“ noch „nein“",
        r":5: Fehler: Feld „bezirk“: Unbekannter Bezirk „MITE“\. Meinten Sie „mitte“\?",
        r":1: Fehler: Feld „schweigepflichtentbindung“: Eine Fallkonferenz braucht eine "
        r"Schweigepflichtentbindung",
    ]
    for pattern in expected:
        assert any(re.match(re.escape(where) + pattern, ln) for ln in errors), (pattern, errors)
    assert len(errors) == 4, errors


def test_agreement_checks_run_beside_schema_errors(
    cli: Cli, basic: Path, write_agreement: Callable[..., Path]
) -> None:
    path = write_agreement(
        "zwei-fehler",
        {"bezirk: mitte": "bezirk: Nordkreis", "datum: 2026-03-02": "datum: 2026-13-02"},
    )
    result = cli(basic, "check", str(path))
    assert "Feld „datum“" in result.output
    assert "Unbekannter Bezirk „Nordkreis“" in result.output
    # The review date cannot be compared with a date that is not one: nothing is guessed.
    assert "Überprüfung muss nach" not in result.output


def test_district_ids_match_in_any_case(
    cli: Cli, basic: Path, write_agreement: Callable[..., Path]
) -> None:
    write_agreement("gross", {"bezirk: mitte": "bezirk: Mitte"})
    write_agreement("laut", {"bezirk: mitte": "bezirk: MITTE"})
    result = cli(basic, "check")
    assert result.exit_code == 0, result.output
    assert "Bezirk" not in result.output
    listed = cli(basic, "aktionen", "--bezirk", "MITTE")
    assert listed.exit_code == 0, listed.output
    assert "GROSS" in listed.output and "LAUT" in listed.output


def test_overdue_review_and_steps_are_warnings(
    cli: Cli,
    basic: Path,
    write_agreement: Callable[..., Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = write_agreement("alt")
    _minutes(basic, "konferenz", {})
    monkeypatch.setattr("kimdocs.base.dates.today", lambda: dt.date(2026, 7, 1))
    result = cli(basic, "check", str(path), "content/protokolle/konferenz.md")
    assert result.exit_code == 0, result.output
    out = result.output
    assert (
        "content/vereinbarungen/alt.md:6: Warnung: Feld „überprüfung“: Die Überprüfung war am "
        "02.06.2026 fällig."
    ) in out
    assert (
        "content/vereinbarungen/alt.md:19: Warnung: Feld „ziele[1].schritte[1].bis“: "
        "Überfällig: „Ein Schritt“ (Klient) war bis 01.04.2026 vereinbart"
    ) in out
    # Minutes: action 2 is open and past its deadline; action 1 is done.
    assert "konferenz.md:42: Warnung: Feld „maßnahmen[2].frist“: Überfällig" in out
    assert "maßnahmen[1].frist" not in out

    closed = path.read_text(encoding="utf-8").replace(
        "datum: 2026-03-02", "phase: Abschluss\ndatum: 2026-03-02"
    )
    path.write_text(closed, encoding="utf-8")
    assert "alt.md" not in cli(basic, "check", str(path)).output.split("Datei geprüft")[0]


def test_preview_shows_overdue_findings_and_links_the_docx(
    basic: Path, write_agreement: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from kimdocs.preview.model import Preview

    write_agreement("alt")
    monkeypatch.setattr("kimdocs.base.dates.today", lambda: dt.date(2026, 7, 1))
    snapshot = Preview(basic).rebuild()
    entry = snapshot.entry("content/vereinbarungen/alt.md")
    assert entry is not None
    assert any("Die Überprüfung war am 02.06.2026 fällig" in f.message for f in entry.findings)
    assert entry.docx is not None and entry.docx.name == "alt.docx"
    assert entry.pdf is not None


def test_boilerplate_counts_towns_grammatically(basic: Path) -> None:
    project = load_project(basic)
    one = default_boilerplate(project)
    assert "begleitet Zugewanderte in Teststadt rechtskreisübergreifend" in one
    assert "1 Städten" not in one
    config = basic / "kimdocs.toml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            'gemeinden = ["Teststadt"]', 'gemeinden = ["Teststadt", "Oberdorf"]'
        ),
        encoding="utf-8",
    )
    assert "in Teststadt und Oberdorf rechtskreisübergreifend" in default_boilerplate(
        load_project(basic)
    )
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            '"Oberdorf"]', '"Oberdorf", "Unterdorf", "Mitteldorf"]'
        ),
        encoding="utf-8",
    )
    assert "in 4 Städten und Gemeinden" in default_boilerplate(load_project(basic))


def test_incomplete_press_contact_is_a_warning(cli: Cli, basic: Path) -> None:
    folder = basic / "content" / "presse"
    folder.mkdir()
    release = folder / "meldung.md"
    release.write_text(
        "---\nart: presse\ntitel: Neue Sprechzeiten\nort: Teststadt\ndatum: 2026-03-10\n"
        "vorspann: Das Integrationsmanagement berät jetzt auch donnerstags.\n---\n\nText.\n",
        encoding="utf-8",
    )
    result = cli(basic, "check", str(release))
    assert result.exit_code == 0, result.output
    assert (
        "meldung.md:1: Warnung: Feld „pressekontakt“: Im Pressekontakt fehlen Telefon und "
        "E-Mail" in result.output
    )
    release.write_text(
        release.read_text(encoding="utf-8").replace(
            "---\n\nText",
            "pressekontakt:\n  name: Pia Presse (fiktiv)\n  telefon: 01234 5\n---\n\nText",
        ),
        encoding="utf-8",
    )
    result = cli(basic, "check", str(release))
    assert "Im Pressekontakt fehlt E-Mail: Redaktionen" in result.output
    assert "unter „pressekontakt“ in dieser Mitteilung" in result.output
