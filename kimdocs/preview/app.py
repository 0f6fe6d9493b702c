"""The web application of ``kimdocs vorschau``: the list, the preview of each document, its
form, "Neu", and the built files – on Starlette, served by uvicorn (:mod:`.server`).

Safe by default, decided here for every request: only the name it listens on as ``Host``
(a page elsewhere cannot reach it through DNS tricks), no request body over
:data:`MAX_BODY`, a CSRF token and a same-origin check on every change, only files inside
``output/`` and documents inside ``content/``, every value escaped (Jinja's autoescape), a
page policy that runs only the preview's own script, and a German page instead of a
traceback. Writes go through :func:`kimdocs.preview.writes.write_document` with the
request's :class:`~kimdocs.preview.writes.Author`.
"""

from __future__ import annotations

import hmac
import ipaddress
import json
import mimetypes
import re
import secrets
import sys
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import jinja2
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from kimdocs.base.errors import KimdocsError, Problem, display_path
from kimdocs.formats import served_suffixes
from kimdocs.kinds import KINDS, Kind
from kimdocs.preview import forms
from kimdocs.preview.form_fields import Spec
from kimdocs.preview.form_findings import Findings, place, section_id
from kimdocs.preview.form_save import Section
from kimdocs.preview.form_values import (
    Entry,
    apply_action,
    id_of,
    name_of,
    parse_action,
    posted_values,
)
from kimdocs.preview.writes import Author, Conflict
from kimdocs.templating.environment import SHIPPED_DIR

if TYPE_CHECKING:
    from kimdocs.preview.model import Entry as Listed
    from kimdocs.preview.model import Preview

ASSETS = SHIPPED_DIR.parent / "preview"
SERVED_SUFFIXES = served_suffixes()
STATIC = {"vorschau.css": "text/css", "vorschau.js": "text/javascript"}
PAGE_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; frame-src 'self'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'self'"
)
# Outputs run no script: their CSS is inline, their pictures are data: URIs.
OUTPUT_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; sandbox"
# A form with a long text is some kilobytes; documents are read up to 2 MB.
MAX_BODY = 4 * 1024 * 1024
MAX_FIELDS = 20_000
# The form's own fields start with "_", which no front-matter key does.
CSRF, TEXT = "_csrf", "_text"
_STATUS_TEXT = {"erzeugt": "neu erzeugt", "unverändert": "aktuell"}

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGI = Callable[[Scope, Receive, Send], Awaitable[None]]


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def host_name(header: str) -> str:
    """``127.0.0.1:8000`` → ``127.0.0.1``; ``[::1]:8000`` → ``[::1]``."""
    if header.startswith("["):
        return header.split("]", 1)[0] + "]"
    return header.rsplit(":", 1)[0]


class _TooBig(Exception):
    pass


class Guard:
    """Around every request: the Host check, the size limit, the security headers and no
    traceback to the browser (an unexpected error is one line in the terminal)."""

    def __init__(self, app: ASGI, surface: Surface) -> None:
        self.app = app
        self.surface = surface

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        if not self.surface.host_allowed(headers.get("host", "")):
            await _plain(send, 421, "Falscher Host.")
            return
        length = headers.get("content-length", "0")
        if not length.isdigit() or int(length) > MAX_BODY:
            await _plain(send, 413, "Die Anfrage ist zu groß.")
            return
        received = 0
        started = False

        async def limited() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > MAX_BODY:
                raise _TooBig
            return message

        async def secured(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                names = {k.lower() for k, _ in message.get("headers", [])}
                extra = [
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"no-referrer"),
                    (b"cache-control", b"no-store"),
                    (b"x-frame-options", b"SAMEORIGIN"),
                ]
                if b"content-security-policy" not in names:
                    extra.append((b"content-security-policy", PAGE_POLICY.encode()))
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        try:
            await self.app(scope, limited, secured)
        except _TooBig:
            if not started:
                await _plain(send, 413, "Die Anfrage ist zu groß.")
        except Exception as exc:  # no traceback to the browser, nor to the terminal
            print(
                f"Vorschau: unerwarteter Fehler bei {scope.get('path', '')} "
                f"({type(exc).__name__}: {exc}).",
                file=sys.stderr,
            )
            if not started:
                page = self.surface.render("fehler.html", status=500, problems=[])
                await _send_body(send, 500, page.encode("utf-8"), "text/html; charset=utf-8")


async def _plain(send: Send, status: int, text: str) -> None:
    await _send_body(send, status, text.encode("utf-8"), "text/plain; charset=utf-8")


async def _send_body(send: Send, status: int, body: bytes, kind: str) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", kind.encode()),
                (b"content-length", str(len(body)).encode()),
                (b"content-security-policy", PAGE_POLICY.encode()),
                (b"x-content-type-options", b"nosniff"),
                (b"cache-control", b"no-store"),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


