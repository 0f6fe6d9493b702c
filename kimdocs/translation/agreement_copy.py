"""The agreement's translation: the client's copy in the client's language.

Goals, steps, dates, voluntariness and data protection; the German agreement stays the
signed original, so the copy has no signature lines. What the copy states (consents, dates,
partners, signatories) is the agreement's own statements: only the words are translated.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from kimdocs.kinds import Document
from kimdocs.kinds.agreement import Agreement
from kimdocs.project import Project
from kimdocs.translation.copies import Prepared, Translated, Translation
from kimdocs.translation.segments import Segment, fixed_texts

COPY_TEMPLATES = ("kopie-vereinbarung.html", "base.css")
_STATES = ("offen", "begonnen", "erledigt", "entfällt")
_PRIORITIES = ("hoch", "mittel", "niedrig")
# Who signed the German agreement, as the copy names them (a partner's own role stays).
_SIGNERS = ("Klientin / Klient", "Fallmanagement", "Netzwerkpartner", "Dolmetschung")


class ClientCopy(Agreement):
    label = "Kopie der Vereinbarung für die Klientin oder den Klienten"
    formats = ("pdf", "html", "docx")

    @property
    def template(self) -> str:
        return "kopie-vereinbarung"


CLIENT_COPY = ClientCopy()


def _copy_segments(doc: Document[Any], project: Project) -> list[Segment]:
    f = doc.fields
    found = [Segment("titel", f.type, "Art der Vereinbarung")]
    for g, goal in enumerate(f.goals, start=1):
        found.append(Segment(f"ziel-{g}", goal.goal, "Ziel"))
        found.append(Segment(f"ziel-{g}.handlungsfeld", goal.life_area, "Handlungsfeld"))
        found.append(Segment(f"ziel-{g}.indikator", goal.indicator, "Woran das Ziel erkannt wird"))
        for s, step in enumerate(goal.steps, start=1):
            found.append(Segment(f"ziel-{g}.schritt-{s}", step.what, "Schritt"))
            found.append(Segment(f"ziel-{g}.schritt-{s}.wer", step.who, "Wer den Schritt tut"))
    return found + fixed_texts(COPY_TEMPLATES, _STATES + _PRIORITIES + _SIGNERS)


def _client_copy(
    doc: Document[Any],
    project: Project,
    prepared: Prepared,
    stem: Path,
    context: dict[str, Any],
    german: Mapping[str, Any],
) -> Translated:
    """The client's copy: what the agreement states, its texts in the client's language.

    Consents, dates, partners and signatories are the German agreement's statements as they
    are; only the words of goals and steps are translated.
    """
    texts = prepared.texts
    stated = german["stated"]
    goals = [
        replace(
            goal,
            goal=texts.get(f"ziel-{goal.number}", goal.goal),
            life_area=texts.get(f"ziel-{goal.number}.handlungsfeld", goal.life_area),
            indicator=texts.get(f"ziel-{goal.number}.indikator", goal.indicator),
            steps=[
                replace(
                    step,
                    what=texts.get(f"ziel-{goal.number}.schritt-{s}", step.what),
                    who=texts.get(f"ziel-{goal.number}.schritt-{s}.wer", step.who),
                )
                for s, step in enumerate(goal.steps, start=1)
            ],
        )
        for goal in stated.goals
    ]
    new = replace(doc, kind=CLIENT_COPY, output_stem=stem)
    context |= german
    context["stated"] = replace(stated, goals=goals)
    # Which renderer writes the copy in which format, the format registry says.
    return Translated(new, context)


AGREEMENT_TRANSLATION = Translation(
    segments=_copy_segments,
    translate=_client_copy,
    # The copy's DOCX is written from its statements, not filled into the signing template.
    renderers={"docx": "kimdocs.render.translated_docx:client_copy_docx"},
)
