"""A kimdocs project: the folder with ``kimdocs.toml``, its settings and organisation data."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from pydantic import Field, field_validator

from kimdocs import formats as registry
from kimdocs.content import FieldPath, format_field
from kimdocs.easy_language.config import ProjectRules
from kimdocs.errors import Problem, ProjectError, Severity
from kimdocs.schema import Model, Text, validate

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


@dataclass(frozen=True)
class Project:
    root: Path
    config: Config

    @property
    def content_dir(self) -> Path:
        return self.root / "content"

    @property
    def output_dir(self) -> Path:
        return self.root / "output"

    @property
    def templates_dir(self) -> Path:
        return self.root / "templates"

    @property
    def config_path(self) -> Path:
        return self.root / CONFIG_NAME

    def district(self, district_id: str) -> District | None:
        return next((d for d in self.config.districts if d.id == district_id), None)

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
    text = path.read_text(encoding="utf-8-sig")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None) or _line_from_message(str(exc))
        raise ProjectError(
            Problem(f"Die Datei ist kein gültiges TOML ({exc}).", file=path, line=line)
        ) from None

    def locate(loc: FieldPath, message: str, severity: Severity) -> Problem:
        return Problem(
            message,
            file=path,
            line=_toml_line(text, loc),
            field=format_field(loc),
            severity=severity,
        )

    config, problems = validate(Config, data, locate)
    errors = [p for p in problems if p.is_error]
    if config is None or errors:
        raise ProjectError(errors or problems)
    ids = [d.id for d in config.districts]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise ProjectError(
            [
                locate(("bezirke",), f"Bezirks-ID „{d}“ kommt mehrfach vor.", Severity.ERROR)
                for d in dupes
            ]
        )
    return Project(root=root, config=config)


def _line_from_message(message: str) -> int | None:
    match = re.search(r"line (\d+)", message)
    return int(match.group(1)) if match else None


def _toml_line(text: str, loc: FieldPath) -> int | None:
    """Best-effort line of a key path in a TOML file (tomllib keeps no positions)."""
    lines = text.split("\n")
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
