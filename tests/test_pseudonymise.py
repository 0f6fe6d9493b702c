"""Pseudonymisation that keeps meaning: whole names, words that are also names left alone,
dates as months, ages as bands, towns as districts, a report, and the source unchanged."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from click.testing import Result

from kimdocs.cases.pseudonym_text import age_band
from tests.conftest import copy_sample_project
from tests.outputs import pdf_text

MINUTES = "content/protokolle/suedkreis/KIM-SK-2026-0031-fallkonferenz-2026-03-18.md"
ADDED = (
    "Er sagt, der Aufenthalt belastet ihn. Frau Aufenthalt-Probe erklärt das Verfahren; "
    "Agathes Einschätzung teilt die Runde. Die Familie kam nach Oelde, der Sohn ist "
    "9 Jahre alt."
)
NAMES = (
    "Agathe",
    "Aufenthalt-Probe",
    "Yonas",
    "Ausgedachtmann",
    "Selma Mustermann",
    "Mustermann",
    "Jobvermittler-Probe",
    "Jugendhilfe-Beispiel",
    "Beratungslehrer-Muster",
    "Schuldenfrei-Beispiel",
    "Sprachmittler-Muster",
    "Dawit",
)


@pytest.fixture
def pseudonymised(tmp_path: Path, cli: Callable[..., Result]) -> tuple[Path, Path, str]:
    project = copy_sample_project(tmp_path / "sample")
    source = project / MINUTES
    text = source.read_text(encoding="utf-8")
    assert "name: Agathe Aufenthalt-Probe (fiktiv)" in text  # a participant of the sample
    source.write_text(
        text.replace(
            "## Einschätzungen der Partner\n", f"## Einschätzungen der Partner\n\n{ADDED}\n"
        ),
        encoding="utf-8",
    )
    before = source.read_bytes()
    result = cli(project, "pseudonymisieren", MINUTES)
    assert result.exit_code == 0, result.output
    assert source.read_bytes() == before  # the source is never changed
    # The sample has a reconstruction REK-2026-001: the copy takes the next free id.
    return project, source.with_name("REK-2026-002-pseudonymisiert.md"), result.output


def test_the_suedkreis_copy_keeps_meaning_and_names_no_one(
    pseudonymised: tuple[Path, Path, str],
) -> None:
    _, copy, _ = pseudonymised
    text = copy.read_text(encoding="utf-8")
    assert "der Aufenthalt belastet ihn" in text  # a word, not the participant
    assert "Person C erklärt das Verfahren; Person Cs Einschätzung" in text
    assert "Person A hat zu Beginn gesagt" in text  # "Herr Ausgedachtmann (fiktiv)"
    for name in NAMES:
        assert name not in text, name
    assert "KIM-SK-2026-0031" not in text and "fall_id" not in text
    assert "rekonstruktion_id: REK-2026-002" in text
    # Dates become months, ages bands, towns their district.
    assert "14. April 2026" not in text and "läuft im April 2026 ab" in text
    assert "Die Tochter (15–17 Jahre)" in text and "6–9 Jahre alt" in text
    assert "Oelde" not in text and "in den Bezirk Südkreis" in text
    # The case's actions are retold in the text, by month: nothing counts them twice.
    assert "maßnahmen: []" in text and "frist:" not in text
    assert "(Ausländerbehörde; bis Ende März 2026; erledigt)" in text
    # Neither the release nor the conference's note on it: the copy needs none.
    assert "schweigepflichtentbindung:" not in text and "klient:" not in text
    # Words are left to review: the copy claims no anonymity the check did not establish.
    meta = yaml.safe_load(text.split("---\n")[1])
    assert meta["vertraulichkeit"].startswith("Pseudonymisierte Kopie, noch nicht freigegeben")
    assert "keine Namen" not in meta["vertraulichkeit"]


def test_the_report_lists_every_replacement_and_what_remains(
    pseudonymised: tuple[Path, Path, str],
) -> None:
    _, _, output = pseudonymised
    assert "Name: „Frau Aufenthalt-Probe“ → „Person C“" in output
    assert "Name: „Agathes“ → „Person Cs“" in output
    assert "Fall-ID: „KIM-SK-2026-0031“ → „rekonstruktion_id: REK-2026-002“" in output
    assert "Datum: „am 14. April 2026“ → „im April 2026“" in output
    assert "Alter: „(17)“ → „(15–17 Jahre)“" in output
    # What a person must look at: the word left standing, the language, family details.
    assert "„Aufenthalt“ – Namensteil und gewöhnliches Wort: nicht ersetzt" in output
    assert "„Tigrinya“ – Sprache der Person" in output
    assert "„Tochter“ – Familienangabe" in output


@pytest.mark.slow
def test_the_copy_passes_the_anonymity_check_and_its_pdf_names_no_one(
    pseudonymised: tuple[Path, Path, str], cli: Callable[..., Result]
) -> None:
    project, copy, _ = pseudonymised
    built = cli(project, "build", str(copy), "--format", "pdf")
    assert built.exit_code == 0, built.output
    seen = pdf_text(project / "output" / "protokolle" / "suedkreis" / f"{copy.stem}.pdf")
    assert "der Aufenthalt belastet ihn" in " ".join(seen.split())
    for name in (*NAMES, "KIM-SK-2026-0031"):
        assert name not in seen, name


def test_a_telephone_number_left_in_the_text_is_a_risk_in_the_report(
    tmp_path: Path, cli: Callable[..., Result]
) -> None:
    project = copy_sample_project(tmp_path / "sample")
    source = project / MINUTES
    text = source.read_text(encoding="utf-8")
    source.write_text(
        text.replace("## Lage\n", "## Lage\n\nRückruf unter 02522 123456.\n"), "utf-8"
    )
    result = cli(project, "pseudonymisieren", MINUTES)
    assert result.exit_code == 0, result.output
    assert "„02522 123456“ – nennt eine Telefonnummer; bitte entfernen." in result.output


@pytest.mark.parametrize(
    ("age", "band"), [(0, "0–2"), (9, "6–9"), (17, "15–17"), (18, "18–24"), (70, "65 oder älter")]
)
def test_age_bands(age: int, band: str) -> None:
    assert age_band(age) == band


def test_the_copy_is_never_written_through_a_link_or_out_of_content(
    tmp_path: Path, cli: Callable[..., Result]
) -> None:
    """A link in the copy's place (even into nowhere) or a target outside content/ is
    refused; nothing outside the project changes (#28)."""
    project = copy_sample_project(tmp_path / "sample")
    source = project / MINUTES
    planted = source.with_name("REK-2026-002-pseudonymisiert.md")
    planted.symlink_to(tmp_path / "ausserhalb.md")
    result = cli(project, "pseudonymisieren", MINUTES)
    assert result.exit_code == 1 and "gibt es schon; nichts überschrieben" in result.output
    assert not (tmp_path / "ausserhalb.md").exists()
    planted.unlink()
    for target in (str(tmp_path / "kopie.md"), "output/kopie.md", "kimdocs.toml"):
        refused = cli(project, "pseudonymisieren", MINUTES, "-o", target)
        assert refused.exit_code == 1, refused.output
        assert "Traceback" not in refused.output
    assert not (tmp_path / "kopie.md").exists() and not (project / "output/kopie.md").exists()
    inside = cli(project, "pseudonymisieren", MINUTES, "-o", "content/protokolle/kopie.md")
    assert inside.exit_code == 0, inside.output
    assert (project / "content/protokolle/kopie.md").is_file()
