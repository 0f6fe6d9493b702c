"""A browser without JavaScript, for the tests of the forms: read a page's form the way a
browser does (which controls it sends, with which values) and post it over HTTP."""

from __future__ import annotations

import http.client
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlencode


@dataclass
class Control:
    name: str
    value: str


@dataclass
class Form:
    action: str = ""
    method: str = "get"
    controls: list[Control] = field(default_factory=list)
    buttons: list[Control] = field(default_factory=list)

    def fields(self, button: str | None = None) -> list[tuple[str, str]]:
        """What the browser sends when the button with this value is pressed (or Enter)."""
        pairs = [(c.name, c.value) for c in self.controls]
        chosen = next((b for b in self.buttons if b.value == button), None)
        if chosen is None and self.buttons:
            chosen = self.buttons[0]  # Enter in a field presses the first submit button
        if chosen is not None and chosen.name:
            pairs.append((chosen.name, chosen.value))
        return pairs

    def value(self, name: str) -> str | None:
        return next((c.value for c in self.controls if c.name == name), None)

    def set(self, name: str, value: str) -> None:
        for control in self.controls:
            if control.name == name:
                control.value = value
                return
        raise KeyError(name)


class _Reader(HTMLParser):
    def __init__(self, form_id: str | None) -> None:
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.forms: list[Form] = []
        self.current: Form | None = None
        self.select: Control | None = None
        self.select_first: str | None = None
        self.option: dict[str, str | None] | None = None
        self.textarea: Control | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form" and (self.form_id is None or a.get("id") == self.form_id):
            self.current = Form(a.get("action", ""), a.get("method", "get").lower())
            self.forms.append(self.current)
            return
        if self.current is None:
            return
        name = a.get("name", "")
        if tag == "input":
            kind = a.get("type", "text").lower()
            if kind in ("radio", "checkbox"):
                if "checked" in a and name:
                    self.current.controls.append(Control(name, a.get("value", "on")))
            elif kind in ("submit", "button"):
                self.current.buttons.append(Control(name, a.get("value", "")))
            elif name:
                self.current.controls.append(Control(name, a.get("value", "")))
        elif tag == "button" and a.get("type", "submit") == "submit":
            self.current.buttons.append(Control(name, a.get("value", "")))
        elif tag == "select" and name:
            self.select = Control(name, "")
            self.select_first = None
        elif tag == "option" and self.select is not None:
            self.option = {"value": a.get("value"), "text": "", "selected": a.get("selected")}
        elif tag == "textarea" and name:
            self.textarea = Control(name, "")

    def handle_data(self, data: str) -> None:
        if self.textarea is not None:
            self.textarea.value += data
        if self.option is not None:
            self.option["text"] = (self.option["text"] or "") + data

    def handle_endtag(self, tag: str) -> None:
        if self.current is None:
            return
        if tag == "form":
            self.current = None
        elif tag == "option" and self.select is not None and self.option is not None:
            value = self.option["value"]
            value = value if value is not None else (self.option["text"] or "")
            if self.select_first is None:
                self.select_first = value
            if self.option["selected"] is not None:
                self.select.value = value
                self.select_first = "\x00chosen"
            self.option = None
        elif tag == "select" and self.select is not None:
            if self.select_first not in (None, "\x00chosen"):
                self.select.value = self.select_first or ""
            self.current.controls.append(self.select)
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            # A browser drops the one line end right after <textarea>.
            text = self.textarea.value
            self.textarea.value = text[1:] if text.startswith("\n") else text
            self.current.controls.append(self.textarea)
            self.textarea = None


def read_form(page: str, form_id: str | None = "formular") -> Form:
    reader = _Reader(form_id)
    reader.feed(page)
    assert reader.forms, "Kein Formular auf der Seite"
    return reader.forms[0]


@dataclass
class Answer:
    status: int
    body: str
    location: str


def request(
    address: tuple[str, int],
    method: str,
    path: str,
    fields: list[tuple[str, str]] | None = None,
    host: str | None = None,
    headers: dict[str, str] | None = None,
) -> Answer:
    connection = http.client.HTTPConnection(*address, timeout=300)
    try:
        body = urlencode(fields or []).encode("utf-8") if fields is not None else None
        sent = {"Host": host or f"127.0.0.1:{address[1]}", **(headers or {})}
        if body is not None:
            sent.setdefault("Content-Type", "application/x-www-form-urlencoded")
        connection.request(method, path, body=body, headers=sent)
        answer = connection.getresponse()
        return Answer(
            answer.status,
            answer.read().decode("utf-8", errors="replace"),
            answer.getheader("Location") or "",
        )
    finally:
        connection.close()
