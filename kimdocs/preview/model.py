"""What the preview shows: every document of the project after a build, by kind, with its state."""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass, field
from pathlib import Path

from kimdocs import formats as registry
from kimdocs.base.errors import KimdocsError, Problem, display_path
from kimdocs.base.inputs import read_text
from kimdocs.build.run import FAILED, REMOVED, Result, build
from kimdocs.build.workers import Cancelled
from kimdocs.cases.residence_triage import Triage, triage
from kimdocs.catalog import Role, catalogue, read_content, walked
from kimdocs.kinds import KINDS
from kimdocs.preview.checkers import findings_for
from kimdocs.project import CONTENT_FOLDER, TEMPLATES_FOLDER, Project, load_project

# What the preview needs besides the project's own formats: what it serves.
PREVIEW_FORMATS = tuple(f.id for f in registry.FORMATS.values() if f.served)
MAX_PICTURES = 3


@dataclass
class Entry:
    source: Path  # relative to the project
    kind_id: str | None
    kind_label: str
    title: str
    status: str
    findings: list[Problem] = field(default_factory=list)
    html: Path | None = None  # relative to output/
    pdf: Path | None = None
    docx: Path | None = None  # the working copy, to edit and sign
    pages: list[Path] = field(default_factory=list)
    pictures: list[Path] = field(default_factory=list)  # files the document shows (absolute)
    lines: list[str] = field(default_factory=list)
    facts: list[str] = field(default_factory=list)  # what ``check`` says besides findings

    @property
    def errors(self) -> int:
        return sum(f.is_error for f in self.findings)

    @property
    def warnings(self) -> int:
        return sum(not f.is_error for f in self.findings)

    @property
    def ident(self) -> str:
        return self.source.as_posix()


@dataclass
class Snapshot:
    """One state of the project; ``version`` changes with every rebuild."""

    version: int = 0
    entries: list[Entry] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # the project itself is broken
    built_at: dt.datetime | None = None
    triage: Triage | None = None  # the residence routes of the caseload, if it has any

    def easy_copy(self, entry: Entry) -> Path | None:
        """The client's copy in Leichte Sprache beside a document's PDF, if there is one."""
        if entry.pdf is None:
            return None
        return entry.pdf.with_name(f"{entry.pdf.stem}-leicht{entry.pdf.suffix}")

    @property
    def pictures(self) -> frozenset[Path]:
        """Every file the documents show: a change to one rebuilds, wherever it lies."""
        return frozenset(p for entry in self.entries for p in entry.pictures)

    def by_kind(self) -> list[tuple[str, list[Entry]]]:
        groups: dict[str, list[Entry]] = {}
        for entry in self.entries:
            groups.setdefault(entry.kind_label, []).append(entry)
        order = [k.label for k in KINDS.values()]
        return sorted(groups.items(), key=lambda g: order.index(g[0]) if g[0] in order else 99)

    def entry(self, ident: str) -> Entry | None:
        return next((e for e in self.entries if e.ident == ident), None)


