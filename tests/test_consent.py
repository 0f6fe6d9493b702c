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


FORMS = Path("content/einwilligungen/nordkreis")


def signed_form(
    root: Path,
    *partners: str,
    signed: str = "2026-03-04",
    revoked: str | None = None,
    categories: tuple[str, ...] = ("Kontaktdaten",),
    uses: str = "[vereinbarung]",
    name: str = "Rania D'Souza-Haddad (fiktiv)",
    extra: str = "",
    marked: bool = True,
    stem: str | None = None,
) -> Path:
    """A consent form of the Nordkreis case as an office files it once signed."""
    lines = [
        "---",
        "art: einwilligung",
        "fall_id: KIM-NK-2026-0112",
        "bezirk: nordkreis",
        f"datum: {signed}",
        "klient:",
        f'  name: "{name}"',
        "einwilligung:",
        f"  gilt_für: {uses}",
        "  zweck: Abstimmung der Vereinbarung",
        "  organisationen:",
        *(f"    - {p}" for p in partners),
        "  datenkategorien:",
        *(f"    - {c}" for c in categories),
        f"  datum: {signed}",
        *([f"  unterschrieben_am: {signed}"] if marked else []),
        "  gültig_bis: 2027-03-03",
        *([f"  widerrufen_am: {revoked}"] if revoked else []),
        *([extra] if extra else []),
        "---",
        "",
    ]
    folder = root / FORMS
    folder.mkdir(parents=True, exist_ok=True)
    n = len(list(folder.glob("*.md"))) + 1
    path = folder / f"{stem or f'KIM-NK-2026-0112-einwilligung-{signed}-{n}'}.md"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


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


@pytest.mark.slow
def test_a_consent_naming_the_partners_makes_it_build(
    nordkreis: Path, cli: Callable[..., Result]
) -> None:
    signed_form(nordkreis, JOBCENTER)
    result = cli(nordkreis, "check", str(NORDKREIS))
    assert result.exit_code == 1
    [only] = error_lines(result)
    assert f"„{MBE}“" in only and "netzwerk[2]" in only

    signed_form(nordkreis, MBE)  # a second, extended release
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
    signed_form(nordkreis, JOBCENTER, MBE, signed="2026-03-10")
    result = cli(nordkreis, "check", str(NORDKREIS))
    assert result.exit_code == 1
    assert all("wurde erst am 10.03.2026 erteilt" in line for line in error_lines(result))


