"""Which case documents are past their retention, and deleting exactly those.

A document is due when its retention – its own ``aufbewahrung`` or, for its kind, the
default under ``[aufbewahrung]`` in kimdocs.toml (kimdocs.kinds.retention) – has ended
before the key day. What cannot delete too much, decided here once:

- A case is open while any version of its agreement has no ``abgeschlossen_am`` (a
  reopened case, a case without agreement): no document of an open case is ever listed.
- The closing date comes from the case's own documents only. The deletion log is never an
  input that makes anything due (kimdocs.kinds.deletion_log): it only spends ids.
- The agreement, which holds the closing date, goes last: only together with every other
  document of its case.
- Listing works for any key day; deleting only for what is due today, so a key day in the
  future looks ahead and never deletes early.
- Only regular files inside ``content/`` and ``output/`` are deleted, never a symbolic link
  or anything reached through one; a file changed since the listing is refused.
- Each file is logged, and the line is on disk, before the file goes; a log that cannot be
  written (or is a link) stops the deletion before the first file.

Due are a document's source and its outputs: the files the manifest recorded for it and the
files of every format at the output stem the catalog decided – nothing else. A file that
cannot be read or validated is never due: it is reported, and its case's agreement stays.
The log has no names and no file names (a misnamed file could carry one).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kimdocs import formats as registry
from kimdocs.base.dates import german_date
from kimdocs.base.errors import KimdocsError, Problem, display_path
from kimdocs.base.files import project_lock
from kimdocs.base.wording import counted
from kimdocs.build.manifest import Manifest
from kimdocs.catalog import content_links, current_catalog, using
from kimdocs.kind_names import ALL as KINDS
from kimdocs.kinds import Document, load_document
from kimdocs.kinds.case_files import parse_case_id
from kimdocs.kinds.deletion_log import LOG_NAME, LogWriter, check_log
from kimdocs.kinds.retention import rule_of
from kimdocs.project import Project

SOURCE = "Quelle"


@dataclass(frozen=True)
class Stamp:
    """What a file was when it was listed: a changed file is not deleted unseen."""

    size: int
    modified: int
    digest: str


def stamp(path: Path) -> Stamp | None:
    try:
        info = path.lstat()
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None
    return Stamp(info.st_size, info.st_mtime_ns, digest)


@dataclass(frozen=True)
class Due:
    source: Path
    kind: str  # German label: "Fallkonferenz-Protokoll"
    reference: str  # case id, or a reconstruction's own id
    date: dt.date
    retention: str  # "3 Jahre nach Abschluss"
    ends: dt.date
    outputs: tuple[Path, ...]
    closed: dt.date | None = None  # the case's closing, from its agreement
    stamps: tuple[tuple[Path, Stamp | None], ...] = ()

    def files(self) -> list[Path]:
        """Outputs before their source: a failure midway leaves the source to find again."""
        return [*self.outputs, self.source]


@dataclass
class RetentionOverview:
    day: dt.date
    today: dt.date
    due: list[Due] = field(default_factory=list)
    kept: int = 0  # documents with a retention that has not ended (or not begun)
    open_case: int = 0  # documents of open cases: never listed
    waiting: list[Path] = field(default_factory=list)  # agreements kept for their case
    without: list[Path] = field(default_factory=list)  # no retention at all
    problems: list[Problem] = field(default_factory=list)

    @property
    def ahead(self) -> bool:
        """A key day in the future: the list looks ahead, nothing may be deleted."""
        return self.day > self.today

    def lines(self, root: Path) -> list[str]:
        """The list for the terminal: what is due, with its outputs, and a summary."""
        out = [f"Stichtag: {german_date(self.day)}"]
        if self.ahead:
            out.append(
                "Der Stichtag liegt in der Zukunft: die Liste zeigt, was dann fällig wird; "
                "gelöscht wird nur, was heute fällig ist."
            )
        for due in self.due:
            rule = "" if due.retention.startswith("bis ") else f"{due.retention}, "
            out.append(
                f"{display_path(due.source, root)}: {due.kind} {due.reference} vom "
                f"{german_date(due.date)}, {rule}aufzubewahren bis {german_date(due.ends)}"
            )
            out += [f"  {display_path(p, root)}" for p in due.outputs]
        files = sum(len(d.outputs) + 1 for d in self.due)
        out.append(
            f"Fällig zur Löschung: {counted(len(self.due), 'Dokument', 'Dokumente')} "
            f"({counted(files, 'Datei', 'Dateien')}); noch aufzubewahren: {self.kept}, "
            f"davon in offenen Fällen: {self.open_case}; ohne Aufbewahrungsfrist: "
            f"{len(self.without)}."
        )
        if self.waiting:
            out.append(
                "Vereinbarungen, die mit den übrigen Dokumenten ihres Falls gelöscht werden "
                "(sie tragen das Abschlussdatum):"
            )
            out += [f"  {display_path(p, root)}" for p in self.waiting]
        if self.without:
            out.append(
                "Ohne Aufbewahrungsfrist (bitte „aufbewahrung“ eintragen oder in kimdocs.toml "
                "unter [aufbewahrung] eine Frist für die Art setzen):"
            )
            out += [f"  {display_path(p, root)}" for p in self.without]
        return out

    def question(self) -> str:
        files = sum(len(d.outputs) + 1 for d in self.due)
        return f"{counted(files, 'Datei', 'Dateien')} endgültig löschen?"


def _case_of(doc: Document[Any]) -> str:
    return str(getattr(doc.fields, "case_id", "") or "").strip().casefold()


def closings(docs: list[Document[Any]]) -> dict[str, dt.date | None]:
    """Case id → the day the case was closed, or None while it is open.

    Closed is a case whose every agreement version has ``abgeschlossen_am``; the latest
    of them is the closing. A case with a version without one (reopened) or without any
    agreement is open. Nothing but the case's own documents decides it.
    """
    versions: dict[str, list[dt.date | None]] = {}
    for doc in docs:
        case = _case_of(doc)
        if case and doc.kind.opens_case:
            versions.setdefault(case, []).append(getattr(doc.fields, "closed_on", None))
    closed: dict[str, dt.date | None] = {}
    for doc in docs:
        case = _case_of(doc)
        if case:
            days = versions.get(case, [])
            dated = [d for d in days if isinstance(d, dt.date)]
            closed[case] = max(dated) if days and len(dated) == len(days) else None
    return closed


def _links(project: Project) -> list[tuple[Problem, set[str]]]:
    """Every symbolic link under content/, with the case ids its name (or, for a folder,
    the names of the files in it) carry: the walk does not follow them, so their cases
    count as open and nothing of them is listed or deleted."""
    found: list[tuple[Problem, set[str]]] = []
    for path, names in content_links(project):
        ids = {str(c).casefold() for n in names if (c := parse_case_id(n)) is not None}
        shown = display_path(path, project.root)
        found.append(
            (
                Problem(
                    f"„{shown}“ ist eine Verknüpfung (symbolischer Link). kimdocs löscht "
                    "nichts, was über eine Verknüpfung erreicht wird; die Fälle darin "
                    "gelten als offen. Bitte die Dateien in den Projektordner verschieben.",
                    file=path,
                ),
                ids,
            )
        )
    return found


def overview(project: Project, day: dt.date, today: dt.date | None = None) -> RetentionOverview:
    """Every case document past its retention on ``day`` (its last day of retention < day)."""
    from kimdocs.base import dates

    found = RetentionOverview(day, today or dates.today())
    catalog = current_catalog(project)
    case_kinds = {k.id for k in KINDS if k.case_data}
    docs: list[Document[Any]] = []
    unreadable: set[str] = set()  # cases with a file no one can read: their agreement stays
    with using(catalog):  # each document's checks ask this walk, not a new one each
        for entry in catalog.documents():
            if entry.kind not in case_kinds:
                continue
            try:
                docs.append(load_document(entry.path, project))
            except KimdocsError as exc:  # never due: a person must look at it first
                found.problems += [p for p in exc.problems if p.is_error]
                named = parse_case_id(entry.path.stem)
                if named is not None:
                    unreadable.add(str(named).casefold())
    for problem, linked in _links(project):
        found.problems.append(problem)
        unreadable |= linked
    closed = closings(docs)
    manifest = Manifest.load(project)
    candidates: list[tuple[Document[Any], Due]] = []
    staying: set[str] = set(unreadable)  # cases with a document that is not due
    for doc in docs:
        case = _case_of(doc)
        try:
            rule = rule_of(getattr(doc.fields, "retention", None), project, doc.kind.names)
        except KimdocsError as exc:
            found.problems += exc.problems
            staying.add(case)
            continue
        if rule is None:
            found.without.append(doc.source.path)
            staying.add(case)
            continue
        # A case is open while it is not closed – or while one of its files cannot be read:
        # that file might be the reopening version.
        if case and (closed.get(case) is None or case in unreadable):
            found.kept += 1
            found.open_case += 1
            staying.add(case)
            continue
        reference = doc.kind.identity(doc.fields)[1]
        events = doc.kind.retention_events(doc) | {"Abschluss": closed.get(case)}
        ends = rule.ends(events)
        if ends is None or ends >= day:
            found.kept += 1
            staying.add(case)
            continue
        stem = catalog.entry(doc.source.path).stem  # the one place that names outputs
        outputs = outputs_of(project, manifest, doc.source.path, stem)
        files = [*outputs, doc.source.path]
        candidates.append(
            (
                doc,
                Due(
                    doc.source.path,
                    doc.kind.label,
                    reference,
                    doc.date,
                    rule.describe(),
                    ends,
                    outputs,
                    events["Abschluss"],
                    tuple((p, stamp(p)) for p in files),
                ),
            )
        )
    for doc, due in candidates:
        case = _case_of(doc)
        if doc.kind.opens_case and case in staying - {""}:
            found.kept += 1
            found.waiting.append(doc.source.path)
            continue
        found.due.append(due)
    found.due.sort(key=lambda d: (d.ends, d.reference, str(d.source)))
    found.without.sort()
    return found


def outputs_of(project: Project, manifest: Manifest, source: Path, stem: Path) -> tuple[Path, ...]:
    """A document's outputs: recorded in the manifest, or at its stem in any format."""
    root = project.output_dir.resolve()
    found = [project.root / rel for rel in manifest.files(manifest.key(source, project))]
    base = project.output_dir / stem
    for fmt in registry.FORMATS.values():
        if fmt.pages:
            number = 1
            while (page := registry.page_file(base, number, fmt.suffix)).is_file():
                found.append(page)
                number += 1
        else:
            found.append(fmt.first_file(base))
    unique = dict.fromkeys(p for p in found if p.is_file() and p.resolve().is_relative_to(root))
    return tuple(unique)


