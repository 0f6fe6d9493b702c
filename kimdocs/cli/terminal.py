"""What the terminal shows: colours only on a terminal and never with NO_COLOR, a progress bar.

Scripts and CI read plain lines; people at a terminal get colour and, for builds that take
more than a moment, a bar that redraws one line on standard error.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

import click

from kimdocs.base.errors import Problem, display_path
from kimdocs.base.wording import counted

BAR_WIDTH = 30
DELAY = 0.7  # seconds: a quick build shows no bar at all


def style(text: str, **styles: Any) -> str:
    """Colour for people; click.echo removes it again when the output is not a terminal."""
    if os.environ.get("NO_COLOR"):
        return text
    return click.style(text, **styles)


def abridged(problems: Sequence[Problem], warnings: int, root: Path) -> tuple[list[Problem], str]:
    """Every error and the first ``warnings`` warnings of one document, and a German line
    that counts the others and names the command that lists them all ("" if none)."""
    hidden = {id(p) for p in [p for p in problems if not p.is_error][warnings:]}
    shown = [p for p in problems if id(p) not in hidden]
    rest = next((p for p in problems if id(p) in hidden), None)
    if rest is None or rest.file is None:
        return shown, ""
    where = display_path(rest.file, root)
    more = counted(len(hidden), "weitere Warnung", "weitere Warnungen")
    return shown, f"{where}: {more} – alle zeigt „kimdocs check {where}“."


class Progress:
    """A bar on standard error, drawn only on a terminal and only after ``delay`` seconds."""

    def __init__(
        self,
        label: str,
        *,
        quiet: bool = False,
        stream: IO[str] | None = None,
        delay: float = DELAY,
    ) -> None:
        self.label = label
        self.stream = stream or sys.stderr
        self.enabled = not quiet and bool(getattr(self.stream, "isatty", lambda: False)())
        self.delay = delay
        self.started = time.monotonic()
        self.drawn = False

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled or total <= 0:
            return
        if not self.drawn and time.monotonic() - self.started < self.delay:
            return
        filled = BAR_WIDTH * done // total
        bar = "█" * filled + "░" * (BAR_WIDTH - filled)
        self.stream.write(f"\r{self.label} {bar} {done}/{total}")
        self.stream.flush()
        self.drawn = True

    def close(self) -> None:
        """Clear the bar's line, so the summary starts on a clean line."""
        if self.drawn:
            self.stream.write("\r\033[K")
            self.stream.flush()
            self.drawn = False
