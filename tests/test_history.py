"""A re-assessment shows the case's history: achievement per review, changes since last time."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from kimdocs.build.run import build
from kimdocs.kinds import load_document
from kimdocs.kinds.agreement import AgreementFields
from kimdocs.kinds.history import changes
from kimdocs.project import load_project
from tests.controlling_fixture import AGREEMENTS, agreement_meta, write_project
from tests.outputs import pdf_text, squash


def _fields(row: tuple[object, ...], **changed: object) -> AgreementFields:
    meta = agreement_meta(row) | changed
    return AgreementFields.model_validate(meta)


def test_changes_name_added_dropped_reworded_and_moved_goals() -> None:
    n1, n1_v2 = AGREEMENTS[0], AGREEMENTS[1]
    old, new = _fields(n1), _fields(n1_v2)
    assert changes(old, new) == ["Neues Ziel: „Ziel im Handlungsfeld Wohnen“ (Wohnen)."]
    goals = yaml.safe_load(yaml.safe_dump(agreement_meta(n1)["ziele"], allow_unicode=True))
    goals[0]["frist"] = "2027-03-31"
    goals[0]["priorität"] = "mittel"
    moved = _fields(n1, ziele=goals)
    assert changes(old, moved) == [
        "Frist verschoben: „Ziel im Handlungsfeld Sprache“ von 31.12.2026 auf 31.03.2027.",
        "Priorität von „Ziel im Handlungsfeld Sprache“: hoch → mittel.",
    ]
    goals[0]["ziel"] = "Deutsch auf B1 ist erreicht"
    reworded = _fields(n1, ziele=goals)
    assert changes(moved, reworded) == [
        "Ziel umformuliert: „Ziel im Handlungsfeld Sprache“ heißt jetzt "
        "„Deutsch auf B1 ist erreicht“."
    ]
    back = changes(reworded, new)
    assert "Neues Ziel: „Ziel im Handlungsfeld Wohnen“ (Wohnen)." in back
    assert (
        "Frist verschoben: „Ziel im Handlungsfeld Sprache“ von 31.03.2027 auf 31.12.2026." in back
    )


@pytest.mark.slow
def test_reassessment_pdf_shows_achievement_per_version(tmp_path: Path) -> None:
    root = write_project(tmp_path / "kreis")
    project = load_project(root)
    second = root / "content" / "vereinbarungen" / "T-N1-v2.md"
    doc = load_document(second, project)
    history = doc.kind.context(doc, project)["history"]
    assert history.versions == ((1, "10.01.2026"), (2, "10.04.2026"))
    assert [(g.goal, g.achievements) for g in history.goals] == [
        ("Ziel im Handlungsfeld Sprache", (None, 100)),
        ("Ziel im Handlungsfeld Wohnen", (None, 0)),
    ]
    first = load_document(root / "content" / "vereinbarungen" / "T-N1.md", project)
    assert first.kind.context(first, project)["history"] is None
    [result] = build(project, [second], formats=["pdf"], jobs=1)
    assert result.ok, [p.message for p in result.problems]
    text = squash(pdf_text(root / "output" / "vereinbarungen" / "T-N1-v2.pdf"))
    assert "VerlaufseitdererstenFassung" in text
    assert "ZielimHandlungsfeldSprache–100%" in text
    assert "NeuesZiel:„ZielimHandlungsfeldWohnen“(Wohnen)." in text
