"""The command line: options parsed, one library call each, its report printed."""

from __future__ import annotations

from typing import Any

__all__ = ["main"]


def __getattr__(name: str) -> Any:
    # Imported when asked for: ``kimdocs.cli.entry`` must load before the commands do.
    if name == "main":
        from kimdocs.cli.commands import main

        return main
    raise AttributeError(name)
