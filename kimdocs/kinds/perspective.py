"""Bleibeperspektive: a client's residence timeline and the worksheet made from it.

The front matter is the residence timeline (:class:`kimdocs.residence.timeline.Timeline`):
every period, certificate and step, each ``nachgewiesen``, ``angegeben`` or ``unbekannt``.
What the case's agreement already says (the client's name, the birth date, the district)
is not typed again: it is taken from the agreement of the same case id, found through the
walk of ``content/``; a birth date written here may add its proof, and one that differs
from the agreement's is an error.

What the worksheet states is the evaluation on the document's date (``datum``, the
reference date): one card per route with its outcome, conditions, facts and sources, the
dates a route opens and closes and what is missing (:mod:`kimdocs.residence`), and a copy
for the client in Leichte Sprache (:mod:`kimdocs.kinds.perspective_easy`). The worksheet
assists; the immigration office decides: every page says so. Sharing it with the office
needs a release naming the office and residence data (``weitergabe``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from pydantic import Field, ValidationError, model_validator

from kimdocs import kind_names
from kimdocs.base.dates import german_date
from kimdocs.base.errors import ContentError, KimdocsError, Problem, Severity
from kimdocs.catalog import current_catalog
from kimdocs.kinds import consents as consent
from kimdocs.kinds.agreement import AgreementFields
from kimdocs.kinds.caseload import rule_paths, rule_set
from kimdocs.kinds.consent_form import Part, easy_markdown
from kimdocs.kinds.kind import Action, Check, Document, Kind, ResidenceCase, WrittenText
from kimdocs.kinds.perspective_easy import (
    Line,
    Value,
    easy_lines,
    german_words,
    open_now,
    opens_later,
    unclear,
)
from kimdocs.kinds.retention import Retention
from kimdocs.project import District, Project
from kimdocs.residence.outcome import ConditionResult, Evaluation, Outcome, RouteResult
from kimdocs.residence.rule_files import RuleSet
from kimdocs.residence.timeline import STATED, DatedFact, Timeline
from kimdocs.residence.triage import triage_one
from kimdocs.schema import PER_CASE, CaseId, Date, Model, NonEmpty, Text

LABEL = "Arbeitsblatt – keine Entscheidung der Ausländerbehörde"
# A data category of a release that covers residence data has one of these words.
RESIDENCE_DATA = (
    "aufenthalt",
    "duldung",
    "asyl",
    "einbürgerung",
    "staatsangehörigkeit",
    "ausländerrecht",
)
APPLY = "Klientin / Klient mit Fallmanagement"
ONE_DAY = dt.timedelta(days=1)


class StatedBirth(DatedFact):
    """The birth date: its day may come from the agreement, its proof is written here."""

    @model_validator(mode="after")
    def _day_given(self) -> StatedBirth:  # the parent's rule, relaxed: see the kind
        return self


class Application(Model):
    """An application made: its apply-by date is done in ``kimdocs aktionen``."""

    route: NonEmpty = Field(alias="weg")
    filed_on: Date = Field(alias="gestellt_am")


class PerspectiveFields(Timeline):
    kind: Text = Field("", alias="art")
    case_id: CaseId = Field(alias="fall_id", json_schema_extra=PER_CASE)
    date: Date = Field(alias="datum")  # the reference date of the worksheet
    district: Text = Field("", alias="bezirk")  # else the agreement's
    client: Text = Field("", alias="klient", json_schema_extra=PER_CASE)  # else the agreement's
    birth: StatedBirth | None = Field(None, alias="geburtsdatum", json_schema_extra=PER_CASE)
    sharing: list[NonEmpty] = Field([], alias="weitergabe")  # organisations it goes to
    applications: list[Application] = Field([], alias="anträge")
    # How long the file is kept (kimdocs.kinds.retention), like the case's agreement.
    retention: Retention | None = Field(None, alias="aufbewahrung")


@dataclass(frozen=True)
class SourceNote:
    number: int
    text: str
    url: str


# How an outcome looks on the page (a class of the print style), besides its words.
TONES = {
    Outcome.MET: "met",
    Outcome.DISCRETION: "discretion",
    Outcome.UNKNOWN: "unknown",
    Outcome.NOT_MET: "not-met",
}
COLOUR_TONES = {"grün": "green", "gelb": "yellow", "rot": "red"}


@dataclass(frozen=True)
class ConditionRow:
    number: int
    condition: ConditionResult
    source: int  # the number of its source note on the card
    tone: str


@dataclass(frozen=True)
class Card:
    """One route on the worksheet: the route's result, its conditions with their sources."""

    route: RouteResult
    rows: tuple[ConditionRow, ...]
    sources: tuple[SourceNote, ...]
    last_day: dt.date | None  # the last day to apply (the day before it closes)
    applied_on: dt.date | None  # an application made (``anträge``)
    tone: str


