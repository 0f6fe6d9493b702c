"""Front matter validation of agreements: every problem at once, with line and field."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from kimdocs.base.errors import ContentError, Severity
from kimdocs.kinds import load_document
from kimdocs.project import Project


def problems_of(path: Path, project: Project) -> list[tuple[int | None, str | None, str]]:
    with pytest.raises(ContentError) as info:
        load_document(path, project)
    return [(p.line, p.field, p.message) for p in info.value.problems if p.is_error]


def test_valid_agreement_loads(
    write_agreement: Callable[..., Path], basic_project: Project
) -> None:
    doc = load_document(write_agreement("ok"), basic_project)
    assert doc.kind.id == "agreement"
    assert doc.fields.goals[0].life_area == "Sprache"
    assert [s.slug for s in doc.body.sections] == ["ausgangslage"]
    assert doc.output_stem == Path("vereinbarungen/ok")
    assert doc.warnings == []


def test_all_problems_are_reported_at_once(
    write_agreement: Callable[..., Path], basic_project: Project
) -> None:
    path = write_agreement(
        "bad",
        {
            "datum: 2026-03-02": "datum: 2026-02-30",
            "  name: Frida Fallbeispiel\n": "  stelle: KIM Mitte\n",
            "    indikator: Ein Nachweis\n": "",
            "handlungsfeld: Sprache": "handlungsfeld: Kochen",
        },
    )
    found = problems_of(path, basic_project)
    by_field = {f: (line, msg) for line, f, msg in found}
    assert by_field["datum"][0] == 5
    assert "kein gültiges Datum" in by_field["datum"][1]
    assert by_field["fallmanagement.name"][1] == "Pflichtfeld fehlt."
    assert by_field["fallmanagement.name"][0] == 9  # the parent key's line
    assert "Pflichtfeld" in by_field["ziele[1].indikator"][1]
    assert "Unbekanntes Handlungsfeld „Kochen“" in by_field["ziele[1].handlungsfeld"][1]
    assert by_field["ziele[1].handlungsfeld"][0] == 13


def test_german_date_format_and_yes_no_are_accepted(
    write_agreement: Callable[..., Path], basic_project: Project
) -> None:
    path = write_agreement(
        "de",
        {
            "datum: 2026-03-02": "datum: 02.03.2026",
            "  name: Test Person (fiktiv)\n": "  name: Test Person (fiktiv)\n  dolmetschung: ja\n",
        },
    )
    doc = load_document(path, basic_project)
    assert doc.fields.date.isoformat() == "2026-03-02"
    assert doc.fields.client.interpreter is True


def test_unknown_keys_are_warnings_with_a_suggestion(
    write_agreement: Callable[..., Path], basic_project: Project
) -> None:
    path = write_agreement(
        "warn", {"        bis: 2026-04-01": "        bis: 2026-04-01\n        statuss: offen"}
    )
    doc = load_document(path, basic_project)
    [warning] = doc.warnings
    assert warning.severity is Severity.WARNING
    assert warning.field == "ziele[1].schritte[1].statuss"
    assert warning.line == 20
    assert "Meinten Sie „status“?" in warning.message


def test_wrong_literal_lists_allowed_values(
    write_agreement: Callable[..., Path], basic_project: Project
) -> None:
    path = write_agreement(
        "lit", {"        bis: 2026-04-01": "        bis: 2026-04-01\n        status: fertig"}
    )
    [(line, field, message)] = problems_of(path, basic_project)
    assert field == "ziele[1].schritte[1].status"
    assert "„fertig“" in message and "erledigt" in message
    assert line == 20


def test_unknown_kind_names_known_ones(
    write_agreement: Callable[..., Path], basic_project: Project
) -> None:
    path = write_agreement("kind", {"art: vereinbarung": "art: rechnung"})
    [(line, field, message)] = problems_of(path, basic_project)
    assert (line, field) == (2, "art")
    assert "Unbekannte Dokumentart „rechnung“" in message and "vereinbarung" in message


def test_kind_comes_from_folder_when_not_declared(
    write_agreement: Callable[..., Path], basic_project: Project
) -> None:
    path = write_agreement("folder", {"art: vereinbarung\n": ""})
    assert load_document(path, basic_project).kind.id == "agreement"


def test_cross_field_checks(write_agreement: Callable[..., Path], basic_project: Project) -> None:
    path = write_agreement(
        "cross",
        {
            "bezirk: mitte": "bezirk: nirgendwo",
            "überprüfung: 2026-06-02": "überprüfung: 2026-01-01",
            "fall_id: CROSS": "fall_id: PERSON-1",
        },
    )
    found = {f: m for _, f, m in problems_of(path, basic_project)}
    assert "Unbekannter Bezirk „nirgendwo“" in found["bezirk"]
    assert "nach dem Datum" in found["überprüfung"]
    assert "Pseudonym" in found["fall_id"]


def test_case_id_must_be_safe_for_file_names(
    write_agreement: Callable[..., Path], basic_project: Project
) -> None:
    path = write_agreement("unsafe", {"fall_id: UNSAFE": "fall_id: ../../x"})
    [(_, field, _message)] = problems_of(path, basic_project)
    assert field == "fall_id"


def test_unsafe_link_is_an_error(
    write_agreement: Callable[..., Path], basic_project: Project
) -> None:
    path = write_agreement(
        "link", {"Text.": "[klick](javascript:alert(1)) und ![Bild](../../etc/passwd)"}
    )
    messages = [m for _, _, m in problems_of(path, basic_project)]
    assert any("javascript:alert(1)" in m for m in messages)
    assert any("../../etc/passwd" in m for m in messages)
