"""Consent documents: the Schweigepflichtentbindung with the Art. 13 DSGVO information, read
back from PDF and DOCX; Leichte Sprache checked; the form is the record of the consent."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from click.testing import Result

from kimdocs.checking.written_text import check_written_text
from kimdocs.kinds import load_document
from kimdocs.project import load_project
from tests.conftest import copy_sample_project
from tests.outputs import docx_text, libreoffice_to_pdf, pdf_text, pdfinfo, squash

FOLDER = Path("content/einwilligungen/nordkreis")
STANDARD = FOLDER / "KIM-NK-2026-0112-einwilligung-2026-03-04.md"
EASY = FOLDER / "KIM-NK-2026-0112-einwilligung-2026-03-04-leicht.md"
AGREEMENT = Path("content/vereinbarungen/nordkreis/KIM-NK-2026-0112.md")
PARTNERS = (
    "Jobcenter Kreis Warendorf, Standort Telgte (Beispiel)",
    "Migrationsberatung für Erwachsene (MBE), Beispielträger e. V.",
)

# What Art. 13 DSGVO asks the form to say, as the reader finds it in the outputs.
ART_13 = (
    "Kreis Warendorf (Beispielprojekt), Kommunales Integrationsmanagement (KIM), "
    "Musterstraße 1, 48231 Warendorf",  # controller and contact
    "datenschutz@kreis.example",  # data-protection officer
    "Rechtsgrundlage ist Ihre Einwilligung nach Art. 6 Abs. 1 lit. a DSGVO",
    "Die Daten erhalten nur die in Teil 1 genannten Stellen",
    "drei Jahre aufbewahrt",  # storage period from kimdocs.toml
    "Auskunft über die gespeicherten Daten (Art. 15 DSGVO)",
    "Berichtigung unrichtiger Daten (Art. 16 DSGVO)",
    "Löschung (Art. 17 DSGVO)",
    "Einschränkung der Verarbeitung (Art. 18 DSGVO)",
    "(Art. 20 DSGVO)",
    "(Art. 21 DSGVO)",
    "Die Verarbeitung bis zum Widerruf bleibt rechtmäßig (Art. 7 Abs. 3 DSGVO)",
    "Landesbeauftragte für Datenschutz und Informationsfreiheit Nordrhein-Westfalen",
    "(Art. 77 DSGVO)",
    "Die Einwilligung ist freiwillig.",
    "Unterschrift der Klientin / des Klienten",
    "Name und Unterschrift der Sprachmittlerin / des Sprachmittlers",
    "Unterschrift Fallmanagement",
)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from kimdocs.build.run import build

    root = copy_sample_project(tmp_path_factory.mktemp("consent") / "p")
    results = build(load_project(root), [root / FOLDER], formats=["pdf", "docx"])
    assert all(r.ok for r in results), [p.format() for r in results for p in r.problems]
    return root


def _out(root: Path, source: Path, suffix: str) -> Path:
    return root / "output" / "einwilligungen" / "nordkreis" / (source.stem + suffix)


def test_the_form_says_what_art_13_requires_in_pdf_and_docx(built: Path) -> None:
    pdf, docx = _out(built, STANDARD, ".pdf"), _out(built, STANDARD, ".docx")
    for text in (squash(pdf_text(pdf)), squash(docx_text(docx))):
        for expected in (*ART_13, *PARTNERS, "Leistungsbezug nach dem SGB II", "03.03.2027"):
            assert squash(expected) in text, expected
        assert squash("Art. 9 Abs. 2 lit. a") not in text  # no special categories named
    assert pdfinfo(pdf)["Tagged"] == "yes"
    with pdfplumber.open(pdf) as document:
        pages = [squash(page.extract_text() or "") for page in document.pages]
    # The consent, then the information, then the signing area that confirms both: the
    # person signs what she has read, and the signatures close the form on its last page.
    consent = next(n for n, page in enumerate(pages) if squash("Teil 1: Einwilligung") in page)
    information = next(n for n, page in enumerate(pages) if squash("Teil 2: Informationen") in page)
    signing = [n for n, page in enumerate(pages) if squash("Unterschrift Fallmanagement") in page]
    assert consent <= information <= signing[0]
    assert signing == [len(pages) - 1]
    last = pages[-1]
    assert last.index(squash("Unterschriften")) < last.index(squash("Ort, Datum"))


def test_the_easy_version_passes_the_checker_and_prints_large(built: Path) -> None:
    project = load_project(built)
    report = check_written_text(load_document(built / EASY, project), project)
    assert report is not None
    assert report.errors == 0, [f.format() for f in report.findings if f.is_error]
    pdf = _out(built, EASY, ".pdf")
    text = squash(pdf_text(pdf))
    for expected in (
        "Ihre Erlaubnis für Ihre Daten",
        "Sie können die Erlaubnis zurück·nehmen",
        "Geld vom Jobcenter",
        *PARTNERS,
        "Ihre Unterschrift",
        "Kavallerie·straße",
    ):
        assert squash(expected) in text, expected
    with pdfplumber.open(pdf) as document:
        first = document.pages[0]
        body = [c for c in first.chars if c["top"] > 200 and c["bottom"] < first.height - 60]
        assert body and min(c["size"] for c in body) >= 13.95
    assert squash("Ihre Erlaubnis für Ihre Daten") in squash(docx_text(_out(built, EASY, ".docx")))


def test_every_character_of_the_easy_version_is_at_least_14_pt(built: Path) -> None:
    """Leichte Sprache: every text the reader sees, letterhead, running header, footer,
    page numbers and signature lines included (as the flyers, tests/test_pdf_print.py)."""
    with pdfplumber.open(_out(built, EASY, ".pdf")) as pdf:
        assert len(pdf.pages) > 1
        for number, page in enumerate(pdf.pages, 1):
            small = "".join(c["text"] for c in page.chars if c["size"] < 14 - 0.01)
            assert not small, (number, small)
            assert page.chars, number
            for margin in (
                page.crop((0, 0, page.width, 50)),
                page.crop((0, page.height - 60, page.width, page.height)),
            ):
                assert margin.chars, number  # header and footer are there, and large


def test_the_easy_docx_prints_every_character_at_least_14_pt(built: Path, tmp_path: Path) -> None:
    """The DOCX is what the office prints from Word: as LibreOffice lays it out, its
    letterhead, running header, footer and signature lines are as large as its PDF's."""
    [pdf] = libreoffice_to_pdf([_out(built, EASY, ".docx")], tmp_path)
    headings = {"Ihre Rechte", "Worum geht es?", "Unterschriften", "Wer ist verantwortlich?"}
    with pdfplumber.open(pdf) as document:
        for number, page in enumerate(document.pages, 1):
            small = "".join(c["text"] for c in page.chars if c["size"] < 14 - 0.01)
            assert not small, (number, small)
            header = page.crop((0, 0, page.width, 80)).extract_text() or ""
            footer = page.crop((0, page.height - 80, page.width, page.height)).extract_text()
            assert header.strip() and (footer or "").strip(), number
            # Headings as large as the PDF's (17 pt), and none alone at a page's foot.
            lines = page.extract_text_lines()
            for line in lines:
                if line["text"] in headings:
                    assert min(c["size"] for c in line["chars"]) > 16.5, line["text"]
            body = [ln for ln in lines if ln["bottom"] < page.height - 60]  # above the footer
            assert body[-1]["text"] not in headings, (number, body[-1]["text"])
    # The standard form keeps its small running header: only Leichte Sprache asks for more.
    [standard] = libreoffice_to_pdf([_out(built, STANDARD, ".docx")], tmp_path / "standard")
    with pdfplumber.open(standard) as document:
        assert min(c["size"] for c in document.pages[0].chars) < 10


