"""German texts for click's own messages (usage, options, common usage errors).

click ships no translations but looks its strings up through a module-level
``_`` at call time; giving those modules a German lookup is the least invasive
way to keep help and error texts in one language.
"""

from __future__ import annotations

import click.core
import click.decorators
import click.exceptions
import click.formatting
import click.types

_GERMAN = {
    "Usage:": "Aufruf:",
    "Options": "Optionen",
    "Commands": "Befehle",
    "Arguments": "Argumente",
    "Error": "Fehler",
    "Error: {message}": "Fehler: {message}",
    "No such option {name!r}.": "Unbekannte Option „{name}“.",
    "Show this message and exit.": "Diese Hilfe anzeigen und beenden.",
    "Show the version and exit.": "Version anzeigen und beenden.",
    "Try '{command} {option}' for help.": "Hilfe mit „{command} {option}“.",
    "No such option: {name}": "Unbekannte Option: {name}",
    "No such command {name!r}.": "Unbekannter Befehl „{name}“.",
    "Missing argument": "Fehlendes Argument",
    "Missing option": "Fehlende Option",
    "Missing parameter": "Fehlender Parameter",
    "Missing {param_type}": "Fehlt: {param_type}",
    "Missing {param_type} {param_hint}.": "Fehlt: {param_type} {param_hint}.",
    "Invalid value": "Ungültiger Wert",
    "Invalid value for {param_hint}": "Ungültiger Wert für {param_hint}",
    "Invalid value: {message}": "Ungültiger Wert: {message}",
    "Invalid value for {param_hint}: {message}": "Ungültiger Wert für {param_hint}: {message}",
    "Got unexpected extra argument ({args})": "Unerwartetes zusätzliches Argument ({args})",
    "Got unexpected extra arguments ({args})": "Unerwartete zusätzliche Argumente ({args})",
    "Option {name!r} requires an argument.": "Option „{name}“ braucht einen Wert.",
    "{name} {filename!r} does not exist.": "{name} „{filename}“ gibt es nicht.",
    "Path": "Pfad",
    "File": "Datei",
    "Directory": "Ordner",
    "(dynamic)": "(dynamisch)",
    "default": "Standard",
    "required": "Pflicht",
}


def _translate(message: str) -> str:
    return _GERMAN.get(message, message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    return _translate(singular if n == 1 else plural)


def install() -> None:
    for module in (click.core, click.decorators, click.exceptions, click.formatting, click.types):
        if hasattr(module, "_"):
            module._ = _translate  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = _ngettext  # type: ignore[attr-defined]
