"""Template lookup and the Jinja environments for HTML and DOCX.

Lookup order: the project's ``templates/`` first, the shipped defaults second.
A project template can extend the default it replaces as ``default/NAME``.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from types import TracebackType
from typing import Any

import jinja2
import jinja2.exceptions
import jinja2.sandbox
from markupsafe import Markup

from kimdocs.base.dates import german_date
from kimdocs.base.errors import Problem, TemplateError
from kimdocs.project import Project
from kimdocs.templating.data import attribute_allowed, call_allowed

SHIPPED_DIR = Path(str(resources.files("kimdocs") / "templates" / "default"))


def css_text(value: object) -> Markup:
    """A CSS string for ``content:`` in a style sheet: quoted, with quotes, backslashes,
    markup characters and line breaks written as CSS escapes (a <style> element reads no
    HTML entities, and "</style>" must not end it)."""
    escaped = "".join(
        f"\\{ord(c):x} " if c in '"\\<>&\n\r' or ord(c) < 32 else c for c in str(value)
    )
    return Markup(f'"{escaped}"')


def _filters(env: jinja2.Environment) -> None:
    env.filters["datum"] = german_date
    env.filters["css_text"] = css_text


class DataSandbox(jinja2.sandbox.SandboxedEnvironment):
    """A sandbox in which templates read data and call kimdocs' functions, nothing else.

    Jinja's own sandbox only hides underscore names; every public method of an object in
    the context stays callable (``Path.read_text``, ``Path.unlink``). Here an attribute is
    readable only on data, and only if it is a field or a method of a string, date, list
    or mapping (:mod:`kimdocs.templating.data` decides).
    """

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        return super().is_safe_attribute(obj, attr, value) and attribute_allowed(obj, attr, value)

    def is_safe_callable(self, obj: Any) -> bool:
        return super().is_safe_callable(obj) and call_allowed(obj, self.globals)


def html_environment(project: Project) -> jinja2.Environment:
    shipped = jinja2.FileSystemLoader(SHIPPED_DIR)
    loader = jinja2.ChoiceLoader(
        [
            jinja2.FileSystemLoader(project.templates_dir),
            jinja2.PrefixLoader({"default": shipped}),
            shipped,
        ]
    )
    # Templates are code from outside (offices pass them around): the sandbox keeps them to
    # the context and kimdocs' own functions, away from Python's internals.
    env = DataSandbox(
        loader=loader,
        # Plain text for e-mail must not carry &amp;; everything else is escaped.
        autoescape=jinja2.select_autoescape(
            disabled_extensions=("txt",), default=True, default_for_string=True
        ),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    _filters(env)
    return env


class _CompiledOnce(DataSandbox):
    """A sandbox, like the HTML environment, that compiles each template source once per process.

    docxtpl hands every XML part of the DOCX to ``from_string`` for every document;
    the sources are the same each time, and compiling them was a third of the work.
    """

    @lru_cache(maxsize=64)  # noqa: B019 - one long-lived environment per process
    def _compiled(self, source: str) -> jinja2.Template:
        return super().from_string(source)

    def from_string(
        self, source: str | jinja2.nodes.Template, globals: Any = None, template_class: Any = None
    ) -> jinja2.Template:
        if isinstance(source, str) and globals is None and template_class is None:
            return self._compiled(source)
        return super().from_string(source, globals, template_class)


@cache
def docx_environment() -> jinja2.Environment:
    env = _CompiledOnce(autoescape=True, undefined=jinja2.StrictUndefined)
    _filters(env)
    return env


def template_files(folder: Path) -> list[Path]:
    """Every template file in ``folder`` and its subfolders, in a stable order: the one
    listing that the fingerprint, the template check and ``kimdocs wissen`` share.
    Hidden files and folders (``.``) are no templates."""
    if not folder.is_dir():
        return []
    return sorted(
        path
        for path in folder.rglob("*")
        if path.is_file() and not any(p.startswith(".") for p in path.relative_to(folder).parts)
    )


def template_kind(name: str) -> str | None:
    """The kind a template file belongs to, by its name; ``None`` for shared ones.

    ``agreement.docx``, ``press.fragment.html`` and ``flyer-teile.html`` belong to their
    kind; ``base.html`` and ``letterhead.html`` to every kind.
    """
    from kimdocs.kind_names import ALL

    stem = re.split(r"[.-]", Path(name).name)[0]
    return stem if stem in {k.id for k in ALL} else None


def find_template(project: Project, name: str) -> Path:
    """The project's copy of a template if it has one, else the shipped default."""
    for folder in (project.templates_dir, SHIPPED_DIR):
        candidate = folder / name
        if candidate.is_file():
            return candidate
    raise TemplateError(
        Problem(
            f"Vorlage „{name}“ nicht gefunden (weder in "
            f"„{project.templates_dir}“ noch in den mitgelieferten)."
        )
    )


def template_error(exc: Exception, fallback: Path | None = None) -> TemplateError:
    """Turn a Jinja exception into a German TemplateError with file and line."""
    file: Path | None = fallback
    line: int | None = None
    if isinstance(exc, jinja2.TemplateSyntaxError):
        file = Path(exc.filename) if exc.filename else fallback
        line = exc.lineno
        message = f"Syntaxfehler in der Vorlage: {exc.message}"
    elif isinstance(exc, jinja2.UndefinedError):
        file, line = _template_frame(exc.__traceback__) or (fallback, None)
        message = f"Die Vorlage verwendet einen Wert, den es nicht gibt ({exc.message})."
    elif isinstance(exc, jinja2.exceptions.SecurityError):
        file, line = _template_frame(exc.__traceback__) or (fallback, None)
        message = unsafe_message(exc)
    elif isinstance(exc, jinja2.TemplateNotFound):
        message = f"Vorlage „{exc.name}“ nicht gefunden."
    else:
        file, line = _template_frame(exc.__traceback__) or (fallback, None)
        message = f"Fehler beim Ausfüllen der Vorlage: {exc}"
    return TemplateError(Problem(message, file=file, line=line))


_UNSAFE_NAME = re.compile(r"attribute '([^']+)'|'([^']+)'")


def unsafe_name(exc: jinja2.exceptions.SecurityError) -> str:
    """The attribute a sandbox error is about (``__class__``), or ``""``."""
    match = _UNSAFE_NAME.search(str(exc))
    return next((g for g in match.groups() if g), "") if match else ""


def unsafe_message(exc: jinja2.exceptions.SecurityError | str) -> str:
    name = exc if isinstance(exc, str) else unsafe_name(exc)
    what = f"auf „{name}“" if name else "auf Interna von Python"
    return (
        f"Die Vorlage greift {what} zu. Das ist aus Sicherheitsgründen gesperrt: Vorlagen "
        "dürfen nur die Felder des Dokuments und die Funktionen von kimdocs verwenden."
    )


def _template_frame(tb: TracebackType | None) -> tuple[Path, int] | None:
    # Jinja rewrites tracebacks so that template frames carry the template file and line.
    found: tuple[Path, int] | None = None
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.endswith((".html", ".css", ".txt", ".xml")):
            found = (Path(name), tb.tb_lineno)
        tb = tb.tb_next
    return found


def render_template(env: jinja2.Environment, name: str, context: dict[str, Any]) -> str:
    try:
        return env.get_template(name).render(context)
    except jinja2.TemplateError as exc:
        raise template_error(exc) from None