@dataclass
class DeletionReport:
    log: Path
    deleted: list[tuple[Due, str]] = field(default_factory=list)  # (document, what)
    refused: list[Problem] = field(default_factory=list)  # documents left as they were

    def summary(self, root: Path) -> str:
        documents = len({id(due) for due, what in self.deleted if what == SOURCE})
        return (
            f"Gelöscht: {counted(len(self.deleted), 'Datei', 'Dateien')} von "
            f"{counted(documents, 'Dokument', 'Dokumenten')}; vermerkt in "
            f"{display_path(self.log, root)}."
        )


def delete(
    project: Project,
    found: RetentionOverview,
    today: dt.date,
    progress: Callable[[Due, str, Path], None] | None = None,
) -> DeletionReport:
    """Delete the due documents' outputs and sources, logging each file before it goes.

    Refuses a listing made for a key day after ``today``, and leaves a document whole whose
    files changed since the listing or are not plain files inside content/ and output/.
    Raises a :class:`KimdocsError` at the first file that cannot be deleted; everything
    before it is gone and logged, the rest is untouched.
    """
    if found.day > today:
        raise KimdocsError(
            Problem(
                f"Der Stichtag {german_date(found.day)} liegt nach heute "
                f"({german_date(today)}): mit ihm zeigt „kimdocs löschfristen“ nur, was dann "
                "fällig wird. Gelöscht wird nur, was heute fällig ist: bitte ohne --stichtag "
                "aufrufen. Nichts gelöscht."
            )
        )
    check_log(project)
    report = DeletionReport(project.root / LOG_NAME)
    with project_lock(project.output_dir), LogWriter(project) as log:
        manifest = Manifest.load(project)
        try:
            for due in found.due:
                if due.ends >= today:
                    continue  # not due today, whatever the listing said
                refusal = _refusal(due, project)
                if refusal is not None:
                    report.refused.append(refusal)
                    continue
                for path in due.files():
                    what = SOURCE if path == due.source else _what(path)
                    log.write(_row(today, due, what))
                    try:
                        _remove(path, project)
                    except KimdocsError:
                        log.write(_row(today, due, f"{what} (nicht gelöscht)"))
                        raise
                    report.deleted.append((due, what))
                    if progress is not None:
                        progress(due, what, path)
                manifest.forget(manifest.key(due.source, project))
        finally:
            manifest.save()
    return report