@dataclass(frozen=True)
class Deadline:
    route: str
    citation: str  # "§ 25a AufenthG"
    title: str
    day: dt.date  # the last day to apply
    opens: dt.date | None  # a route that opens later: from that day


@dataclass(frozen=True)
class Sharing:
    recipients: tuple[str, ...]
    statement: str  # German, for the worksheet


@dataclass(frozen=True)
class WorksheetStatements:
    """What the worksheet states, computed once: the PDF, the DOCX, the client's copy in
    Leichte Sprache and its translations, the triage and ``aktionen`` read these."""

    label: str
    case_id: str
    on: dt.date
    on_text: str
    rules_version: str
    client: str  # the name, "" if neither the agreement nor the worksheet has one
    birth: dt.date | None
    birth_how: str  # "nachgewiesen: Geburtsurkunde", "angegeben (aus der Vereinbarung)"
    taken_from: str  # "Vereinbarung KIM-AH-2026-0042 vom 16.11.2026", or ""
    district: str  # the district's name
    case_manager: str
    evaluation: Evaluation
    cards: tuple[Card, ...]
    colour: str  # grün / gelb / rot
    colour_tone: str
    colour_reason: str
    next_change: str  # "ab 01.03.2027 gelb", or ""
    deadlines: tuple[Deadline, ...]
    sharing: Sharing
    easy: tuple[Line, ...]


@dataclass(frozen=True)
class CaseFacts:
    """What the case's agreement knows of the client (the latest version of it)."""

    path: Path
    fields: AgreementFields