def test_a_revocation_before_the_document_fails_it(
    nordkreis: Path, cli: Callable[..., Result]
) -> None:
    form = signed_form(nordkreis, JOBCENTER, MBE, signed="2026-02-01", revoked="2026-03-01")
    result = cli(nordkreis, "build", str(NORDKREIS))
    assert result.exit_code == 1
    lines = error_lines(result)
    revoked = [line for line in lines if "„einwilligung.widerrufen_am“" in line]
    assert len(revoked) == 1 and "am 01.03.2026 widerrufen" in revoked[0]
    assert form.name in revoked[0]  # where the revocation is written
    assert "neue, unterschriebene Schweigepflichtentbindung" in revoked[0]
    partners = [line for line in lines if "netzwerk[" in line]
    assert len(partners) == 2 and all("widerrufen" in line for line in partners)

    # Revoked on the day of the agreement: the agreement was made while it held.
    text = form.read_text(encoding="utf-8")
    form.write_text(
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


def test_minutes_take_only_their_own_release_or_a_signed_form_for_conferences(
    tmp_path: Path, cli: Callable[..., Result]
) -> None:
    """A conference without its own release relies on the case's signed consent forms for
    case conferences – never on what the agreement lists."""
    root = copy_sample_project(tmp_path / "p")
    minutes = root / SUEDKREIS_MINUTES
    text = minutes.read_text(encoding="utf-8")
    start, end = text.index("schweigepflichtentbindung:"), text.index("anlass:")
    release = text[start:end]
    minutes.write_text(text[:start] + text[end:], encoding="utf-8")
    result = cli(root, "check", str(minutes))
    assert result.exit_code == 1
    assert any("braucht eine Schweigepflichtentbindung" in line for line in error_lines(result))

    # The same release listed in the agreement: a statement, not a signed act.
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
    result = cli(root, "check", str(minutes))
    assert result.exit_code == 1

    # Signed on a form for case conferences, it covers the conference.
    body = release.replace("schweigepflichtentbindung:", "einwilligung:", 1)
    body = body.replace(
        "  datum: 2026-03-09\n", "  datum: 2026-03-09\n  unterschrieben_am: 2026-03-09\n"
    )
    form = (
        root
        / "content"
        / "einwilligungen"
        / "suedkreis"
        / "KIM-SK-2026-0031-einwilligung-2026-03-09.md"
    )
    form.write_text(
        "---\nart: einwilligung\nfall_id: KIM-SK-2026-0031\nbezirk: suedkreis\n"
        "datum: 2026-03-09\nklient:\n  name: Yonas Ausgedachtmann (fiktiv)\n"
        + body.replace("einwilligung:\n", "einwilligung:\n  gilt_für: [fallkonferenz]\n", 1)
        + "---\n",
        encoding="utf-8",
    )
    result = cli(root, "check", str(minutes), str(form))
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
        Path("content/einwilligungen/beckum/KIM-BE-2026-0019-einwilligung-2026-01-27.md"): (
            "  gültig_bis: 2027-01-26\n",
            "  gültig_bis: 2026-04-10\n",
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
    beckum = {r["Art"]: r for r in by_case["KIM-BE-2026-0019"]}
    assert beckum["Formular"]["Stand"] == "läuft bald ab"
    assert beckum["Formular"]["Gültig bis"] == "2026-04-10"
    assert beckum["Formular"]["Unterschrift"] == "2026-01-27"
    assert beckum["Formular"]["Gilt für"] == "vereinbarung"
    nordkreis = {r["Art"]: r for r in by_case["KIM-NK-2026-0112"]}
    # What the agreement states and what was signed: one row each, each with its own
    # purpose and data categories.
    assert set(nordkreis) == {"Formular", "Angabe der Vereinbarung"}
    form, stated = nordkreis["Formular"], nordkreis["Angabe der Vereinbarung"]
    assert form["Stand"] == "gültig"
    assert form["Organisationen"].split("; ") == [JOBCENTER, MBE]
    assert "Leistungsbezug nach dem SGB II" in form["Datenkategorien"].split("; ")
    # The signed form in standard German with its Leichte-Sprache companion.
    sources = [where.split(":")[0] for where in form["Quelle"].split("; ")]
    assert sources == [
        "content/einwilligungen/nordkreis/KIM-NK-2026-0112-einwilligung-2026-03-04.md",
        "content/einwilligungen/nordkreis/KIM-NK-2026-0112-einwilligung-2026-03-04-leicht.md",
    ]
    assert stated["Quelle"].split(":")[0] == str(NORDKREIS) and stated["Unterschrift"] == ""
    states = {r["Quelle"].split(":")[0]: r for r in by_case["KIM-SK-2026-0031"]}
    revoked = states[str(SUEDKREIS_AGREEMENT)]
    assert revoked["Stand"] == "widerrufen" and revoked["Widerrufen am"] == "2026-03-01"
    assert states[str(SUEDKREIS_MINUTES)]["Stand"] == "abgelaufen"

    result = cli(root, "einwilligungen", "--format", "json", "--bezirk", "Nordkreis")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["stichtag"] == "2026-03-16" and data["anzahl"] == 2
    entry = next(e for e in data["einwilligungen"] if e["Art"] == "Formular")
    assert entry["Organisationen"] == [JOBCENTER, MBE] and entry["Gilt für"] == ["vereinbarung"]
    assert entry["Unterschrieben am"] == "2026-03-04" and entry["Widerrufen am"] == ""

    # A later key day: the Nordkreis release has run out by then.
    result = cli(
        root, "einwilligungen", "-f", "json", "--stichtag", "2027-03-04", "-b", "nordkreis"
    )
    assert {e["Stand"] for e in json.loads(result.output)["einwilligungen"]} == {"abgelaufen"}


def test_register_shows_an_agreement_that_claims_more_than_was_signed(
    tmp_path: Path, cli: Callable[..., Result]
) -> None:
    import json

    root = copy_sample_project(tmp_path / "p")
    form = root / "content/einwilligungen/beckum/KIM-BE-2026-0019-einwilligung-2026-01-27.md"
    form.write_text(
        form.read_text(encoding="utf-8").replace("    - Leistungsbezug nach dem SGB II\n", ""),
        encoding="utf-8",
    )
    agreement = root / "content/vereinbarungen/beckum/KIM-BE-2026-0019.md"
    result = cli(root, "check", str(agreement))
    assert result.exit_code == 1
    [line] = error_lines(result)
    assert "Feld „einwilligungen[1]“" in line
    assert "„Leistungsbezug nach dem SGB II“ deckt die Einwilligung vom 27.01.2026" in line
    assert cli(root, "build", str(agreement)).exit_code == 1
    shown = json.loads(cli(root, "einwilligungen", "-f", "json", "-b", "beckum").output)
    rows = {e["Art"]: e for e in shown["einwilligungen"]}
    assert "Leistungsbezug nach dem SGB II" in rows["Angabe der Vereinbarung"]["Datenkategorien"]
    assert "Leistungsbezug nach dem SGB II" not in rows["Formular"]["Datenkategorien"]


def test_register_table_and_file(tmp_path: Path, cli: Callable[..., Result]) -> None:
    root = _register_project(tmp_path)
    result = cli(root, "einwilligungen")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split()[:2] == ["Fall-ID", "Stand"]
    assert any(line.startswith("KIM-SK-2026-0031") and "widerrufen" in line for line in lines)
    # Per case the agreement's statement and the signed form, and the conference's own.
    assert lines[-1].startswith("9 Einwilligungen in 4 Fällen, davon 2 bald ablaufend, ")
    assert "1 abgelaufen, 1 widerrufen, 0 noch nicht erteilt" in lines[-1]

    result = cli(root, "einwilligungen", "-f", "csv", "-o", "einwilligungen.csv")
    assert result.exit_code == 0, result.output
    written = (root / "output" / "einwilligungen.csv").read_bytes().decode("utf-8-sig")
    assert written.count("\r\n") == 10  # header and nine consents


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
