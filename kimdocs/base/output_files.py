"""Where a command may write a file that the user named (``--ausgabe``), and the writing.

Overviews name cases and what was agreed with the people in them. A mistyped path must
not replace a case file (``content/`` is git-ignored there, so no copy would be left),
write beside the project or make folders at the root of the disk. Hence:

- a file goes into its home folder (``output/``: ignored by version control, cleaned by
  kimdocs) unless the user allows elsewhere explicitly;
- an existing file is replaced only if kimdocs wrote it there, unchanged since (a
  digest per written file, kept in ``output/``), or if the user says so;
- folders are made inside the project only.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from kimdocs.base.errors import KimdocsError, Problem
from kimdocs.base.files import write_atomic
from kimdocs.base.inputs import os_reason

RECORD_NAME = ".kimdocs-ausgaben.json"
ELSEWHERE_FLAG = "--außerhalb"
OVERWRITE_FLAG = "--überschreiben"


@dataclass(frozen=True)
class Allowed:
    """What the user allowed on the command line."""

    elsewhere: bool = False  # outside the home folder (still: no new folders outside)
    overwrite: bool = False  # replace a file that kimdocs did not write


@dataclass(frozen=True)
class Place:
    """Where files of one kind go: ``home`` is their folder inside ``root``, the project;
    ``record`` the folder that keeps the digests of what was written."""

    root: Path
    home: Path
    record: Path


def output_target(given: Path, place: Place, allowed: Allowed, cwd: Path | None = None) -> Path:
    """The file to write for ``--ausgabe given``, or a German error saying why not.

    A bare name goes into the home folder; a path with a folder is taken from ``cwd``.
    """
    if given.parent == Path():
        target = place.home / given
    else:
        target = Path(os.path.abspath((cwd or Path.cwd()) / given))
    try:
        return _checked(target, given.as_posix(), place, allowed)
    except OSError as exc:  # a name too long for the file system, a folder without rights
        raise _refused(
            f"„{given}“ lässt sich nicht verwenden ({os_reason(exc)}).", target
        ) from None


def _checked(target: Path, shown: str, place: Place, allowed: Allowed) -> Path:
    if target.is_dir():
        raise _refused(f"„{shown}“ ist ein Ordner. Bitte einen Dateinamen angeben.", target)
    # The folder is followed through links; a link in the file's place is replaced, not
    # written through (``write_atomic`` renames onto it).
    resolved = target.parent.resolve() / target.name
    home = place.home.resolve()
    root = place.root.resolve()
    if not resolved.is_relative_to(home) and not allowed.elsewhere:
        raise _refused(
            f"„{shown}“ liegt nicht in {_name(home, root)}/. Ausgaben mit Falldaten schreibt "
            f"kimdocs nur dorthin; ein Name ohne Ordner landet dort. Soll die Datei wirklich "
            f"woanders hin, bitte {ELSEWHERE_FLAG} angeben.",
            target,
        )
    folder = _first_missing(resolved.parent)
    if folder is not None and not folder.is_relative_to(root):
        raise _refused(
            f"Den Ordner „{folder}“ gibt es nicht. Außerhalb des Projekts legt kimdocs keine "
            "Ordner an; bitte einen vorhandenen Ordner angeben.",
            target,
        )
    if os.path.lexists(target) and not allowed.overwrite and not _ours(target, place.record):
        raise _refused(
            f"„{shown}“ gibt es schon, und kimdocs hat diese Datei nicht geschrieben (oder sie "
            f"wurde seitdem geändert); nichts überschrieben. Bitte einen anderen Namen wählen "
            f"oder mit {OVERWRITE_FLAG} ersetzen.",
            target,
        )
    return target


def write_output(target: Path, data: bytes, place: Place) -> None:
    """Write ``target`` whole (or not at all) and remember that kimdocs wrote it."""
    write_atomic(target, data, root=place.root)
    record = _load(place.record)
    record[_key(target)] = hashlib.sha256(data).hexdigest()
    # The file is written; without the record, only a later overwrite asks for the flag.
    with contextlib.suppress(KimdocsError):
        write_atomic(
            place.record / RECORD_NAME,
            json.dumps(record, ensure_ascii=False, indent=1, sort_keys=True).encode(),
            root=place.root,
        )


def _ours(target: Path, record: Path) -> bool:
    """Whether kimdocs wrote ``target`` and nobody changed it since."""
    if target.is_symlink() or not target.is_file():
        return False
    known = _load(record).get(_key(target))
    if known is None:
        return False
    try:
        return hashlib.sha256(target.read_bytes()).hexdigest() == known
    except OSError:
        return False


def _key(target: Path) -> str:
    return str(Path(os.path.abspath(target)))


def _load(record: Path) -> dict[str, str]:
    try:
        data = json.loads((record / RECORD_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {k: v for k, v in data.items() if isinstance(k, str) and isinstance(v, str)}


def _first_missing(folder: Path) -> Path | None:
    """The outermost folder of ``folder`` that does not exist yet, or ``None``."""
    missing = None
    while not folder.exists():
        missing = folder
        if folder.parent == folder:
            break
        folder = folder.parent
    return missing


def _name(folder: Path, root: Path) -> str:
    return folder.relative_to(root).as_posix() if folder.is_relative_to(root) else str(folder)


def _refused(message: str, target: Path) -> KimdocsError:
    return KimdocsError(Problem(message, file=target))
