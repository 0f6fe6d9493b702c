"""Renderers that fail on purpose, for the fault tests; the tests register them as formats.

Which documents they hit is named in a file in the project root (one file name a line),
because worker processes come from a fork server that started before the test and
share neither its environment nor its monkeypatches.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from pathlib import Path

from kimdocs.render.job import Job

TARGETS = "stoerung.txt"


def _hit(job: Job) -> bool:
    listed = job.project.root / TARGETS
    if not listed.is_file():
        return False
    names = listed.read_text(encoding="utf-8").split()
    # Never in the test process itself: a build below the pool threshold renders there.
    return job.doc.source.path.name in names and multiprocessing.parent_process() is not None


def crash_output(job: Job) -> dict[Path, bytes]:
    """Kill the own worker for a listed document, as the OOM killer or a segfault would."""
    if _hit(job):
        os.kill(os.getpid(), signal.SIGKILL)
    return {job.target("absturz"): job.doc.source.path.name.encode()}


def hang_output(job: Job) -> dict[Path, bytes]:
    """Never finish a listed document, as a renderer caught in a loop would."""
    if _hit(job):
        time.sleep(3600)
    return {job.target("haengt"): job.doc.source.path.name.encode()}


def hog_output(job: Job) -> dict[Path, bytes]:
    """Ask for far more memory than a document needs, as a runaway layout would."""
    if _hit(job):
        hoard = bytearray(4 * 1024 * 1024 * 1024)
        hoard[-1] = 1
    return {job.target("speicher"): job.doc.source.path.name.encode()}
