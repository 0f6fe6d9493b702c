"""``kimdocs vorschau``: a local web server that shows the project and rebuilds on every change.

It serves its own pages and files inside the project's ``output/`` folder, nothing else;
it listens on loopback unless told otherwise, and it answers only requests addressed to the
name it listens on (a web page elsewhere cannot reach it through DNS tricks).
"""

from __future__ import annotations

import ipaddress
import json
import mimetypes
import re
import sys
import threading
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import jinja2

from kimdocs.base.errors import KimdocsError, Problem, display_path
from kimdocs.catalog import is_input
from kimdocs.formats import served_suffixes
from kimdocs.preview.model import Entry, Preview, Snapshot
from kimdocs.project import CONFIG_NAME
from kimdocs.templating.environment import SHIPPED_DIR

ASSETS = SHIPPED_DIR.parent / "preview"
SERVED_SUFFIXES = served_suffixes()
PAGE_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; frame-src 'self'; base-uri 'none'; form-action 'none'"
)
# Outputs run no script: their CSS is inline, their pictures are data: URIs.
OUTPUT_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; sandbox"
_STATUS_TEXT = {"erzeugt": "neu erzeugt", "unverändert": "aktuell"}
# A connection that sends nothing for this long is closed, so that idle or abandoned
# browser connections do not each keep a thread forever.
IDLE_TIMEOUT = 30.0
# A client that goes away mid-answer (a closed tab, a reload) is normal, not an error.
_GONE = (ConnectionError, TimeoutError)
_RETRY_WATCH = (1.0, 30.0)  # seconds before watching again after a failure: first, at most


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_host(host: str, allow_network: bool) -> None:
    if not allow_network and not is_loopback(host):
        raise KimdocsError(
            Problem(
                f"Die Vorschau lauscht nur auf diesem Rechner (127.0.0.1), nicht auf „{host}“: "
                "sonst könnten andere im Netz die Dokumente sehen. Wer das wirklich will, "
                "gibt zusätzlich --offen an."
            )
        )


@dataclass
class Mark:
    start: int
    end: int
    finding: Problem


def _lines(entry: Entry) -> list[tuple[int, str, list[Mark]]]:
    by_line: dict[int, list[Problem]] = {}
    for finding in entry.findings:
        if finding.line:
            by_line.setdefault(finding.line, []).append(finding)
    rows = []
    for number, text in enumerate(entry.lines, start=1):
        marks = []
        for finding in by_line.get(number, []):
            start, end = 0, len(text)
            if finding.col and 0 < finding.col <= len(text):
                start = finding.col - 1
                word = re.match(r"\S+", text[start:])
                end = start + (len(word.group(0)) if word else 1)
            marks.append(Mark(start, end, finding))
        rows.append((number, text, marks))
    return rows


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(ASSETS),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["status_text"] = lambda s: _STATUS_TEXT.get(s, s)
    env.globals["status_class"] = lambda s: "failed" if s == "fehlgeschlagen" else "ok"
    return env


class PreviewServer:
    """The HTTP server, the file watcher and the current build, started and stopped together."""

    def __init__(
        self,
        root: Path,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        idle_timeout: float = IDLE_TIMEOUT,
    ) -> None:
        self.preview = Preview(root)
        self.env = _environment()
        self.stopping = threading.Event()
        self.changed = threading.Event()  # a rebuild is due
        self._threads: list[threading.Thread] = []
        # ``timeout`` is the socket timeout of each connection (socketserver applies it).
        handler = type("Handler", (_Handler,), {"app": self, "timeout": idle_timeout})
        self.httpd = _QuietServer((host, port), handler)
        self.httpd.daemon_threads = True

    @property
    def address(self) -> tuple[str, int]:
        address: Any = self.httpd.server_address
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
        serve = threading.Thread(target=self.httpd.serve_forever, name="vorschau-http")
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

    def stop(self) -> None:
        self.stopping.set()
        self.preview.cancel()  # a rebuild that runs stops its workers at once
        self.httpd.shutdown()
        for thread in self._threads:
            thread.join(timeout=10)
        self.httpd.server_close()

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

    # ------------------------------------------------------------------ pages

    def page(self, name: str, **context: Any) -> bytes:
        snapshot: Snapshot = context.setdefault("snapshot", self.preview.snapshot)
        context.setdefault("root", self.preview.root)
        context.setdefault("failed", sum(e.status == "fehlgeschlagen" for e in snapshot.entries))
        return self.env.get_template(name).render(context).encode("utf-8")

    def document_page(self, ident: str) -> bytes | None:
        snapshot = self.preview.snapshot
        entry = snapshot.entry(ident)
        if entry is None:
            return None
        return self.page("document.html", snapshot=snapshot, e=entry, lines=_lines(entry))

    def triage_page(self) -> bytes | None:
        snapshot = self.preview.snapshot
        if snapshot.triage is None:
            return None
        out = self.preview.output_dir
        rows = []
        for row in snapshot.triage.rows:
            entry = snapshot.entry(display_path(row.source, self.preview.root))
            easy = snapshot.easy_copy(entry) if entry is not None else None
            rows.append(
                {
                    "row": row,
                    "entry": entry,
                    "easy": easy if easy is not None and (out / easy).is_file() else None,
                }
            )
        return self.page("wege.html", snapshot=snapshot, triage=snapshot.triage, rows=rows)

    def output_file(self, rel: str) -> Path | None:
        """A file inside output/ with a suffix the preview shows; anything else is None."""
        out = self.preview.output_dir.resolve()
        if "\\" in rel or "\x00" in rel:
            return None
        candidate = (out / rel).resolve()
        if not candidate.is_relative_to(out) or candidate == out:
            return None
        if any(part.startswith(".") for part in candidate.relative_to(out).parts):
            return None  # the manifest, the lock, temporary files
        if candidate.suffix.lower() not in SERVED_SUFFIXES or not candidate.is_file():
            return None
        return candidate


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        # socketserver prints a traceback here; the terminal belongs to the build messages.
        error = sys.exc_info()[1]
        if isinstance(error, _GONE):
            return
        print(
            f"Vorschau: unerwarteter Fehler bei einer Anfrage ({type(error).__name__}: {error}).",
            file=sys.stderr,
        )


