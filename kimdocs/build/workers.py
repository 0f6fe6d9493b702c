"""Render documents in worker processes that may crash, hang or retire.

Workers are recycled after a number of documents, so that memory stays flat over long
builds (WeasyPrint and fontconfig keep caches per process). Each worker renders one
document at a time, so that a worker that dies or overruns the time budget costs exactly
that document: it fails with a German message, the worker is replaced and the build goes
on. ``multiprocessing.Pool`` waits forever for a killed worker's task, and
``ProcessPoolExecutor`` breaks as a whole for one dead worker and cannot stop a task that
hangs; hence this small supervisor over plain processes.
"""

from __future__ import annotations

import contextlib
import math
import multiprocessing
import os
import signal
import time
from collections import deque
from collections.abc import Generator, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from multiprocessing import connection
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kimdocs import formats as registry
from kimdocs.base.errors import KimdocsError, Problem
from kimdocs.formats import Format, estimated_seconds, heavy_imports

if TYPE_CHECKING:
    from multiprocessing.process import BaseProcess

    import jinja2

    from kimdocs.build.prepare import PreparedDocument
    from kimdocs.project import Project

DOCUMENTS_PER_WORKER = 25
BUDGET_VARIABLE = "KIMDOCS_DOCUMENT_TIMEOUT"
DEFAULT_BUDGET = 300.0  # seconds per document: far above any real document, below "forever"
MEMORY_VARIABLE = "KIMDOCS_DOCUMENT_MEMORY"
# Megabytes of address space per worker: a 3,000-row table needs about 400, a flyer 330.
DEFAULT_MEMORY = 2048
_memory_limit: int | None = None  # set in a worker process


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
    from kimdocs.templating.environment import html_environment

    project = load_project(root)
    return project, html_environment(project)


def render_one(root: Path, prepared: PreparedDocument) -> Rendered:
    """Render one prepared document (it comes loaded, checked and with its context).

    Never raises for a problem the user can fix.
    """
    from kimdocs.build.render import render_prepared

    source = prepared.source
    result = Rendered(source)
    try:
        project, env = _environment(root)
        warnings: list[Problem] = []
        result.outputs = render_prepared(prepared, project, env, warnings)
        result.problems += warnings
    except KimdocsError as exc:
        result.problems += exc.problems
    except MemoryError:
        result.problems.append(_too_big(source))
    except Exception as exc:  # a library bug must not stop the other documents
        result.problems.append(
            Problem(
                f"Unerwarteter Fehler beim Erzeugen ({type(exc).__name__}: {exc}). Bitte mit "
                "dieser Meldung an die Betreuung von kimdocs wenden.",
                file=source,
            )
        )
    return result


def _too_big(source: Path) -> Problem:
    limit = f" von {_memory_limit} MB" if _memory_limit else ""
    return Problem(
        f"Das Dokument braucht mehr Speicher als das Budget{limit} je Dokument und wurde "
        "abgebrochen; die bisherigen Ausgaben bleiben unverändert, die übrigen Dokumente "
        "wurden weiter erzeugt. Sehr lange Tabellen oder riesige Bilder verkleinern, oder das "
        f"Budget mit der Umgebungsvariablen {MEMORY_VARIABLE} (Megabyte) erhöhen.",
        file=source,
    )


def memory_budget() -> int:
    """Megabytes of memory a worker may use: the environment's, else the default."""
    raw = os.environ.get(MEMORY_VARIABLE, "").strip()
    if not raw:
        return DEFAULT_MEMORY
    if not raw.isdigit() or int(raw) < 256:
        raise KimdocsError(
            f"Die Umgebungsvariable {MEMORY_VARIABLE} muss eine ganze Zahl von Megabyte sein "
            f"(mindestens 256), nicht „{raw}“."
        )
    return int(raw)


def _limit_memory(megabytes: int) -> None:
    """Cap this worker's address space, so that one runaway document cannot take the
    computer's memory; the allocation that crosses it raises MemoryError (or, inside a C
    library, ends the worker, which the supervisor reports)."""
    global _memory_limit
    import resource

    limit = megabytes * 1024 * 1024
    with contextlib.suppress(ValueError, OSError):  # a lower hard limit stays as it is
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        _memory_limit = megabytes


def default_jobs() -> int:
    return max(
        1,
        len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1),
    )


def time_budget(seconds: float | None = None) -> float:
    """Seconds a document may take in a worker: ``seconds``, else the environment's, else 300."""
    if seconds is None:
        raw = os.environ.get(BUDGET_VARIABLE, "").strip()
        if not raw:
            return DEFAULT_BUDGET
        try:
            seconds = float(raw.replace(",", "."))
        except ValueError:
            seconds = math.nan
        where = f"Die Umgebungsvariable {BUDGET_VARIABLE}"
        shown = raw
    else:
        where, shown = "Das Zeitbudget je Dokument", str(seconds)
    if not (math.isfinite(seconds) and seconds > 0):
        raise KimdocsError(
            f"{where} muss eine Zahl von Sekunden größer als 0 sein, nicht „{shown}“."
        )
    return seconds