def _row(today: dt.date, due: Due, what: str) -> tuple[str, ...]:
    return (
        today.isoformat(),
        due.reference,
        due.kind,
        due.date.isoformat(),
        due.ends.isoformat(),
        due.closed.isoformat() if due.closed else "",
        what,
    )


def _refusal(due: Due, project: Project) -> Problem | None:
    """Why a due document must stay as it is, or None."""
    listed = dict(due.stamps)
    for path in due.files():
        why = unsafe(path, project)
        if why is None and path in listed and stamp(path) != listed[path]:
            why = "wurde seit der Auflistung geändert"
        if why is not None:
            shown = display_path(path, project.root)
            return Problem(
                f"„{shown}“ {why}. Das Dokument {due.reference} bleibt ganz erhalten; bitte "
                "prüfen und „kimdocs löschfristen --löschen“ erneut aufrufen.",
                file=path,
            )
    return None


def unsafe(path: Path, project: Project) -> str | None:
    """Why a file may not be deleted (German, a sentence part), or None: only regular files
    inside content/ or output/, reached without any symbolic link."""
    root = project.root
    if not path.is_relative_to(root):
        return "liegt nicht im Projektordner"
    try:
        info = path.lstat()
    except FileNotFoundError:
        return None  # already gone: nothing to do
    except OSError as exc:
        return f"lässt sich nicht prüfen ({exc.strerror or exc})"
    if stat.S_ISLNK(info.st_mode):
        return "ist eine Verknüpfung (symbolischer Link); gelöscht werden nur gewöhnliche Dateien"
    if not stat.S_ISREG(info.st_mode):
        return "ist keine gewöhnliche Datei"
    for folder in path.parents:
        if folder == root:
            break
        if folder.is_symlink():
            shown = display_path(folder, root)
            return f"liegt in „{shown}“, einer Verknüpfung (symbolischer Link)"
    resolved = path.resolve()
    homes = (project.content_dir.resolve(), project.output_dir.resolve())
    if not any(resolved.is_relative_to(home) for home in homes):
        return "liegt nicht in content/ oder output/"
    return None


def _what(path: Path) -> str:
    """What a file is, for the log: the format ("PDF", "PNG"), never the file's name."""
    for fmt in registry.FORMATS.values():
        if path.suffix == fmt.suffix and fmt.pages == (registry.PAGE_MARK in path.stem):
            return fmt.id.upper()
    return path.suffix.lstrip(".").upper() or "Datei"


def _remove(path: Path, project: Project) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError as exc:
        shown = display_path(path, project.root)
        raise KimdocsError(
            Problem(
                f"„{shown}“ konnte nicht gelöscht werden ({exc.strerror or exc}). Alles davor "
                f"ist gelöscht und in {LOG_NAME} vermerkt; diese Datei und die folgenden sind "
                "unverändert. Nach der Ursache bitte erneut „kimdocs löschfristen --löschen“.",
                file=path,
            )
        ) from exc
