"""Consent is enforced on one model: agreements, minutes and press, revocations across a case."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from tests.conftest import TESTS, copy_sample_project
from tests.outputs import docx_text, pdf_text, squash

NORDKREIS = Path("content/vereinbarungen/nordkreis/KIM-NK-2026-0112.md")
# The Nordkreis agreement as it was before consent was enforced: two partners, no consent.
BEFORE = TESTS / "consent" / "KIM-NK-2026-0112-vor-der-einwilligung.md"
JOBCENTER = "Jobcenter Kreis Warendorf, Standort Telgte (Beispiel)"
MBE = "Migrationsberatung für Erwachsene (MBE), Beispielträger e. V."


def consent_block(*partners: str, signed: str = "2026-03-04", revoked: str | None = None) -> str:
    lines = ["  - zweck: Abstimmung der Vereinbarung", "    organisationen:"]
    lines += [f"      - {p}" for p in partners]
    lines += ["    datenkategorien: [Kontaktdaten]", f"    datum: {signed}"]
    lines += ["    gültig_bis: 2027-03-03"]
    lines += [f"    widerrufen_am: {revoked}"] if revoked else []
    return "\n".join(lines) + "\n"


@pytest.fixture
def nordkreis(tmp_path: Path) -> Path:
    """A copy of the sample with the Nordkreis agreement as it was, and no consent form."""
    root = copy_sample_project(tmp_path / "p")
    shutil.rmtree(root / "content" / "einwilligungen" / "nordkreis", ignore_errors=True)
    shutil.copy(BEFORE, root / NORDKREIS)
    return root


def with_consent(root: Path, entry: str) -> None:
    """Add a consent to the agreement's list (the list is made with the first one)."""
    path = root / NORDKREIS
    text = path.read_text(encoding="utf-8")
    if "einwilligungen:\n" not in text:
        text = text.replace("datenschutz:\n", "einwilligungen:\ndatenschutz:\n", 1)
    path.write_text(
        text.replace("einwilligungen:\n", "einwilligungen:\n" + entry, 1), encoding="utf-8"
    )


def error_lines(result: Result) -> list[str]:
    return [line for line in result.output.splitlines() if ": Fehler: " in line]


def test_nordkreis_agreement_as_it_was_fails_naming_both_partners(
    nordkreis: Path, cli: Callable[..., Result]
) -> None:
    for command in ("check", "build"):
        result = cli(nordkreis, command, str(NORDKREIS))
        assert result.exit_code == 1, result.output
        jobcenter, mbe = error_lines(result)
        assert jobcenter.startswith(f"{NORDKREIS}:21: Fehler: Feld „netzwerk[1].organisation“")
        assert f"„{JOBCENTER}“" in jobcenter and "Schritt 2.2 zugewiesen" in jobcenter
        assert mbe.startswith(f"{NORDKREIS}:25: Fehler: Feld „netzwerk[2].organisation“")
        assert f"„{MBE}“" in mbe and "Schritt 1.2 zugewiesen" in mbe
        # What must happen in the real world, not which list to edit.
        assert "erweiterte Schweigepflichtentbindung" in mbe and "einholen" in mbe
        assert "aufnehmen" not in result.output
    assert not (nordkreis / "output" / "vereinbarungen" / "nordkreis").exists()


def test_a_consent_naming_the_partners_makes_it_build(
    nordkreis: Path, cli: Callable[..., Result]
) -> None:
    with_consent(nordkreis, consent_block(JOBCENTER))
    result = cli(nordkreis, "check", str(NORDKREIS))
    assert result.exit_code == 1
    [only] = error_lines(result)
    assert f"„{MBE}“" in only and "netzwerk[2]" in only

    with_consent(nordkreis, consent_block(MBE))  # a second, extended release
    result = cli(nordkreis, "build", str(NORDKREIS), "-f", "pdf,docx")
    assert result.exit_code == 0, result.output
    out = nordkreis / "output" / "vereinbarungen" / "nordkreis" / "KIM-NK-2026-0112"
    for text in (docx_text(out.with_suffix(".docx")), pdf_text(out.with_suffix(".pdf"))):
        said = squash(text)
        assert squash("Eine Schweigepflichtentbindung für die Weitergabe") in said
        assert squash(JOBCENTER) in said and squash(MBE) in said
        assert squash("liegt nicht vor") not in said


