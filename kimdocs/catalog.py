"""The content catalog: the one place that walks ``content/`` and says what each file is.

For every Markdown file it decides once its role (a document, a text block, or a note
that no command reads), its kind (from ``art:``/``kind:`` with German aliases, case
insensitive, else from its folder; read without validating the rest) and its output stem.
It also names the project's input files. Build, check, the preview and its file watcher,
the Leichte-Sprache checker, the knowledge report and the case index all ask here.

Two rules keep outputs and inputs where users expect them: a link in ``content/`` to a
file outside the project is refused, never read; and two sources whose outputs would share
a name (after cleaning, ignoring case, as on Windows and macOS) are both refused.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import unicodedata
from collections.abc import Collection, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, replace
from enum import Enum
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from kimdocs import kind_names
from kimdocs.base.errors import ContentError, Problem, display_path
from kimdocs.base.files import safe_name
from kimdocs.base.inputs import not_a_file
from kimdocs.content import Source, read_source
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
    REFUSED = "abgelehnt"  # a link to a file outside the project: never read, an error


@dataclass(frozen=True)
class Entry:
    path: Path  # resolved; for a refused link the link itself, so that its target is never read
    role: Role
    declared: str | None  # the kind as written in the front matter, if it names one
    kind: str | None  # the kind id, if the declaration or the folder tells it
    stem: Path  # output path below output/, without suffix
    refusal: Problem | None = None  # why a refused file is not read
    # A document's translation files beside it, by language code (recorded by the walk).
    translations: tuple[tuple[str, Path], ...] = ()

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

    @cached_property
    def _sources(self) -> dict[Path, Source | ContentError]:
        return {}

    def read(self, path: Path) -> Source:
        """A content file as read once per walk: every later reader of it (the case index,
        the checks that look at other documents of the case) gets the same reading."""
        key = Path(os.path.abspath(path))
        found = self._sources.get(key)
        if found is None:
            try:
                found = read_source(path)
            except ContentError as exc:
                found = exc
            self._sources[key] = found
        if isinstance(found, ContentError):
            raise ContentError(found.problems)
        return found

    def documents(self) -> list[Entry]:
        return [e for e in self.entries if e.role is Role.DOCUMENT]

    def blocks(self) -> list[Entry]:
        return [e for e in self.entries if e.role is Role.BLOCK]

    def of_kind(self, kind: str) -> list[Entry]:
        return [e for e in self.documents() if e.kind == kind]

    def refused(self) -> list[Entry]:
        return [e for e in self.entries if e.role is Role.REFUSED]

    def entry(self, path: Path) -> Entry:
        """The entry of any file, inside ``content/`` or given from elsewhere."""
        # Keyed like the walk: a file by its resolved path, a refused link by itself.
        return self._by_path.get(Path(os.path.abspath(path))) or catalogue(path, self.project)

    def select(self, paths: list[Path] | tuple[Path, ...] = ()) -> list[Entry]:
        """The documents to work on: in the given files and folders, or all of them.

        A file named on the command line is taken as it is; a folder contributes its
        documents only, like ``content/`` itself. Refused files come too, so that the
        command reports them (and reads nothing of them).
        """
        wanted = (Role.DOCUMENT, Role.REFUSED)
        if not paths:
            return [e for e in self.entries if e.role in wanted]
        found: dict[Path, Entry] = {}
        for path in paths:
            if path.is_dir():
                entries = _walk(path.resolve(), self.project)
                found.update((e.path, e) for e in entries if e.role in wanted)
            elif path.is_file():
                entry = self.entry(path)
                found[entry.path] = entry
            else:
                refusal = not_a_file(path) or Problem(f"„{path}“ gibt es nicht.", file=path)
                raise ContentError(refusal)
        return list(found.values())

    def clashes(self, entries: Iterable[Entry]) -> dict[Path, Problem]:
        """The given documents whose outputs would have the same name as another's.

        Compared with every document of the project, so that building one file cannot
        overwrite another's outputs. Names count after cleaning, ignoring case and Unicode
        normalisation: on Windows and macOS ``X.pdf``, ``x.pdf`` and a decomposed ``ü``
        are one file, and the last build would win.
        """
        pool = {e.path: e for e in (*self.documents(), *entries) if e.role is Role.DOCUMENT}
        groups: dict[str, list[Entry]] = {}
        for entry in pool.values():
            groups.setdefault(_output_key(entry.stem), []).append(entry)
        root = self.project.root
        problems: dict[Path, Problem] = {}
        for group in groups.values():
            for entry in group if len(group) > 1 else ():
                others = "“, „".join(display_path(o.path, root) for o in group if o is not entry)
                shown = display_path(self.project.output_dir / entry.stem, root)
                problems[entry.path] = Problem(
                    f"Diese Datei und „{others}“ ergäben dieselben Ausgaben („{shown}.…“; "
                    "Sonderzeichen werden ersetzt, Groß- und Kleinschreibung zählt nicht). "
                    "Keine von ihnen wird erzeugt – bitte eine umbenennen.",
                    file=entry.path,
                )
        return problems


def _output_key(stem: Path) -> str:
    return unicodedata.normalize("NFC", stem.as_posix()).casefold()


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
    active = _IN_USE.get()
    if active is not None and active.project.content_dir == project.content_dir:
        yield active  # a build inside the preview's walk: still one walk, one reading
        return
    with using(load_catalog(project)) as catalog:
        yield catalog


@contextmanager
def using(catalog: Catalog) -> Iterator[Catalog]:
    """Like ``walked``, for a walk already made: a report loads every case document, and
    each one's checks must ask this walk instead of walking content/ again."""
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


