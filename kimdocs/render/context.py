"""The template variables every document gets, whatever its kind and format."""

from __future__ import annotations

import base64
import mimetypes
from typing import Any

from kimdocs.controlling.report import report_context
from kimdocs.errors import Problem, RenderError
from kimdocs.kinds import Document, Kind
from kimdocs.markdown import to_html
from kimdocs.project import Project
from kimdocs.render.functions import FUNCTION_NAMES, template_functions
from kimdocs.translation.document import TRANSLATION_NAMES, german_context

# What every template gets, whatever the kind; ``base_context`` returns exactly these.
BASE_NAMES = frozenset(
    {
        "doc",
        "document",
        "title",
        "kind_label",
        "org",
        "colours",
        "lang",
        "intro",
        "sections",
        "section_list",
        "logo",
        *FUNCTION_NAMES,
        *TRANSLATION_NAMES,
    }
)


# What a DOCX template gets beyond them (``render.docx.docx_extras``).
DOCX_EXTRA_NAMES = frozenset({"body", "section", "baustein", "photos", "block", "letterhead_logo"})


def context_names(kind: Kind[Any], docx: bool = False) -> frozenset[str]:
    """The names a template of ``kind`` can use: the template check asks here."""
    return BASE_NAMES | kind.context_names | (DOCX_EXTRA_NAMES if docx else frozenset())


def base_context(doc: Document[Any], project: Project) -> dict[str, Any]:
    return {
        "doc": doc.fields,
        "document": doc,
        "title": doc.title,
        "kind_label": doc.kind.label,
        "org": project.config.organisation,
        "colours": project.config.colours,
        "lang": project.config.language,
        "intro": to_html(doc.body.intro),
        "sections": doc.body.by_slug(),
        "section_list": doc.body.sections,
        "logo": logo_data_uri(project),
        **template_functions(doc, project),
        **doc.kind.context(doc, project),
        **(report_context(doc, project) if doc.kind.aggregates else {}),
        **german_context(),  # a translation replaces these (kimdocs.translation)
    }


def logo_data_uri(project: Project) -> str:
    """The logo inline, so that HTML output stands alone and PDF rendering fetches nothing."""
    path = project.logo_path()
    if path is None:
        return ""
    if not path.is_relative_to(project.root.resolve()) or not path.is_file():
        raise RenderError(
            Problem(
                f"Logo „{project.config.organisation.logo}“ nicht gefunden oder außerhalb des "
                "Projekts.",
                file=project.config_path,
                field="organisation.logo",
            )
        )
    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    if not mime.startswith("image/"):
        raise RenderError(
            Problem(
                f"Logo „{path.name}“ ist kein Bild.",
                file=project.config_path,
                field="organisation.logo",
            )
        )
    return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"