def pays_for_pool(plans: Sequence[PreparedDocument], jobs: int) -> bool:
    """Whether worker processes finish sooner than this process alone: their start
    (:data:`kimdocs.formats.POOL_START`) against the work they share, estimated from the
    measured cost of each format (a document with translations is made once per language)."""
    if jobs <= 1 or len(plans) < 2:
        return False
    work = sum(estimated_seconds(p.formats, 1 + len(p.translations)) for p in plans)
    return registry.POOL_START + work / min(jobs, len(plans)) < work


def render_many(
    root: Path,
    plans: Sequence[PreparedDocument],
    jobs: int,
    budget: float = DEFAULT_BUDGET,
) -> Generator[Rendered, None, None]:
    """Yield rendered documents in completion order.

    Workers get the prepared documents; nothing is loaded or read again there. A document
    whose worker dies or takes longer than ``budget`` seconds comes back with a German
    problem.
    """
    if not pays_for_pool(plans, jobs):
        for plan in plans:
            yield render_one(root, plan)
        return
    context: Any
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        # Import the renderers once in the fork server; every worker, including the ones
        # that replace retired or dead workers, then starts without importing them again.
        heavy = heavy_imports({f for plan in plans for f in plan.formats})
        context.set_forkserver_preload(["kimdocs.build.render", *heavy])
    else:
        context = multiprocessing.get_context("spawn")
    supervisor = _Supervisor(context, min(jobs, len(plans)), budget, memory_budget())
    try:
        yield from supervisor.run(root, plans)
    finally:
        supervisor.stop_all()  # also when the caller stops early or Ctrl+C interrupts


@dataclass
class _Worker:
    process: BaseProcess
    conn: connection.Connection
    done: int = 0  # documents rendered
    plan: PreparedDocument | None = None  # the document it is rendering
    deadline: float = math.inf  # time.monotonic() by which it must be done


class _Supervisor:
    """Up to ``size`` workers, each with its own pipe and at most one document at a time."""

    def __init__(self, context: Any, size: int, budget: float, memory: int) -> None:
        self.context = context
        self.size = size
        self.budget = budget
        self.memory = memory
        self.workers: list[_Worker] = []

    def run(self, root: Path, plans: Sequence[PreparedDocument]) -> Iterator[Rendered]:
        waiting = deque(plans)
        while True:
            while waiting and len(self.workers) < self.size:
                self.workers.append(self._start())
            for worker in self.workers:
                if worker.plan is None and waiting:
                    self._assign(worker, waiting.popleft(), root)
            busy = [w for w in self.workers if w.plan is not None]
            if not busy:
                return
            timeout = max(0.0, min(w.deadline for w in busy) - time.monotonic())
            ready = set(
                connection.wait(
                    [w.conn for w in busy] + [w.process.sentinel for w in busy], timeout
                )
            )
            now = time.monotonic()
            for worker in busy:
                if worker.conn in ready or worker.process.sentinel in ready:
                    yield self._collect(worker)
                elif now >= worker.deadline:
                    yield self._overrun(worker)

    def _start(self) -> _Worker:
        ours, theirs = self.context.Pipe()
        process = self.context.Process(
            target=_serve, args=(theirs, DOCUMENTS_PER_WORKER, self.memory), daemon=True
        )
        try:
            process.start()
        except OSError as exc:  # no memory or no process left on this computer
            ours.close()
            raise KimdocsError(
                f"Es konnte kein Prozess zum Erzeugen der Dokumente gestartet werden "
                f"({exc.strerror}). Bitte andere Programme schließen oder mit „--prozesse 1“ "
                "bauen."
            ) from None
        finally:
            # The worker holds its end now; ours then reports its death as end of file.
            theirs.close()
        return _Worker(process, ours)

    def _assign(self, worker: _Worker, plan: PreparedDocument, root: Path) -> None:
        # The formats travel with the job: a format registered in this process after the
        # fork server started is unknown there.
        formats = tuple(registry.get(f) for f in plan.formats)
        worker.plan = plan
        worker.deadline = time.monotonic() + self.budget
        # A worker that died before the job arrived is reported by the next wait.
        with contextlib.suppress(OSError):
            worker.conn.send((root, plan, formats))

    def _collect(self, worker: _Worker) -> Rendered:
        """The worker's result, or, if it died, its document failed."""
        plan = worker.plan
        assert plan is not None
        if not worker.conn.poll():  # dead without a word: nothing to read, nothing to wait for
            return Rendered(plan.source, problems=[_crashed(plan, self._replace(worker))])
        try:
            rendered: Rendered = worker.conn.recv()
        except (EOFError, OSError):
            return Rendered(plan.source, problems=[_crashed(plan, self._replace(worker))])
        except Exception as exc:  # a result that cannot be read back is a bug, not a hang
            self._replace(worker)
            return Rendered(plan.source, problems=[_unexpected(plan, exc)])
        worker.plan, worker.deadline = None, math.inf
        worker.done += 1
        if worker.done >= DOCUMENTS_PER_WORKER:
            self._replace(worker)  # it exits by itself after its last document
        return rendered

    def _overrun(self, worker: _Worker) -> Rendered:
        plan = worker.plan
        assert plan is not None
        self._replace(worker)
        seconds = f"{self.budget:g}".replace(".", ",")
        return Rendered(
            plan.source,
            problems=[
                Problem(
                    f"Das Erzeugen dauerte länger als das Zeitbudget von {seconds} Sekunden je "
                    "Dokument und wurde abgebrochen; die bisherigen Ausgaben dieses Dokuments "
                    "bleiben unverändert, die übrigen Dokumente wurden weiter erzeugt. Braucht "
                    "das Dokument wirklich so lange, das Zeitbudget mit der Umgebungsvariablen "
                    f"{BUDGET_VARIABLE} (Sekunden) erhöhen; sonst bitte mit dieser Meldung an "
                    "die Betreuung von kimdocs wenden.",
                    file=plan.source,
                )
            ],
        )

    def _replace(self, worker: _Worker) -> int | None:
        """Stop the worker and free its slot; ``run`` starts a new one when work is left.

        Returns its exit code (negative: the signal that ended it).
        """
        self.workers.remove(worker)
        return _stop(worker)

    def stop_all(self) -> None:
        for worker in self.workers:
            _stop(worker)
        self.workers.clear()