def test_a_checker_error_points_to_the_field_the_office_wrote(
    tmp_path: Path, cli: Callable[..., Result]
) -> None:
    root = copy_sample_project(tmp_path / "p")
    path = root / EASY
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Geld vom Jobcenter", "Leistungen nach dem SGB II"), "utf-8")
    result = cli(root, "check", str(path))
    assert result.exit_code == 1
    line = 1 + text.splitlines().index("    - Geld vom Jobcenter")
    assert f"{EASY}:{line}: LS-WORT-ABK Fehler" in result.output


def test_special_categories_need_explicit_consent(
    tmp_path: Path, cli: Callable[..., Result]
) -> None:
    root = copy_sample_project(tmp_path / "p")
    path = root / STANDARD
    marker = "  gültig_bis: 2027-03-03\n---\n"
    text = path.read_text(encoding="utf-8")
    assert marker in text
    special = marker.replace("---", "besondere_kategorien: [Gesundheitsdaten]\n---")
    path.write_text(text.replace(marker, special), "utf-8")
    assert cli(root, "build", str(path), "-f", "docx").exit_code == 0
    said = squash(docx_text(_out(root, STANDARD, ".docx")))
    explicit = "Gesundheitsdaten. In ihre Verarbeitung willige ich ausdrücklich ein"
    assert squash(f"{explicit} (Art. 9 Abs. 2 lit. a DSGVO)") in said
    assert squash("nach Art. 9 Abs. 2 lit. a DSGVO.") in said


def test_without_data_protection_settings_the_form_asks_for_them(
    tmp_path: Path, cli: Callable[..., Result]
) -> None:
    root = copy_sample_project(tmp_path / "p")
    config = root / "kimdocs.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text[: text.index("# Angaben für die Informationen nach Art. 13")], "utf-8")
    result = cli(root, "check", str(root / STANDARD))
    assert result.exit_code == 1
    assert "[datenschutz]" in result.output and "Datenschutzbeauftragten" in result.output


