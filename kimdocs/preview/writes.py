"""The one way the browser surface writes a file: :func:`write_document`.

Every save of a form and every "Neu" goes through here, with the :class:`Author` who
writes. Today that is the person at this computer (the server listens on loopback); an
office-server mode adds accounts by giving each request its author and an audit log by
registering a :data:`LISTENERS` entry, without touching the forms.

Here, and only here, it is decided that a write may happen:

- the author may write (over the network nobody may, until there are accounts);
- the file lies inside ``content/`` (after following links) and is a document there;
- the file is still what the form was opened on (its SHA-256), else :class:`Conflict`:
  a change made meanwhile in an editor is never overwritten; a new file must not exist;
- the write is atomic (a temporary file beside it, then a rename) and keeps the file's
  permissions.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import stat
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kimdocs.base.errors import KimdocsError, Problem, display_path
from kimdocs.base.files import write_failure
from kimdocs.base.inputs import read_bytes
from kimdocs.catalog import Role, catalogue
from kimdocs.project import Project


@dataclass(frozen=True)
class Author:
    """Who writes: a name for the log, where the request came from, and whether they may."""

    name: str
    address: str = ""
    may_write: bool = True


@dataclass(frozen=True)
class Written:
    """One write, as an audit log would record it (no content, no personal data)."""

    author: Author
    path: Path  # relative to the project
    before: str | None  # SHA-256 of the file before, None for a new file
    after: str
    at: dt.datetime


LISTENERS: list[Callable[[Written], None]] = []


class Conflict(KimdocsError):
    """The file changed on disk since the form was opened (or a new one exists already)."""

    def __init__(self, problem: Problem, current: str | None) -> None:
        super().__init__(problem)
        self.current = current


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


_LOCK = threading.Lock()  # one write at a time: compare and replace belong together


def content_path(project: Project, relative: str) -> Path:
    """The document a request names (``content/…/x.md``), or a German refusal: nothing
    outside ``content/``, through no link, nothing but a document of the project."""
    if not relative or "\x00" in relative or "\\" in relative or relative.startswith("/"):
        raise _outside(relative)
    content = project.content_dir.resolve()
    candidate = (project.root / relative).resolve()
    if not candidate.is_relative_to(content) or candidate.suffix != ".md":
        raise _outside(relative)
    entry = catalogue(project.root / relative, project)
    if entry.role is not Role.DOCUMENT or entry.refusal is not None:
        raise _outside(relative)
    return project.root / relative


def _outside(relative: str) -> KimdocsError:
    return KimdocsError(
        Problem(
            f"„{relative[:200]}“ ist kein Dokument in content/; hier wird nur in Dokumente "
            "unter content/ geschrieben."
        )
    )


def write_document(
    project: Project, path: Path, data: bytes, author: Author, expected: str | None
) -> str:
    """Write ``data`` to the document ``path`` as ``author``; its new SHA-256.

    ``expected`` is the SHA-256 of the file as the form read it, None for a new file.
    """
    if not author.may_write:
        raise KimdocsError(
            Problem(
                "Über das Netz wird nicht gespeichert: dafür braucht es Konten. Bitte am "
                "Rechner des Projekts bearbeiten."
            )
        )
    relative = display_path(path, project.root)
    path = content_path(project, relative)
    with _LOCK:
        before = _current(path)
        if before != expected:
            if expected is None:
                message = f"„{relative}“ gibt es schon; nichts überschrieben."
            elif before is None:
                message = f"„{relative}“ wurde inzwischen gelöscht; nichts geschrieben."
            else:
                message = (
                    f"„{relative}“ wurde geändert, seit das Formular geöffnet wurde; "
                    "nichts überschrieben."
                )
            raise Conflict(Problem(message, file=path), before)
        _replace(path, data, project, create=expected is None)
    after = digest(data)
    record = Written(author, Path(relative), before, after, dt.datetime.now())
    for listener in list(LISTENERS):
        listener(record)
    return after


def _current(path: Path) -> str | None:
    if not os.path.lexists(path):
        return None
    return digest(read_bytes(path))


def _replace(path: Path, data: bytes, project: Project, create: bool) -> None:
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        mode = 0o666 & ~_umask() if create else stat.S_IMODE(path.stat().st_mode)
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
        tmp = Path(name)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(tmp, mode)
            if create:
                os.link(tmp, path)  # fails if the file appeared meanwhile: never overwritten
            else:
                os.replace(tmp, path)
        finally:
            tmp.unlink(missing_ok=True)
    except FileExistsError:
        raise Conflict(
            Problem(f"„{path.name}“ gibt es schon; nichts überschrieben."), None
        ) from None
    except OSError as exc:
        raise KimdocsError(
            Problem(write_failure(exc, folder, len(data), project.root), file=path)
        ) from None


def _umask() -> int:
    """The process's umask, read without setting it (os.umask would, for every thread)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    return 0o022
