"""Reading the project's text files: UTF-8 only, with a German answer for anything else.

Windows editors save as UTF-16 ("Unicode") or ANSI on request; a decode error must name
the file and line, not end the program with a traceback (or stop the preview's watcher).
"""

from __future__ import annotations

from pathlib import Path

from kimdocs.errors import ContentError, KimdocsError, Problem

_UTF16_MARKS = (b"\xff\xfe", b"\xfe\xff")


def decode_utf8(raw: bytes, path: Path, error: type[KimdocsError] = ContentError) -> str:
    """``raw`` as text (a leading byte order mark is dropped); ``error`` if it is not UTF-8."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        what = (
            "als UTF-16 („Unicode“) gespeichert, kimdocs liest nur UTF-8"
            if raw.startswith(_UTF16_MARKS)
            else "nicht in UTF-8 gespeichert"
        )
        raise error(
            Problem(
                f"Die Datei ist {what}. Bitte im Editor als „UTF-8“ speichern "
                "(z. B. Notepad++: Kodierung → UTF-8).",
                file=path,
                line=raw[: exc.start].count(b"\n") + 1,
            )
        ) from None


def read_utf8(path: Path, error: type[KimdocsError] = ContentError) -> str:
    return decode_utf8(path.read_bytes(), path, error)