class Perspective(Kind[PerspectiveFields]):
    names = kind_names.PERSPECTIVE
    label = "Bleibeperspektive (Arbeitsblatt)"
    model = PerspectiveFields
    formats = ("pdf", "docx", "html")
    skeleton = "perspektive.md"
    records_residence = True
    context_types: ClassVar[Mapping[str, Any]] = {
        "stated": WorksheetStatements,
        "district": District | None,
        "easy_copy": list[Part],
    }

    def title(self, fields: PerspectiveFields) -> str:
        # The case id, not the name: titles show up in file lists and PDF viewers.
        return f"Bleibeperspektive {fields.case_id}"

    def case_stem(self, case_id: str, day: dt.date) -> str:
        return f"{case_id}-{self.names.name}"  # one per client; its date is its reference date

    def prefill(self, text: str, project: Project, case_id: str) -> str:
        """Without an agreement, the case's district must be written here."""
        if case_agreement(project, case_id) is None:
            return text.replace("# bezirk:", "bezirk:  ", 1)
        return text

    def checks(self) -> list[Check]:
        return [
            self.known_district,
            self.agreement_facts,
            self.usable_rules,
            self.shared_with,
            self.revocations,
            *super().checks(),
        ]

    def known_district(self, doc: Document[PerspectiveFields], project: Project) -> list[Problem]:
        f = doc.fields
        if f.district:
            return self.district_problems(doc, project, f.district)
        if case_agreement(project, f.case_id) is not None:
            return []
        return [
            doc.source.problem(
                ("bezirk",),
                f"Zum Fall „{f.case_id}“ gibt es keine Vereinbarung, aus der der Bezirk kommen "
                "könnte. Bitte „bezirk:“ angeben (die id aus kimdocs.toml).",
            )
        ]

    def agreement_facts(self, doc: Document[PerspectiveFields], project: Project) -> list[Problem]:
        """What the agreement says is not typed twice, and never differently."""
        f = doc.fields
        found = case_agreement(project, f.case_id)
        agreed = found.fields if found is not None else None
        where = f"in der Vereinbarung „{found.path.name}“" if found is not None else ""
        problems: list[Problem] = []
        birth = f.birth
        known = agreed.client.birth_date if agreed is not None else None
        if birth is not None and birth.counts:
            if birth.day is None and known is None:
                problems.append(
                    doc.source.problem(
                        ("geburtsdatum",),
                        "Das Geburtsdatum fehlt hier und in der Vereinbarung des Falls. Bitte "
                        "„datum:“ angeben oder „status: unbekannt“.",
                    )
                )
            elif birth.day is not None and known is not None and birth.day != known:
                problems.append(
                    doc.source.problem(
                        ("geburtsdatum", "datum"),
                        f"Das Geburtsdatum {german_date(birth.day)} widerspricht dem {where} "
                        f"({german_date(known)}). Bitte die richtige Angabe klären und an einer "
                        "Stelle berichtigen.",
                    )
                )
            elif birth.day is not None and known is not None:
                problems.append(
                    doc.source.problem(
                        ("geburtsdatum", "datum"),
                        f"Das Geburtsdatum steht schon {where}. Hier genügen „status“ und "
                        "„nachweis“; bitte „datum“ weglassen.",
                        severity=Severity.WARNING,
                    )
                )
        if f.client and agreed is not None:
            same = f.client.strip().casefold() == agreed.client.name.strip().casefold()
            problems.append(
                doc.source.problem(
                    ("klient",),
                    f"Der Name steht schon {where}"
                    + ("; bitte hier weglassen." if same else f" als „{agreed.client.name}“.")
                    + ("" if same else " Bitte an einer Stelle berichtigen."),
                    severity=Severity.WARNING if same else Severity.ERROR,
                )
            )
        return problems

    def usable_rules(self, doc: Document[PerspectiveFields], project: Project) -> list[Problem]:
        try:
            rule_set(project)
        except ContentError as exc:
            return exc.problems
        return []

    def shared_with(self, doc: Document[PerspectiveFields], project: Project) -> list[Problem]:
        """The worksheet goes to an organisation (the immigration office) only with a release
        that holds on its date and names the organisation and residence data."""
        f = doc.fields
        if not f.sharing:
            return []
        recorded = consent.case_consents(project, f.case_id, doc.source, self.id)
        releases = _releases(recorded)
        problems = []
        for n, organisation in enumerate(f.sharing):
            why = consent.data_coverage(
                releases, organisation, f.date, "zum Aufenthalt", RESIDENCE_DATA
            )
            if why is not None:
                why += consent.why_not_counted(recorded, organisation, consent.AGREEMENT_USE)
                problems.append(
                    doc.source.problem(
                        ("weitergabe", n),
                        f"Das Arbeitsblatt soll an „{organisation}“ gehen und enthält Daten zum "
                        f"Aufenthalt der Klientin / des Klienten. {why}",
                    )
                )
        return problems

    def revocations(self, doc: Document[PerspectiveFields], project: Project) -> list[Problem]:
        f = doc.fields
        consents = consent.case_consents(project, f.case_id, doc.source, self.id)
        return consent.revocation_problems(consents, f.date, doc.source)

    # --------------------------------------------------------------- what it states

    def statements(self, doc: Document[PerspectiveFields], project: Project) -> WorksheetStatements:
        f = doc.fields
        rules = rule_set(project)
        found = case_agreement(project, f.case_id)
        agreed = found.fields if found is not None else None
        timeline = case_timeline(f, agreed)
        evaluation_ = _evaluate(timeline, rules, f.date)
        row = triage_one(timeline, rules, f.date)
        district = project.district(f.district or (agreed.district if agreed else ""))
        applied = {a.route.casefold(): a.filed_on for a in f.applications}
        cards = tuple(
            _card(r, applied.get(r.route.casefold())) for r in _ordered(evaluation_.routes)
        )
        birth = timeline.birth
        taken = (
            f"Vereinbarung {agreed.case_id} vom {german_date(agreed.date)}"
            if agreed is not None
            else ""
        )
        return WorksheetStatements(
            label=LABEL,
            case_id=f.case_id,
            on=f.date,
            on_text=german_date(f.date),
            rules_version=rules.version,
            client=f.client or (agreed.client.name if agreed else ""),
            birth=birth.day if birth is not None and birth.counts else None,
            birth_how=_birth_how(f, agreed),
            taken_from=taken,
            district=district.name if district is not None else "",
            case_manager=agreed.case_manager.name if agreed is not None else "",
            evaluation=evaluation_,
            cards=cards,
            colour=row.colour.value,
            colour_tone=COLOUR_TONES[row.colour.value],
            colour_reason=row.reason,
            next_change=row.next_change_text,
            deadlines=_deadlines(cards),
            sharing=_sharing(doc, project, self.id),
            easy=easy_lines(
                [c.route for c in cards],
                f.date,
                district.case_management if district is not None else None,
            ),
        )

    def context(self, doc: Document[PerspectiveFields], project: Project) -> dict[str, Any]:
        stated = self.statements(doc, project)
        f = doc.fields
        found = case_agreement(project, f.case_id)
        name = f.district or (found.fields.district if found is not None else "")
        return {
            "stated": stated,
            "district": project.district(name),
            "easy_copy": easy_parts(stated.easy, german_words),
        }

    def written_easy_text(
        self, doc: Document[PerspectiveFields], project: Project
    ) -> WrittenText | None:
        """The client's copy is written by kimdocs: the checker reads it as it is printed."""
        try:
            stated = self.statements(doc, project)
        except KimdocsError:
            return None  # the document's own checks name what is wrong
        return WrittenText(easy_markdown(easy_parts(stated.easy, german_words)), [], ("fall_id",))

    def residence_case(
        self, doc: Document[PerspectiveFields], project: Project
    ) -> ResidenceCase | None:
        f = doc.fields
        found = case_agreement(project, f.case_id)
        agreed = found.fields if found is not None else None
        district = project.district(f.district or (agreed.district if agreed else ""))
        return ResidenceCase(
            source=doc.source.path,
            case_id=f.case_id,
            district=district.id if district is not None else "",
            date=f.date,
            timeline=case_timeline(f, agreed),
        )

    def actions(self, doc: Document[PerspectiveFields]) -> list[Action]:
        """The last day to apply for each route that is open or opens later."""
        project = _project_of(doc)
        if project is None:
            return []
        try:
            stated = self.statements(doc, project)
        except KimdocsError:
            return []
        f = doc.fields
        applied = {a.route.casefold() for a in f.applications}
        district = project.district(f.district) or _district_of_case(project, f.case_id)
        return [
            Action(
                source=doc.source.path,
                line=doc.source.lines.line_of(("datum",)),
                kind="Bleibeperspektive",
                case_id=f.case_id,
                district=district.id if district is not None else f.district,
                number=d.route,
                what=(
                    f"Antrag nach {d.citation} stellen"
                    + (f" (möglich ab {german_date(d.opens)})" if d.opens else "")
                ),
                responsible=APPLY,
                due=d.day,
                status="erledigt" if d.route.casefold() in applied else "offen",
                due_field=("datum",),
            )
            for d in stated.deadlines
        ]

    def files(self, doc: Document[PerspectiveFields]) -> list[Path]:
        """The rule files and the case's agreement: a change to either changes the worksheet."""
        project = _project_of(doc)
        if project is None:
            return []
        found = case_agreement(project, doc.fields.case_id)
        return [*rule_paths(project), *([found.path] if found is not None else [])]

    def facts(self, doc: Document[PerspectiveFields]) -> list[str]:
        project = _project_of(doc)
        if project is None:
            return []
        try:
            stated = self.statements(doc, project)
        except KimdocsError:
            return []
        lines = [f"Ampel am {stated.on_text}: {stated.colour} – {stated.colour_reason}"]
        if stated.next_change:
            lines.append(f"Nächste Änderung der Ampel: {stated.next_change}")
        lines += [
            f"Antrag nach {d.citation} bis spätestens {german_date(d.day)}"
            for d in stated.deadlines
        ]
        return lines


