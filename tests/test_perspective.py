"""Bleibeperspektive: the worksheet of a client's residence routes, its copy in Leichte
Sprache, the triage of the caseload, ``check`` on changed results, ``aktionen`` and the
committee report. Read back as users see them: PDF (pdfplumber), DOCX (python-docx and
LibreOffice), the command line, the report's JSON."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from pathlib import Path

import pdfplumber
import polib
import pytest
from click.testing import Result
from docx import Document

from kimdocs.build.run import build
from kimdocs.catalog import walked
from kimdocs.checking.written_text import check_written_text
from kimdocs.kinds import load_document
from kimdocs.kinds.perspective import LABEL, case_agreement, case_timeline
from kimdocs.project import load_project
from kimdocs.residence.rule_files import SHIPPED
from tests.conftest import REPO, copy_sample_project
from tests.outputs import libreoffice_to_pdf, pdf_catalog, pdf_text, squash
from tests.skeletons import fill

TODAY = dt.date(2026, 12, 7)
CASES = ("KIM-AH-2026-0042", "KIM-BE-2026-0057", "KIM-NK-2026-0131")
SAMPLES = sorted((REPO / "content" / "perspektiven").rglob("*.md"))
YOUNG = Path("content/perspektiven/ahlen/KIM-AH-2026-0042-perspektive.md")
YOUNG_FORM = Path("content/einwilligungen/ahlen/KIM-AH-2026-0042-einwilligung-2026-01-15.md")
WORKSHEETS = Path("output/perspektiven")


@pytest.fixture(autouse=True)
def today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("kimdocs.base.dates.today", lambda: TODAY)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample project with its three worksheets built (PDF, DOCX, HTML)."""
    root = copy_sample_project(tmp_path_factory.mktemp("perspektive") / "p")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("kimdocs.base.dates.today", lambda: TODAY)
        report = build(load_project(root), [root / "content" / "perspektiven"], jobs=1)
    assert all(r.ok for r in report), [p.format() for r in report for p in r.problems]
    warnings = [p.format() for r in report for p in r.problems]
    assert warnings == []
    return root


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    return copy_sample_project(tmp_path / "p")


def _pages(pdf: Path) -> list[str]:
    with pdfplumber.open(pdf) as document:
        return [page.extract_text() or "" for page in document.pages]


# --- the samples and what they take from the agreement ---------------------------------


def test_three_fictional_clients_with_their_agreements() -> None:
    assert len(SAMPLES) == 3
    for path, case_id in zip(SAMPLES, sorted(CASES), strict=True):
        text = path.read_text(encoding="utf-8")
        assert "Fiktives Beispiel" in text and case_id in path.name
        [agreement] = (REPO / "content" / "vereinbarungen").rglob(f"{case_id}.md")
        assert "(fiktiv)" in agreement.read_text(encoding="utf-8")


def test_name_birth_date_and_district_come_from_the_agreement(sample: Path) -> None:
    project = load_project(sample)
    with walked(project):
        young = load_document(sample / YOUNG, project)
        assert "geburtsdatum: {status: nachgewiesen" in (sample / YOUNG).read_text("utf-8")
        stated = young.kind.statements(young, project)
        assert stated.client == "Samira Yousefi (fiktiv)"
        assert stated.birth == dt.date(2000, 2, 29)
        assert stated.birth_how.startswith("nachgewiesen: Geburtsurkunde")
        assert stated.district == "Ahlen"
        family = next(sample.rglob("KIM-BE-2026-0057-perspektive.md"))
        doc = load_document(family, project)
        found = case_agreement(project, "KIM-BE-2026-0057")
        assert found is not None
        timeline = case_timeline(doc.fields, found.fields)
        assert timeline.birth is not None and timeline.birth.day == dt.date(1984, 9, 12)
        assert timeline.birth.status == "angegeben"  # the agreement states it, nothing proves it
        assert "Geburtsdatum: nur angegeben, Nachweis fehlt" in {
            u for r in doc.kind.statements(doc, project).evaluation.routes for u in r.unproven
        }


