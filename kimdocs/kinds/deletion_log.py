"""The deletion log ``löschprotokoll.csv``: what was deleted, and which ids are spent.

The log is a list of tombstones: every case id and reconstruction id in it was used once,
so ``kimdocs new`` and ``kimdocs init`` never issue it again, even after every file of the
case is gone. It is never an input that makes a document due: a closing date comes only
from the case's own documents (``kimdocs.cases.deletion``). People open it in Excel, so it
is a plain CSV with a byte order mark; a line edited there can at most spend an id.

It lives at the project root, which the ``.gitignore`` of ``kimdocs init`` lists; a log
that is a symbolic link or no regular file is refused, for reading ids and for writing:
appending through a link would write into whatever file it points to.
"""

from __future__ import annotations

import csv
import io
import os
import stat
from pathlib import Path

from kimdocs.base.errors import KimdocsError, Problem
from kimdocs.base.tables import as_text
from kimdocs.project import Project

LOG_NAME = "löschprotokoll.csv"
COLUMNS = (
    "gelöscht_am",
    "fall_id",
    "dokumentart",
    "dokumentdatum",
    "aufbewahrung_bis",
    "abschluss",
    "gelöscht",
)


def log_path(project: Project) -> Path:
    return project.root / LOG_NAME


def _refusal(path: Path, why: str) -> KimdocsError:
    return KimdocsError(
        Problem(
            f"Das Löschprotokoll „{LOG_NAME}“ {why}. Es nennt die Fall-IDs, die nie wieder "
            "vergeben werden dürfen, und jede gelöschte Datei; deshalb wird nichts gelöscht "
            "und keine neue Fall-ID vergeben, bis es eine gewöhnliche, beschreibbare Datei im "
            "Projektordner ist.",
            file=path,
        )
    )


def check_log(project: Project) -> Path:
    """The log's path, if it is absent or a regular file; a German error otherwise."""
    path = log_path(project)
    try:
        info = path.lstat()
    except FileNotFoundError:
        return path
    except OSError as exc:
        raise _refusal(path, f"lässt sich nicht lesen ({exc.strerror or exc})") from None
    if stat.S_ISLNK(info.st_mode):
        raise _refusal(path, "ist eine Verknüpfung (symbolischer Link)")
    if not stat.S_ISREG(info.st_mode):
        raise _refusal(path, "ist keine gewöhnliche Datei")
    return path


def rows(project: Project) -> list[dict[str, str]]:
    """The log's lines as written (an absent log has none)."""
    path = check_log(project)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise _refusal(path, f"lässt sich nicht lesen ({exc.strerror or exc})") from None
    text = raw.decode("utf-8-sig", errors="replace")
    try:
        return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))
    except csv.Error as exc:
        raise _refusal(path, f"ist kein lesbares CSV ({exc})") from None


def tombstones(project: Project) -> set[str]:
    """Every id the log names (upper case): spent for good."""
    return {
        value.strip().upper()
        for row in rows(project)
        if (value := (row.get("fall_id") or "")) and value.strip()
    }


def _unwritable(exc: OSError) -> str:
    return f"lässt sich nicht schreiben ({exc.strerror or exc})"


class LogWriter:
    """Appends lines to the log; opened once before anything is deleted, so that an
    unwritable or linked log stops the deletion before the first file goes."""

    def __init__(self, project: Project) -> None:
        self.path = check_log(project)
        new = not self.path.exists()
        flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
        try:
            fd = os.open(self.path, flags, 0o600)
        except OSError as exc:
            raise _refusal(
                self.path, f"lässt sich nicht schreiben ({exc.strerror or exc})"
            ) from None
        self._handle = os.fdopen(fd, "w", encoding="utf-8", newline="")
        self._writer = csv.writer(self._handle, delimiter=";")
        if new:
            # As tables.excel_csv: with a byte order mark, Excel shows „gelöscht“ right.
            self._handle.write("\ufeff")
            self._writer.writerow(COLUMNS)
            self._sync()

    def write(self, row: tuple[str, ...]) -> None:
        """One line, on disk before this returns: the file it names goes only after."""
        try:
            # A cell that looks like a formula stays text in a spreadsheet (see as_text).
            self._writer.writerow([as_text(cell) for cell in row])
            self._sync()
        except OSError as exc:
            raise _refusal(
                self.path, f"lässt sich nicht schreiben ({exc.strerror or exc})"
            ) from None

    def _sync(self) -> None:
        self._handle.flush()
        os.fsync(self._handle.fileno())

    def close(self) -> None:
        self._handle.close()

    def __enter__(self) -> LogWriter:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()
