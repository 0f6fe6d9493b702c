"""The content catalog: the one place that walks ``content/`` and says what each file is.

For every Markdown file it decides once its role (a document, a text block, or a note
that no command reads), its kind (from ``art:``/``kind:`` with German aliases, case
insensitive, else from its folder; read without validating the rest) and its output stem.
It also names the project's input files. Build, check, the preview and its file watcher,
the Leichte-Sprache checker, the knowledge report and the case index all ask here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from enum import Enum
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from kimdocs import kind_names
from kimdocs.errors import ContentError, Problem
from kimdocs.files import safe_name
from kimdocs.project import CONFIG_NAME, Project

BLOCKS_FOLDER = "bausteine"  # content/bausteine/NAME.md: text blocks, parts of documents
GLOSSARY_NAME = "glossar.yaml"
FACTS_NAME = "fakten.yaml"

# ``art: Flyer`` or ``kind: "agreement"  # comment`` at the top level of the front matter.
_DECLARED = re.compile(r"^(?:art|kind)[ \t]*:[ \t]*(.*?)[ \t]*(?:#.*)?$", re.MULTILINE)
_HEAD_BYTES = 8192  # the kind is declared near the top; bigger heads are not read for it


class Role(Enum):
    DOCUMENT = "Dokument"
    BLOCK = "Textbaustein"
    NOTE = "Notiz"  # README.md, _entwurf.md, .obsidian/…: never read by any command


@dataclass(frozen=True)
class Entry:
    path: Path  # resolved
    role: Role
    declared: str | None  # the kind as written in the front matter, if it names one
    kind: str | None  # the kind id, if the declaration or the folder tells it
    stem: Path  # output path below output/, without suffix

    @property
    def unknown_kind(self) -> bool:
        """It names a kind that does not exist (which is different from naming none)."""
        return self.declared is not None and self.kind is None


@dataclass(frozen=True)
class Catalog:
    project: Project
    entries: tuple[Entry, ...]

    @cached_property
    def _by_path(self) -> dict[Path, Entry]:
        return {e.path: e for e in self.entries}

    @cached_property
    def derived(self) -> dict[str, Any]:
        """What others compute from this state of content/ (the case index), kept with it:
        it is computed once per walk, and a new walk starts afresh."""
        return {}

    def documents(self) -> list[Entry]:
        return [e for e in self.entries if e.role is Role.DOCUMENT]

    def blocks(self) -> list[Entry]:
        return [e for e in self.entries if e.role is Role.BLOCK]

    def of_kind(self, kind: str) -> list[Entry]:
        return [e for e in self.documents() if e.kind == kind]

    def entry(self, path: Path) -> Entry:
        """The entry of any file, inside ``content/`` or given from elsewhere."""
        resolved = path.resolve()
        return self._by_path.get(resolved) or classify(resolved, self.project)

    def select(self, paths: list[Path] | tuple[Path, ...] = ()) -> list[Entry]:
        """The documents to work on: in the given files and folders, or all of them.

        A file named on the command line is taken as it is; a folder contributes its
        documents only, like ``content/`` itself.
        """
        if not paths:
            return self.documents()
        found: dict[Path, Entry] = {}
        for path in paths:
            if path.is_dir():
                entries = _walk(path.resolve(), self.project)
                found.update((e.path, e) for e in entries if e.role is Role.DOCUMENT)
            elif path.is_file():
                entry = self.entry(path)
                found[entry.path] = entry
            else:
                raise ContentError(Problem(f"„{path}“ gibt es nicht.", file=path))
        return list(found.values())


def load_catalog(project: Project) -> Catalog:
    return Catalog(project, tuple(_walk(project.content_dir.resolve(), project)))


_IN_USE: ContextVar[Catalog | None] = ContextVar("kimdocs_catalog", default=None)


@contextmanager
def walked(project: Project) -> Iterator[Catalog]:
    """Walk content/ once for a whole build or check.

    Inside the block, ``current_catalog`` answers with this walk, so that each document's
    checks (the case index of every case reconstruction) do not walk content/ again: that
    made a build of n documents cost n walks of n files.
    """
    catalog = load_catalog(project)
    token = _IN_USE.set(catalog)
    try:
        yield catalog
    finally:
        _IN_USE.reset(token)


def current_catalog(project: Project) -> Catalog:
    """The catalog of the running build or check (``walked``), else a fresh walk."""
    catalog = _IN_USE.get()
    if catalog is not None and catalog.project.content_dir == project.content_dir:
        return catalog
    return load_catalog(project)


def _walk(folder: Path, project: Project) -> list[Entry]:
    # The only walk of content/ in kimdocs: everyone else asks the catalog.
    if not folder.is_dir():
        return []
    return [classify(p.resolve(), project) for p in sorted(folder.rglob("*.md")) if p.is_file()]


def classify(path: Path, project: Project) -> Entry:
    """Role, kind and output stem of one Markdown file."""
    role = role_of(path, project)
    declared = declared_kind(path) if role is Role.DOCUMENT else None
    if declared is not None:
        kind = kind_names.kind_id(declared)
    else:
        kind = _kind_from_folder(path, project) if role is Role.DOCUMENT else None
    return Entry(path, role, declared, kind, output_stem(path, project))


def role_of(path: Path, project: Project) -> Role:
    rel = _in_content(path, project)
    if rel is None:
        return Role.DOCUMENT  # a file named from outside content/ is what it was asked for
    if path.name.lower() == "readme.md" or any(p.startswith(("_", ".")) for p in rel.parts):
        return Role.NOTE
    if rel.parts[0] == BLOCKS_FOLDER:
        return Role.BLOCK
    return Role.DOCUMENT


def declared_kind(path: Path) -> str | None:
    """The kind a file names in its front matter, read without parsing or validating it."""
    try:
        state = path.stat()
    except OSError:
        return None
    return _declared_kind(path, state.st_mtime_ns, state.st_size)


@lru_cache(maxsize=8192)
def _declared_kind(path: Path, _mtime: int, _size: int) -> str | None:
    # Keyed on the file's state: walking the catalog again costs a stat per file, not a read.
    try:
        with path.open("rb") as handle:
            head = handle.read(_HEAD_BYTES).decode("utf-8-sig", errors="replace")
    except OSError:
        return None
    head = head.replace("\r\n", "\n")
    if not head.startswith("---\n"):
        return None
    end = head.find("\n---", 4)
    match = _DECLARED.search(head[4 : end if end != -1 else len(head)])
    if match is None:
        return None
    return match.group(1).strip().strip("\"'").strip() or None


def _kind_from_folder(path: Path, project: Project) -> str | None:
    rel = _in_content(path, project)
    if rel is None or len(rel.parts) < 2:
        return None
    return next((k.id for k in kind_names.ALL if rel.parts[0] in k.folders), None)


def output_stem(path: Path, project: Project) -> Path:
    """``content/x/y.md`` → ``x/y``; files outside content/ land at the top of output/."""
    rel = _in_content(path, project) or Path(path.name)
    return Path(*(safe_name(part) for part in rel.with_suffix("").parts))


def _in_content(path: Path, project: Project) -> Path | None:
    try:
        return path.resolve().relative_to(project.content_dir.resolve())
    except ValueError:
        return None


def blocks_dir(project: Project) -> Path:
    return project.content_dir / BLOCKS_FOLDER


def block_files(project: Project) -> list[Path]:
    """The text blocks, without walking the rest of content/ (knowledge is loaded often)."""
    return [e.path for e in _walk(blocks_dir(project).resolve(), project) if e.role is Role.BLOCK]


def input_files(project: Project) -> list[Path]:
    """The project's own input files beside content/ and templates/: configuration,
    glossary, facts and logo. A change to any of them can change documents."""
    files = [project.root / n for n in (CONFIG_NAME, GLOSSARY_NAME, FACTS_NAME)]
    logo = project.logo_path()
    if logo is not None:
        files.append(logo)
    return files


def is_input(path: Path, project: Project) -> bool:
    """Whether a change to ``path`` can change an output: the file watcher asks this."""
    root = project.root.resolve()
    try:
        rel = path.resolve().relative_to(root)
    except ValueError:
        return False
    if not rel.parts or any(part.startswith(".") for part in rel.parts):
        return False  # the manifest, editors' temporary files, .git
    resolved = path.resolve()
    for folder in (project.content_dir, project.templates_dir):
        if resolved.is_relative_to(folder.resolve()):
            return True
    return resolved in {f.resolve() for f in input_files(project)}