# ------------------------------------------------------------------------ helpers


def _project_of(doc: Document[Any]) -> Project | None:
    """The project of a document, for the kind's hooks that get no project (``actions``,
    ``files``, ``facts``): the agreement and the rule files are the project's."""
    from kimdocs.project import load_project

    try:
        return load_project(doc.source.path.parent)
    except KimdocsError:
        return None


_AGREEMENTS = "perspective.agreements"
_STATED = "perspective.statements"


def _agreements(project: Project) -> dict[str, CaseFacts]:
    """The latest version of every case's agreement, by case id, once per walk."""
    catalog = current_catalog(project)
    index: dict[str, CaseFacts] | None = catalog.derived.get(_AGREEMENTS)
    if index is not None:
        return index
    index = {}
    for entry in catalog.of_kind(kind_names.AGREEMENT.id):
        try:
            fields = AgreementFields.model_validate(catalog.read(entry.path).meta)
        except (KimdocsError, ValidationError):
            continue  # a broken agreement is reported by its own check
        key = fields.case_id.casefold()
        known = index.get(key)
        if known is None or (fields.version, fields.date) > (
            known.fields.version,
            known.fields.date,
        ):
            index[key] = CaseFacts(entry.path, fields)
    catalog.derived[_AGREEMENTS] = index
    return index


