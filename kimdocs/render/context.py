"""The template variables every document gets, whatever its kind and format."""

from __future__ import annotations

import base64
import datetime as dt
import mimetypes
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from kimdocs.base.errors import Problem, RenderError
from kimdocs.kinds import Document
from kimdocs.project import Colours, Organisation, Project
from kimdocs.render.functions import FUNCTION_NAMES, template_functions
from kimdocs.templating.data import Printable, TemplateFunction
from kimdocs.text.markdown import Section, to_html
from kimdocs.translation.copies import TRANSLATION_TYPES, german_context


@dataclass(frozen=True)
class KindInfo:
    id: str
    label: str


@dataclass(frozen=True)
class DocumentInfo:
    """What templates learn about the document beyond its fields: never its file."""

    title: str
    date: dt.date
    kind: KindInfo


# What every template gets, whatever the kind, with its type (``doc`` is the kind's model);
# ``base_context`` returns exactly these.
BASE_TYPES: dict[str, Any] = {
    "doc": Any,
    "document": DocumentInfo,
    "title": str,
    "kind_label": str,
    "org": Organisation,
    "colours": Colours,
    "lang": str,
    "intro": Markup,
    "sections": dict[str, Section],
    "section_list": tuple[Section, ...],
    "logo": str,
    **dict.fromkeys(FUNCTION_NAMES, TemplateFunction),
    **TRANSLATION_TYPES,
}
BASE_NAMES = frozenset(BASE_TYPES)

# What a DOCX template gets beyond them (``render.docx.docx_extras``): pieces it can only
# print, and functions that make them.
DOCX_EXTRA_TYPES: dict[str, Any] = {
    "body": Printable,
    "section": TemplateFunction,
    "baustein": TemplateFunction,
    "photos": Printable | str,
    "block": TemplateFunction,
    "letterhead_logo": Printable | str,
}
DOCX_EXTRA_NAMES = frozenset(DOCX_EXTRA_TYPES)


def base_context(doc: Document[Any], project: Project) -> dict[str, Any]:
    return {
        "doc": doc.fields,
        "document": DocumentInfo(doc.title, doc.date, KindInfo(doc.kind.id, doc.kind.label)),
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
