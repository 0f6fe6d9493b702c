"""Open, check, save and create documents for the forms of ``kimdocs vorschau``.

The HTTP side (:mod:`kimdocs.preview.app`) asks here and shows what comes back. A form
is opened on one state of its file (its SHA-256); a save writes only the changed fields
through the one write gate (:mod:`kimdocs.preview.writes`), then checks the document
exactly as ``kimdocs check`` does, and a document without errors is built again.
"""

from __future__ import annotations

import datetime as dt
import difflib
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kimdocs.base import dates
from kimdocs.base.errors import KimdocsError, Problem, display_path
from kimdocs.base.inputs import decode, read_bytes
from kimdocs.base.yaml_lines import parse
from kimdocs.build.check import check_project
from kimdocs.cases.scaffold import plan_document
from kimdocs.catalog import catalogue
from kimdocs.kinds import KINDS, Kind
from kimdocs.kinds.case_files import case_ids
from kimdocs.preview.form_fields import FormModel, form_model
from kimdocs.preview.form_save import DocumentText, save_front, save_sections
from kimdocs.preview.form_values import Shown, document_values, posted_values
from kimdocs.preview.writes import Author, Conflict, content_path, digest, write_document
from kimdocs.project import Project


@dataclass
class Opened:
    """A document as its form shows it."""

    project: Project
    path: Path
    relative: str
    kind: Kind[Any]
    model: FormModel
    text: DocumentText
    raw: bytes
    shown: Shown

    @property
    def digest(self) -> str:
        return digest(self.raw)


# The versions forms were opened on, by SHA-256: a conflict shows what changed since.
_OPENED: OrderedDict[str, bytes] = OrderedDict()
_OPENED_KEPT = 64
_OPENED_LOCK = threading.Lock()


def _remember(raw: bytes) -> None:
    with _OPENED_LOCK:
        _OPENED[digest(raw)] = raw
        _OPENED.move_to_end(digest(raw))
        while len(_OPENED) > _OPENED_KEPT:
            _OPENED.popitem(last=False)


def opened_version(sha: str) -> bytes | None:
    with _OPENED_LOCK:
        return _OPENED.get(sha)


def open_document(project: Project, relative: str, raw: bytes | None = None) -> Opened:
    """The document ``relative`` (``content/…``) read for its form; a German error if it
    is no document or its front matter cannot be read."""
    path = content_path(project, relative)
    if raw is None:
        raw = read_bytes(path)
    text = DocumentText.parse(raw, path)
    entry = catalogue(path, project)
    kind = KINDS.get(entry.kind or "")
    if kind is None:
        raise KimdocsError(
            Problem(
                "Die Dokumentart steht nicht fest („art:“ fehlt oder ist unbekannt); bitte in "
                "der Datei „art:“ eintragen.",
                file=path,
                line=2,
            )
        )
    meta, _ = parse(text.front, path, first_line=2, front_matter=True)
    model = form_model(kind.model, kind.label, project)
    _remember(raw)
    return Opened(
        project, path, relative, kind, model, text, raw, document_values(model.fields, meta)
    )


def check_document(project: Project, path: Path) -> list[Problem]:
    """What ``kimdocs check`` reports about this document, with the same messages."""
    report = check_project(project, [path])
    target = path.resolve()
    found = [p for p in report.problems if p.file is None or p.file.resolve() == target]
    for easy in report.easy:
        if easy.file.resolve() == target:
            found += easy.findings
    return found


@dataclass
class Saved:
    changed: bool
    digest: str
    problems: list[Problem] = field(default_factory=list)


Getter = Callable[[str], list[str]]


def save(
    project: Project,
    relative: str,
    get: Getter,
    author: Author,
    opened_on: str,
    basis: str | None = None,
) -> Saved:
    """Write the posted form into the file, only the changed fields.

    ``opened_on``: the SHA-256 of the file the form was opened (or last reloaded) on; if
    the file is different now, nothing is written (:class:`~.writes.Conflict`). ``basis``:
    after a conflict, the version the user's changes were made on, so that only those are
    applied to the new one.
    """
    current = open_document(project, relative)
    if current.digest != opened_on:
        raise Conflict(
            Problem(
                f"„{relative}“ wurde geändert, seit das Formular geöffnet wurde; nichts "
                "überschrieben.",
                file=current.path,
            ),
            current.digest,
        )
    base = current
    earlier = opened_version(basis) if basis else None
    if earlier is not None:
        base = open_document(project, relative, earlier)
    values = posted_values(current.model.fields, get, current.shown.values)
    front = save_front(current.text.front, tuple(current.model.fields), base.shown.values, values)
    texts = [_first(get(f"_text.{n}")) for n in range(len(current.text.sections))]
    if earlier is not None:  # sections the user left as they were in the basis stay new
        texts = [
            t if t.strip("\n") != b.shown else c.shown
            for t, b, c in zip(texts, base.text.sections, current.text.sections, strict=False)
        ]
    sections = save_sections(current.text.sections, texts)
    new = DocumentText(
        current.text.bom,
        current.text.newline,
        current.text.opening,
        front,
        current.text.closing,
        sections,
        current.text.body_line,
    ).encoded()
    if new == current.raw:
        return Saved(False, current.digest)
    after = write_document(project, current.path, new, author, opened_on)
    _remember(new)
    return Saved(True, after)


def _first(values: list[str]) -> str:
    return values[0] if values else ""


def changes_on_disk(earlier: bytes | None, now: bytes, path: Path) -> list[str]:
    """The lines that changed on disk since the form was opened, as a diff."""
    if earlier is None:
        return []
    old = decode(earlier, path).splitlines()
    new = decode(now, path).splitlines()
    return [
        line
        for line in difflib.unified_diff(old, new, "geöffnet", "jetzt", lineterm="", n=1)
        if not line.startswith(("---", "+++"))
    ]


# ------------------------------------------------------------------ "Neu"


@dataclass(frozen=True)
class Choice:
    """A district (or case) to create a document in, and what ``kimdocs new`` would do."""

    value: str
    label: str
    file: str
    case_id: str | None


def kinds() -> list[Kind[Any]]:
    return list(KINDS.values())


def district_choices(project: Project, kind: Kind[Any]) -> list[Choice]:
    found = []
    for district in project.config.districts:
        planned = plan_document(project, kind.names.name, None, district.id)
        found.append(
            Choice(
                district.id,
                district.name,
                display_path(planned.path, project.root),
                planned.created.case_id,
            )
        )
    return found


def case_choices(project: Project, kind: Kind[Any]) -> list[str]:
    """Existing cases a document of this kind can belong to (a conference of a case)."""
    if not kind.names.case_data or kind.opens_case:
        return []
    return sorted(case_ids(project))


def create(
    project: Project, kind: Kind[Any], district: str, case_id: str | None, author: Author
) -> str:
    """``kimdocs new`` for a kind and district (or an existing case): the new file, written
    through the write gate; its path relative to the project."""
    name = kind.case_stem(case_id, dates.today()) if case_id else None
    planned = plan_document(project, kind.names.name, name, district)
    write_document(project, planned.path, planned.text.encode("utf-8"), author, None)
    return display_path(planned.path, project.root)


def today() -> dt.date:
    return dates.today()