def active(project: Project) -> Catalog | None:
    """The walk of the running command for ``project``, if there is one."""
    catalog = _IN_USE.get()
    if catalog is not None and catalog.project.content_dir == project.content_dir:
        return catalog
    return None


def read_content(path: Path, project: Project) -> Source:
    """A content file: from the walk in use (read once per command), else from disk."""
    catalog = _IN_USE.get()
    if catalog is not None and catalog.project.content_dir == project.content_dir:
        return catalog.read(path)
    return read_source(path)


def translations_of(source: Path, project: Project) -> dict[str, Path]:
    """The translation files of a document, by language code.

    The walk in use (``walked``) has recorded them; a document loaded alone (the preview,
    a worker process) looks beside itself, once.
    """
    catalog = _IN_USE.get()
    if catalog is not None and catalog.project.content_dir == project.content_dir:
        entry = catalog._by_path.get(Path(os.path.abspath(source)))
        if entry is not None:
            return dict(entry.translations)
    return translation_files(source)


def _walk(folder: Path, project: Project) -> list[Entry]:
    # The only walk of content/ in kimdocs: everyone else asks the catalog. It records the
    # translation files too, so that nobody scans a document's folder once per document.
    if not folder.is_dir():
        return []
    found: dict[Path, Entry] = {}
    paths = sorted(folder.rglob("*"))
    translations = _translations(p for p in paths if p.name.endswith(TRANSLATION_SUFFIX))
    for path in paths:
        if not path.name.endswith(".md"):
            continue
        if path.is_file():
            entry = catalogue(path, project)
            if entry.role is Role.DOCUMENT:
                key = (entry.path.parent, entry.path.stem)
                entry = replace(entry, translations=tuple(translations.get(key, {}).items()))
            # A link to another file of the project is that file: one entry, one output.
            found.setdefault(entry.path, entry)
        else:
            # A folder, pipe or dangling link named like a document: reported, never opened
            # (reading a pipe would wait forever). In a note's place it is nobody's business.
            rel = _in_content(path, project, follow=False) or Path(path.name)
            refusal = not_a_file(path)
            if refusal is not None and _role_at(rel) is not Role.NOTE:
                link = Path(os.path.abspath(path))
                found.setdefault(
                    link, Entry(link, Role.REFUSED, None, None, _stem_at(rel), refusal)
                )
    return list(found.values())


def content_links(project: Project) -> list[tuple[Path, list[str]]]:
    """Every symbolic link under content/, with the file names it carries: its own and,
    for a link to a folder, those of the files in it. The walk above resolves links; the
    deletion must know them, since nothing reached through one may be deleted."""
    found: list[tuple[Path, list[str]]] = []
    for folder, dirs, files in os.walk(project.content_dir):
        for name in [*dirs, *files]:
            path = Path(folder) / name
            if not path.is_symlink():
                continue
            names = [name]
            if path.is_dir():
                names += [f for _, _, inner in os.walk(path) for f in inner]
            found.append((path, names))
    return found


def catalogue(path: Path, project: Project) -> Entry:
    """The entry of one file as the walk sees it.

    A link (symlink) is what it points to, except for two things decided where the link
    is: a link that is a note stays a note, and a link inside the project to a file outside
    it is refused, like pictures are. The target of either is never read: content files
    hold personal data or go to print, and the project folder is what users share, back up
    and keep out of version control. A file named on the command line from outside the
    project is taken as asked.
    """
    link = Path(os.path.abspath(path))  # where the user sees the file, links not followed
    target = path.resolve()
    if link == target:
        return classify(target, project)
    rel = _in_content(link, project, follow=False)
    if rel is not None and _role_at(rel) is Role.NOTE:
        return Entry(link, Role.NOTE, None, None, _stem_at(rel))
    root = project.root.resolve()
    inside = (root, project.content_dir.resolve())
    if not link.is_relative_to(root) or any(target.is_relative_to(f) for f in inside):
        return classify(target, project)
    problem = Problem(
        f"„{link.name}“ ist eine Verknüpfung auf eine Datei außerhalb des Projekts "
        f"(„{target}“) und wird nicht gelesen. Bitte die Datei in den Projektordner kopieren.",
        file=link,
    )
    return Entry(link, Role.REFUSED, None, None, _stem_at(rel or Path(link.name)), problem)