def test_a_consent_from_a_later_day_or_expired_does_not_count(
    nordkreis: Path, cli: Callable[..., Result]
) -> None:
    with_consent(nordkreis, consent_block(JOBCENTER, MBE, signed="2026-03-10"))
    result = cli(nordkreis, "check", str(NORDKREIS))
    assert result.exit_code == 1
    assert all("wurde erst am 10.03.2026 erteilt" in line for line in error_lines(result))


def test_a_revocation_before_the_document_fails_it(
    nordkreis: Path, cli: Callable[..., Result]
) -> None:
    with_consent(
        nordkreis, consent_block(JOBCENTER, MBE, signed="2026-02-01", revoked="2026-03-01")
    )
    result = cli(nordkreis, "build", str(NORDKREIS))
    assert result.exit_code == 1
    lines = error_lines(result)
    revoked = [line for line in lines if "einwilligungen[1].widerrufen_am" in line]
    assert len(revoked) == 1 and "am 01.03.2026 widerrufen" in revoked[0]
    assert "neue, unterschriebene Schweigepflichtentbindung" in revoked[0]
    partners = [line for line in lines if "netzwerk[" in line]
    assert len(partners) == 2 and all("widerrufen" in line for line in partners)

    # Revoked on the day of the agreement: the agreement was made while it held.
    text = (nordkreis / NORDKREIS).read_text(encoding="utf-8")
    (nordkreis / NORDKREIS).write_text(
        text.replace("widerrufen_am: 2026-03-01", "widerrufen_am: 2026-03-04"), encoding="utf-8"
    )
    assert cli(nordkreis, "check", str(NORDKREIS)).exit_code == 0


SUEDKREIS_AGREEMENT = Path("content/vereinbarungen/suedkreis/KIM-SK-2026-0031.md")
SUEDKREIS_MINUTES = Path(
    "content/protokolle/suedkreis/KIM-SK-2026-0031-fallkonferenz-2026-03-18.md"
)


def test_a_revocation_fails_every_document_of_the_case_dated_after_it(
    tmp_path: Path, cli: Callable[..., Result]
) -> None:
    root = copy_sample_project(tmp_path / "p")
    agreement = root / SUEDKREIS_AGREEMENT  # dated 20.01.2026; the conference is on 18.03.2026
    text = agreement.read_text(encoding="utf-8")
    marker = "    gültig_bis: 2026-12-31\n"
    assert marker in text
    agreement.write_text(
        text.replace(marker, marker + "    widerrufen_am: 2026-03-10\n", 1), encoding="utf-8"
    )
    result = cli(root, "check")
    assert result.exit_code == 1
    failing = {line.split(":", 1)[0] for line in error_lines(result)}
    assert failing == {str(SUEDKREIS_MINUTES)}, result.output
    [message] = [line for line in error_lines(result) if "widerrufen" in line]
    assert "am 10.03.2026 widerrufen" in message and "vom 18.03.2026" in message
    assert "KIM-SK-2026-0031.md" in message  # where the revocation is written

    # A new release signed after the revocation lets the case go on.
    minutes = root / SUEDKREIS_MINUTES
    minutes.write_text(
        minutes.read_text(encoding="utf-8").replace("  datum: 2026-03-09", "  datum: 2026-03-12"),
        encoding="utf-8",
    )
    assert cli(root, "check", str(minutes)).exit_code == 0


