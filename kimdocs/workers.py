"""Render documents in a pool of worker processes.

Workers are recycled after a number of documents, so that memory stays flat
over long builds (WeasyPrint and fontconfig keep caches per process).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kimdocs.errors import KimdocsError, Problem
from kimdocs.formats import heavy_imports

if TYPE_CHECKING:
    import jinja2

    from kimdocs.kinds import Document
    from kimdocs.project import Project

DOCUMENTS_PER_WORKER = 25
POOL_THRESHOLD = 4  # below this, starting workers costs more than it saves


@dataclass(frozen=True)
class Plan:
    """What to render of one document: the stale formats, and fresh files they may reuse."""

    source: Path
    formats: tuple[str, ...]
    reuse: Mapping[str, Path] = field(default_factory=dict)


@dataclass
class Rendered:
    source: Path
    outputs: dict[str, dict[Path, bytes]] = field(default_factory=dict)  # by format
    problems: list[Problem] = field(default_factory=list)


def _environment(root: Path) -> tuple[Project, jinja2.Environment]:
    # Keyed on kimdocs.toml's state: a long-lived process must see an edited configuration.
    config = (root / "kimdocs.toml").stat()
    return _environment_for(root, config.st_mtime_ns, config.st_size)


@lru_cache(maxsize=4)
def _environment_for(root: Path, _mtime: int, _size: int) -> tuple[Project, jinja2.Environment]:
    from kimdocs.project import load_project
    from kimdocs.templates import html_environment

    project = load_project(root)
    return project, html_environment(project)


def render_one(
    root: Path, plan: Plan, historical: bool = False, doc: Document | None = None
) -> Rendered:
    """Load (unless ``doc`` is the loaded document) and render one document.

    Never raises for a problem the user can fix.
    """
    from kimdocs.kinds import load_document
    from kimdocs.render.outputs import render_all

    source = plan.source
    result = Rendered(source)
    try:
        project, env = _environment(root)
        if doc is None:
            doc = load_document(source, project, historical=historical)
        result.outputs = render_all(doc, project, env, plan.formats, plan.reuse)
    except KimdocsError as exc:
        result.problems += exc.problems
    except Exception as exc:  # a library bug must not stop the other documents
        result.problems.append(
            Problem(
                f"Unerwarteter Fehler beim Erzeugen ({type(exc).__name__}: {exc}). Bitte mit "
                "dieser Meldung an die Betreuung von kimdocs wenden.",
                file=source,
            )
        )
    return result


def default_jobs() -> int:
    return max(
        1,
        len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1),
    )


def render_many(
    root: Path,
    plans: Sequence[Plan],
    jobs: int,
    historical: bool = False,
    loaded: Mapping[Path, Document] | None = None,
) -> Iterator[Rendered]:
    """Yield rendered documents in completion order.

    In this process, documents in ``loaded`` are rendered without loading them again;
    worker processes load their documents themselves.
    """
    if jobs <= 1 or len(plans) < POOL_THRESHOLD:
        for plan in plans:
            doc = loaded.get(plan.source) if loaded is not None else None
            yield render_one(root, plan, historical, doc)
        return
    context: Any
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        # Import the renderers once in the fork server; every worker, including the ones
        # that replace retired workers, then starts without importing them again.
        heavy = heavy_imports({f for plan in plans for f in plan.formats})
        context.set_forkserver_preload(["kimdocs.render.outputs", *heavy])
    else:
        context = multiprocessing.get_context("spawn")
    # multiprocessing.Pool, not ProcessPoolExecutor: the latter hangs on Python 3.11 when
    # workers retire after max_tasks_per_child.
    with context.Pool(
        min(jobs, len(plans)),
        initializer=_ignore_interrupt,
        maxtasksperchild=DOCUMENTS_PER_WORKER,
    ) as pool:
        yield from pool.imap_unordered(_render_job, [(root, p, historical) for p in plans])


def _ignore_interrupt() -> None:
    # Ctrl+C reaches every process of the terminal's group; the main process answers it
    # („Abgebrochen.“) and ends the pool. A worker would print a traceback of its own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _render_job(job: tuple[Path, Plan, bool]) -> Rendered:
    return render_one(*job)
