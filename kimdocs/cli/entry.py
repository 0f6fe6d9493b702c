"""The ``kimdocs`` program: Ctrl+C at any moment ends it with „Abgebrochen.“, never a traceback.

Importing the commands takes a moment; an interrupt during it would otherwise print
Python's traceback. Inside a command, the command group says the same
(:mod:`kimdocs.cli.click_german`).
"""

from __future__ import annotations

import sys


def main() -> None:
    try:
        from kimdocs.cli.commands import main as commands
    except KeyboardInterrupt:
        interrupted()
    commands()


def interrupted() -> None:
    from kimdocs.cli.click_german import ABORTED

    print(f"\n{ABORTED}", file=sys.stderr)
    sys.exit(130)
