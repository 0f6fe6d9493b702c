"""Writing outputs safely: atomic replacement, safe file names, one build at a time."""

from __future__ import annotations

import contextlib
import errno
import os
import re
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from kimdocs.base.errors import KimdocsError, Problem, display_path

LOCK_NAME = ".kimdocs.lock"
LOCK_TIMEOUT = 600.0

# Names Windows refuses for files, whatever the extension.
_RESERVED = {
    "con",
    "prn",
    "aux",
    "nul",
    *(f"com{i}" for i in range(1, 10)),
    *(f"lpt{i}" for i in range(1, 10)),
}
_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f]')


def safe_name(name: str) -> str:
    """A file name that works on Windows and Linux and cannot leave its folder."""
    cleaned = _UNSAFE.sub("_", name).strip(" .") or "_"
    if cleaned.split(".")[0].lower() in _RESERVED:
        cleaned = f"_{cleaned}"
    return cleaned


def write_atomic(target: Path, data: bytes, root: Path | None = None) -> None:
    """Write to a temporary file beside the target, then rename: never a half file.

    A full disk or a folder that cannot be written is a :class:`KimdocsError`.
    """
    write_together({target: data}, root)


def write_together(files: Mapping[Path, bytes], root: Path | None = None) -> None:
    """Write all files or none: the old files stay until every new one is written.

    Each file goes to a temporary file beside its target first; only when all of them are
    complete are they renamed into place. A rename inside one folder needs no space, so
    the step that can fail for a full disk or a missing right (writing) is over by then.
    On failure the temporary files are removed and a German error names the folder and the
    space the files need (``root``: paths are shown relative to it).
    """
    staged: list[tuple[Path, Path]] = []  # (temporary file, target)
    current = next(iter(files), Path("."))  # the file being written: the error names it
    try:
        for target, data in files.items():
            current = target
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
            staged.append((Path(name), target))
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.chmod(name, 0o644)
        for tmp, target in staged:
            current = target
            os.replace(tmp, target)
    except OSError as exc:
        _discard(staged)
        needed = sum(len(d) for d in files.values())
        message = write_failure(exc, current.parent, needed, root)
        raise KimdocsError(Problem(message, file=current)) from None
    except BaseException:
        _discard(staged)
        raise


def _discard(staged: list[tuple[Path, Path]]) -> None:
    for tmp, _ in staged:
        # The original error is what the user needs to read.
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)


def write_failure(
    exc: OSError, folder: Path, needed: int | None = None, root: Path | None = None
) -> str:
    """Why files could not be written to ``folder``, in German, with the space they need."""
    shown = display_path(folder, root)
    free = _free_space(folder)
    space = f"Die Dateien brauchen {human_size(needed)}" if needed is not None else ""
    if free is not None:
        space += f", frei sind {human_size(free)}" if space else f"Frei sind {human_size(free)}"
    space = f" {space}." if space else ""
    unchanged = " Die bisherigen Dateien bleiben unverändert."
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        why = f"Kein Platz mehr im Ordner „{shown}“.{space}"
        todo = "Bitte Platz schaffen und erneut versuchen."
    elif exc.errno in (errno.EACCES, errno.EPERM):
        why = f"In den Ordner „{shown}“ darf nicht geschrieben werden (keine Schreibrechte).{space}"
        todo = "Bitte Schreibrechte für den Ordner einrichten lassen und erneut versuchen."
    elif exc.errno == errno.EROFS:
        why = f"Der Ordner „{shown}“ liegt auf einem schreibgeschützten Laufwerk.{space}"
        todo = "Bitte das Projekt auf ein beschreibbares Laufwerk legen und erneut versuchen."
    else:
        why = f"In den Ordner „{shown}“ kann nicht geschrieben werden ({exc.strerror}).{space}"
        todo = "Bitte den Ordner prüfen und erneut versuchen."
    return f"{why}{unchanged} {todo}"


def _free_space(folder: Path) -> int | None:
    for existing in (folder, *folder.parents):
        if existing.is_dir():
            try:
                return shutil.disk_usage(existing).free
            except OSError:
                return None
    return None


def human_size(size: int) -> str:
    """``1536`` → ``1,5 KB``: sizes as German office software shows them."""
    value, unit = float(size), "Byte"
    for unit in ("Byte", "KB", "MB", "GB", "TB"):
        if value < 1024 or unit == "TB":
            break
        value /= 1024
    number = f"{value:.0f}" if unit == "Byte" else f"{value:.1f}".replace(".", ",")
    return f"{number} {unit}"


@contextmanager
def project_lock(output_dir: Path, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """Hold the project's build lock; a second build waits for the first."""
    from filelock import FileLock, Timeout

    lock = FileLock(str(output_dir / LOCK_NAME))
    try:
        output_dir.mkdir(parents=True, exist_ok=True)
        lock.acquire(timeout=timeout)
    except Timeout:  # a TimeoutError, hence an OSError: caught before the one below
        raise KimdocsError(
            Problem(
                f"Ein anderer Build dieses Projekts läuft seit über {int(timeout)} Sekunden; "
                f"bitte warten oder die Datei „{output_dir / LOCK_NAME}“ löschen, wenn kein "
                "Build mehr läuft."
            )
        ) from None
    except OSError as exc:  # a read-only or full output folder: nothing can be built
        message = write_failure(exc, output_dir, root=output_dir.parent)
        raise KimdocsError(Problem(message)) from None
    try:
        yield
    finally:
        lock.release()
