"""The table of document types: per kind, what the layers above the kinds make of it.

A kind (:mod:`kimdocs.kinds`) knows its fields, checks, statements and template context.
What it needs from the layers above it is declared here, once per kind, and nothing above
the kinds asks which kind a document is: the formats it renders in its own way, the
context its templates get beyond its own (a report's figures), and its translation. A kind
without a row renders every format with the format's renderer and is not translated.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from kimdocs import formats
from kimdocs.controlling.report_data import ReportView, report_context
from kimdocs.kinds import KINDS, Document, Kind
from kimdocs.project import Project
from kimdocs.render.context import BASE_TYPES, DOCX_EXTRA_TYPES
from kimdocs.translation.agreement_copy import AGREEMENT_TRANSLATION
from kimdocs.translation.consent_copy import CONSENT_TRANSLATION
from kimdocs.translation.copies import Translation
from kimdocs.translation.flyer_translation import FLYER_TRANSLATION
from kimdocs.translation.perspective_copy import PERSPECTIVE_TRANSLATION

ContextProvider = Callable[[Document[Any], Project], dict[str, Any]]


@dataclass(frozen=True)
class DocumentType:
    kind: Kind[Any]
    # Formats this kind renders in its own way: {format id: "module:function"}.
    renderers: Mapping[str, str] = field(default_factory=dict)
    # Template variables from outside the document (a report's figures), and their types.
    context: ContextProvider | None = None
    context_types: Mapping[str, Any] = field(default_factory=dict)
    translation: Translation | None = None

    def renderer(self, format_id: str, *, translated: bool = False) -> str:
        """The ``module:function`` that writes ``format_id`` of this kind (or of its
        translation): the kind's own, else the format's."""
        if translated and self.translation is not None:
            own = self.translation.renderers.get(format_id)
            if own is not None:
                return own
        return self.renderers.get(format_id, formats.get(format_id).renderer)

    def extra_context(self, doc: Document[Any], project: Project) -> dict[str, Any]:
        return self.context(doc, project) if self.context is not None else {}


TYPES: dict[str, DocumentType] = {}


def register(row: DocumentType) -> DocumentType:
    """Add a kind's row (a test adds a dummy kind this way)."""
    TYPES[row.kind.id] = row
    return row


def unregister(kind_id: str) -> None:
    TYPES.pop(kind_id, None)


for _row in (
    DocumentType(KINDS["agreement"], translation=AGREEMENT_TRANSLATION),
    DocumentType(KINDS["consent"], translation=CONSENT_TRANSLATION),
    DocumentType(KINDS["flyer"], translation=FLYER_TRANSLATION),
    DocumentType(
        KINDS["report"],
        # A report's DOCX holds charts and tables it computes, not a Word template's fields.
        renderers={"docx": "kimdocs.render.report_files:docx_output"},
        context=report_context,
        context_types={"report": ReportView},  # templates see the view, not the figures
    ),
    DocumentType(
        KINDS["perspektive"],
        # The worksheet's PDF and HTML bring the client's copy in Leichte Sprache along.
        renderers={
            "pdf": "kimdocs.render.easy_copy:pdf_output",
            "html": "kimdocs.render.easy_copy:html_output",
        },
        translation=PERSPECTIVE_TRANSLATION,
    ),
):
    register(_row)


def document_type(kind: Kind[Any]) -> DocumentType:
    """The kind's row; a kind without one gets the plain row."""
    return TYPES.get(kind.id) or DocumentType(kind)


def translation_of(kind: Kind[Any]) -> Translation | None:
    return document_type(kind).translation


def context_types(kind: Kind[Any], docx: bool = False) -> dict[str, Any]:
    """The names a template of ``kind`` can use and their types: the template check asks
    here, and follows a template's fields through them."""
    row = document_type(kind)
    found = BASE_TYPES | {"doc": kind.model} | dict(kind.context_types) | dict(row.context_types)
    return found | (DOCX_EXTRA_TYPES if docx else {})


def context_names(kind: Kind[Any], docx: bool = False) -> frozenset[str]:
    return frozenset(context_types(kind, docx))
