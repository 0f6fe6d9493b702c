"""Case conference minutes: consent rules, anonymisation, outputs, actions, pseudonyms."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from docx import Document
from docx.oxml.ns import qn

from kimdocs.base.errors import ContentError
from kimdocs.build.run import build
from kimdocs.kinds import load_document
from kimdocs.project import Project, load_project
from tests.outputs import pdf_text, pdffonts, pdfinfo
from tests.skeletons import fill

MINUTES = """---
art: protokoll
typ: Fallkonferenz
fall_id: T-0001
bezirk: mitte
datum: 2026-04-14
beginn: 10:30
ende: "12:00"
ort: Rathaus, Raum 1
moderation: Moritz Moderator (fiktiv)
protokoll: Paula Protokoll (fiktiv)
klient:
  name: Amal O'Hara (fiktiv)
  geburtsdatum: 1990-02-01
klient_anwesend: ja
teilnehmende:
  - name: Frida Fallbeispiel
    organisation: KIM Mitte
    rechtskreis: Fallmanagement
  - name: Jonas Jobcenter (fiktiv)
    organisation: Jobcenter Teststadt
    rechtskreis: Jobcenter
  - name: Anna Amt (fiktiv)
    organisation: Ausländerbehörde Teststadt
    rechtskreis: Ausländerbehörde
schweigepflichtentbindung:
  datum: 2026-03-01
  organisationen:
    - Jobcenter Teststadt
    - Ausländerbehörde Teststadt
  datenkategorien: [Aufenthaltsstatus, Leistungsbezug]
  gültig_bis: 2026-12-31
anlass: Arbeitsaufnahme und Aufenthalt abstimmen
tagesordnung: [Lage, Vereinbarungen]
maßnahmen:
{actions}
verteiler: [Jobcenter Teststadt, Anna Amt (fiktiv)]
aufbewahrung: 3 Jahre nach Abschluss
---

## Lage