def classify(path: Path, project: Project) -> Entry:
    """Role, kind and output stem of one Markdown file."""
    role = role_of(path, project)
    declared = declared_kind(path) if role is Role.DOCUMENT else None
    if declared is not None:
        kind = kind_names.kind_id(declared)
    else:
        kind = folder_kind(path, project) if role is Role.DOCUMENT else None
    return Entry(path, role, declared, kind, output_stem(path, project))


def role_of(path: Path, project: Project) -> Role:
    return _role_at(_in_content(path, project))


def _role_at(rel: Path | None) -> Role:
    """The role of a file at ``rel`` below content/ (None: outside content/)."""
    if rel is None:
        return Role.DOCUMENT  # a file named from outside content/ is what it was asked for
    if rel.name.lower() == "readme.md" or any(p.startswith(("_", ".")) for p in rel.parts):
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
    if not stat.S_ISREG(state.st_mode):
        return None  # opening a pipe would wait for a writer
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


def folder_kind(path: Path, project: Project) -> str | None:
    """The kind whose folder ``path`` lies in, below content/ (at any depth), if any."""
    rel = _in_content(path, project)
    if rel is None or len(rel.parts) < 2:
        return None
    return next((k.id for k in kind_names.ALL if rel.parts[0] in k.folders), None)


def output_stem(path: Path, project: Project) -> Path:
    """``content/x/y.md`` → ``x/y``; files outside content/ land at the top of output/."""
    return _stem_at(_in_content(path, project) or Path(path.name))


# File systems allow 255 bytes per name; an output adds "-seite-3.png" and a temporary
# copy ".NAME.xxxxxxxx.tmp". Longer names are cut, with a hash of the whole name so that
# two long names that start alike stay two files, and the same name always gives the same.
MAX_STEM_BYTES = 200


def _stem_at(rel: Path) -> Path:
    *folders, name = (_short(safe_name(part)) for part in rel.with_suffix("").parts)
    # Outputs get their suffix with ``with_suffix``, which would cut ``bericht.v2`` to
    # ``bericht.pdf``, the same file as ``bericht.v1``'s: a dot in the name becomes "_".
    return Path(*folders, name.replace(".", "_"))


def _short(name: str) -> str:
    encoded = name.encode("utf-8")
    if len(encoded) <= MAX_STEM_BYTES:
        return name
    digest = hashlib.sha256(encoded).hexdigest()[:10]
    head = encoded[: MAX_STEM_BYTES - 11].decode("utf-8", errors="ignore")
    return f"{head}-{digest}"


def _in_content(path: Path, project: Project, *, follow: bool = True) -> Path | None:
    try:
        return (path.resolve() if follow else path).relative_to(project.content_dir.resolve())
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


def is_input(path: Path, project: Project, pictures: Collection[Path] = ()) -> bool:
    """Whether a change to ``path`` can change an output: the file watcher asks this.

    ``pictures`` are the files the documents name (they may lie anywhere in the project).
    """
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
    return resolved in {f.resolve() for f in (*input_files(project), *pictures)}


# Translations lie next to their German source: ``einbuergerung.md`` → ``einbuergerung.ar.po``.
# They are inputs of that document (the walk above takes only ``.md`` files, so they are
# never documents of their own), and their outputs are ``einbuergerung.ar.pdf`` and so on.
TRANSLATION_SUFFIX = ".po"
_LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}$")


def translation_file(source: Path, language: str) -> Path:
    """Where the translation of ``source`` into ``language`` lives."""
    return source.with_name(f"{source.stem}.{language}{TRANSLATION_SUFFIX}")


def translation_files(source: Path) -> dict[str, Path]:
    """The translation files of one document, by language code (not checked here), found
    by looking in its folder: for a document outside the walk (``translations_of``)."""
    if not source.parent.is_dir():
        return {}
    pattern = f"{glob_escape(source.stem)}.*{TRANSLATION_SUFFIX}"
    return _translations(sorted(source.parent.glob(pattern))).get(
        (source.parent.resolve(), source.stem), {}
    )


def _translations(paths: Iterable[Path]) -> dict[tuple[Path, str], dict[str, Path]]:
    """Translation files (sorted) by the folder (resolved) and stem of their source:
    ``einbuergerung.ar.po`` belongs to ``einbuergerung.md``."""
    found: dict[tuple[Path, str], dict[str, Path]] = {}
    for path in paths:
        stem, _, code = path.name[: -len(TRANSLATION_SUFFIX)].rpartition(".")
        # Folders, pipes and links into nowhere too: reading them says why they are no
        # translation, instead of the published translation vanishing without a word.
        if stem and _LANGUAGE_CODE.match(code):
            found.setdefault((path.parent.resolve(), stem), {})[code] = path
    return found


def glob_escape(name: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", name)


def translation_stem(stem: Path, language: str) -> Path:
    """Output stem of a translation: ``flyer/einbuergerung`` → ``flyer/einbuergerung.ar``.

    Document stems never contain a dot (``_stem_at``), so the language cannot clash with
    another document's name.
    """
    return stem.with_name(f"{stem.name}.{language}")
