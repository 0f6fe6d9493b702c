"""The client's copy of the worksheet in Leichte Sprache: what you can do, what is missing,
by when.

It is written from the evaluation, one statement a line, in fixed sentences with
placeholders (``Stellen Sie den Antrag spätestens am {datum}.``): the German copy fills them,
the checker reads the filled text as it is printed, and a translation translates each fixed
sentence once for every client (the route's name in Leichte Sprache comes from its rule
file, ``leicht: titel``). Whether a route is open, soon open or still unclear, and what is
missing, is the evaluation's; this module only says it simply.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from kimdocs.base.dates import german_date
from kimdocs.project import Contact
from kimdocs.residence.outcome import Outcome, RouteResult

ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class RouteName:
    """A route's words in Leichte Sprache, as a value of a sentence: translated once per route
    (segment ``weg.25a`` or ``gesetz.25a``), not once per sentence."""

    key: str  # "weg.25a", "gesetz.25a"
    text: str


Value = str | dt.date | RouteName


@dataclass(frozen=True)
class Line:
    """One line of the copy: a heading, a sentence or a list item, with its values."""

    kind: Literal["h2", "h3", "p", "li"]
    text: str  # German, with {placeholders}
    values: tuple[tuple[str, Value], ...] = ()

    def filled(self, words: Callable[[Value], str]) -> str:
        """The text with its values put in, each value in the words ``words`` gives it."""
        text = self.text
        for name, value in self.values:
            text = text.replace("{" + name + "}", words(value))
        return text


def german_words(value: Value) -> str:
    """A value as the German copy prints it: dates written out (``28. Februar 2027``)."""
    if isinstance(value, RouteName):
        return value.text
    if isinstance(value, dt.date):
        return german_date(value, "long")
    return value


# What the evaluation says is missing (or only stated), and the same in Leichte Sprache:
# the first entry whose word is in the text says it.
_MISSING: tuple[tuple[tuple[str, ...], str], ...] = (
    (("bekenntnis",), "Ihre Unterschrift unter eine Erklärung zum Grund·gesetz."),
    (("einbürgerungsverfahren", "täuschung"), "Angaben zu früheren Anträgen auf Einbürgerung."),
    (("geburtsdatum",), "Ihre Geburts·urkunde."),
    (("einreise",), "Ein Nachweis über den Tag Ihrer Einreise."),
    (("identität",), "Ein Papier über Ihre Person: zum Beispiel eine Geburts·urkunde."),
    (("pass",), "Ein gültiger Pass."),
    (("lebensunterhalt", "leistung"), "Nachweise über Ihr Einkommen: zum Beispiel Lohn·zettel."),
    (("rente",), "Ein Versicherungs·verlauf von der Renten·versicherung."),
    (
        ("integrationskurs", "orientierungskurs", "test leben", "einbürgerungstest"),
        "Ein Zeugnis vom Integrations·kurs oder vom Einbürgerungs·test.",
    ),
    (("zertifikat", "deutsch"), "Ein Zeugnis über Ihre Deutsch·kenntnisse."),
    (("schul",), "Zeugnisse von der Schule."),
    (("verurteilung", "straftat"), "Ein Führungs·zeugnis."),
    (("mietvertrag", "wohn"), "Ihr Miet·vertrag."),
    (("ausbildung",), "Ihr Ausbildungs·vertrag."),
    (("arbeitsvertr", "beschäftigung"), "Ihr Arbeits·vertrag."),
    (("kind",), "Angaben zu Ihren Kindern."),
    (("aufenthalt", "status"), "Ihre Papiere von der Ausländer·behörde: zum Beispiel Duldungen."),
)
OTHER_PAPERS = "Weitere Unterlagen: Ihr Fall·management sagt Ihnen, welche."
MISSING_TEXTS = (*(text for _, text in _MISSING), OTHER_PAPERS)


def easy_missing(item: str) -> str:
    """What the evaluation names as missing, in Leichte Sprache."""
    key = item.casefold()
    return next((text for words, text in _MISSING if any(w in key for w in words)), OTHER_PAPERS)


def _name(route: RouteResult) -> RouteName:
    return RouteName(f"weg.{route.route}", route.easy_title)


def _law(route: RouteResult) -> RouteName:
    return RouteName(f"gesetz.{route.route}", route.easy_law)


def open_now(route: RouteResult) -> bool:
    return route.outcome in (Outcome.MET, Outcome.DISCRETION)


def opens_later(route: RouteResult) -> bool:
    return route.outcome is Outcome.NOT_MET and route.opens is not None


def unclear(route: RouteResult) -> bool:
    return route.outcome is Outcome.UNKNOWN


def easy_lines(
    routes: Sequence[RouteResult], on: dt.date, contact: Contact | None
) -> tuple[Line, ...]:
    """The copy for a client, from the evaluation's routes on ``on``."""
    now = [r for r in routes if open_now(r)]
    soon = sorted((r for r in routes if opens_later(r)), key=lambda r: r.opens or on)
    maybe = [r for r in routes if unclear(r)]
    lines = [
        Line("p", "Sie haben mit uns über Ihren Aufenthalt gesprochen."),
        Line("p", "Wir haben Ihre Unterlagen angeschaut."),
        Line(
            "p", "Wir haben am {datum} geprüft: Welche Erlaubnis passt zu Ihnen?", (("datum", on),)
        ),
        Line("p", "Wichtig: Dieses Blatt ist nur eine Hilfe."),
        Line("p", "Das Amt entscheidet über Ihren Antrag."),
    ]
    if now:
        lines.append(Line("h2", "Das können Sie jetzt tun"))
        for route in now:
            lines += _route_now(route)
    if soon:
        lines.append(Line("h2", "Das können Sie bald tun"))
        for route in soon:
            lines += _route_soon(route)
    if maybe:
        lines += [
            Line("h2", "Das prüfen wir noch"),
            Line("p", "Vielleicht passt auch ein anderer Weg:"),
            *(Line("li", "{weg}", (("weg", _name(r)),)) for r in maybe),
            Line("p", "Dafür fehlen noch Angaben oder Unterlagen."),
        ]
    if not (now or soon or maybe):
        lines += [
            Line("h2", "Im Moment passt kein Weg"),
            Line("p", "Wir haben keinen Weg zu einer Erlaubnis gefunden."),
            Line("p", "Wir sprechen mit Ihnen über die nächsten Schritte."),
        ]
    lines += _missing([*now, *soon, *maybe])
    lines += _days(now, soon)
    lines += _contact(contact)
    return tuple(lines)