def case_agreement(project: Project, case_id: str) -> CaseFacts | None:
    return _agreements(project).get(case_id.strip().casefold())


def _district_of_case(project: Project, case_id: str) -> District | None:
    found = case_agreement(project, case_id)
    return project.district(found.fields.district) if found is not None else None


def case_timeline(fields: PerspectiveFields, agreed: AgreementFields | None) -> Timeline:
    """The timeline with what the agreement knows: the birth date, stated there."""
    birth = fields.birth
    known = agreed.client.birth_date if agreed is not None else None
    if birth is None and known is not None:
        birth = StatedBirth.model_validate({"status": STATED, "datum": known})
    elif birth is not None and birth.counts and birth.day is None and known is not None:
        birth = birth.model_copy(update={"day": known})
    elif birth is not None and birth.counts and birth.day is None:
        birth = StatedBirth.model_validate({"status": "unbekannt"})
    return fields.model_copy(update={"birth": birth})


def _evaluate(timeline: Timeline, rules: RuleSet, on: dt.date) -> Evaluation:
    from kimdocs.residence.evaluate import evaluate

    return evaluate(timeline, rules, on)


def _birth_how(fields: PerspectiveFields, agreed: AgreementFields | None) -> str:
    birth = fields.birth
    known = agreed.client.birth_date if agreed is not None else None
    if birth is None:
        return f"{STATED} (aus der Vereinbarung)" if known is not None else "unbekannt"
    if birth.counts and birth.day is None and known is not None:
        return f"{birth.how()} (Datum aus der Vereinbarung)"
    return birth.how()