Frau O'Hara berichtet über den Stand. Herr Jobcenter hat ein Angebot.
"""


def actions_yaml(count: int) -> str:
    lines = []
    for n in range(count):
        status = "erledigt" if n % 5 == 0 else "offen"
        lines.append(
            f"  - maßnahme: Maßnahme Nummer {n + 1} mit einer etwas längeren "
            f"Beschreibung\n    verantwortlich: {'Jobcenter' if n % 2 else 'KIM Mitte'}"
            f"\n    frist: 2026-{4 + n % 6:02d}-15\n    status: {status}"
        )
    return "\n".join(lines)


@pytest.fixture
def write_minutes(basic: Path) -> Callable[..., Path]:
    def write(name: str, replace: dict[str, str] | None = None, actions: int = 3) -> Path:
        text = MINUTES.replace("{actions}", actions_yaml(actions))
        for old, new in (replace or {}).items():
            assert old in text, old
            text = text.replace(old, new)
        folder = basic / "content" / "protokolle"
        folder.mkdir(exist_ok=True)
        path = folder / f"{name}.md"
        path.write_text(text, encoding="utf-8")
        return path

    return write


def errors(path: Path, project: Project) -> list[tuple[int | None, str | None, str]]:
    with pytest.raises(ContentError) as info:
        load_document(path, project)
    return [(p.line, p.field, p.message) for p in info.value.problems if p.is_error]


def test_valid_minutes_load_with_times(
    write_minutes: Callable[..., Path], basic_project: Project
) -> None:
    doc = load_document(write_minutes("ok"), basic_project)
    assert doc.kind.id == "minutes"
    assert doc.fields.start.strftime("%H:%M") == "10:30"  # YAML's base-60 number undone
    assert [a.number for a in doc.kind.actions(doc)] == ["1", "2", "3"]


def test_missing_organisation_in_consent_is_named(
    write_minutes: Callable[..., Path], basic_project: Project
) -> None:
    path = write_minutes("ohne", {"    - Ausländerbehörde Teststadt\n": ""})
    [(line, field, message)] = errors(path, basic_project)
    assert field == "teilnehmende[3].organisation"
    assert line == 24
    assert "„Ausländerbehörde Teststadt“ nicht ab" in message and "Anna Amt" in message


def test_expired_consent_names_the_date(
    write_minutes: Callable[..., Path], basic_project: Project
) -> None:
    path = write_minutes("alt", {"gültig_bis: 2026-12-31": "gültig_bis: 2026-03-31"})
    [(_, field, message)] = errors(path, basic_project)
    assert field == "schweigepflichtentbindung.gültig_bis"
    assert "seit 01.04.2026 abgelaufen (gültig bis 31.03.2026)" in message
    assert "14.04.2026" in message


def test_consent_after_the_conference_and_missing_consent(
    write_minutes: Callable[..., Path], basic_project: Project
) -> None:
    # A case of its own: the basic project's agreement of T-0001 records a release.
    late = write_minutes(
        "spaet", {"  datum: 2026-03-01": "  datum: 2026-04-20", "T-0001": "T-0077"}
    )
    assert "erst am 20.04.2026 erteilt" in errors(late, basic_project)[0][2]
    text = late.read_text(encoding="utf-8")
    start = text.index("schweigepflichtentbindung:")
    end = text.index("anlass:")
    late.write_text(text[:start] + text[end:], encoding="utf-8")
    [(_, field, message)] = errors(late, basic_project)
    assert field == "schweigepflichtentbindung"
    assert "braucht eine Schweigepflichtentbindung" in message


def test_distribution_only_to_participants(
    write_minutes: Callable[..., Path], basic_project: Project
) -> None:
    path = write_minutes("verteiler", {"verteiler: [Jobcenter Teststadt,": "verteiler: [Presse,"})
    [(_, field, message)] = errors(path, basic_project)
    assert field == "verteiler[1]"
    assert "„Presse“ hat nicht teilgenommen" in message


def test_reconstruction_must_not_name_the_client(
    write_minutes: Callable[..., Path], basic_project: Project
) -> None:
    path = write_minutes(
        "rekonstruktion",
        {
            "typ: Fallkonferenz": "typ: Fallrekonstruktion",
            "fall_id: T-0001": "rekonstruktion_id: REK-2026-001",
        },
    )
    found = errors(path, basic_project)
    fields = [f for _, f, _ in found]
    assert "klient.name" in fields and "klient.geburtsdatum" in fields
    body_hits = [(line, m) for line, f, m in found if f == "Text"]
    expected_line = (
        path.read_text(encoding="utf-8")
        .split("\n")
        .index("Frau O'Hara berichtet über den Stand. Herr Jobcenter hat ein Angebot.")
        + 1
    )
    assert body_hits and body_hits[0][0] == expected_line
    assert "O'Hara" in body_hits[0][1]


def test_reconstruction_finds_name_from_the_case_s_other_documents(
    write_minutes: Callable[..., Path], write_agreement: Callable[..., Path], basic_project: Project
) -> None:
    write_agreement(
        "fall",
        {
            "fall_id: FALL": "fall_id: T-0001",
            "  name: Test Person (fiktiv)": (
                "  name: Amal O'Hara (fiktiv)\n  geburtsdatum: 1990-02-01"
            ),
        },
    )
    path = write_minutes(
        "rekon",
        {
            "typ: Fallkonferenz": "typ: Fallrekonstruktion",
            "fall_id: T-0001": "rekonstruktion_id: REK-2026-001",
            "klient:\n  name: Amal O'Hara (fiktiv)\n  geburtsdatum: 1990-02-01\n": "",
            "Herr Jobcenter hat": "Geb. 01.02.1990, Herr Jobcenter hat",
        },
    )
    found = errors(path, basic_project)
    messages = " ".join(m for _, _, m in found)
    assert "O'Hara" in messages
    assert "Geburtsdatum" in messages


def test_a_check_walks_content_once_however_many_reconstructions(
    write_minutes: Callable[..., Path],
    write_agreement: Callable[..., Path],
    basic_project: Project,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each reconstruction looks at its case's other documents; that must not cost a walk
    of content/ (and a read of every file) per reconstruction, which made builds quadratic."""
    import kimdocs.catalog
    import kimdocs.kinds.minutes
    from kimdocs.build.run import check

    write_agreement("fall", {"fall_id: FALL": "fall_id: T-0001", "Test Person": "Samira Haddadi"})
    reconstructions = [
        write_minutes(
            f"rekon-{n}",
            {
                "typ: Fallkonferenz": "typ: Fallrekonstruktion",
                "fall_id: T-0001": f"rekonstruktion_id: REK-2026-00{n + 1}",
                "nach Abschluss": "nach der Konferenz",  # a reconstruction has no case
                "klient:\n  name: Amal O'Hara (fiktiv)\n  geburtsdatum: 1990-02-01\n": "",
                "Frau O'Hara berichtet über den Stand. Herr Jobcenter hat": (
                    "Haddadi berichtet über den Stand. Das Jobcenter hat"
                ),
                "datum: 2026-04-14": f"datum: 2026-04-{10 + n}",
            },
        )
        for n in range(6)
    ]
    walks: list[Path] = []
    reads: list[Path] = []
    walk, read = kimdocs.catalog.load_catalog, kimdocs.catalog.read_source
    monkeypatch.setattr(kimdocs.catalog, "load_catalog", lambda p: walks.append(p) or walk(p))
    # Every reader of a content file in a walk reads through it (``Catalog.read``).
    monkeypatch.setattr(kimdocs.catalog, "read_source", lambda p: reads.append(p) or read(p))
    results = check(basic_project)
    assert len(walks) == 1
    documents = len(results)
    assert documents == len(reconstructions) + 3  # and the sample agreement with its form
    assert len(reads) == documents == len(set(reads))  # the case index reads each file once
    found = [p.message for r in results for p in r.problems if p.is_error]
    assert any("„Haddadi“" in m for m in found), found  # from the agreement's client name
    # The next check walks afresh and sees what changed in between.
    write_agreement("fall", {"fall_id: FALL": "fall_id: T-0002"})
    assert not any(p.is_error for r in check(basic_project) for p in r.problems)
    assert len(walks) == 2