def test_minutes_ask_for_an_extended_release_not_for_a_list_entry(
    tmp_path: Path, cli: Callable[..., Result]
) -> None:
    root = copy_sample_project(tmp_path / "p")
    minutes = root / SUEDKREIS_MINUTES
    dropped = "    - Jugendamt der Stadt Oelde (Beispiel)\n"
    minutes.write_text(minutes.read_text(encoding="utf-8").replace(dropped, ""), encoding="utf-8")
    result = cli(root, "check", str(minutes))
    assert result.exit_code == 1
    [line] = error_lines(result)
    assert "deckt „Jugendamt der Stadt Oelde (Beispiel)“ nicht ab" in line
    assert "erweiterte Schweigepflichtentbindung" in line and "einholen" in line
    assert "aufnehmen" not in line and "organisationen“" not in line


def test_minutes_take_the_release_recorded_with_the_agreement(
    tmp_path: Path, cli: Callable[..., Result]
) -> None:
    """A conference without its own release entry relies on the case's other consents."""
    root = copy_sample_project(tmp_path / "p")
    minutes = root / SUEDKREIS_MINUTES
    text = minutes.read_text(encoding="utf-8")
    start, end = text.index("schweigepflichtentbindung:"), text.index("anlass:")
    release = text[start:end]
    minutes.write_text(text[:start] + text[end:], encoding="utf-8")
    result = cli(root, "check", str(minutes))
    assert result.exit_code == 1
    # The agreement's release (20.01.2026) names other organisations than those at the table.
    assert any(
        "„Ausländerbehörde Kreis Warendorf (Beispiel)“ nicht ab" in line
        for line in error_lines(result)
    )

    # The same release, kept with the agreement instead: the conference is covered.
    entry = release.replace("schweigepflichtentbindung:\n  datum:", "  - datum:")
    entry = "\n".join(("  " + ln if ln.startswith("  ") else ln) for ln in entry.splitlines())
    agreement = root / SUEDKREIS_AGREEMENT
    agreement.write_text(
        agreement.read_text(encoding="utf-8").replace(
            "einwilligungen:\n",
            "einwilligungen:\n" + entry.replace("    - datum:", "  - datum:", 1) + "\n",
            1,
        ),
        encoding="utf-8",
    )
    result = cli(root, "check", str(minutes), str(agreement))
    assert result.exit_code == 0, result.output


def test_press_consent_revoked_before_the_release(
    tmp_path: Path, cli: Callable[..., Result]
) -> None:
    root = copy_sample_project(tmp_path / "p")
    release = root / "content" / "presse" / "2026-06-einbuergerungsfeier.md"
    text = release.read_text(encoding="utf-8")
    marker = "      gültig_bis: 2027-06-30\n"
    assert marker in text
    revoked = marker + "      widerrufen_am: 2026-01-02\n"
    release.write_text(text.replace(marker, revoked), encoding="utf-8")
    result = cli(root, "check", str(release))
    assert result.exit_code == 1
    [line] = error_lines(result)
    assert "widerrufen_am" in line and "am 02.01.2026 widerrufen" in line


def _register_project(tmp_path: Path) -> Path:
    """The sample with consents in every state on the test day (16.03.2026)."""
    root = copy_sample_project(tmp_path / "p")
    edits = {
        # Beckum: runs out within 30 days of the test day.
        Path("content/vereinbarungen/beckum/KIM-BE-2026-0019.md"): (
            "    gültig_bis: 2027-01-26\n",
            "    gültig_bis: 2026-04-10\n",
        ),
        # Südkreis agreement: revoked on 01.03.2026.
        SUEDKREIS_AGREEMENT: (
            "    gültig_bis: 2026-12-31\n",
            "    gültig_bis: 2026-12-31\n    widerrufen_am: 2026-03-01\n",
        ),
        # Südkreis conference: expired on the day before the test day.
        SUEDKREIS_MINUTES: ("  gültig_bis: 2026-12-31\n", "  gültig_bis: 2026-03-15\n"),
    }
    for path, (old, new) in edits.items():
        text = (root / path).read_text(encoding="utf-8")
        assert old in text, (path, old)
        (root / path).write_text(text.replace(old, new, 1), encoding="utf-8")
    return root


