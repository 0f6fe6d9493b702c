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


# Set by the program before the fork server starts: "1" when it starts from the main thread.
FROM_MAIN_THREAD = "KIMDOCS_FORK_SERVER_FROM_MAIN"


def guard_fork_server() -> None:
    """What the fork server does first: it ends with the program, and Ctrl+C (which the
    whole terminal gets) is the program's to handle, also while the renderers load.

    Linux ends a process when the *thread* that started it ends, not the program: a fork
    server started by a build in a thread (the preview's) would die with that thread and
    leave a zombie. There Python's own rule suffices: the fork server ends when it reads
    end of file from the program, as soon as the renderers are loaded."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if os.environ.get(FROM_MAIN_THREAD) == "1":
        die_with_parent()
