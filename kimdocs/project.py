"""A kimdocs project: the folder with ``kimdocs.toml``, its settings and organisation data."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, StringConstraints, field_validator

from kimdocs import formats as registry
from kimdocs.easy_language.config import ProjectRules
from kimdocs.errors import ContentError, Problem, ProjectError
from kimdocs.inputs import read_text
from kimdocs.schema import Model, Text, validate
from kimdocs.wording import same_name
from kimdocs.yaml_lines import FieldPath, Lines

CONFIG_NAME = "kimdocs.toml"


class Contact(Model):
    name: Text
    function: Text = Field("", alias="funktion")
    phone: Text = Field("", alias="telefon")
    email: Text = Field("", alias="email")
    address: Text = Field("", alias="anschrift")


class District(Model):
    id: str = Field(alias="id", pattern=r"^[a-z0-9][a-z0-9_-]*$")
    name: Text
    municipalities: list[Text] = Field(alias="gemeinden", min_length=1)
    case_management: Contact = Field(alias="fallmanagement")
    coordination: Contact = Field(alias="koordination")
    # The district's part of a new case id (``KIM-MI-2026-0001``); by default from the id.
    code: str = Field("", alias="kürzel", pattern=r"^([A-Za-z0-9]{1,8})?$")

    @property
    def case_code(self) -> str:
        """``MI`` for ``mitte`` unless ``kürzel`` says otherwise; always upper case."""
        letters = "".join(c for c in self.id if c.isalnum())
        return (self.code or letters[:2]).upper()


class Address(Model):
    street: Text = Field(alias="straße")
    postcode: Text = Field(alias="plz")
    town: Text = Field(alias="ort")


class Organisation(Model):
    name: Text
    department: Text = Field("", alias="abteilung")
    address: Address = Field(alias="anschrift")
    phone: Text = Field("", alias="telefon")
    email: Text = Field("", alias="email")
    web: Text = Field("", alias="web")
    logo: Text = Field("", alias="logo")


_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")


class Colours(Model):
    primary: str = Field("#1f4e79", alias="primär")
    accent: str = Field("#c55a11", alias="akzent")

    @field_validator("primary", "accent")
    @classmethod
    def _hex(cls, value: str) -> str:
        if not _HEX.match(value):
            raise ValueError(f"„{value}“ ist keine Farbe der Form #1f4e79.")
        return value


class PressSettings(Model):
    """Boilerplate and press contact that every press release uses unless it sets its own."""

    boilerplate: Text = Field("", alias="über_uns")
    contact: Contact | None = Field(None, alias="kontakt")


class TranslationSettings(Model):
    # What the build does with a translation whose German text has changed since.
    stale: Literal["warnen", "ablehnen"] = Field("warnen", alias="veraltete")


class Config(Model):
    organisation: Organisation
    colours: Colours = Field(default_factory=lambda: Colours.model_validate({}), alias="farben")
    districts: list[District] = Field(alias="bezirke", min_length=1)
    formats: list[str] = Field(["pdf", "docx"], alias="formate", min_length=1)
    language: str = Field("de", alias="sprache")

    @field_validator("formats")
    @classmethod
    def _known_formats(cls, value: list[str]) -> list[str]:
        unknown = [f for f in value if f not in registry.FORMATS]
        if unknown:
            raise ValueError(
                f"Unbekanntes Ausgabeformat „{', '.join(unknown)}“. Erlaubt: "
                f"{', '.join(registry.names())}."
            )
        return value

    press: PressSettings = Field(
        default_factory=lambda: PressSettings.model_validate({}), alias="presse"
    )
    easy_language: ProjectRules = Field(
        default_factory=lambda: ProjectRules.model_validate({}), alias="leichte_sprache"
    )
    # Languages the project publishes translations in (ISO codes); empty: every language
    # that has a translation file.
    languages: list[Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}$")]] = Field(
        [], alias="sprachen"
    )
    translation: TranslationSettings = Field(
        default_factory=lambda: TranslationSettings.model_validate({}), alias="übersetzung"
    )


# Where a project keeps its sources, whether or not its kimdocs.toml is valid right now.
CONTENT_FOLDER = "content"
TEMPLATES_FOLDER = "templates"


@dataclass(frozen=True)
class Project:
    root: Path
    config: Config

    @property
    def content_dir(self) -> Path:
        return self.root / CONTENT_FOLDER

    @property
    def output_dir(self) -> Path:
        return self.root / "output"

    @property
    def templates_dir(self) -> Path:
        return self.root / TEMPLATES_FOLDER

    @property
    def config_path(self) -> Path:
        return self.root / CONFIG_NAME

    def district(self, district_id: str) -> District | None:
        """The district with this id, written in any case (``Mitte`` is ``mitte``)."""
        return next((d for d in self.config.districts if same_name(district_id, d.id)), None)

    def logo_path(self) -> Path | None:
        logo = self.config.organisation.logo
        return (self.root / logo).resolve() if logo else None


def find_root(start: Path) -> Path:
    """The nearest folder at or above ``start`` that holds kimdocs.toml."""
    start = start.resolve()
    for folder in [start, *start.parents] if start.is_dir() else start.parents:
        if (folder / CONFIG_NAME).is_file():
            return folder
    raise ProjectError(
        Problem(
            f"Kein kimdocs-Projekt gefunden: weder in „{start}“ noch darüber liegt eine Datei "
            f"„{CONFIG_NAME}“. Mit „kimdocs init ORDNER“ legen Sie ein neues Projekt an."
        )
    )


def load_project(start: Path) -> Project:
    root = find_root(start)
    path = root / CONFIG_NAME
    try:
        text = read_text(path).replace("\r\n", "\n")
    except ContentError as exc:
        raise ProjectError(exc.problems) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ProjectError(
            Problem(
                f"Die Datei ist kein gültiges TOML: {_toml_hint(str(exc))}",
                file=path,
                line=_error_line(exc),
            )
        ) from None
    lines = Lines(path, _toml_lines(text.split("\n"), data))
    config, problems = validate(Config, data, lines.problem)
    errors = [p for p in problems if p.is_error]
    if config is None or errors:
        raise ProjectError(errors or problems)
    ids = [d.id for d in config.districts]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise ProjectError(
            [lines.problem(("bezirke",), f"Bezirks-ID „{d}“ kommt mehrfach vor.") for d in dupes]
        )
    return Project(root=root, config=config)


# tomllib's messages are English; these are the ones a hand-edited kimdocs.toml meets.
_TOML_HINTS = (
    ("Cannot overwrite a value", "Ein Feld oder Abschnitt steht zweimal."),
    ("Cannot declare", "Ein Abschnitt [..] steht zweimal."),
    ("Expected '=' after a key", "Nach dem Feldnamen fehlt „=“."),
    ("Unclosed array", "Eine Liste „[“ wird nicht mit „]“ geschlossen."),
    ("Unterminated string", "Ein Anführungszeichen wird nicht geschlossen."),
    ("Illegal character", "Ein unerlaubtes Zeichen (etwa ein Steuerzeichen) steht im Text."),
    ("Invalid value", 'Ein Wert ist ungültig: Text gehört in Anführungszeichen "…".'),
    ("Invalid statement", "Diese Zeile ist weder „name = wert“ noch ein Abschnitt [..]."),
)


def _toml_hint(message: str) -> str:
    hint = next((german for english, german in _TOML_HINTS if english in message), None)
    return hint or 'Bitte die Zeile prüfen: „name = "Wert"“ oder ein Abschnitt [..].'


def _error_line(exc: tomllib.TOMLDecodeError) -> int | None:
    # Python 3.14 keeps the line on the error; before, it is only in the (English) message.
    lineno = getattr(exc, "lineno", None)
    if isinstance(lineno, int):
        return lineno
    match = re.search(r"line (\d+)", str(exc))
    return int(match.group(1)) if match else None


def _toml_lines(lines: list[str], data: Any, loc: FieldPath = ()) -> dict[FieldPath, int]:
    """The line of every field of a TOML file, spelled like YAML fields (``bezirke[1].id``).

    tomllib keeps no positions, so each field is looked up in the text once, here.
    """
    children: Iterable[tuple[str | int, Any]] = ()
    if isinstance(data, dict):
        children = data.items()
    elif isinstance(data, list):
        children = enumerate(data)
    out: dict[FieldPath, int] = {}
    for key, value in children:
        here = (*loc, key)
        out[here] = _toml_line(lines, here)
        out.update(_toml_lines(lines, value, here))
    return out


def _toml_line(lines: list[str], loc: FieldPath) -> int:
    """Best-effort line of a field: its ``[table]`` header or its ``key =`` line."""
    start, table = 0, ""
    parts = list(loc)
    while parts and isinstance(parts[0], str):
        name = str(parts.pop(0))
        table = f"{table}.{name}" if table else name
        index = parts.pop(0) if parts and isinstance(parts[0], int) else None
        header = re.compile(rf"^\s*\[\[?\s*{re.escape(table)}\s*\]\]?\s*$")
        hits = [i for i, ln in enumerate(lines) if i >= start and header.match(ln)]
        if hits:
            start = hits[index] if index is not None and index < len(hits) else hits[0]
            continue
        key = re.compile(rf"^\s*\"?{re.escape(name)}\"?\s*=")
        for i in range(start, len(lines)):
            if key.match(lines[i]):
                return i + 1
            if i > start and lines[i].lstrip().startswith("["):
                break
        return start + 1
    return start + 1
