"""A client's residence timeline: dated facts, each proven, stated or unknown.

The German keys are those of the front matter of the case kind ``perspektive`` that will
carry them; the models follow :mod:`kimdocs.schema` (English attributes, German aliases,
German messages). Every fact says how it is known (``status``: ``nachgewiesen``,
``angegeben`` or ``unbekannt``) and, where proven, by which document (``nachweis``).
A fact that is absent or ``unbekannt`` never counts as met (:mod:`kimdocs.residence.checks`).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, model_validator

from kimdocs.base.errors import ContentError, Problem
from kimdocs.base.inputs import read_text
from kimdocs.base.wording import did_you_mean
from kimdocs.base.yaml_lines import parse
from kimdocs.schema import CaseId, Date, Model, Text, YesNo, validate

PROVEN = "nachgewiesen"
STATED = "angegeben"
UNKNOWN = "unbekannt"
Status = Literal["nachgewiesen", "angegeben", "unbekannt"]
YesNoUnknown = Literal["ja", "nein", "unbekannt"]

# Every legal basis a period of residence can have, as staff write it on the worksheet.
# Rule files name these (or the groups below); kimdocs.residence.rule_files refuses others.
TOLERATED = ("Duldung § 60a", "Duldung § 60b", "Duldung § 60c", "Duldung § 60d")
PERMITS = (
    "§ 104c",
    "§ 16g",
    "§ 19d",
    "§ 22",
    "§ 23",
    "§ 23a",
    "§ 24",
    "§ 25 Abs. 1",
    "§ 25 Abs. 2 Flüchtling",
    "§ 25 Abs. 2 subsidiär",
    "§ 25 Abs. 3",
    "§ 25 Abs. 4",
    "§ 25 Abs. 5",
    "§ 25a",
    "§ 25b",
    "andere Aufenthaltserlaubnis",
)
SETTLED = ("§ 9", "§ 26 Abs. 3", "§ 26 Abs. 4", "andere Niederlassungserlaubnis")
BASES = (
    "Aufenthaltsgestattung",
    *TOLERATED,
    *PERMITS,
    "Fiktionsbescheinigung",
    *SETTLED,
    "ohne Aufenthaltsrecht",
    "Ausland",
)
GROUPS: dict[str, tuple[str, ...]] = {
    "alle Duldungen": TOLERATED,
    "alle Aufenthaltserlaubnisse": PERMITS,
    "alle Niederlassungserlaubnisse": SETTLED,
}
# What staff also write for a basis; compared without case and spaces.
_ALIASES = {
    "gestattung": "Aufenthaltsgestattung",
    "duldung": "Duldung § 60a",
    "§60a": "Duldung § 60a",
    "duldung§60b": "Duldung § 60b",
    "duldungungeklärteidentität": "Duldung § 60b",
    "duldungfürpersonenmitungeklärteridentität": "Duldung § 60b",
    "ausbildungsduldung": "Duldung § 60c",
    "beschäftigungsduldung": "Duldung § 60d",
    "chancen-aufenthaltsrecht": "§ 104c",
    "niederlassungserlaubnis": "andere Niederlassungserlaubnis",
    "aufenthaltserlaubnis": "andere Aufenthaltserlaubnis",
}


def _squeezed(text: str) -> str:
    return "".join(text.split()).casefold().replace("aufenthg", "")


_BY_KEY = {_squeezed(b): b for b in BASES} | _ALIASES


def basis_name(value: Any) -> str:
    """The canonical name of a legal basis (``§25b`` → ``§ 25b``), or ValueError in German."""
    text = str(value).strip()
    found = _BY_KEY.get(_squeezed(text))
    if found is None:
        raise ValueError(
            f"Unbekannte Grundlage „{text}“.{did_you_mean(text, BASES)} Erlaubt: "
            + ", ".join(BASES)
            + "."
        )
    return found


Basis = Annotated[str, BeforeValidator(basis_name)]


class Known(Model):
    """How a fact is known, and the document that proves it."""

    status: Status
    proof: Text = Field("", alias="nachweis")

    @model_validator(mode="after")
    def _proof_named(self) -> Known:
        if self.status == PROVEN and not self.proof:
            raise ValueError("„nachgewiesen“ braucht ein Dokument unter „nachweis“.")
        return self

    @property
    def counts(self) -> bool:
        """Whether the fact may be used at all: unknown facts never count."""
        return self.status != UNKNOWN

    def how(self) -> str:
        """``nachgewiesen: Duldungsbescheinigung`` / ``angegeben`` / ``unbekannt``."""
        return f"{self.status}: {self.proof}" if self.proof else self.status


class DatedFact(Known):
    day: Date | None = Field(None, alias="datum")

    @model_validator(mode="after")
    def _day_given(self) -> DatedFact:
        if self.counts and self.day is None:
            raise ValueError("Das Datum fehlt (oder „status: unbekannt“ angeben).")
        return self


class Span(Known):
    """A dated span; ``bis`` left out means: still ongoing."""

    start: Date = Field(alias="von")
    end: Date | None = Field(None, alias="bis")

    @model_validator(mode="after")
    def _ordered(self) -> Span:
        if self.end is not None and self.end < self.start:
            raise ValueError("„bis“ liegt vor „von“.")
        return self

    def covers(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


class Stay(Span):
    basis: Basis = Field(alias="grundlage")
    note: Text = Field("", alias="hinweis")


class Schooling(Span):
    successful: YesNoUnknown = Field("unbekannt", alias="erfolgreich")
    school: Text = Field("", alias="schule")


class Qualification(DatedFact):
    kind: Literal["Schulabschluss", "Berufsabschluss", "Hochschulabschluss"] = Field(alias="art")
    name: Text = Field("", alias="bezeichnung")


class Training(Span):
    kind: Literal["qualifiziert", "Assistenz/Helfer"] = Field("qualifiziert", alias="art")
    trade: Text = Field("", alias="beruf")


class Work(Span):
    hours: float | None = Field(None, alias="stunden_pro_woche", ge=0, le=80)
    insured: YesNo = Field(True, alias="sozialversicherungspflichtig")
    employer: Text = Field("", alias="arbeitgeber")


class Benefit(Span):
    kind: Literal["SGB II", "SGB XII", "AsylbLG", "Wohngeld", "Kinderzuschlag", "andere"] = Field(
        alias="art"
    )


LIVELIHOOD_LEVELS = ("nicht gesichert", "überwiegend", "weit überwiegend", "gesichert")


class Livelihood(DatedFact):
    level: Literal["nicht gesichert", "überwiegend", "weit überwiegend", "gesichert"] = Field(
        alias="wert"
    )


class Contributions(DatedFact):
    months: int = Field(alias="monate", ge=0, le=1200)


LEVELS = ("A1", "A2", "B1", "B2", "C1", "C2")


class Certificate(DatedFact):
    level: Literal["A1", "A2", "B1", "B2", "C1", "C2"] = Field(alias="niveau")
    parts: Literal["alle", "mündlich", "schriftlich"] = Field("alle", alias="teile")
    exam: Text = Field("", alias="prüfung")


COURSES = (
    "Integrationskurs",
    "Orientierungskurs",
    "Test Leben in Deutschland",
    "Einbürgerungstest",
)


class Course(DatedFact):
    kind: Literal[
        "Integrationskurs", "Orientierungskurs", "Test Leben in Deutschland", "Einbürgerungstest"
    ] = Field(alias="art")


class Identity(DatedFact):
    """``datum``: the day the identity was clarified (or the last step taken)."""

    clarified: YesNoUnknown = Field(alias="geklärt")


class Passport(Known):
    valid_until: Date | None = Field(None, alias="gültig_bis")


class PassportStep(DatedFact):
    step: Text = Field(alias="schritt")


class Convictions(Known):
    level: Literal["keine", "geringfügig", "schwer", "unbekannt"] = Field(alias="wert")


class Deception(Known):
    """A finding by an authority that the client deceived in a naturalisation procedure."""

    level: Literal["keine", "festgestellt"] = Field(alias="wert")
    day: Date | None = Field(None, alias="datum")

    @model_validator(mode="after")
    def _dated(self) -> Deception:
        if self.counts and self.level == "festgestellt" and self.day is None:
            raise ValueError("Das Datum der Feststellung fehlt.")
        return self


class Housing(Known):
    level: Literal["ausreichend", "nicht ausreichend", "unbekannt"] = Field(alias="wert")


class Child(Known):
    birth: Date = Field(alias="geburtsdatum")
    household: YesNo = Field(True, alias="im_haushalt")
    unmarried: YesNo = Field(True, alias="ledig")
    school: YesNoUnknown = Field("unbekannt", alias="schulbesuch")
    name: Text = Field("", alias="name")


class Timeline(Model):
    """Everything the rules ask about one client; absent means unknown."""

    case_id: CaseId = Field(alias="fall_id")
    birth: DatedFact | None = Field(None, alias="geburtsdatum")
    entry: DatedFact | None = Field(None, alias="einreise")
    stays: list[Stay] = Field([], alias="aufenthalte")
    schooling: list[Schooling] = Field([], alias="schule")
    qualifications: list[Qualification] = Field([], alias="abschlüsse")
    training: list[Training] = Field([], alias="ausbildung")
    work: list[Work] = Field([], alias="arbeit")
    benefits: list[Benefit] = Field([], alias="leistungen")
    livelihood: Livelihood | None = Field(None, alias="lebensunterhalt")
    contributions: Contributions | None = Field(None, alias="rentenbeiträge")
    certificates: list[Certificate] = Field([], alias="sprachzertifikate")
    courses: list[Course] = Field([], alias="kurse")
    identity: Identity | None = Field(None, alias="identität")
    passport: Passport | None = Field(None, alias="pass")
    passport_steps: list[PassportStep] = Field([], alias="passbemühungen")
    convictions: Convictions | None = Field(None, alias="straftaten")
    deception: Deception | None = Field(None, alias="täuschung")
    commitment: DatedFact | None = Field(None, alias="bekenntnis")
    housing: Housing | None = Field(None, alias="wohnraum")
    children: list[Child] = Field([], alias="kinder")


def timeline_problems(data: Any, lines_problem: Any) -> tuple[Timeline | None, list[Problem]]:
    """Validate ``data`` (front matter or a file's mapping); all problems, warnings included."""
    return validate(Timeline, data, lines_problem)


def load_timeline(path: Path) -> Timeline:
    """A timeline from a YAML file; :class:`ContentError` with line and field if it is bad."""
    data, lines = parse(read_text(path), path)
    if not isinstance(data, dict):
        raise ContentError(
            Problem("Der Verlauf muss aus Feldern „name: wert“ bestehen.", file=path, line=1)
        )
    timeline, problems = timeline_problems(data, lines.problem)
    if timeline is None or any(p.is_error for p in problems):
        raise ContentError([p for p in problems if p.is_error])
    return timeline