def test_a_birth_date_typed_twice_is_a_warning_and_a_different_one_an_error(
    sample: Path, cli: Callable[..., Result]
) -> None:
    path = sample / YOUNG
    text = path.read_text(encoding="utf-8")
    line = next(n for n, ln in enumerate(text.splitlines(), 1) if ln.startswith("geburtsdatum"))
    same = text.replace("{status: nachgewiesen,", "{datum: 2000-02-29, status: nachgewiesen,")
    path.write_text(same, encoding="utf-8")
    result = cli(sample, "check", str(YOUNG))
    assert result.exit_code == 0
    assert f"{YOUNG}:{line}: Warnung: Feld „geburtsdatum.datum“: Das Geburtsdatum steht " in (
        result.output
    )
    path.write_text(same.replace("2000-02-29", "2000-03-01"), encoding="utf-8")
    result = cli(sample, "check", str(YOUNG))
    assert result.exit_code == 1
    assert "Das Geburtsdatum 01.03.2000 widerspricht dem in der Vereinbarung" in result.output
    assert "(29.02.2000)" in result.output


# --- sharing with the immigration office ---------------------------------------------


def test_sharing_needs_a_release_for_the_office_and_residence_data(
    sample: Path, cli: Callable[..., Result]
) -> None:
    assert cli(sample, "check", str(YOUNG)).exit_code == 0
    # The release is the signed form of the case: what it names decides, not what the
    # agreement states.
    form = sample / YOUNG_FORM
    text = form.read_text(encoding="utf-8")
    form.write_text(
        text.replace("    - Aufenthaltsstatus und Aufenthaltsverlauf\n", ""), encoding="utf-8"
    )
    result = cli(sample, "check", str(YOUNG))
    assert result.exit_code == 1
    assert "Feld „weitergabe[1]“: Das Arbeitsblatt soll an „Ausländerbehörde Kreis Warendorf" in (
        result.output
    )
    assert "aber keine Daten zum Aufenthalt (Datenkategorien: Kontaktdaten; Schul-" in (
        result.output
    )
    # A release that ran out before the worksheet's date does not count either.
    form.write_text(
        text.replace("gültig_bis: 2027-01-14", "gültig_bis: 2026-11-15"), encoding="utf-8"
    )
    result = cli(sample, "check", str(YOUNG))
    assert "ist seit 16.11.2026 abgelaufen" in result.output
    # A statement in the agreement is no release: without the form, nothing lets it go.
    form.unlink()
    result = cli(sample, "check", str(YOUNG))
    assert result.exit_code == 1
    assert "Keine Schweigepflichtentbindung des Falls nennt „Ausländerbehörde Kreis" in (
        result.output
    )


# --- the worksheet -------------------------------------------------------------------


def test_worksheet_pdf_names_label_case_date_and_rules_on_every_page(built: Path) -> None:
    project = load_project(built)
    pdf = built / WORKSHEETS / "ahlen" / "KIM-AH-2026-0042-perspektive.pdf"
    pages = _pages(pdf)
    assert len(pages) >= 3
    with walked(project):
        doc = load_document(built / YOUNG, project)
        stated = doc.kind.statements(doc, project)
    assert stated.rules_version.startswith("Regeln geprüft bis ")
    for number, page in enumerate(pages, start=1):
        assert LABEL in page, number
        assert "Fall-ID KIM-AH-2026-0042" in page, number
        assert "Stichtag 16.11.2026" in page, number
        assert stated.rules_version in page, number
        assert f"Seite {number} von {len(pages)}" in page
    text = squash(pdf_text(pdf))
    # One card per route in force: its outcome, conditions with facts and sources, dates.
    for route in stated.evaluation.routes:
        assert squash(route.title) in text
        for condition in route.conditions:
            assert squash(condition.fact) in text
    assert squash("erfüllt · Antrag spätestens am 28.02.2027") in text
    assert squash("geboren am 29.02.2000; 27. Lebensjahr vollendet mit Ablauf des 28.02.2027") in (
        text
    )
    assert squash("https://www.gesetze-im-internet.de/aufenthg_2004/__25a.html") in text
    assert squash("Nur angegeben, Nachweis fehlt:") in text
    assert squash("Einteilung am Stichtag: grün") in text
    assert squash("Nächste Änderung: ab 01.03.2027 gelb") in text
    assert squash("Weitergabe an Ausländerbehörde Kreis Warendorf (Beispiel) mit der") in text
    catalog = pdf_catalog(pdf)
    assert catalog["lang"] == "de" and catalog["marked"] and catalog["struct_tree"]


