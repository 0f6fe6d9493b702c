"""A kimdocs project: the folder with ``kimdocs.toml``, its settings and organisation data."""

from __future__ import annotations

import bisect
import re
import sys
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, StringConstraints, field_validator

from kimdocs import formats as registry
from kimdocs import kind_names
from kimdocs.assets import picture_problem
from kimdocs.base.errors import ContentError, Problem, ProjectError
from kimdocs.base.inputs import read_text
from kimdocs.base.wording import did_you_mean, find_name, same_name
from kimdocs.base.yaml_lines import MAX_DEPTH, FieldPath, Lines
from kimdocs.easy_language.config import ProjectRules
from kimdocs.schema import Model, NonEmpty, Text, YesNo, validate

CONFIG_NAME = "kimdocs.toml"


class Contact(Model):
    name: Text
    function: Text = Field("", alias="funktion")
    phone: Text = Field("", alias="telefon")
    email: Text = Field("", alias="email")
    address: Text = Field("", alias="anschrift")
    # When to come by, one line a day or time ("Dienstag: 9 bis 12 Uhr"); empty: call first.
    hours: list[NonEmpty] = Field([], alias="sprechzeiten")


# Who runs an authority (``träger``): a county (Kreis), a city outside any county
# (kreisfreie Stadt), or a large town of a county with an office of its own (große
# kreisangehörige Stadt). Flyers say what the data says: "vom Kreis" only for a county's.
COUNTY, CITY, LARGE_TOWN = "kreis", "kreisfreie_stadt", "große_kreisangehörige_stadt"
Body = Literal["kreis", "kreisfreie_stadt", "große_kreisangehörige_stadt"]
# The authorities a flyer may name (``amt`` in its front matter).
NATURALISATION, IMMIGRATION = "einbürgerungsbehörde", "ausländerbehörde"
AuthorityKind = Literal["einbürgerungsbehörde", "ausländerbehörde"]


class Office(Model):
    """An office clients go to: where they apply, or the authority that decides and charges."""

    name: NonEmpty
    address: NonEmpty = Field(alias="anschrift")
    phone: NonEmpty = Field(alias="telefon")
    email: Text = Field("", alias="email")
    hours: list[NonEmpty] = Field(alias="sprechzeiten", min_length=1)
    # Who runs it (an authority's ``träger``); unknown if not given.
    body: Body | None = Field(None, alias="träger")
    # An authority that takes applications itself: no Bürgerbüro in between.
    takes_applications: YesNo = Field(False, alias="antrag_hier")


class ApplicationOffice(Office):
    """Where the people of some municipalities hand in their application (Bürgerbüro)."""

    municipalities: list[NonEmpty] = Field(alias="gemeinden", min_length=1)


class LocalAuthority(ApplicationOffice):
    """``[[weitere_behoerden]]``: an authority of its own for some municipalities, such as
    the immigration office of a large town inside the county."""

    kind: AuthorityKind = Field(alias="art")


class Place(Model):
    """A place where a district's staff can be visited: ``[[bezirke.orte]]``."""

    name: NonEmpty  # the town as the visiting hours name it: "Dienstag: 9 bis 12 Uhr in Oelde"
    address: NonEmpty = Field(alias="anschrift")


class Posts(Model):
    """Funded posts of a district (full-time equivalents), for the controlling report."""

    case_management: float = Field(0.0, alias="fallmanagement", ge=0)
    coordination: float = Field(0.0, alias="koordination", ge=0)


class District(Model):
    id: str = Field(alias="id", pattern=r"^[a-z0-9][a-z0-9_-]*$")
    name: Text
    municipalities: list[Text] = Field(alias="gemeinden", min_length=1)
    case_management: Contact = Field(alias="fallmanagement")
    coordination: Contact = Field(alias="koordination")
    # The district's part of a new case id (``KIM-MI-2026-0001``); by default from the id.
    code: str = Field("", alias="kürzel", pattern=r"^([A-Za-z0-9]{1,8})?$")
    posts: Posts = Field(default_factory=lambda: Posts.model_validate({}), alias="stellen")
    # Where the district's staff can be visited, for the places its visiting hours name.
    places: list[Place] = Field([], alias="orte")

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


