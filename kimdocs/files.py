"""Writing outputs safely: atomic replacement, safe file names, one build at a time."""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kimdocs.errors import KimdocsError, Problem

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


def write_atomic(target: Path, data: bytes) -> None:
    """Write to a temporary file beside the target, then rename: never a half file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@contextmanager
def project_lock(output_dir: Path, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """Hold the project's build lock; a second build waits for the first."""
    from filelock import FileLock, Timeout

    output_dir.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(output_dir / LOCK_NAME))
    try:
        lock.acquire(timeout=timeout)
    except Timeout:
        raise KimdocsError(
            Problem(
                f"Ein anderer Build dieses Projekts läuft seit über {int(timeout)} Sekunden; "
                f"bitte warten oder die Datei „{output_dir / LOCK_NAME}“ löschen, wenn kein "
                "Build mehr läuft."
            )
        ) from None
    try:
        yield
    finally:
        lock.release()