def test_worksheet_opening_later_says_from_when(built: Path) -> None:
    text = squash(pdf_text(built / WORKSHEETS / "nordkreis" / "KIM-NK-2026-0131-perspektive.pdf"))
    assert squash("Einbürgerung (§ 10 StAG)") in text
    assert squash("nicht erfüllt · erfüllt ab 16.06.2027") in text
    assert squash("Einteilung am Stichtag: rot") in text


def test_worksheet_docx_carries_the_same_on_every_page(built: Path, tmp_path: Path) -> None:
    docx = built / WORKSHEETS / "ahlen" / "KIM-AH-2026-0042-perspektive.docx"
    document = Document(str(docx))
    section = document.sections[0]
    header = section.header.paragraphs[0].text
    first_header = "\n".join(p.text for p in section.first_page_header.paragraphs)
    assert LABEL in header and "Fall-ID KIM-AH-2026-0042" in header
    assert LABEL in first_header
    for footer in (section.footer, section.first_page_footer):
        text = "\n".join(p.text for p in footer.paragraphs)
        assert "Stichtag 16.11.2026 · Regeln geprüft bis " in text
    body = "\n".join(p.text for p in document.paragraphs)
    assert "Aufenthaltserlaubnis für gut integrierte Jugendliche" in body
    assert "Nur angegeben, Nachweis fehlt:" in body
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert any("27. Lebensjahr vollendet mit Ablauf des 28.02.2027" in c for c in cells)
    # What Word users see: LibreOffice lays the DOCX out, every page carries the running lines.
    [converted] = libreoffice_to_pdf([docx], tmp_path)
    pages = _pages(converted)
    assert len(pages) >= 3
    for number, page in enumerate(pages, start=1):
        flat = " ".join(page.split())
        assert LABEL in flat, number
        assert "Stichtag 16.11.2026 · Regeln geprüft bis" in flat, number


# --- the client's copy in Leichte Sprache ----------------------------------------------


def test_easy_copy_says_what_to_do_what_is_missing_and_by_when(built: Path) -> None:
    pdf = built / WORKSHEETS / "ahlen" / "KIM-AH-2026-0042-perspektive-leicht.pdf"
    text = squash(pdf_text(pdf))
    for sentence in (
        "Das können Sie jetzt tun",
        "Aufenthalts·erlaubnis für junge Menschen",
        "Stellen Sie den Antrag spätestens am 28. Februar 2027.",
        "Das fehlt noch",
        "Ein Führungs·zeugnis.",
        "Wichtige Tage",
        "Wichtig: Dieses Blatt ist nur eine Hilfe.",
    ):
        assert squash(sentence) in text, sentence
    with pdfplumber.open(pdf) as document:
        sizes = {round(c["size"], 1) for page in document.pages for c in page.chars}
    assert min(sizes) >= 13.9  # every character the reader sees, running lines included
    later = squash(
        pdf_text(built / WORKSHEETS / "nordkreis" / "KIM-NK-2026-0131-perspektive-leicht.pdf")
    )
    assert squash("Ab dem 16. Juni 2027 können Sie einen Antrag stellen.") in later