# The archive standard every PDF meets besides PDF/UA-1 (``archiv`` in kimdocs.toml):
# PDF/A-2a, or PDF/A-3a for archives that ask for part 3. Both are tagged ("a").
ArchiveVariant = Literal["pdf/a-2a", "pdf/a-3a"]


class PressSettings(Model):
    """Boilerplate and press contact that every press release uses unless it sets its own."""

    boilerplate: Text = Field("", alias="über_uns")
    contact: Contact | None = Field(None, alias="kontakt")


# The supervisory authority for public bodies in NRW (Art. 77 DSGVO), www.ldi.nrw.de.
NRW_AUTHORITY = (
    "Landesbeauftragte für Datenschutz und Informationsfreiheit Nordrhein-Westfalen (LDI NRW), "
    "Kavalleriestraße 2–4, 40213 Düsseldorf, Telefon 0211 38424-0, poststelle@ldi.nrw.de, "
    "www.ldi.nrw.de"
)
NRW_AUTHORITY_EASY = (
    "Die Aufsicht ist in Düsseldorf. Die Adresse ist: Kavallerie·straße 2–4, 40213 Düsseldorf."
)


class DataProtectionSettings(Model):
    """``[datenschutz]``: what the information under Art. 13 DSGVO names besides the
    organisation: the data-protection officer, the storage period, the supervisory authority."""

    officer: Contact = Field(alias="beauftragte")
    retention: Text = Field(alias="speicherdauer", min_length=1)
    retention_easy: Text = Field(alias="speicherdauer_leicht", min_length=1)
    authority: Text = Field(NRW_AUTHORITY, alias="aufsicht")
    authority_easy: Text = Field(NRW_AUTHORITY_EASY, alias="aufsicht_leicht")


class ReportSettings(Model):
    """Reports across cases: figures below ``mindestanzahl`` persons are not shown."""

    threshold: int = Field(5, alias="mindestanzahl", ge=1)


class FactSettings(Model):
    """``[fakten]``: after how many months ``check`` asks to look at a fact's source again."""

    recheck_months: int = Field(6, alias="nachsehen_nach_monaten", ge=1, le=120)