@pytest.fixture
def long_minutes(write_minutes: Callable[..., Path], basic: Path) -> dict[str, Path]:
    write_minutes("lang", actions=22)
    [result] = build(
        load_project(basic), [basic / "content" / "protokolle"], formats=["pdf", "docx"]
    )
    assert result.ok, [p.format() for p in result.problems]
    return {p.suffix: p for p in result.outputs}


@pytest.mark.slow
def test_docx_has_every_action_and_a_repeating_header(long_minutes: dict[str, Path]) -> None:
    doc = Document(str(long_minutes[".docx"]))
    [table] = [t for t in doc.tables if t.rows[0].cells[1].text == "Maßnahme"]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    body = [[c.text for c in row.cells] for row in table.rows[1:]]
    assert len(body) == 22
    assert body[0] == [
        "1",
        "Maßnahme Nummer 1 mit einer etwas längeren Beschreibung",
        "KIM Mitte",
        "15.04.2026",
        "erledigt",
    ]
    assert body[21][0] == "22"


@pytest.mark.slow
def test_pdf_is_tagged_and_repeats_the_action_header(long_minutes: dict[str, Path]) -> None:
    from pypdf import PdfReader

    pdf = long_minutes[".pdf"]
    assert pdfinfo(pdf)["Tagged"] == "yes"
    assert all(f["emb"] == "yes" for f in pdffonts(pdf))
    pages = [page.extract_text() for page in PdfReader(str(pdf)).pages]
    with_header = [n for n, text in enumerate(pages) if "Nr. Maßnahme Verantwortlich" in text]
    with_actions = [n for n, text in enumerate(pages) if "Maßnahme Nummer" in text]
    assert len(with_actions) >= 2
    assert with_header == with_actions
    assert "Maßnahme Nummer 22" in pdf_text(pdf)