def test_the_checker_reads_the_copy_and_finds_no_error(sample: Path) -> None:
    project = load_project(sample)
    with walked(project):
        for path in sorted((sample / "content" / "perspektiven").rglob("*.md")):
            report = check_written_text(load_document(path, project), project)
            assert report is not None
            assert report.errors == 0, [f.format(sample) for f in report.findings]
            assert report.readability is not None and report.readability.sentences > 10


def test_easy_copy_is_translated_like_the_client_copies(
    sample: Path, cli: Callable[..., Result]
) -> None:
    result = cli(sample, "übersetzung", "exportieren", str(YOUNG), "--sprache", "en")
    assert result.exit_code == 0, result.output
    po_path = sample / YOUNG.with_name(f"{YOUNG.stem}.en.po")
    catalog = polib.pofile(str(po_path))
    english = {
        "Ihre Wege zu einem sicheren Aufenthalt": "Your routes to a secure stay",
        "Aufenthalts·erlaubnis für junge Menschen": "Residence permit for young people",
        "Stellen Sie den Antrag spätestens am {datum}.": "Apply by {datum} at the latest.",
        "Sie können jetzt einen Antrag stellen.": "You can apply now.",
    }
    for entry in catalog:
        if entry.msgid in english:
            entry.msgstr = english[entry.msgid]
    assert {e.msgid for e in catalog} >= set(english)
    catalog.save(str(po_path))
    report = build(load_project(sample), [sample / YOUNG], ["pdf"], jobs=1)
    assert all(r.ok for r in report), [p.format() for r in report for p in r.problems]
    out = sample / "output" / "perspektiven" / "ahlen"
    text = squash(pdf_text(out / "KIM-AH-2026-0042-perspektive.en.pdf"))
    assert squash("Your routes to a secure stay") in text
    assert squash("Residence permit for young people") in text
    assert squash("Apply by 28.02.2027 at the latest.") in text  # the date as digits
    assert squash("You can apply now.") in text
    assert squash("Das fehlt noch") in text  # not translated: the German stands in
    assert pdf_catalog(out / "KIM-AH-2026-0042-perspektive.en.pdf")["lang"] == "en"


# --- the triage of the caseload ------------------------------------------------------


def test_triage_of_the_caseload(sample: Path, cli: Callable[..., Result]) -> None:
    result = cli(sample, "wege")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split()[:2] == ["Ampel", "Fall-ID"]
    assert re.search(
        r"^grün\s+KIM-AH-2026-0042\s+Ahlen\s+§ 25a AufenthG\s+§ 25a AufenthG "
        r"bis 28.02.2027\s+ab 01.03.2027 gelb$",
        result.output,
        re.MULTILINE,
    )
    assert re.search(
        r"^gelb\s+KIM-BE-2026-0057\s+Beckum\s+§ 25b AufenthG, § 60d AufenthG$",
        result.output,
        re.MULTILINE,
    )
    assert re.search(
        r"^rot\s+KIM-NK-2026-0131\s+Nordkreis\s+ab 17.03.2027 grün$", result.output, re.MULTILINE
    )
    assert "3 Klientinnen und Klienten: 1 grün, 1 gelb, 1 rot (Stichtag 07.12.2026;" in (
        result.output
    )
    data = json.loads(cli(sample, "bleibeperspektive", "-f", "json").output)
    by_case = {c["fall_id"]: c for c in data["klienten"]}
    assert data["stichtag"] == "2026-12-07" and set(by_case) == set(CASES)
    assert by_case["KIM-AH-2026-0042"]["antrag_bis"] == [
        {"weg": "§ 25a AufenthG", "datum": "2027-02-28"}
    ]
    assert by_case["KIM-NK-2026-0131"]["nächste_änderung"] == {
        "datum": "2027-03-17",
        "ampel": "grün",
    }
    csv = cli(sample, "wege", "-f", "csv", "--ampel", "gelb").output
    assert csv.startswith("\ufeffAmpel;Fall-ID;Bezirk;Wege;")
    assert len(csv.splitlines()) == 2 and "KIM-BE-2026-0057" in csv
    # On the day after the 27th birthday's deadline, the young woman is no longer green.
    later = cli(sample, "wege", "--stichtag", "2027-03-01", "--bezirk", "ahlen")
    assert re.search(r"^gelb\s+KIM-AH-2026-0042", later.output, re.MULTILINE)


