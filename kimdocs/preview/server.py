"""``kimdocs vorschau``: a local web server that shows the project, offers its forms and
rebuilds on every change.

The application (:mod:`kimdocs.preview.app`, Starlette) runs in uvicorn in a background
thread; the file watcher in another. It listens on loopback unless told otherwise, and it
answers only requests addressed to the name it listens on.
"""

from __future__ import annotations

import asyncio
import socket
import threading
from pathlib import Path
from typing import Any

import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from kimdocs.base.errors import KimdocsError, Problem
from kimdocs.catalog import is_input
from kimdocs.preview.app import Surface, is_loopback
from kimdocs.preview.model import Preview
from kimdocs.project import CONFIG_NAME

__all__ = ["IDLE_TIMEOUT", "PreviewServer", "check_host", "is_loopback", "serve"]

# A connection that sends nothing for this long is closed, so that idle or abandoned
# browser connections (and half-sent requests) do not stay open forever.
IDLE_TIMEOUT = 30.0
_RETRY_WATCH = (1.0, 30.0)  # seconds before watching again after a failure: first, at most


def check_host(host: str, allow_network: bool) -> None:
    if not allow_network and not is_loopback(host):
        raise KimdocsError(
            Problem(
                f"Die Vorschau lauscht nur auf diesem Rechner (127.0.0.1), nicht auf „{host}“: "
                "sonst könnten andere im Netz die Dokumente sehen. Wer das wirklich will, "
                "gibt zusätzlich --offen an."
            )
        )


def _idle_protocol(idle: float) -> type[H11Protocol]:
    """uvicorn's HTTP/1.1 protocol that also closes a connection that says nothing (or
    only half a request) for ``idle`` seconds; uvicorn itself times out only between
    requests of a kept-alive connection."""

    class Idle(H11Protocol):
        _idle: asyncio.TimerHandle | None = None

        def connection_made(self, transport: Any) -> None:
            super().connection_made(transport)
            self._arm()

        def data_received(self, data: bytes) -> None:
            self._arm()
            super().data_received(data)

        def connection_lost(self, exc: Exception | None) -> None:
            if self._idle is not None:
                self._idle.cancel()
            super().connection_lost(exc)

        def _arm(self) -> None:
            if self._idle is not None:
                self._idle.cancel()
            self._idle = self.loop.call_later(idle, self._quiet)

        def _quiet(self) -> None:
            cycle = self.cycle
            if cycle is None or cycle.response_complete:
                self.transport.close()
            else:
                self._arm()  # a request is being answered: not idle

    return Idle