def _retention_defaults(value: Any) -> Any:
    """``[aufbewahrung]``: one period per kind of case document, named as in ``art:``."""
    if not isinstance(value, dict):
        return value
    known = {n: k.name for k in kind_names.ALL if k.case_data for n in k.aliases}
    for key in value:
        if str(key).strip().lower() not in known:
            raise ValueError(
                f"„{key}“ ist keine Art von Falldokument. Bekannt sind: "
                f"{', '.join(sorted(set(known.values())))}."
            )
    return {known[str(k).strip().lower()]: v for k, v in value.items()}


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
    # The offices flyers name: who decides and charges, and where applications go.
    naturalisation_office: Office | None = Field(None, alias="einbuergerungsbehoerde")
    immigration_office: Office | None = Field(None, alias="auslaenderbehoerde")
    application_offices: list[ApplicationOffice] = Field([], alias="antragsstellen")
    local_authorities: list[LocalAuthority] = Field([], alias="weitere_behoerden")
    easy_language: ProjectRules = Field(
        default_factory=lambda: ProjectRules.model_validate({}), alias="leichte_sprache"
    )
    data_protection: DataProtectionSettings | None = Field(None, alias="datenschutz")
    # How long case documents are kept when they name no ``aufbewahrung`` of their own, by
    # kind ("vereinbarung = \"3 Jahre nach Abschluss\""); parsed by kimdocs.kinds.retention.
    retention: Annotated[dict[str, NonEmpty], BeforeValidator(_retention_defaults)] = Field(
        {}, alias="aufbewahrung"
    )
    archive: ArchiveVariant = Field("pdf/a-2a", alias="archiv")

    @field_validator("archive", mode="before")
    @classmethod
    def _archive_any_case(cls, value: Any) -> Any:
        """``PDF/A-2a`` as written on the standard is ``pdf/a-2a``."""
        return value.strip().lower() if isinstance(value, str) else value

    report: ReportSettings = Field(
        default_factory=lambda: ReportSettings.model_validate({}), alias="bericht"
    )
    # Languages the project publishes translations in (ISO codes); empty: every language
    # that has a translation file.
    languages: list[Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}$")]] = Field(
        [], alias="sprachen"
    )
    translation: TranslationSettings = Field(
        default_factory=lambda: TranslationSettings.model_validate({}), alias="übersetzung"
    )
    facts: FactSettings = Field(
        default_factory=lambda: FactSettings.model_validate({}), alias="fakten"
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

    def application_offices(self, municipalities: Iterable[str]) -> list[ApplicationOffice]:
        """The offices where people of these municipalities apply, in kimdocs.toml's order."""
        wanted = list(municipalities)
        return [
            office
            for office in self.config.application_offices
            if any(find_name(m, wanted) for m in office.municipalities)
        ]

    def authority(self, kind: str, municipality: str) -> Office | None:
        """The authority of ``kind`` (naturalisation or immigration) for a municipality: the
        one of ``[[weitere_behoerden]]`` that names it, else the project's own."""
        for office in self.config.local_authorities:
            if office.kind == kind and find_name(municipality, office.municipalities):
                return office
        config = self.config
        return config.naturalisation_office if kind == NATURALISATION else config.immigration_office

    def logo_problem(self) -> Problem | None:
        """What is wrong with the logo every document shows, or ``None`` (also without one)."""
        logo = self.config.organisation.logo
        if not logo:
            return None
        message = picture_problem(self.root / logo, self.root, logo)
        if message is None:
            return None
        return Problem(f"Logo: {message}", file=self.config_path, field="organisation.logo")

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
    except RecursionError:  # tomllib reads nested lists by recursion
        raise ProjectError(
            Problem(f"Die Datei wird nicht gelesen: {_TOO_DEEP}", file=path)
        ) from None
    except ValueError:  # a number of thousands of digits
        raise ProjectError(
            Problem(
                "Die Datei wird nicht gelesen: eine Zahl ist zu lang (höchstens "
                f"{sys.get_int_max_str_digits()} Ziffern). Ist ein Text gemeint, bitte in "
                "Anführungszeichen setzen.",
                file=path,
            )
        ) from None
    too_big = _too_big(data)
    if too_big:
        raise ProjectError(Problem(f"Die Datei wird nicht gelesen: {too_big}", file=path))
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
    office_problems = _application_office_problems(config, lines) + _local_authority_problems(
        config, lines
    )
    if office_problems:
        raise ProjectError(office_problems)
    return Project(root=root, config=config)


_TOO_DEEP = (
    f"Listen oder Tabellen sind zu tief ineinander geschachtelt (erlaubt sind {MAX_DEPTH} Ebenen)."
)
# A project's settings are a few hundred values; far more is no configuration, and looking
# up each value's line would take minutes.
MAX_CONFIG_VALUES = 10_000


def _too_big(data: Any) -> str | None:
    """Why the configuration is too deep or too big to use (counted without recursion)."""
    count, stack = 0, [(data, 0)]
    while stack:
        value, depth = stack.pop()
        count += 1
        if depth > MAX_DEPTH:
            return _TOO_DEEP
        if count > MAX_CONFIG_VALUES:
            limit = f"{MAX_CONFIG_VALUES:,}".replace(",", ".")
            return (
                f"Sie enthält mehr als {limit} Werte (Felder, Listeneinträge und Abschnitte "
                "zusammengezählt)."
            )
        if isinstance(value, dict):
            stack += [(v, depth + 1) for v in value.values()]
        elif isinstance(value, list):
            stack += [(v, depth + 1) for v in value]
    return None


def _application_office_problems(config: Config, lines: Lines) -> list[Problem]:
    """Every municipality of an application office is one of the districts', and only once."""
    known = [m for d in config.districts for m in d.municipalities]
    seen: dict[str, str] = {}
    problems: list[Problem] = []
    for n, office in enumerate(config.application_offices):
        for k, municipality in enumerate(office.municipalities):
            loc = ("antragsstellen", n, "gemeinden", k)
            name = find_name(municipality, known)
            if name is None:
                problems.append(
                    lines.problem(
                        loc,
                        f"Die Gemeinde „{municipality}“ gehört zu keinem Bezirk."
                        f"{did_you_mean(municipality, known)} Bekannt sind: "
                        f"{', '.join(known)} (aus „gemeinden“ der Bezirke).",
                    )
                )
            elif name in seen:
                problems.append(
                    lines.problem(
                        loc,
                        f"Für „{name}“ steht schon eine Antragsstelle da: „{seen[name]}“. "
                        "Jede Gemeinde hat genau eine Antragsstelle.",
                    )
                )
            else:
                seen[name] = office.name
    return problems


def _local_authority_problems(config: Config, lines: Lines) -> list[Problem]:
    """An authority of its own is named for known municipalities, each once per kind."""
    known = [m for d in config.districts for m in d.municipalities]
    seen: dict[tuple[str, str], str] = {}
    problems: list[Problem] = []
    for n, office in enumerate(config.local_authorities):
        for k, municipality in enumerate(office.municipalities):
            loc = ("weitere_behoerden", n, "gemeinden", k)
            name = find_name(municipality, known)
            if name is None:
                problems.append(
                    lines.problem(
                        loc,
                        f"Die Gemeinde „{municipality}“ gehört zu keinem Bezirk."
                        f"{did_you_mean(municipality, known)}",
                    )
                )
            elif (office.kind, name) in seen:
                problems.append(
                    lines.problem(
                        loc,
                        f"Für „{name}“ steht schon eine {office.kind.capitalize()} da: "
                        f"„{seen[office.kind, name]}“.",
                    )
                )
            else:
                seen[office.kind, name] = office.name
    return problems


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


def _toml_lines(lines: list[str], data: Any) -> dict[FieldPath, int]:
    """The line of every field of a TOML file, spelled like YAML fields (``bezirke[1].id``).

    tomllib keeps no positions, so each field is looked up in the text, through an index of
    its headers and keys made once (looking through every line for every field took
    minutes for a file of some thousand fields).
    """
    index = _TomlIndex(lines)
    out: dict[FieldPath, int] = {}
    stack: list[tuple[FieldPath, Any]] = [((), data)]
    while stack:
        loc, value = stack.pop()
        children: Iterable[tuple[str | int, Any]] = ()
        if isinstance(value, dict):
            children = value.items()
        elif isinstance(value, list):
            children = enumerate(value)
        for key, child in children:
            here = (*loc, key)
            out[here] = index.line(here)
            stack.append((here, child))
    return out


class _TomlIndex:
    """Where each table header, key and bracket line of a TOML text is."""

    def __init__(self, lines: list[str]) -> None:
        self.headers: dict[str, list[int]] = {}  # table → lines of its headers
        self.children: dict[str, list[int]] = {}  # table → lines of headers below it
        self.keys: dict[str, list[int]] = {}  # key → lines where it is set
        self.brackets: list[int] = []  # lines that begin with "[" (headers, array rows)
        for i, line in enumerate(lines):
            # By hand, not by regular expression: a line of a million blanks would make a
            # pattern with two blank runs quadratic.
            text = line.strip()
            if text.startswith("["):
                self.brackets.append(i)
                if text.endswith("]"):  # [table] or [[table]]
                    inner = text[2:] if text.startswith("[[") else text[1:]
                    name = (inner[:-2] if inner.endswith("]]") else inner[:-1]).strip()
                    self.headers.setdefault(name, []).append(i)
                    parts = name.split(".")
                    for n in range(1, len(parts)):
                        self.children.setdefault(".".join(parts[:n]), []).append(i)
            key, equals, _ = text.partition("=")
            if equals:  # key = value or "key" = value
                key = key.strip()
                key = key[1:] if key.startswith('"') else key
                key = key[:-1] if key.endswith('"') else key
                if '"' not in key:
                    self.keys.setdefault(key, []).append(i)

    def line(self, loc: FieldPath) -> int:
        """Best-effort line of a field: its ``[table]`` header or its ``key =`` line."""
        start, table = 0, ""
        parts = list(loc)
        while parts and isinstance(parts[0], str):
            name = str(parts.pop(0))
            table = f"{table}.{name}" if table else name
            index = parts.pop(0) if parts and isinstance(parts[0], int) else None
            hits = _from(self.headers.get(table, []), start)
            if hits:
                start = hits[index] if index is not None and index < len(hits) else hits[0]
                continue
            if _from(self.children.get(table, []), start):
                continue  # only dotted headers ([a.b]) name this table: look for the next part
            keys = _from(self.keys.get(name, []), start)
            after = _from(self.brackets, start + 1)
            if keys and (not after or keys[0] < after[0]):
                return keys[0] + 1
            return start + 1
        return start + 1


def _from(found: list[int], start: int) -> list[int]:
    """The sorted line numbers of ``found`` from ``start`` on."""
    return found[bisect.bisect_left(found, start) :]
    return start + 1