def test_aktionen_lists_the_last_days_to_apply(sample: Path, cli: Callable[..., Result]) -> None:
    data = json.loads(cli(sample, "aktionen", "-f", "json", "content/perspektiven").output)
    [action] = data["maßnahmen"]
    assert action["Fall-ID"] == "KIM-AH-2026-0042" and action["Frist"] == "2027-02-28"
    assert action["Art"] == "Bleibeperspektive" and action["Nr."] == "25a"
    assert action["Maßnahme"] == "Antrag nach § 25a AufenthG stellen" and action["Stand"] == "offen"
    path = sample / YOUNG
    path.write_text(
        path.read_text("utf-8").replace(
            "---\n\n## Notizen", "anträge: [{weg: 25a, gestellt_am: 2026-12-01}]\n---\n\n## Notizen"
        ),
        "utf-8",
    )
    data = json.loads(cli(sample, "aktionen", "-f", "json", "content/perspektiven").output)
    assert data["maßnahmen"][0]["Stand"] == "erledigt"


def test_changing_a_rule_files_end_date_changes_the_triage_and_check_names_the_clients(
    sample: Path, cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    first = cli(sample, "check", "-q")
    assert "hat sich seit der letzten Prüfung" not in first.output  # nothing to compare yet
    before = json.loads(cli(sample, "wege", "-f", "json").output)
    # The office shortens the law's version of § 25a in its own rule folder.
    (sample / "wege").mkdir()
    shipped = (SHIPPED / "25a_2022-12-31.yaml").read_text(encoding="utf-8")
    (sample / "wege" / "25a_2022-12-31.yaml").write_text(
        shipped.replace("gültig_bis: 2027-06-30", "gültig_bis: 2026-12-31"), encoding="utf-8"
    )
    after = json.loads(cli(sample, "wege", "-f", "json").output)
    assert after["regeln"] != before["regeln"]
    old = {c["fall_id"]: c for c in before["klienten"]}
    new = {c["fall_id"]: c for c in after["klienten"]}
    assert new["KIM-AH-2026-0042"]["antrag_bis"] == [
        {"weg": "§ 25a AufenthG", "datum": "2026-12-31"}
    ]
    assert new["KIM-AH-2026-0042"]["nächste_änderung"]["datum"] == "2027-01-01"
    for case in ("KIM-BE-2026-0057", "KIM-NK-2026-0131"):
        assert new[case]["ampel"] == old[case]["ampel"]
        assert new[case]["antrag_bis"] == old[case]["antrag_bis"]
    result = cli(sample, "check")
    named = re.findall(r"Das Ergebnis der Bleibeperspektive (\S+) hat sich", result.output)
    assert named == ["KIM-AH-2026-0042"]
    assert "§ 25a AufenthG: Antrag bis 28.02.2027 → 31.12.2026" in result.output
    assert "Grund: die Regeln haben sich geändert" in result.output
    assert f"{YOUNG}: Warnung: Das Ergebnis" in result.output
    # Checked again on the same day, nothing has changed any more.
    assert "Das Ergebnis der Bleibeperspektive" not in cli(sample, "check").output
    # A day passes on which a route closes: the colour changes and check says why.
    monkeypatch.setattr("kimdocs.base.dates.today", lambda: dt.date(2027, 1, 1))
    result = cli(sample, "check")
    assert "Das Ergebnis der Bleibeperspektive KIM-AH-2026-0042" in result.output
    assert "Ampel grün → " in result.output
    assert "der Stichtag ist vom 07.12.2026 auf den 01.01.2027 gerückt" in result.output


# --- the committee report -------------------------------------------------------------


def _more_clients(root: Path, district: str, code: str, count: int) -> None:
    """Fictional clients like the young woman, each with her own case id, without agreement."""
    text = (REPO / YOUNG).read_text(encoding="utf-8")
    for n in range(count):
        case = f"KIM-{code}-2026-09{n:02d}"
        body = (
            text.replace("KIM-AH-2026-0042", case)
            .replace(
                "geburtsdatum: {status:",
                "bezirk: " + district + "\ngeburtsdatum: {datum: 2000-02-29, status:",
            )
            .replace("weitergabe: [Ausländerbehörde Kreis Warendorf (Beispiel)]\n", "")
        )
        folder = root / "content" / "perspektiven" / district
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{case}-perspektive.md").write_text(body, encoding="utf-8")


def test_the_report_counts_routes_per_district_with_suppression(sample: Path) -> None:
    _more_clients(sample, "ahlen", "AH", 6)
    report = sample / "content" / "berichte" / "2026-ausschuss-kim.md"
    result = build(load_project(sample), [report], ["json"], jobs=1)
    assert all(r.ok for r in result), [p.format() for r in result for p in result[0].problems]
    data = json.loads((sample / "output" / "berichte" / "2026-ausschuss-kim.json").read_text())
    tables = {t["id"]: t for t in data["tabellen"]}
    routes = {row["zeile"]: row for row in tables["wege"]["werte"]}
    # Seven in Ahlen (the sample and six more) have § 25a open: shown; one in Beckum,
    # one in the Nordkreis have nothing open yet or only unclear routes.
    assert routes["§ 25a AufenthG"]["Ahlen"] == 7
    colours = {row["zeile"]: row for row in tables["ampel"]["werte"]}
    assert colours["grün"]["Ahlen"] == 7
    assert colours["gelb"]["Beckum"] == "< 5" and colours["rot"]["Nordkreis"] == "< 5"
    # A hidden count cannot be worked out from the sums: a second cell of its row and of its
    # column is hidden too.
    for label, row in colours.items():
        hidden = [c for c in tables["ampel"]["spalten"] if row[c] in ("< 5", "x")]
        assert len(hidden) != 1, (label, row)
    for column in tables["ampel"]["spalten"]:
        hidden = [label for label, row in colours.items() if row[column] in ("< 5", "x")]
        assert len(hidden) != 1, column
    text = json.dumps(data, ensure_ascii=False)
    assert not any(case in text for case in CASES)


# --- a new worksheet -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("case_id", "with_agreement"), [("KIM-SK-2026-0031", True), ("KIM-BE-2026-0099", False)]
)
def test_new_perspektive_builds_once_its_placeholders_are_filled(
    sample: Path, cli: Callable[..., Result], case_id: str, with_agreement: bool
) -> None:
    result = cli(sample, "new", "perspektive", case_id + "-perspektive")
    assert result.exit_code == 0, result.output
    path = sample / "content" / "perspektiven" / f"{case_id}-perspektive.md"
    text = path.read_text(encoding="utf-8")
    assert ("\nbezirk:" in text) is not with_agreement  # else it comes from the agreement
    assert cli(sample, "check", str(path)).exit_code == 1  # placeholders are left
    fill(path)
    report = build(load_project(sample), [path], ["pdf"], jobs=1)
    assert all(r.ok for r in report), [p.format() for r in report for p in r.problems]
    pdf = sample / "output" / "perspektiven" / f"{case_id}-perspektive.pdf"
    assert f"Fall-ID {case_id}" in pdf_text(pdf)
