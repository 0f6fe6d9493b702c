"""The one guarded way to read a project's text files.

Content files, text blocks, ``kimdocs.toml``, ``fakten.yaml`` and ``glossar.yaml`` all come
from users' editors, mail attachments and copies of copies. Before any of them is parsed,
it must be a regular file (a pipe would make the read wait forever, a folder or a device is
no text), not too big, UTF-8 and without NUL bytes; every refusal is a German message
that names the file, and for bad bytes the line and the byte offset.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from kimdocs.base.errors import ContentError, Problem

MAX_TEXT_BYTES = 2 * 1024 * 1024
_KINDS = {
    stat.S_IFDIR: "ein Ordner",
    stat.S_IFIFO: "eine Pipe (FIFO)",
    stat.S_IFCHR: "ein Gerät",
    stat.S_IFBLK: "ein Gerät",
    stat.S_IFSOCK: "ein Socket",
}
_UTF16 = (b"\xff\xfe", b"\xfe\xff")


def not_a_file(path: Path) -> Problem | None:
    """Why ``path`` is not a regular file that can be read, or ``None`` if it is one."""
    try:
        mode = os.stat(path).st_mode  # follows links: what a read would open
    except FileNotFoundError:
        if os.path.islink(path):
            return Problem(
                f"„{path.name}“ ist eine Verknüpfung ins Leere (Ziel „{os.readlink(path)}“ fehlt).",
                file=path,
            )
        return Problem(f"„{path.name}“ gibt es nicht.", file=path)
    except OSError as exc:
        return Problem(f"„{path.name}“ lässt sich nicht lesen ({os_reason(exc)}).", file=path)
    if stat.S_ISREG(mode):
        return None
    what = _KINDS.get(stat.S_IFMT(mode), "keine gewöhnliche Datei")
    return Problem(
        f"„{path.name}“ ist {what}, keine Datei, und wird nicht gelesen. Bitte umbenennen "
        "oder entfernen.",
        file=path,
    )


_REASONS = {
    errno.ELOOP: "Verknüpfungen zeigen im Kreis aufeinander",
    errno.EACCES: "keine Berechtigung",
    errno.EPERM: "keine Berechtigung",
    errno.ENOENT: "gibt es nicht",
    errno.EISDIR: "ist ein Ordner",
    errno.ENAMETOOLONG: "der Name ist zu lang",
    errno.EIO: "Lesefehler des Datenträgers",
}


def os_reason(exc: OSError) -> str:
    """Why the system refused, in German (its own text is English)."""
    return _REASONS.get(exc.errno or 0, f"Systemfehler {exc.errno}")


def outside(path: Path, root: Path) -> Problem | None:
    """Why ``path`` (followed through links) is not inside the project ``root``, or ``None``."""
    try:
        target = path.resolve()
        inside = target.is_relative_to(root.resolve())
    except (OSError, RuntimeError):  # a loop of links
        inside, target = False, path
    if inside:
        return None
    return Problem(
        f"„{path.name}“ ist eine Verknüpfung auf eine Datei außerhalb des Projekts "
        f"(„{target}“) und wird nicht gelesen. Bitte die Datei selbst ins Projekt kopieren.",
        file=path,
    )


def read_text(path: Path, limit: int = MAX_TEXT_BYTES, root: Path | None = None) -> str:
    """The text of a project file, or :class:`ContentError` saying why it cannot be used.

    With ``root``, the file must also lie inside it (a link out of the project is refused).
    """
    return decode(read_bytes(path, limit, root), path)


def read_bytes(path: Path, limit: int = MAX_TEXT_BYTES, root: Path | None = None) -> bytes:
    """The bytes of a project file after the same checks as :func:`read_text` (a regular
    file, inside ``root`` if given, not too big); for writers that must compare and keep
    them exactly."""
    refusal = not_a_file(path) or (outside(path, root) if root is not None else None)
    if refusal is not None:
        raise ContentError(refusal)
    size = path.stat().st_size
    if size > limit:
        raise ContentError(
            Problem(
                f"Die Datei ist zu groß ({size / 1024 / 1024:.1f} MB, höchstens "
                f"{limit // 1024 // 1024} MB). Bilder gehören in eigene Dateien.",
                file=path,
            )
        )
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ContentError(
            Problem(f"Die Datei lässt sich nicht lesen ({os_reason(exc)}).", file=path)
        ) from None


def decode(raw: bytes, path: Path) -> str:
    """UTF-8 (a byte order mark is fine) without NUL bytes, or a German error with place."""
    if raw.startswith(_UTF16):
        raise ContentError(
            Problem(
                "Die Datei ist als UTF-16 („Unicode“) gespeichert, kimdocs liest nur UTF-8. "
                "Bitte im Editor als „UTF-8“ speichern (z. B. Notepad++: Kodierung → UTF-8).",
                file=path,
                line=1,
            )
        )
    nul = raw.find(b"\x00")
    if nul != -1:
        raise ContentError(
            Problem(
                f"Die Datei enthält an Byte {nul} ein Nullzeichen und ist damit keine "
                "Textdatei (oder beschädigt). Bitte den Text in eine neue Datei kopieren "
                "und als „UTF-8“ speichern.",
                file=path,
                line=raw[:nul].count(b"\n") + 1,
            )
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ContentError(
            Problem(
                f"Die Datei ist nicht in UTF-8 gespeichert (Byte {exc.start}). Bitte im Editor "
                "als „UTF-8“ speichern (z. B. Notepad++: Kodierung → UTF-8).",
                file=path,
                line=raw[: exc.start].count(b"\n") + 1,
            )
        ) from None