@dataclass
class FormView:
    """Everything a form page shows."""

    opened: forms.Opened
    values: dict[str, Any]
    texts: list[str]  # the text areas of the body, as shown
    findings: Findings | None  # None: the form holds changes not yet saved
    entry: Listed | None
    notice: str = ""
    focus: str = ""
    digest: str = ""
    basis: str = ""
    conflict: list[str] | None = None


class Surface:
    """The application of one running preview."""

    def __init__(
        self, preview: Preview, address: Callable[[], tuple[str, int]], allow_network: bool
    ) -> None:
        self.preview = preview
        self.address = address
        self.allow_network = allow_network
        self.token = secrets.token_urlsafe(32)
        self.env = _environment()
        # The findings of the last save, so that the page after it shows them at once.
        self._checked: dict[tuple[str, str], list[Problem]] = {}
        routes = [
            Route("/", self.index),
            Route("/dokument", self.document),
            Route("/wege", self.routes),
            Route("/formular", self.form_page, methods=["GET"]),
            Route("/formular", self.form_post, methods=["POST"]),
            Route("/neu", self.new_page, methods=["GET"]),
            Route("/neu", self.new_post, methods=["POST"]),
            Route("/_vorschau/stand", self.state),
            Route("/_vorschau/{name}", self.static),
            Route("/favicon.ico", self.icon),
            Route("/ausgabe/{rel:path}", self.output),
        ]
        handlers: dict[Any, Any] = {HTTPException: self._http_error}
        # The guard sits inside Starlette's own error middleware, so that it, not Starlette,
        # answers an unexpected error (Starlette would answer in English).
        self.app: ASGI = Starlette(
            routes=routes,
            exception_handlers=handlers,
            middleware=[Middleware(Guard, surface=self)],
        )

    # ------------------------------------------------------------------ rules

    @property
    def local(self) -> bool:
        return is_loopback(self.address()[0])

    def host_allowed(self, header: str) -> bool:
        return is_loopback(host_name(header)) if self.local else True

    def author(self, request: Request) -> Author:
        client = request.client.host if request.client else ""
        # Over the network there are no accounts yet: nobody there may write.
        return Author("lokal" if self.local else "netz", client, may_write=self.local)

    async def _form(self, request: Request) -> FormData:
        kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if kind not in ("application/x-www-form-urlencoded", "multipart/form-data"):
            raise HTTPException(415, "Nur Formulare werden angenommen.")
        origin = request.headers.get("origin")
        if (
            origin
            and origin != "null"
            and host_name(origin.split("://", 1)[-1]) != host_name(request.headers.get("host", ""))
        ):
            raise HTTPException(403, "Die Anfrage kommt nicht von dieser Seite.")
        if request.headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none"):
            raise HTTPException(403, "Die Anfrage kommt nicht von dieser Seite.")
        try:
            form = await request.form(max_files=0, max_fields=MAX_FIELDS, max_part_size=MAX_BODY)
        except _TooBig:
            raise
        except Exception:
            raise HTTPException(400, "Das Formular ließ sich nicht lesen.") from None
        token = form.get(CSRF)
        if not isinstance(token, str) or not hmac.compare_digest(token, self.token):
            raise HTTPException(
                403,
                "Das Formular ist abgelaufen oder kommt nicht von dieser Seite (CSRF-Schutz). "
                "Bitte die Seite neu laden und noch einmal speichern.",
            )
        return form

    # ------------------------------------------------------------------ pages

    def render(self, name: str, **context: Any) -> str:
        snapshot = context.setdefault("snapshot", self.preview.snapshot)
        context.setdefault("root", self.preview.root)
        context.setdefault("failed", sum(e.status == "fehlgeschlagen" for e in snapshot.entries))
        context.setdefault("csrf", self.token)
        context.setdefault("live", True)
        context.setdefault("may_write", self.local)
        return self.env.get_template(name).render(context)

    def _page(self, name: str, code: int = 200, **context: Any) -> HTMLResponse:
        return HTMLResponse(self.render(name, **context), status_code=code)

    async def _http_error(self, request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        if exc.status_code == 404:
            return Response("Nicht gefunden.", 404, media_type="text/plain")
        detail = exc.detail if exc.status_code != 405 else "Diese Anfrage ist hier nicht möglich."
        problems = [Problem(str(detail))]
        return self._page("fehler.html", exc.status_code, status=exc.status_code, problems=problems)

    async def index(self, request: Request) -> Response:
        return self._page("index.html")

    async def document(self, request: Request) -> Response:
        snapshot = self.preview.snapshot
        entry = snapshot.entry(request.query_params.get("quelle", ""))
        if entry is None:
            raise HTTPException(404)
        return self._page("document.html", snapshot=snapshot, e=entry, lines=_lines(entry))

    async def routes(self, request: Request) -> Response:
        """The caseload's residence routes (``kimdocs wege``) as the last build found them."""
        snapshot = self.preview.snapshot
        if snapshot.triage is None:
            raise HTTPException(404)
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
        return self._page("wege.html", snapshot=snapshot, triage=snapshot.triage, rows=rows)

    async def state(self, request: Request) -> Response:
        snapshot = self.preview.snapshot
        return JSONResponse({"version": snapshot.version, "dokumente": len(snapshot.entries)})

    async def static(self, request: Request) -> Response:
        name = request.path_params["name"]
        if name not in STATIC:
            raise HTTPException(404)
        return Response((ASSETS / name).read_bytes(), media_type=STATIC[name])

    async def icon(self, request: Request) -> Response:
        # Opened on their own, outputs make the browser ask for an icon; there is none.
        return Response(b"", 204, media_type="image/x-icon")

    async def output(self, request: Request) -> Response:
        found = self.output_file(request.path_params["rel"])
        if found is None:
            raise HTTPException(404)
        kind = mimetypes.guess_type(found.name)[0] or "application/octet-stream"
        return FileResponse(
            found, media_type=kind, headers={"content-security-policy": OUTPUT_POLICY}
        )

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

    # ------------------------------------------------------------------ forms

    def _project(self) -> Any:
        project = self.preview.project
        if project is None:
            raise KimdocsError(Problem("Das Projekt lässt sich nicht laden; siehe Startseite."))
        return project

    def _open(self, relative: str) -> forms.Opened:
        return forms.open_document(self._project(), relative)

    async def form_page(self, request: Request) -> Response:
        relative = request.query_params.get("quelle", "")
        try:
            opened = await run_in_threadpool(self._open, relative)
        except KimdocsError as exc:
            return self._unusable(relative, exc)
        problems = self._checked.get((relative, opened.digest))
        if problems is None:
            problems = await run_in_threadpool(forms.check_document, opened.project, opened.path)
            self._checked[(relative, opened.digest)] = problems
        view = FormView(
            opened,
            opened.shown.values,
            [s.shown for s in opened.text.sections],
            place(
                opened.model.fields,
                opened.shown.values,
                opened.text.sections,
                opened.text.body_line,
                problems,
            ),
            self.preview.snapshot.entry(relative),
            digest=opened.digest,
        )
        saved = request.query_params.get("gespeichert")
        if saved is not None:
            view.notice = _saved_notice(saved, view)
            view.focus = "befunde" if view.findings and view.findings.summary else "hinweis"
        return self._form_response(view)

    def _unusable(self, relative: str, exc: KimdocsError) -> Response:
        if not relative or any("kein Dokument in content/" in p.message for p in exc.problems):
            raise HTTPException(404)
        return self._page("fehler.html", 422, status=422, problems=exc.problems, relative=relative)

    def _form_response(self, view: FormView, code: int = 200) -> Response:
        return self._page(
            "form.html",
            code,
            v=view,
            o=view.opened,
            live=False,
            title=_title(view),
        )

    async def form_post(self, request: Request) -> Response:
        form = await self._form(request)
        relative = str(form.get("_quelle", ""))
        opened_on = str(form.get("_stand", ""))
        basis = str(form.get("_basis", "")) or None
        action = str(form.get("_aktion", "speichern"))

        def get(name: str) -> list[str]:
            return [v for v in form.getlist(name) if isinstance(v, str)]

        try:
            opened = await run_in_threadpool(self._open, relative)
        except KimdocsError as exc:
            return self._unusable(relative, exc)
        texts = [next(iter(get(f"{TEXT}.{n}")), "") for n in range(len(opened.text.sections))]
        parsed = parse_action(action)
        if parsed is not None:  # add, remove, move: shown again, saved with "Speichern"
            values = posted_values(opened.model.fields, get, opened.shown.values)
            target = apply_action(tuple(opened.model.fields), values, parsed)
            view = FormView(
                opened,
                values,
                texts,
                None,
                self.preview.snapshot.entry(relative),
                notice="Noch nicht gespeichert: bitte „Speichern“ wählen, wenn alles stimmt.",
                focus=_focus(opened.model.fields, values, parsed.verb, target),
                digest=opened_on,
                basis=basis or "",
            )
            return self._form_response(view)
        author = self.author(request)
        try:
            saved = await run_in_threadpool(
                forms.save, opened.project, relative, get, author, opened_on, basis
            )
        except Conflict as exc:
            return self._conflict(opened, get, texts, opened_on, exc)
        except KimdocsError as exc:
            return self._page("fehler.html", 409, status=409, problems=exc.problems)
        if saved.changed:
            problems = await run_in_threadpool(forms.check_document, opened.project, opened.path)
            self._checked[(relative, saved.digest)] = problems
            if not any(p.is_error for p in problems):
                await run_in_threadpool(self.preview.rebuild)
        outcome = "ja" if saved.changed else "unverändert"
        return RedirectResponse(f"/formular?quelle={quote(relative)}&gespeichert={outcome}", 303)

    def _conflict(
        self,
        opened: forms.Opened,
        get: Callable[[str], list[str]],
        texts: list[str],
        opened_on: str,
        exc: Conflict,
    ) -> Response:
        values = posted_values(opened.model.fields, get, opened.shown.values)
        earlier = forms.opened_version(opened_on)
        view = FormView(
            opened,
            values,
            texts,
            None,
            self.preview.snapshot.entry(opened.relative),
            notice="",
            focus="konflikt",
            digest=opened.digest,
            basis=opened_on if earlier is not None else "",
            conflict=forms.changes_on_disk(earlier, opened.raw, opened.path),
        )
        return self._form_response(view, 409)

    # ------------------------------------------------------------------ "Neu"

    async def new_page(self, request: Request) -> Response:
        kind = KINDS.get(request.query_params.get("art", ""))
        if kind is None:
            return self._page("neu.html", kinds=forms.kinds(), kind=None, live=False)
        project = self._project()
        try:
            choices = await run_in_threadpool(forms.district_choices, project, kind)
            cases = await run_in_threadpool(forms.case_choices, project, kind)
        except KimdocsError as exc:
            return self._page("fehler.html", 422, status=422, problems=exc.problems)
        return self._page(
            "neu.html", kinds=forms.kinds(), kind=kind, choices=choices, cases=cases, live=False
        )

    async def new_post(self, request: Request) -> Response:
        form = await self._form(request)
        kind: Kind[Any] | None = KINDS.get(str(form.get("art", "")))
        district = str(form.get("bezirk", ""))
        case_id = str(form.get("fall", "")) or None
        if kind is None:
            raise HTTPException(400, "Bitte eine Dokumentart wählen.")
        project = self._project()
        try:
            relative = await run_in_threadpool(
                forms.create, project, kind, district, case_id, self.author(request)
            )
        except KimdocsError as exc:
            return self._page("fehler.html", 409, status=409, problems=exc.problems)
        await run_in_threadpool(self.preview.rebuild)
        return RedirectResponse(f"/formular?quelle={quote(relative)}&neu=1", 303)


def _title(view: FormView) -> str:
    entry = view.entry
    if entry is not None and entry.title:
        return entry.title
    return view.opened.path.name


def _saved_notice(outcome: str, view: FormView) -> str:
    if outcome == "unverändert":
        return "Nichts geändert: die Datei ist unverändert."
    errors = view.findings.errors if view.findings else 0
    if errors:
        return (
            f"Gespeichert. {errors} Fehler {'verhindert' if errors == 1 else 'verhindern'} "
            "den Bau; die Liste unten führt zu den Feldern."
        )
    return "Gespeichert und neu gebaut."


def _focus(specs: Any, values: dict[str, Any], verb: str, target: tuple[Any, ...] | None) -> str:
    if target is None:
        return ""
    if verb == "hinzu":
        return _first_field(specs, target)
    if verb == "weg":
        return id_of(target) + "-hinzu"
    return id_of(target) + ("-hoch" if verb == "hoch" else "-runter")


def _first_field(specs: Any, loc: tuple[Any, ...]) -> str:
    spec: Spec | None = None
    children: tuple[Spec, ...] = tuple(specs)
    for part in loc:
        if isinstance(part, str):
            spec = next((s for s in children if s.key == part), None)
            children = spec.children if spec else ()
    for child in children:
        if child.widget in ("text", "textarea", "date", "time", "number", "select", "lines"):
            return id_of((*loc, child.key))
    return id_of(loc)


@dataclass
class _Mark:
    start: int
    end: int
    finding: Problem


def _lines(entry: Listed) -> list[tuple[int, str, list[_Mark]]]:
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
            marks.append(_Mark(start, end, finding))
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
    env.globals["fid"] = id_of
    env.globals["fname"] = name_of
    env.globals["section_id"] = section_id
    env.globals["Entry"] = Entry
    env.filters["json"] = lambda value: json.dumps(value, ensure_ascii=False)
    env.tests["section"] = lambda value: isinstance(value, Section)
    env.tests["entry"] = lambda value: isinstance(value, Entry)
    return env