class _Handler(BaseHTTPRequestHandler):
    app: PreviewServer
    server_version = "kimdocs-vorschau"
    sys_version = ""

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the terminal belongs to the build messages

    def handle(self) -> None:
        try:
            super().handle()
        except _GONE:
            self.close_connection = True  # the client left; nobody is waiting for an answer

    def do_HEAD(self) -> None:
        self.do_GET()

    def do_GET(self) -> None:
        if not self._host_allowed():
            self._send(HTTPStatus.MISDIRECTED_REQUEST, b"Falscher Host.", "text/plain")
            return
        url = urlsplit(self.path)
        path = unquote(url.path)
        if path == "/":
            self._send(HTTPStatus.OK, self.app.page("index.html"), "text/html")
        elif path == "/dokument":
            ident = parse_qs(url.query).get("quelle", [""])[0]
            body = self.app.document_page(ident)
            if body is None:
                self._not_found()
            else:
                self._send(HTTPStatus.OK, body, "text/html")
        elif path == "/wege":
            body = self.app.triage_page()
            if body is None:
                self._not_found()
            else:
                self._send(HTTPStatus.OK, body, "text/html")
        elif path == "/_vorschau/stand":
            snapshot = self.app.preview.snapshot
            data = {"version": snapshot.version, "dokumente": len(snapshot.entries)}
            self._send(HTTPStatus.OK, json.dumps(data).encode(), "application/json")
        elif path in ("/_vorschau/vorschau.css", "/_vorschau/vorschau.js"):
            name = path.rsplit("/", 1)[1]
            kind = "text/css" if name.endswith(".css") else "text/javascript"
            self._send(HTTPStatus.OK, (ASSETS / name).read_bytes(), kind)
        elif path == "/favicon.ico":
            # Opened on their own, outputs make the browser ask for an icon; there is none.
            self._send(HTTPStatus.NO_CONTENT, b"", "image/x-icon")
        elif path.startswith("/ausgabe/"):
            found = self.app.output_file(path.removeprefix("/ausgabe/"))
            if found is None:
                self._not_found()
            else:
                kind = mimetypes.guess_type(found.name)[0] or "application/octet-stream"
                self._send(HTTPStatus.OK, found.read_bytes(), kind, policy=OUTPUT_POLICY)
        else:
            self._not_found()

    def _host_allowed(self) -> bool:
        host = (self.headers.get("Host") or "").rsplit(":", 1)[0]
        listening = self.app.address[0]
        return is_loopback(host) if is_loopback(listening) else True

    def _not_found(self) -> None:
        self._send(HTTPStatus.NOT_FOUND, b"Nicht gefunden.", "text/plain")

    def _send(self, status: HTTPStatus, body: bytes, kind: str, policy: str = PAGE_POLICY) -> None:
        self.send_response(status)
        charset = "; charset=utf-8" if kind.startswith("text/") or "json" in kind else ""
        self.send_header("Content-Type", kind + charset)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Content-Security-Policy", policy)
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def serve(root: Path, host: str, port: int, *, allow_network: bool = False) -> PreviewServer:
    """Check the address and start; the caller stops it."""
    check_host(host, allow_network)
    server = PreviewServer(root, host, port)
    server.start()
    return server
