"""German texts for click's own messages (usage, options, common usage errors), and a
command group that ends a run interrupted with Ctrl+C in German.

click ships no translations but looks its strings up through a module-level
``_`` at call time; giving those modules a German lookup is the least invasive
way to keep help and error texts in one language.
"""

from __future__ import annotations

import sys
from typing import Any

import click
import click.core
import click.decorators
import click.exceptions
import click.formatting
import click.parser
import click.types

from kimdocs.base.wording import meant

ABORTED = "Abgebrochen."
# What shells report for a program ended by Ctrl+C (128 + SIGINT): scripts can tell an
# interrupted build from one with failed documents (1).
INTERRUPTED = 130

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
    "Option {name!r} requires {nargs} arguments.": "Option „{name}“ braucht {nargs} Werte.",
    "Option {name!r} does not take a value.": "Option „{name}“ nimmt keinen Wert.",
    "Missing command.": "Der Befehl fehlt.",
    "Aborted!": ABORTED,
    # Option values: ranges (IntRange, FloatRange), numbers, choices (Choice), paths.
    "{value} is not in the range {range}.": (
        "Der Wert {value} liegt nicht im erlaubten Bereich ({range})."
    ),
    "{value!r} is not a valid {number_type}.": "„{value}“ ist keine Zahl.",
    "{value!r} is not {choice}.": "„{value}“ ist nicht erlaubt, nur {choice}.",
    "{value!r} is not one of {choices}.": "„{value}“ ist nicht erlaubt; möglich sind {choices}.",
    "Choose from:\n\t{choices}": "Möglich sind:\n\t{choices}",
    "{value!r} is not a valid boolean. Recognized values: {states}": (
        "„{value}“ ist weder ja noch nein. Möglich sind: {states}"
    ),
    "{name} {filename!r} is a file.": "{name} „{filename}“ ist eine Datei, kein Ordner.",
    "{name} {filename!r} is a directory.": "{name} „{filename}“ ist ein Ordner, keine Datei.",
    "{name} {filename!r} is not readable.": "{name} „{filename}“ kann nicht gelesen werden.",
    "{name} {filename!r} is not writable.": "{name} „{filename}“ kann nicht geschrieben werden.",
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


def _describe_range(self: Any) -> str:
    """A range as people say it („1 bis 64“), not as ``1<=x<=64``; in messages and help."""
    if self.min is not None and self.max is not None:
        low = f"über {self.min}" if self.min_open else str(self.min)
        high = f"unter {self.max}" if self.max_open else str(self.max)
        return f"{low} bis {high}"
    if self.min is not None:
        return f"{'über' if self.min_open else 'mindestens'} {self.min}"
    return f"{'unter' if self.max_open else 'höchstens'} {self.max}"


def _suggestion(possibilities: list[str]) -> str:
    return meant(sorted(possibilities)).strip()


def install() -> None:
    modules = (
        click.core,
        click.decorators,
        click.exceptions,
        click.formatting,
        click.parser,
        click.types,
    )
    for module in modules:
        if hasattr(module, "_"):
            module._ = _translate  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = _ngettext  # type: ignore[attr-defined]
    # click's suggestions ("Did you mean 'build'?") in kimdocs' one wording of suggestions.
    if hasattr(click.exceptions, "_format_possibilities"):
        click.exceptions._format_possibilities = _suggestion
    number_range = getattr(click.types, "_NumberRangeBase", None)
    if number_range is not None and hasattr(number_range, "_describe_range"):
        number_range._describe_range = _describe_range


class Group(click.Group):
    """The top command group: Ctrl+C in any command ends with „Abgebrochen.“ and status 130.

    click itself says "Aborted!" and exits with 1, like for a failed build.
    """

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            click.echo(file=sys.stderr)  # ends the line the terminal's "^C" is on
            click.echo(ABORTED, err=True)
            ctx.exit(INTERRUPTED)