class PreviewServer:
    """The HTTP server, the file watcher and the current build, started and stopped together."""

    def __init__(
        self,
        root: Path,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        idle_timeout: float = IDLE_TIMEOUT,
        allow_network: bool = False,
    ) -> None:
        self.preview = Preview(root)
        self.stopping = threading.Event()
        self.changed = threading.Event()  # a rebuild is due
        self._threads: list[threading.Thread] = []
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.socket = socket.socket(family, socket.SOCK_STREAM)
        self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            self.socket.bind((host, port))
            self.socket.listen(128)
        except OSError:
            self.socket.close()
            raise
        self.surface = Surface(self.preview, lambda: self.address, allow_network)
        config = uvicorn.Config(
            self.surface.app,
            http=_idle_protocol(idle_timeout),
            lifespan="off",
            access_log=False,
            log_level="critical",
            timeout_keep_alive=int(max(1, idle_timeout)),
            server_header=False,
            date_header=False,
        )
        self.http = uvicorn.Server(config)

    @property
    def address(self) -> tuple[str, int]:
        address: Any = self.socket.getsockname()
        return str(address[0]), int(address[1])

    @property
    def url(self) -> str:
        host, port = self.address
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{port}/"

    def start(self, watch: bool = True) -> None:
        """Build once, then serve, watch and rebuild in background threads.

        Watching and rebuilding are separate threads: a change that arrives while a rebuild
        runs cancels it and starts the next one, so a document that hangs (until its time
        budget) neither blocks the watcher nor keeps the preview from stopping.
        """
        self.preview.rebuild()
        serve = threading.Thread(target=self._serve, name="vorschau-http")
        self._threads.append(serve)
        if watch:
            self._threads.append(threading.Thread(target=self._rebuild, name="vorschau-bau"))
            root = self.preview.root
            folders = [f for f in self.preview.input_folders() if f.is_dir()]
            # The folders with all their subfolders; the project folder itself only for its
            # own files (kimdocs.toml, glossar.yaml, fakten.yaml), not for output/ or a
            # virtualenv in it. Which changes matter, the catalog says (_relevant).
            # Pictures the documents show outside those folders (``bilder/`` beside
            # kimdocs.toml, say): their folders, without subfolders.
            parents = {p.parent for p in self.preview.snapshot.pictures} - {root}
            extra = sorted(f for f in parents if not any(f.is_relative_to(d) for d in folders))
            for paths, recursive in ((folders, True), ([root, *extra], False)):
                if paths:
                    self._threads.append(
                        threading.Thread(
                            target=self._watch, args=(paths, recursive), name="vorschau-watch"
                        )
                    )
        for thread in self._threads:
            thread.start()

    def _serve(self) -> None:
        self.http.run(sockets=[self.socket])

    def stop(self) -> None:
        self.stopping.set()
        self.preview.cancel()  # a rebuild that runs stops its workers at once
        self.http.should_exit = True
        for thread in self._threads:
            thread.join(timeout=10)
        self.close()

    def close(self) -> None:
        """Release the listening socket (also of a server that never started)."""
        self.socket.close()

    def _watch(self, paths: list[Path], recursive: bool) -> None:
        """Watch until the preview stops: a failed rebuild is shown on the page (``rebuild``
        never raises), and a failure of the watching itself is waited out and retried."""
        delay = _RETRY_WATCH[0]
        while not self.stopping.is_set():
            try:
                self._watch_changes(paths, recursive)
            except Exception:  # a folder removed and recreated, a file system hiccup
                if self.stopping.wait(delay):
                    break
                delay = min(delay * 2, _RETRY_WATCH[1])
                self.request_rebuild()  # what changed meanwhile
            else:
                break  # watch() returns only when told to stop

    def _watch_changes(self, paths: list[Path], recursive: bool) -> None:
        from watchfiles import watch

        for _changes in watch(
            *paths,
            watch_filter=lambda _change, path: self._relevant(Path(path)),
            stop_event=self.stopping,
            debounce=300,
            rust_timeout=500,
            recursive=recursive,
            raise_interrupt=False,
        ):
            if self.stopping.is_set():
                break
            self.request_rebuild()

    def request_rebuild(self) -> None:
        """A change: cancel the rebuild that runs (it is out of date) and build again."""
        self.changed.set()
        self.preview.cancel()

    def _rebuild(self) -> None:
        """Rebuild whenever a change is due, until the preview stops."""
        while not self.stopping.is_set():
            if not self.changed.wait(0.5):
                continue
            self.changed.clear()
            if not self.stopping.is_set():
                self.preview.rebuild()

    def _relevant(self, path: Path) -> bool:
        project = self.preview.project
        try:
            if project is None:  # kimdocs.toml is broken: only its repair matters
                return path.resolve() == self.preview.root / CONFIG_NAME
            return is_input(path, project, self.preview.snapshot.pictures)
        except (OSError, RuntimeError, ValueError):
            return True  # a path that cannot be resolved: rebuild, and show what went wrong


def serve(root: Path, host: str, port: int, *, allow_network: bool = False) -> PreviewServer:
    """Check the address and start; the caller stops it."""
    check_host(host, allow_network)
    server = PreviewServer(root, host, port, allow_network=allow_network)
    server.start()
    return server