def _stop(worker: _Worker) -> int | None:
    """End a worker and reap it, so that no zombie process stays behind; its exit code."""
    worker.conn.close()  # an idle worker waiting for a job sees end of file and exits
    process = worker.process
    # Busy means hanging or dead: nothing of it is needed any more. A dead one is not
    # signalled again, its process id may already belong to another process.
    if worker.plan is not None and process.exitcode is None:
        process.kill()
    process.join(5)
    if process.exitcode is None:  # an idle worker that does not end: force it
        process.kill()
        process.join()
    code = process.exitcode
    process.close()  # its pipe to the fork server, at once rather than at some collection
    return code


def _crashed(plan: PreparedDocument, exitcode: int | None) -> Problem:
    how = ""
    if exitcode is not None and exitcode < 0:
        try:
            how = f" (beendet durch Signal {signal.Signals(-exitcode).name})"
        except ValueError:
            how = f" (beendet durch Signal {-exitcode})"
    elif exitcode:
        how = f" (Rückgabewert {exitcode})"
    return Problem(
        f"Der Prozess, der dieses Dokument erzeugte, ist abgestürzt{how}. Die bisherigen "
        "Ausgaben dieses Dokuments bleiben unverändert, die übrigen Dokumente wurden weiter "
        "erzeugt. Bitte erneut bauen; stürzt er wieder ab (zum Beispiel weil der Speicher "
        "nicht reicht), bitte mit dieser Meldung an die Betreuung von kimdocs wenden.",
        file=plan.source,
    )


def _unexpected(plan: PreparedDocument, exc: BaseException) -> Problem:
    return Problem(
        f"Unerwarteter Fehler beim Erzeugen ({type(exc).__name__}: {exc}). Bitte mit "
        "dieser Meldung an die Betreuung von kimdocs wenden.",
        file=plan.source,
    )


def _serve(conn: connection.Connection, limit: int, memory: int) -> None:
    """A worker: render the documents sent over ``conn`` until ``limit`` or the pipe closes."""
    # Ctrl+C reaches every process of the terminal; the main process ends the build and
    # the workers, which must not each print a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _limit_memory(memory)
    for _ in range(limit):
        try:
            root, plan, formats = conn.recv()
        except (EOFError, OSError):
            return
        _know(formats)
        result = render_one(root, plan)
        try:
            conn.send(result)
        except (EOFError, OSError):
            return  # the main process is gone or gave up on this document
        except Exception as exc:  # a result that cannot be sent must still come back
            conn.send(Rendered(plan.source, problems=[_unexpected(plan, exc)]))


def _know(formats: Sequence[Format]) -> None:
    for fmt in formats:
        if registry.FORMATS.get(fmt.id) != fmt:
            registry.register(fmt)