def test_register_as_csv_and_json_says_what_each_consent_covers_and_its_state(
    tmp_path: Path, cli: Callable[..., Result]
) -> None:
    import csv
    import io
    import json

    root = _register_project(tmp_path)
    result = cli(root, "einwilligungen", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(result.output.lstrip("\ufeff")), delimiter=";"))
    by_case: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        by_case.setdefault(row["Fall-ID"], []).append(row)
    [beckum] = by_case["KIM-BE-2026-0019"]
    assert beckum["Stand"] == "läuft bald ab" and beckum["Gültig bis"] == "2026-04-10"
    [nordkreis] = by_case["KIM-NK-2026-0112"]
    assert nordkreis["Stand"] == "gültig"
    assert nordkreis["Organisationen"].split("; ") == [JOBCENTER, MBE]
    assert "Leistungsbezug nach dem SGB II" in nordkreis["Datenkategorien"].split("; ")
    # One consent, recorded with the agreement and on the signed forms (standard and leicht).
    sources = [where.split(":")[0] for where in nordkreis["Quelle"].split("; ")]
    assert str(NORDKREIS) in sources and len(sources) == 3
    assert "content/einwilligungen/nordkreis/KIM-NK-2026-0112-einwilligung-2026-03-04.md" in sources
    states = {r["Quelle"].split(":")[0]: r for r in by_case["KIM-SK-2026-0031"]}
    revoked = states[str(SUEDKREIS_AGREEMENT)]
    assert revoked["Stand"] == "widerrufen" and revoked["Widerrufen am"] == "2026-03-01"
    assert states[str(SUEDKREIS_MINUTES)]["Stand"] == "abgelaufen"

    result = cli(root, "einwilligungen", "--format", "json", "--bezirk", "Nordkreis")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["stichtag"] == "2026-03-16" and data["anzahl"] == 1
    [entry] = data["einwilligungen"]
    assert entry["Organisationen"] == [JOBCENTER, MBE]
    assert entry["Unterschrieben am"] == "2026-03-04" and entry["Widerrufen am"] == ""

    # A later key day: the Nordkreis release has run out by then.
    result = cli(
        root, "einwilligungen", "-f", "json", "--stichtag", "2027-03-04", "-b", "nordkreis"
    )
    assert json.loads(result.output)["einwilligungen"][0]["Stand"] == "abgelaufen"


def test_register_table_and_file(tmp_path: Path, cli: Callable[..., Result]) -> None:
    root = _register_project(tmp_path)
    result = cli(root, "einwilligungen")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split()[:2] == ["Fall-ID", "Stand"]
    assert any(line.startswith("KIM-SK-2026-0031") and "widerrufen" in line for line in lines)
    # The fourth case's release (KIM-AH-2026-0042, for the Ausländerbehörde) comes later.
    assert lines[-1].startswith("5 Einwilligungen in 4 Fällen, davon 1 bald ablaufend, ")
    assert "1 abgelaufen, 1 widerrufen" in lines[-1]

    result = cli(root, "einwilligungen", "-f", "csv", "-o", "einwilligungen.csv")
    assert result.exit_code == 0, result.output
    written = (root / "output" / "einwilligungen.csv").read_bytes().decode("utf-8-sig")
    assert written.count("\r\n") == 6  # header and five consents


def test_register_names_a_broken_consent(tmp_path: Path, cli: Callable[..., Result]) -> None:
    root = copy_sample_project(tmp_path / "p")
    shutil.rmtree(root / "content" / "einwilligungen")  # the agreement's is the only record
    path = root / NORDKREIS
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("gültig_bis: 2027-03-03", "gültig_bis: bald"), encoding="utf-8")
    result = cli(root, "einwilligungen")
    assert result.exit_code == 1
    line = 1 + text.splitlines().index("    gültig_bis: 2027-03-03")
    assert f"{NORDKREIS}:{line}: Fehler: Feld „einwilligungen[1].gültig_bis“" in result.output
    assert "„bald“ ist kein gültiges Datum" in result.output
    table = result.output.split(f"{NORDKREIS}:")[0]
    assert "KIM-NK-2026-0112" not in table and "KIM-SK-2026-0031" in table
