"""Free text in reports passes the identifier check: names, birth dates and case ids of the
project's people fail the report, naming the file, the line and the word."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from kimdocs.build.run import build
from kimdocs.project import load_project
from kimdocs.text.known_identifiers import KnownMatcher, case_id_spellings, date_spellings
from tests.conftest import copy_sample_project

FINDINGS = "content/protokolle/suedkreis/KIM-SK-2026-0031-fallkonferenz-2026-03-18.md"
REPORT = "content/berichte/2026-ausschuss-kim.md"
# The conference's findings say: "Abendkurse für den Berufssprachkurs B2 gibt es im
# Südkreis nur an einem Standort. Berufstätige / mit Minijob haben kaum Alternativen."
SENTENCE = "  mit Minijob haben kaum Alternativen."


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_sample_project(tmp_path_factory.mktemp("sample") / "p")


@pytest.fixture
def copy(sample: Path, tmp_path: Path) -> Path:
    root = tmp_path / "p"
    shutil.copytree(sample, root)
    return root


def _write_into_findings(root: Path, text: str) -> int:
    """Replace the second line of the second finding; return its line in the file."""
    path = root / FINDINGS
    lines = path.read_text("utf-8").split("\n")
    n = lines.index(SENTENCE)
    lines[n] = text
    path.write_text("\n".join(lines), "utf-8")
    return n + 1


def test_a_client_surname_from_another_case_fails_the_report(
    copy: Path, cli: Callable[..., Result]
) -> None:
    # Oksana Platzhalterenko is the client of KIM-BE-2026-0019, not of this conference.
    line = _write_into_findings(copy, "  wie Platzhalterenko haben kaum Alternativen.")
    result = cli(copy, "build", REPORT, "-f", "pdf")
    assert result.exit_code == 1
    expected = (
        f"{FINDINGS}:{line}: Fehler: Feld „Strukturelle Erkenntnisse“: Die strukturellen "
        "Erkenntnisse nennen einen Namensteil („Platzhalterenko“)."
    )
    assert expected in result.output, result.output
    assert not (copy / "output" / "berichte" / "2026-ausschuss-kim.pdf").exists()
    # check says so too, for every report that takes the finding.
    result = cli(copy, "check", "content/berichte")
    assert result.exit_code == 1
    assert result.output.count("(„Platzhalterenko“)") == 2


@pytest.mark.parametrize(
    ("written", "word"),
    [
        ("  wie Frau Ausgedachtmann haben kaum Alternativen.", "Frau Ausgedachtmann"),
        ("  wie Ausgedachtmanns Familie haben kaum Alternativen.", "Ausgedachtmann"),
        ("  wie Rania D'Souza-Haddad haben kaum Alternativen.", "Rania D'Souza-Haddad"),
        ("  wie Beispielovic haben kaum Alternativen.", "Beispielovic"),  # ASCII
        ("  wie Platz\u200dhalterenko haben kaum Alternativen.", "Platz\u200dhalterenko"),
        ("  (geb. 2.5.86) haben kaum Alternativen.", "geb. 2.5.86"),
        ("  (02/05/1986) haben kaum Alternativen.", "02/05/1986"),  # Yonas' birth date
        ("  (vgl. KIM SK 2026 0031) haben kaum Alternativen.", "KIM SK 2026 0031"),
        ("  (vgl. Fall SK-0031) haben kaum Alternativen.", "SK-0031"),
        ("  (vgl. KIM-NK-2026-0112) haben kaum Alternativen.", "KIM-NK-2026-0112"),
        ("  wie Selma Mustermann haben kaum Alternativen.", "Selma Mustermann"),  # staff
        ("  (Tel. 02522 000-301) haben kaum Alternativen.", "02522 000-301"),
    ],
)
def test_every_identifier_the_project_knows_is_refused(copy: Path, written: str, word: str) -> None:
    line = _write_into_findings(copy, written)
    project = load_project(copy)
    [result] = build(project, [copy / REPORT], formats=["json"], jobs=1)
    assert not result.ok
    found = [(p.line, p.message) for p in result.problems if p.is_error]
    assert any(at == line and f"(„{word}“)" in message for at, message in found), found


def test_a_name_broken_at_the_end_of_a_line_is_found(copy: Path) -> None:
    path = copy / FINDINGS
    text = path.read_text("utf-8").replace(
        "Berufstätige\n" + SENTENCE, "Berufstätige wie Yonas\n  Ausgedachtmann haben kaum."
    )
    path.write_text(text, "utf-8")
    [result] = build(load_project(copy), [copy / REPORT], formats=["json"], jobs=1)
    assert [p.message for p in result.problems if "Yonas Ausgedachtmann" in p.message]


def test_the_reports_own_text_is_checked(copy: Path) -> None:
    path = copy / REPORT
    text = path.read_text("utf-8")
    text = text.replace("## Ausblick\n", "## Ausblick\n\nFrau D'Souza-Haddad dankt.\n", 1)
    path.write_text(text, "utf-8")
    line = text.split("\n").index("Frau D'Souza-Haddad dankt.") + 1
    [result] = build(load_project(copy), [path], formats=["json"], jobs=1)
    assert [(p.line, p.field) for p in result.problems if p.is_error] == [(line, "Text")]


def test_the_sample_reports_pass(sample: Path) -> None:
    from kimdocs.build.run import check

    results = check(load_project(sample), [sample / "content" / "berichte"])
    assert [p.format() for r in results for p in r.problems] == []


def test_findings_outside_the_report_are_not_its_concern(copy: Path) -> None:
    """A report on Ahlen does not take the Südkreis conference's findings."""
    _write_into_findings(copy, "  wie Platzhalterenko haben kaum Alternativen.")
    path = copy / REPORT
    path.write_text(
        path.read_text("utf-8").replace("layout: bericht", "layout: bericht\nbezirke: [Ahlen]"),
        "utf-8",
    )
    [result] = build(load_project(copy), [path], formats=["json"], jobs=1)
    assert result.ok, [p.format() for p in result.problems]


def test_spellings() -> None:
    import datetime as dt

    forms = date_spellings(dt.date(1991, 7, 14))
    for form in ("14.07.1991", "14.7.91", "14/07/1991", "14-07-1991", "14.07.91", "1991-07-14"):
        assert form in forms
    assert "14. Juli 1991" in forms
    assert {"KIM SK 2026 0031", "SK-0031", "SK-2026-0031"} <= set(
        case_id_spellings("KIM-SK-2026-0031")
    )


def test_one_matcher_for_thousands_of_names() -> None:
    """The names are compiled once into one automaton; a text is searched once, however
    many names the project knows (its growth: benchmarks/pseudonymise_recall.py)."""
    names = [(f"Vorname{n} Nachname{n:04d}", "den Namen") for n in range(4000)]
    names += [(f"Nachname{n:04d}", "einen Namensteil") for n in range(4000)]
    matcher = KnownMatcher(names)
    found = matcher.find("Kurse fehlen, sagt Nachname3999; " * 40 + "Vorname7 Nachname0007s Rat.")
    assert [f.text for f in found[:1]] == ["Nachname3999"] and len(found) == 41
    assert (found[-1].text, found[-1].what) == ("Vorname7 Nachname0007", "den Namen")


def test_double_spaces_and_inflection_do_not_hide_a_name() -> None:
    matcher = KnownMatcher([("Yonas Ausgedachtmann", "den Namen")])
    [found] = matcher.find("Wie Yonas  Ausgedachtmanns Familie.")
    assert found.text == "Yonas  Ausgedachtmann"
