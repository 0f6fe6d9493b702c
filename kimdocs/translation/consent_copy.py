"""The consent form's translation: a copy to read in the client's language.

The German form is the one signed; the copy shows the same parts (consent, Art. 13
information, signature lines) with their texts translated.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from kimdocs.kinds import Document
from kimdocs.kinds.consent_form import ConsentForm
from kimdocs.project import Project
from kimdocs.translation.copies import Prepared, Translated, Translation
from kimdocs.translation.document import fallbacks_marked
from kimdocs.translation.segments import Segment, fixed_texts

CONSENT_TEMPLATES = ("consent.html", "consent.css", "base.css")


class ConsentCopy(ConsentForm):
    """A consent form in the client's language, to read: the German form is signed."""

    label = "Einwilligung in der Sprache der Klientin oder des Klienten"
    # Word's right-to-left marks are written for the agreement's copy only so far.
    # ConsentForm states its three formats as a fixed tuple; the copy has two of them.
    formats = ("pdf", "html")  # type: ignore[assignment]


CONSENT_COPY = ConsentCopy()


def _consent_parts(doc: Document[Any], project: Project) -> dict[str, Any]:
    """The consent form's heading, parts and signature lines, as the German form has them."""
    return doc.kind.context(doc, project)


def _consent_segments(doc: Document[Any], project: Project) -> list[Segment]:
    form = _consent_parts(doc, project)
    found = [Segment("titel", form["heading"], "Überschrift")]
    for n, part in enumerate([*form["parts"], *form["information"]], start=1):
        if part.kind == "ul":
            found += [
                Segment(f"teil-{n}.{i}", item, "Aufzählungspunkt")
                for i, item in enumerate(part.items, start=1)
            ]
        else:
            found.append(
                Segment(f"teil-{n}", part.text, "Überschrift" if part.kind != "p" else "Absatz")
            )
    found += [
        Segment(f"unterschrift-{i}", role, "Unterschriftszeile")
        for i, role in enumerate(form["signers"], start=1)
    ]
    return found + fixed_texts(CONSENT_TEMPLATES)


def _consent(
    doc: Document[Any],
    project: Project,
    prepared: Prepared,
    stem: Path,
    context: dict[str, Any],
    german: Mapping[str, Any],
) -> Translated:
    """A consent form to read in the client's language; the German form is the one signed:
    the copy shows its parts (``german``, the German form's context), translated."""
    texts, form = fallbacks_marked(prepared), dict(german)
    parts: list[Any] = []
    information: list[Any] = []
    for n, part in enumerate([*form["parts"], *form["information"]], start=1):
        if part.kind == "ul":
            items = tuple(
                texts.get(f"teil-{n}.{i}", item) for i, item in enumerate(part.items, start=1)
            )
            translated_part = replace(part, items=items)
        else:
            translated_part = replace(part, text=texts.get(f"teil-{n}", part.text))
        (parts if n <= len(form["parts"]) else information).append(translated_part)
    context |= form
    context |= {
        "heading": texts.get("titel", form["heading"]),
        "parts": parts,
        "information": information,
        "signers": [
            texts.get(f"unterschrift-{i}", role) for i, role in enumerate(form["signers"], 1)
        ],
    }
    new = replace(doc, kind=CONSENT_COPY, output_stem=stem)
    return Translated(new, context)


CONSENT_TRANSLATION = Translation(segments=_consent_segments, translate=_consent)
