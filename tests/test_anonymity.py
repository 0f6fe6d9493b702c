"""Anonymous means anonymous: a case reconstruction carries its own id, never the case id,
and ``check`` refuses what identifies a person in its fields, its text and its file name."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pikepdf
import pytest
from click.testing import Result

from kimdocs.build.run import build
from kimdocs.project import load_project
from kimdocs.text.identifiers import find_identifiers
from tests.conftest import copy_sample_project
from tests.outputs import docx_text, pdf_text
from tests.skeletons import fill

RECONSTRUCTION = "content/protokolle/nordkreis/REK-2026-001-fallrekonstruktion-2026-05-06.md"
CASE_ID = "KIM-NK-2026-0112"  # the case it retells: its agreement names the client
ANY_CASE_ID = re.compile(r"KIM-[A-Z0-9]+-\d{4}-\d{4}", re.IGNORECASE)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_sample_project(tmp_path_factory.mktemp("anon") / "sample")
    report = build(load_project(project), [project / RECONSTRUCTION])
    assert not report.failed, report
    return project / "output" / "protokolle" / "nordkreis"


def test_the_reconstruction_sample_names_no_case(built: Path) -> None:
    outputs = sorted(built.iterdir())
    assert [p.suffix for p in outputs] == [".docx", ".pdf"]
    for path in outputs:
        assert not ANY_CASE_ID.search(path.name), path.name
    pdf = built / "REK-2026-001-fallrekonstruktion-2026-05-06.pdf"
    docx = built / "REK-2026-001-fallrekonstruktion-2026-05-06.docx"
    pdf_seen, docx_seen = pdf_text(pdf), docx_text(docx)
    for seen in (pdf_seen, docx_seen):
        assert not ANY_CASE_ID.search(seen)
        assert "Rekonstruktion REK-2026-001" in seen  # page header and data table
        assert "Fall-ID" not in seen
    assert pdf_seen.count("Rekonstruktion REK-2026-001") >= 4  # every page's header
    with pikepdf.open(pdf) as opened:
        info = {str(k): str(v) for k, v in opened.docinfo.items()}
        xmp = str(opened.open_metadata())
    assert info["/Title"] == "Fallrekonstruktion REK-2026-001 vom 06.05.2026"
    assert not ANY_CASE_ID.search(" ".join(info.values()) + xmp)
    from docx import Document

    props = Document(str(docx)).core_properties
    meta = " ".join(str(v) for v in (props.title, props.subject, props.keywords, props.comments))
    assert props.title == "Fallrekonstruktion REK-2026-001 vom 06.05.2026"
    assert not ANY_CASE_ID.search(meta)


def _sample(tmp_path: Path) -> Path:
    return copy_sample_project(tmp_path / "sample")


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_name_copied_from_the_agreement_is_refused_with_file_line_and_field(
    tmp_path: Path, cli: Callable[..., Result]
) -> None:
    project = _sample(tmp_path)
    source = project / RECONSTRUCTION
    _edit(source, "- Die Anmeldung im Kita-Portal", "- Haddad meldete sich im Kita-Portal an")
    _edit(source, "verantwortlich: Jobcenter\n", "verantwortlich: Nora Nordbeispiel\n")
    result = cli(project, "check", RECONSTRUCTION)
    assert result.exit_code == 1
    line = (
        source.read_text(encoding="utf-8")
        .split("\n")
        .index(
            "- Haddad meldete sich im Kita-Portal an war mit Sprachmittlung in einem Termin "
            "erledigt."
        )
    )
    assert (
        f"{RECONSTRUCTION}:{line + 1}: Fehler: Feld „Text“: Der Text nennt einen Namensteil "
        "(„Haddad“); in einer anonymisierten Fallrekonstruktion ist das nicht erlaubt."
    ) in result.output
    # Staff may attend, but the text and the actions must not name them.
    assert (
        "Feld „maßnahmen[6].verantwortlich“: Das Feld nennt den Namen („Nora Nordbeispiel“)"
        in result.output
    )
    assert "Feld „teilnehmende" not in result.output and "Feld „moderation" not in result.output


def test_the_case_id_is_refused_in_front_matter_and_file_name(
    tmp_path: Path, cli: Callable[..., Result]
) -> None:
    project = _sample(tmp_path)
    source = project / RECONSTRUCTION
    _edit(source, "rekonstruktion_id: REK-2026-001", f"fall_id: {CASE_ID}")
    renamed = source.with_name(f"{CASE_ID}-fallrekonstruktion-2026-05-06.md")
    source.rename(renamed)
    result = cli(project, "build", str(renamed))
    assert result.exit_code == 1
    shown = renamed.relative_to(project).as_posix()
    assert f"{shown}:8: Fehler: Feld „fall_id“: Eine anonymisierte Fallrekonstruktion darf " in (
        result.output
    )
    assert "braucht eine eigene „rekonstruktion_id“" in result.output
    assert f"Der Dateiname „{renamed.name}“ enthält eine Fall-ID („{CASE_ID}“)" in result.output
    assert not (project / "output" / "protokolle" / "nordkreis").exists()


@pytest.mark.parametrize(
    ("text", "what", "found"),
    [
        ("Laut KIM-NK-2026-0112 gilt", "eine Fall-ID", "KIM-NK-2026-0112"),
        ("Geb. 14.07.1991 in Aleppo", "ein Geburtsdatum", "Geb. 14.07.1991"),
        ("Jahrgang 1991", "ein Geburtsdatum", "Jahrgang 1991"),
        ("wohnt Am Mühlenweg 3a", "eine Anschrift", "Mühlenweg 3a"),
        ("wohnt in 48291 Telgte", "eine Anschrift", "48291 Telgte"),
        ("Lange Straße 12", "eine Anschrift", "Lange Straße 12"),
        ("Tel. 02504 123456", "eine Telefonnummer", "02504 123456"),
        ("mobil +49 171 2345678", "eine Telefonnummer", "+49 171 2345678"),
        ("an rania.h@post.example schreiben", "eine E-Mail-Adresse", "rania.h@post.example"),
        ("Herrn Dr. Ausgedacht fragen", "einen Namen", "Herrn Dr. Ausgedacht"),
    ],
)
def test_each_kind_of_identifier_is_found(text: str, what: str, found: str) -> None:
    [hit] = find_identifiers(text)
    assert (hit.what, hit.text) == (what, found)


@pytest.mark.parametrize(
    "text",
    [
        "Die Frau des Klienten hat eigene Anliegen.",
        "Am 11. März 2026 fand das Gespräch statt; die Forderungen betragen rund 900 Euro.",
        "Nach § 22 Abs. 8 SGB II; 15000 Euro; Raum 1.14; 2026-05-06",
        "Frauen im Familiennachzug",
    ],
)
def test_ordinary_text_is_not_taken_for_an_identifier(text: str) -> None:
    assert find_identifiers(text) == []


def test_a_name_that_is_also_a_word_counts_only_where_it_names_the_person() -> None:
    known = [("Aufenthalt", "einen Namensteil"), ("Agathe Aufenthalt-Probe", "den Namen")]
    assert find_identifiers("Ihn belastet der Aufenthalt.", known=known) == []
    assert find_identifiers("Sein Aufenthalt ist unsicher.", known=known) == []
    [hit] = find_identifiers("Aufenthalt berichtet.", known=known)
    assert hit.text == "Aufenthalt"
    [hit] = find_identifiers("Laut Agathe Aufenthalt-Probe gilt", known=known)
    assert hit.text == "Agathe Aufenthalt-Probe"
    [hit] = find_identifiers("Frau Aufenthalt-Probe sagt", known=known)
    assert hit.text == "Frau Aufenthalt-Probe"


def test_new_reconstruction_is_named_by_its_own_id_and_builds_when_filled(
    basic: Path, cli: Callable[..., Result]
) -> None:
    result = cli(basic, "new", "fallrekonstruktion")
    assert result.exit_code == 0, result.output
    path = basic / "content" / "protokolle" / "REK-2026-001-fallrekonstruktion-2026-03-16.md"
    assert f"angelegt: {path.relative_to(basic).as_posix()}" in result.output
    text = path.read_text(encoding="utf-8")
    assert "typ: Fallrekonstruktion" in text and "rekonstruktion_id: REK-2026-001" in text
    assert "fall_id" not in text.replace("„fall_id“", "")
    refused = cli(basic, "build", str(path))
    assert refused.exit_code == 1 and "Platzhalter ersetzen" in refused.output
    fill(path)
    built = cli(basic, "build", str(path), "-f", "pdf")
    assert built.exit_code == 0, built.output
    seen = pdf_text(basic / "output" / "protokolle" / f"{path.stem}.pdf")
    assert "Rekonstruktion REK-2026-001" in seen and "Fall-ID" not in seen
    second = cli(basic, "new", "fallrekonstruktion")
    assert "REK-2026-002-fallrekonstruktion-2026-03-16.md" in second.output
