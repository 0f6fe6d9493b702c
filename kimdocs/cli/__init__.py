"""The command line: options parsed, one library call each, its report printed."""

from kimdocs.cli.commands import main

__all__ = ["main"]