def test_action_overview(
    cli: Callable[..., Result], basic: Path, write_minutes: Callable[..., Path]
) -> None:
    write_minutes("a", actions=6)
    table = cli(basic, "aktionen", "--stichtag", "2026-06-01")
    assert table.exit_code == 0, table.output

    # Agreement steps of the basic project come along; overdue = past and not done.
    def line_of(text: str) -> str:
        return next(ln for ln in table.output.splitlines() if text in ln)

    assert not line_of("Anmeldung zum Integrationskurs").startswith("ÜBERFÄLLIG")  # erledigt
    assert line_of("Wohnberechtigungsschein").startswith(
        "ÜBERFÄLLIG  15.05.2026  T-0001   Vereinbarung  2.1"
    )
    lines = [ln for ln in table.output.splitlines() if "Maßnahme Nummer" in ln]
    overdue = [ln for ln in lines if ln.startswith("ÜBERFÄLLIG")]
    # Actions due 15.04. and 15.05. are past on 01.06.; number 1 is done.
    assert [ln.split()[4] for ln in overdue] == ["2"]
    assert "davon" in table.output

    csv_out = cli(basic, "aktionen", "--stichtag", "2026-06-01", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(csv_out.output.lstrip("\ufeff")), delimiter=";"))
    ours = [r for r in rows if r["Art"] == "Protokoll"]
    assert len(ours) == 6
    assert {r["Nr."]: r["Überfällig"] for r in ours}["2"] == "ja"
    assert {r["Nr."]: r["Überfällig"] for r in ours}["1"] == "nein"  # done
    assert rows[0]["Quelle"].startswith("content/")

    data = json.loads(
        cli(
            basic,
            "aktionen",
            "-f",
            "json",
            "--stichtag",
            "2026-06-01",
            "--verantwortlich",
            "jobcenter",
            "--status",
            "offen",
        ).output
    )
    assert data["stichtag"] == "2026-06-01"
    assert {m["Verantwortlich"] for m in data["maßnahmen"]} == {"Jobcenter"}
    assert {m["Stand"] for m in data["maßnahmen"]} == {"offen"}

    due = cli(basic, "aktionen", "--faellig-bis", "30.04.2026", "-f", "json")
    assert all(m["Frist"] <= "2026-04-30" for m in json.loads(due.output)["maßnahmen"])
    only = cli(basic, "aktionen", "--überfällig", "--stichtag", "2026-06-01", "-f", "json")
    assert {m["Überfällig"] for m in json.loads(only.output)["maßnahmen"]} == {"ja"}


def test_action_overview_reports_broken_files(
    cli: Callable[..., Result], basic: Path, write_minutes: Callable[..., Path]
) -> None:
    write_minutes("kaputt", {"gültig_bis: 2026-12-31": "gültig_bis: 2026-01-01"})
    result = cli(basic, "aktionen")
    assert result.exit_code == 1
    assert "kaputt.md" in result.output and "fehlen in der Übersicht" in result.output


@pytest.mark.slow
def test_pseudonymised_copy_has_no_names_and_builds(
    cli: Callable[..., Result], basic: Path, write_minutes: Callable[..., Path]
) -> None:
    source = write_minutes("echt")
    before = source.read_bytes()
    result = cli(basic, "pseudonymisieren", str(source))
    assert result.exit_code == 0, result.output
    assert source.read_bytes() == before  # the source is never changed
    copy = source.with_name("REK-2026-001-pseudonymisiert.md")
    text = copy.read_text(encoding="utf-8")
    for name in (
        "O'Hara",
        "Amal",
        "Frida",
        "Fallbeispiel",
        "Jonas",
        "Anna Amt",
        "Moritz",
        "Paula",
        "1990",
        "T-0001",
        "Herr Jobcenter",
    ):
        assert name not in text, name
    assert "Person A berichtet" in text  # the client, by surname in the text
    assert "Person C hat ein Angebot" in text  # "Herr Jobcenter": a title makes it a name
    # Same pseudonym as above; the town became its district.
    assert "verteiler:\n- Jobcenter Bezirk Mitte\n- Person D" in text
    assert "name: Person D\n" in text
    assert "typ: Fallrekonstruktion\nrekonstruktion_id: REK-2026-001\n" in text
    built = cli(basic, "build", str(copy), "--format", "pdf,docx")
    assert built.exit_code == 0, built.output
    again = cli(basic, "pseudonymisieren", str(source), "-o", str(copy))
    assert again.exit_code == 1 and "nichts überschrieben" in again.output


@pytest.mark.slow
def test_new_minutes_skeleton_builds(cli: Callable[..., Result], basic: Path) -> None:
    result = cli(basic, "new", "minutes", "konferenz")
    assert result.exit_code == 0, result.output
    refused = cli(basic, "build", "content/protokolle/konferenz.md")
    assert refused.exit_code == 1 and "Platzhalter ersetzen" in refused.output
    fill(basic / "content" / "protokolle" / "konferenz.md")
    built = cli(basic, "build", "content/protokolle/konferenz.md")
    assert built.exit_code == 0, built.output


def test_name_parts_cover_compounds_apostrophes_and_arabic() -> None:
    from kimdocs.kinds.minutes import name_parts

    parts = name_parts("Rania D'Souza-Haddad & رانيا (fiktiv)")
    assert {"Rania", "D'Souza-Haddad", "Souza", "Haddad", "رانيا"} <= set(parts)
    assert "fiktiv" not in parts and "D" not in parts
    assert name_parts("Dr. Jan von Berg") == ["Jan", "Berg"]
