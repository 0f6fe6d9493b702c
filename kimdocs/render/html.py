"""Document → standalone HTML through the kind's Jinja template."""

from __future__ import annotations

import jinja2

from kimdocs.kinds import Document
from kimdocs.project import Project
from kimdocs.render.context import base_context
from kimdocs.templates import render_template


def render_html(doc: Document, project: Project, env: jinja2.Environment) -> str:
    return render_template(env, f"{doc.kind.template}.html", base_context(doc, project))