def _rank(route: RouteResult) -> tuple[int, dt.date]:
    """Open routes first, then those that open later, the unclear, the closed."""
    far = dt.date.max
    if open_now(route):
        return (0, route.closes or far)
    if opens_later(route):
        return (1, route.opens or far)
    if unclear(route):
        return (2, far)
    return (3, far)


def _ordered(routes: tuple[RouteResult, ...]) -> list[RouteResult]:
    return sorted(routes, key=_rank)


def _card(route: RouteResult, applied_on: dt.date | None) -> Card:
    notes: dict[tuple[str, str], int] = {}
    rows = []
    for n, condition in enumerate(route.conditions, start=1):
        key = (condition.source, condition.url)
        number = notes.setdefault(key, len(notes) + 1)
        rows.append(ConditionRow(n, condition, number, TONES[condition.outcome]))
    last_day = (
        route.closes - ONE_DAY
        if route.closes is not None and (open_now(route) or opens_later(route))
        else None
    )
    return Card(
        route=route,
        rows=tuple(rows),
        sources=tuple(SourceNote(n, text, url) for (text, url), n in notes.items()),
        last_day=last_day,
        applied_on=applied_on,
        tone=TONES[route.outcome],
    )


def _deadlines(cards: tuple[Card, ...]) -> tuple[Deadline, ...]:
    found = [
        Deadline(
            c.route.route,
            c.route.citation,
            c.route.title,
            c.last_day,
            c.route.opens if c.route.outcome is Outcome.NOT_MET else None,
        )
        for c in cards
        if c.last_day is not None
    ]
    return tuple(sorted(found, key=lambda d: d.day))


def _releases(recorded: list[consent.Recorded]) -> list[consent.Recorded]:
    """What lets the worksheet go to an organisation: a signed form of the case for its
    agreement work (the worksheet belongs to it), not what a document states."""
    return consent.acts_for(recorded, consent.AGREEMENT_USE)


def _sharing(doc: Document[PerspectiveFields], project: Project, kind: str) -> Sharing:
    f = doc.fields
    if not f.sharing:
        return Sharing(
            (),
            "Keine Weitergabe vorgesehen: das Arbeitsblatt bleibt beim Fallmanagement. An die "
            "Ausländerbehörde geht es nur mit einer Schweigepflichtentbindung, die sie und "
            "Daten zum Aufenthalt nennt (Feld „weitergabe“).",
        )
    releases = _releases(consent.case_consents(project, f.case_id, doc.source, kind))
    parts = []
    for organisation in f.sharing:
        holding = [
            r.consent
            for r in releases
            if r.consent.names(organisation) and r.consent.holds_on(f.date)
        ]
        if holding:
            latest = max(holding, key=lambda c: c.signed_on)
            parts.append(
                f"an {organisation} mit der Schweigepflichtentbindung vom "
                f"{german_date(latest.signed_on)} (gültig bis {german_date(latest.valid_until)}; "
                f"Daten: {'; '.join(latest.data_categories)})"
            )
        else:
            parts.append(f"an {organisation}: keine Schweigepflichtentbindung")
    return Sharing(tuple(f.sharing), "Weitergabe " + "; ".join(parts) + ".")


def easy_parts(lines: tuple[Line, ...], words: Any) -> list[Part]:
    """The copy's lines as the templates print them (list items grouped), each filled with
    ``words`` (German, or a translation's)."""
    parts: list[Part] = []
    for line in lines:
        text = line.filled(words)
        if line.kind != "li":
            parts.append(Part(line.kind, text))
        elif parts and parts[-1].kind == "ul":
            parts[-1] = Part("ul", "", (*parts[-1].items, text))
        else:
            parts.append(Part("ul", "", (text,)))
    return parts


__all__ = [
    "LABEL",
    "Card",
    "Line",
    "Perspective",
    "PerspectiveFields",
    "Value",
    "WorksheetStatements",
    "case_timeline",
    "easy_parts",
]
