"""Which case documents are past their retention, and deleting exactly those.

A document is due when its ``aufbewahrung`` (kimdocs.kinds.retention) has ended before the
given day. Due are its source and its outputs: the files the manifest recorded for it and
the files of every format at the output stem the catalog decided (so that outputs from
before the manifest are found too) – nothing else. A file that cannot be read or validated
is never due: it is reported.

Deleting writes ``löschprotokoll.csv`` at the project root, one line per file as soon as
it is gone: day, case id (or reconstruction id), kind, document date, end of retention and
what was deleted ("PDF", "Quelle") – no names, no file names (a misnamed file could carry
one). Outputs go before their source, so a failure midway leaves the source, which the next
run finds due again; the log says what is already gone.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
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
from kimdocs.catalog import current_catalog, using
from kimdocs.kind_names import ALL as KINDS
from kimdocs.kinds import Document, load_document
from kimdocs.project import Project

LOG_NAME = "löschprotokoll.csv"
LOG_COLUMNS = (
    "gelöscht_am",
    "fall_id",
    "dokumentart",
    "dokumentdatum",
    "aufbewahrung_bis",
    "abschluss",
    "gelöscht",
)
SOURCE = "Quelle"


@dataclass(frozen=True)
class Due:
    source: Path
    kind: str  # German label: "Fallkonferenz-Protokoll"
    reference: str  # case id, or a reconstruction's own id
    date: dt.date
    retention: str  # "3 Jahre nach Abschluss"
    ends: dt.date
    outputs: tuple[Path, ...]
    closed: dt.date | None = None  # the case's closing: logged, so it outlives the agreement


@dataclass
class RetentionOverview:
    day: dt.date
    due: list[Due] = field(default_factory=list)
    kept: int = 0  # documents with a retention that has not ended (or not begun)
    without: int = 0  # case documents without ``aufbewahrung``
    problems: list[Problem] = field(default_factory=list)

    def lines(self, root: Path) -> list[str]:
        """The list for the terminal: what is due, with its outputs, and a summary."""
        out = [f"Stichtag: {german_date(self.day)}"]
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
            f"({counted(files, 'Datei', 'Dateien')}); noch aufzubewahren: {self.kept}; "
            f"ohne Aufbewahrungsfrist: {self.without}."
        )
        return out

    def question(self) -> str:
        files = sum(len(d.outputs) + 1 for d in self.due)
        return f"{counted(files, 'Datei', 'Dateien')} endgültig löschen?"


def overview(project: Project, day: dt.date) -> RetentionOverview:
    """Every case document past its retention on ``day`` (its last day of retention < day)."""
    found = RetentionOverview(day)
    catalog = current_catalog(project)
    case_kinds = {k.id for k in KINDS if k.case_data}
    docs: list[Document[Any]] = []
    with using(catalog):  # each document's checks ask this walk, not a new one each
        for entry in catalog.documents():
            if entry.kind not in case_kinds:
                continue
            try:
                docs.append(load_document(entry.path, project))
            except KimdocsError as exc:  # never due: a person must look at it first
                found.problems += [p for p in exc.problems if p.is_error]
    closed = _closings(docs, project.root / LOG_NAME)
    manifest = Manifest.load(project)
    for doc in docs:
        rule = getattr(doc.fields, "retention", None)
        if rule is None:
            found.without += 1
            continue
        reference = doc.kind.identity(doc.fields)[1]
        events = doc.kind.retention_events(doc) | {"Abschluss": closed.get(reference.casefold())}
        ends = rule.ends(events)
        if ends is None or ends >= day:
            found.kept += 1
            continue
        stem = catalog.entry(doc.source.path).stem  # the one place that names outputs
        outputs = outputs_of(project, manifest, doc.source.path, stem)
        found.due.append(
            Due(
                doc.source.path,
                doc.kind.label,
                reference,
                doc.date,
                rule.describe(),
                ends,
                outputs,
                events["Abschluss"],
            )
        )
    found.due.sort(key=lambda d: (d.ends, d.reference, str(d.source)))
    return found


def _closings(docs: list[Document[Any]], log: Path) -> dict[str, dt.date]:
    """Case id → the day the case was closed (``abgeschlossen_am`` of its agreements).

    Also from the deletion log: minutes kept longer than their agreement still know when
    their case was closed after the agreement is gone.
    """
    closed: dict[str, dt.date] = {}
    for row in _log_rows(log):
        try:
            day = dt.date.fromisoformat(row.get("abschluss") or "")
        except ValueError:
            continue
        closed[row.get("fall_id", "").casefold()] = day
    for doc in docs:
        closing = getattr(doc.fields, "closed_on", None)
        case_id = str(getattr(doc.fields, "case_id", "") or "").casefold()
        if isinstance(closing, dt.date) and case_id:
            closed[case_id] = max(closing, closed.get(case_id, closing))
    return closed


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
    progress: Callable[[Due, str], None] | None = None,
) -> DeletionReport:
    """Delete the due documents' outputs and sources, logging each file as it goes.

    Raises a :class:`KimdocsError` at the first file that cannot be deleted; everything
    before it is gone and logged, the rest is untouched.
    """
    log = project.root / LOG_NAME
    report = DeletionReport(log)
    with project_lock(project.output_dir):
        manifest = Manifest.load(project)
        try:
            for due in found.due:
                files = [(p, _what(p)) for p in due.outputs] + [(due.source, SOURCE)]
                for path, what in files:
                    _remove(path, project)
                    _log(log, today, due, what)
                    report.deleted.append((due, what))
                    if progress is not None:
                        progress(due, what)
                manifest.forget(manifest.key(due.source, project))
        finally:
            manifest.save()
    return report


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


def _log_rows(log: Path) -> list[dict[str, str]]:
    try:
        with log.open(encoding="utf-8-sig", newline="") as handle:
            return list(csv.DictReader(handle, delimiter=";"))
    except (OSError, UnicodeDecodeError, csv.Error):
        return []


def _log(log: Path, today: dt.date, due: Due, what: str) -> None:
    new = not log.exists()
    with log.open("a", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        if new:
            # As tables.excel_csv: with a byte order mark, Excel shows „gelöscht“ right.
            handle.write("\ufeff")
            writer.writerow(LOG_COLUMNS)
        writer.writerow(
            (
                today.isoformat(),
                due.reference,
                due.kind,
                due.date.isoformat(),
                due.ends.isoformat(),
                due.closed.isoformat() if due.closed else "",
                what,
            )
        )
        handle.flush()
        os.fsync(handle.fileno())  # the line is on disk before the next file goes
