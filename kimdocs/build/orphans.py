"""Worker processes and the fork server end with the program that started them.

After ``kill -9`` of a build or of the preview nothing in it can clean up: a worker that
renders a document that hangs would run on, and the fork server with it. Linux can be
asked to end a process when its parent ends (``prctl(PR_SET_PDEATHSIG)``); elsewhere
this does nothing, and the workers end when they next read from their closed pipe.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal

_PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    """End this process (SIGKILL) as soon as the process that started it ends."""
    with contextlib.suppress(OSError, AttributeError, TypeError):
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0 and os.getppid() == 1:
            os._exit(1)  # the parent ended before the request took effect


def guard_fork_server() -> None:
    """What the fork server does first: it ends with the program, and Ctrl+C (which the
    whole terminal gets) is the program's to handle, also while the renderers load."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    die_with_parent()