class Preview:
    """Builds the project and keeps the latest snapshot; safe to read from server threads."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self._lock = threading.Lock()
        self._build_lock = threading.Lock()
        self._snapshot = Snapshot()
        self.output_dir = self.root / "output"
        self.project: Project | None = None  # the last one that loaded
        # Set to stop the rebuild that runs (a newer change, or the preview ends): its
        # workers are stopped and what they had finished stays written.
        self._cancel = threading.Event()

    def input_folders(self) -> list[Path]:
        """Folders whose whole tree is input, also while kimdocs.toml is broken (the
        watcher starts once and must see the content when the project is repaired)."""
        return [self.root / CONTENT_FOLDER, self.root / TEMPLATES_FOLDER]

    @property
    def snapshot(self) -> Snapshot:
        with self._lock:
            return self._snapshot

    def cancel(self) -> None:
        """Stop the rebuild that runs, if any; it returns the snapshot it had."""
        self._cancel.set()

    def rebuild(self) -> Snapshot:
        """Build and publish a new snapshot; never raises, the watcher calls it in a loop.

        A cancelled rebuild publishes nothing: the one that follows it shows the newer state.
        """
        with self._build_lock:
            self._cancel.clear()
            version = self.snapshot.version + 1
            try:
                fresh = self._build(version)
            except Cancelled:
                return self.snapshot
            except KimdocsError as exc:
                fresh = Snapshot(version, [], exc.problems, dt.datetime.now())
            except Exception as exc:  # the watcher must outlive anything a rebuild runs into
                fresh = Snapshot(version, [], [_unexpected(exc)], dt.datetime.now())
            with self._lock:
                self._snapshot = fresh
            return fresh

    def _build(self, version: int) -> Snapshot:
        project = load_project(self.root)
        self.project = project
        self.output_dir = project.output_dir.resolve()
        formats = list(dict.fromkeys([*project.config.formats, *PREVIEW_FORMATS]))
        # One walk for the build and the page: each document is read and loaded once, and
        # the page shows what the build found (title, facts, pictures) instead of loading.
        with walked(project):
            results = build(project, formats=formats, cancel=self._cancel)
            entries = [_entry(project, r) for r in results if r.status != REMOVED]
            caseload = _triage(project)
        return Snapshot(version, entries, [], dt.datetime.now(), caseload)


def _triage(project: Project) -> Triage | None:
    """The caseload's routes on today's date (the build's walk: nothing is read again)."""
    from kimdocs.base import dates

    try:
        found = triage(project, dates.today())
    except KimdocsError:
        return None  # a broken rule file: the worksheets' own findings name it
    return found if found.rows else None


def _unexpected(exc: Exception) -> Problem:
    return Problem(
        f"Die Vorschau konnte das Projekt nicht bauen ({type(exc).__name__}: {exc}). Sie "
        "beobachtet die Dateien weiter und baut nach der nächsten Änderung neu. Bleibt der "
        "Fehler, bitte mit dieser Meldung an die Betreuung von kimdocs wenden."
    )


def _entry(project: Project, result: Result) -> Entry:
    rel = _relative(result.source, project.root)
    catalogued = catalogue(result.source, project)
    if catalogued.role is Role.REFUSED:
        # A link out of the project: shown with its error, its target is never read.
        label = "Dateien mit Fehlern"
        return Entry(rel, None, label, result.source.name, result.status, list(result.problems))
    kind = KINDS.get(catalogued.kind) if catalogued.kind else None
    # A document that does not load is still shown under its kind, if the catalog knows it.
    kind_id, label = (kind.id, kind.label) if kind else (None, "Dateien mit Fehlern")
    title = result.title or result.source.name
    pictures = [p.resolve() for p in result.inputs]
    facts = result.facts
    stem = project.output_dir / catalogued.stem
    html = stem.with_suffix(registry.get("html").suffix)
    pdf = stem.with_suffix(registry.get("pdf").suffix)
    docx = stem.with_suffix(registry.get("docx").suffix)
    pages = [registry.page_file(stem, n) for n in range(1, MAX_PICTURES + 1)]
    out = project.output_dir.resolve()
    # A failed document keeps its last good outputs: they are shown, marked as old.
    entry = Entry(
        source=rel,
        kind_id=kind_id,
        kind_label=label,
        title=title,
        status=result.status,
        findings=findings_for(project, result.source, result.problems),
        html=html.resolve().relative_to(out) if html.is_file() else None,
        pdf=pdf.resolve().relative_to(out) if pdf.is_file() else None,
        docx=docx.resolve().relative_to(out) if docx.is_file() else None,
        pages=[p.resolve().relative_to(out) for p in pages if p.is_file()],
        pictures=pictures,
        facts=facts,
    )
    shows_text = kind is not None and kind.easy_language
    if shows_text or entry.status == FAILED or any(f.line for f in entry.findings):
        entry.lines = _text_lines(result.source, project)
    return entry


def _relative(path: Path, root: Path) -> Path:
    return Path(display_path(path, root))


def _text_lines(path: Path, project: Project) -> list[str]:
    """The lines of a source for the page (as the walk read it), or none if it cannot be
    read as text (a pipe, bad bytes): its findings say why."""
    try:
        return read_content(path, project).text.splitlines()
    except KimdocsError:
        pass
    try:  # front matter that does not parse: its lines are shown all the same
        return read_text(path).splitlines()
    except KimdocsError:
        return []