def test_new_consent_for_a_case_builds_as_written(
    tmp_path: Path, cli: Callable[..., Result]
) -> None:
    root = copy_sample_project(tmp_path / "p")
    result = cli(root, "new", "einwilligung", "KIM-NK-2026-0112")
    assert result.exit_code == 0, result.output
    created = root / "content" / "einwilligungen" / "KIM-NK-2026-0112.md"
    assert "Die Angaben stammen aus dem Fall" in result.output
    assert "«" not in created.read_text(encoding="utf-8")
    result = cli(root, "build", str(created), "-f", "pdf,docx")
    assert result.exit_code == 0, result.output
    said = squash(docx_text(root / "output" / "einwilligungen" / "KIM-NK-2026-0112.docx"))
    assert all(squash(p) in said for p in PARTNERS)
    assert squash("Rania D'Souza-Haddad (fiktiv)") in said
    assert squash("Name und Unterschrift der Sprachmittlerin") in said  # interpreter in the case

    # A new case has no agreement to take the partners from: the placeholders stay.
    result = cli(root, "new", "einwilligung")
    assert result.exit_code == 0, result.output
    assert "Platzhalter «…» ersetzen" in result.output
    [fresh] = [p for p in (root / "content" / "einwilligungen").glob("*.md") if p != created]
    assert "«Organisation»" in fresh.read_text(encoding="utf-8")
    assert cli(root, "check", str(fresh)).exit_code == 1


def test_the_form_is_the_record_the_agreement_relies_on(
    tmp_path: Path, cli: Callable[..., Result]
) -> None:
    root = copy_sample_project(tmp_path / "p")
    agreement = root / AGREEMENT
    text = agreement.read_text(encoding="utf-8")
    start = text.index("einwilligungen:\n")
    end = text.index("---\n", start)
    agreement.write_text(text[:start] + text[end:], encoding="utf-8")  # only the forms remain
    result = cli(root, "build", str(agreement), "-f", "docx")
    assert result.exit_code == 0, result.output
    docx = root / "output" / "vereinbarungen" / "nordkreis" / "KIM-NK-2026-0112.docx"
    assert all(squash(p) in squash(docx_text(docx)) for p in PARTNERS)

    # The form changes: the agreement's outputs are made again, and say so.
    for form in (root / STANDARD, root / EASY):
        form.write_text(
            form.read_text(encoding="utf-8").replace(
                "gültig_bis: 2027-03-03", "gültig_bis: 2026-12-31"
            ),
            encoding="utf-8",
        )
    result = cli(root, "build", str(agreement), "-f", "docx")
    assert "erzeugt" in result.output and "0 unverändert" in result.output, result.output
    assert "31.12.2026" in docx_text(docx)

    # Revoked on 10.03.2026: a later version of the agreement fails, naming the form.
    for form in (root / STANDARD, root / EASY):
        form.write_text(
            form.read_text(encoding="utf-8").replace(
                "  gültig_bis: 2026-12-31\n",
                "  gültig_bis: 2026-12-31\n  widerrufen_am: 2026-03-10\n",
            ),
            encoding="utf-8",
        )
    later = agreement.read_text(encoding="utf-8").replace("version: 1", "version: 2")
    later = later.replace("datum: 2026-03-04", "datum: 2026-03-20")
    agreement.write_text(later, encoding="utf-8")
    result = cli(root, "check", str(agreement))
    assert result.exit_code == 1
    assert "KIM-NK-2026-0112-einwilligung-2026-03-04.md" in result.output
    assert "am 10.03.2026 widerrufen" in result.output
    # The forms themselves stay valid records: a revocation is written on them.
    assert cli(root, "check", str(root / FOLDER)).exit_code == 0
    shutil.rmtree(root / "output")


def test_check_loads_each_consent_form_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kimdocs.kinds.loading
    from kimdocs.build.check import check_project

    root = copy_sample_project(tmp_path / "p")
    loaded: list[Path] = []
    real = kimdocs.kinds.loading.read_content  # what every load of a document reads with

    def counted(path: Path, *args: Any, **kwargs: Any) -> Any:
        loaded.append(Path(path).resolve())
        return real(path, *args, **kwargs)

    monkeypatch.setattr(kimdocs.kinds.loading, "read_content", counted)
    report = check_project(load_project(root), [root / FOLDER])
    forms = sorted(p.resolve() for p in (root / FOLDER).glob("*.md"))
    assert (root / EASY).resolve() in forms
    assert sorted(loaded) == forms  # each once: the Leichte-Sprache check reads the same
    # The form in Leichte Sprache is still read as it is printed.
    assert [r.file.resolve() for r in report.easy] == [(root / EASY).resolve()]