def _route_now(route: RouteResult) -> list[Line]:
    lines = [Line("h3", "{weg}", (("weg", _name(route)),))]
    if route.easy_law:
        lines.append(Line("p", "Das steht im {gesetz}.", (("gesetz", _law(route)),)))
    if route.outcome is Outcome.DISCRETION:
        lines.append(Line("p", "Das Amt prüft Ihren Antrag und entscheidet dann frei."))
    else:
        lines.append(Line("p", "Sie erfüllen die Bedingungen dafür."))
    lines.append(Line("p", "Sie können jetzt einen Antrag stellen."))
    if route.closes is not None:
        last = route.closes - ONE_DAY
        lines.append(Line("p", "Stellen Sie den Antrag spätestens am {datum}.", (("datum", last),)))
    if route.missing or route.unproven:
        lines.append(Line("p", "Für den Antrag fehlen noch Unterlagen."))
    return lines


def _route_soon(route: RouteResult) -> list[Line]:
    assert route.opens is not None
    lines = [Line("h3", "{weg}", (("weg", _name(route)),))]
    if route.easy_law:
        lines.append(Line("p", "Das steht im {gesetz}.", (("gesetz", _law(route)),)))
    lines.append(
        Line("p", "Ab dem {datum} können Sie einen Antrag stellen.", (("datum", route.opens),))
    )
    if route.closes is not None:
        last = route.closes - ONE_DAY
        lines.append(Line("p", "Stellen Sie den Antrag spätestens am {datum}.", (("datum", last),)))
    return lines


def _missing(routes: Iterable[RouteResult]) -> list[Line]:
    items = dict.fromkeys(easy_missing(m) for r in routes for m in (*r.missing, *r.unproven))
    if not items:
        return [Line("h2", "Das fehlt noch"), Line("p", "Wir haben alle Unterlagen.")]
    return [
        Line("h2", "Das fehlt noch"),
        Line("p", "Bitte bringen Sie diese Unterlagen zum Fall·management:"),
        *(Line("li", text) for text in items),
    ]


def _days(now: Sequence[RouteResult], soon: Sequence[RouteResult]) -> list[Line]:
    opening = [(r.opens, r) for r in soon if r.opens is not None]
    closing = [(r.closes - ONE_DAY, r) for r in [*now, *soon] if r.closes is not None]
    if not (opening or closing):
        return []
    lines = [Line("h2", "Wichtige Tage")]
    for intro, days in (
        ("Ab diesen Tagen können Sie einen Antrag stellen:", opening),
        ("Stellen Sie den Antrag spätestens an diesen Tagen:", closing),
    ):
        if days:
            lines.append(Line("p", intro))
            lines += [
                Line("li", "{datum}: {weg}", (("datum", day), ("weg", _name(route))))
                for day, route in sorted(days, key=lambda d: d[0])
            ]
    return lines


def _contact(contact: Contact | None) -> list[Line]:
    lines = [Line("h2", "Haben Sie Fragen?"), Line("p", "Fragen Sie Ihr Fall·management.")]
    if contact is None:
        return lines
    if contact.name:
        lines.append(Line("p", "Name: {name}", (("name", contact.name),)))
    if contact.phone:
        lines.append(Line("p", "Telefon: {telefon}", (("telefon", contact.phone),)))
    if contact.email:
        lines.append(Line("p", "E-Mail: {email}", (("email", contact.email),)))
    return lines
