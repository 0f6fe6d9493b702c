"""Figures across cases, per district and period, from the loaded agreements and minutes.

What counts where is decided here and nowhere else:

- an agreement counts in the period of its ``datum``; of several versions of a case in one
  period the latest one speaks for the case (cases, goals, degree of achievement, steps);
- a re-assessment is every agreement version after the first (``version`` 2, 3, …) dated in
  the period;
- the time to the agreement is the days from ``erstberatung_am`` to the case's first version,
  counted in the period of that version;
- overdue steps and reviews are counted on the day the period ends (or on the given day,
  by default today, if that is earlier; a report gives its own date), in the version of
  each open case valid then, with the status recorded now;
- minutes count in the period of their ``datum``; a legal domain counts once per conference;
- structural findings come only from the minutes' section meant for them, without case id,
  date or names: with district and period only (kimdocs.kinds.report_text checks their text);
- every count also records the persons it rests on (``persons``): a case's client, for
  minutes of a conference its case's client, for an anonymous reconstruction the one person
  it retells. Goals, steps and actions of one client are that client's data, so suppression
  asks how many persons a figure rests on, not how many items it counts.
- the residence routes count each client once, with the latest worksheet dated on or before
  the day overdue steps are counted on, evaluated on that day (``kinds.caseload``): per
  route the clients it is open to (met, or met within three months), and per colour; each
  rests on its client.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kimdocs.base import dates
from kimdocs.base.errors import ContentError, KimdocsError
from kimdocs.catalog import current_catalog, using
from kimdocs.controlling.periods import Period
from kimdocs.kinds import KINDS, Document, load_document
from kimdocs.kinds.agreement import LIFE_AREAS, AgreementFields
from kimdocs.kinds.caseload import client_row, latest_cases, rule_set
from kimdocs.kinds.kind import DONE_STATES, ResidenceCase
from kimdocs.kinds.minutes import INDIVIDUAL, LEGAL_DOMAINS, MinutesFields
from kimdocs.kinds.report_text import findings_lines, findings_markdown
from kimdocs.project import District, Project

PRIORITIES = ("hoch", "mittel", "niedrig")
STEP_STATES = ("offen", "begonnen", "erledigt", "entfällt")
REACHED, PARTLY, NOT_REACHED, NOT_RATED = (
    "erreicht",
    "teilweise erreicht",
    "nicht erreicht",
    "noch nicht bewertet",
)
ACHIEVEMENT = (REACHED, PARTLY, NOT_REACHED, NOT_RATED)
CONFERENCE_TYPES = ("Fallkonferenz", "Fallrekonstruktion")


def achievement_class(value: int | None) -> str:
    """``zielerreichung`` in per cent at the review: 100 reached, 1–99 partly, 0 not."""
    if value is None:
        return NOT_RATED
    if value >= 100:
        return REACHED
    return PARTLY if value > 0 else NOT_REACHED


@dataclass
class DistrictFigures:
    """Everything counted for one district (or all) in one period."""

    cases: int = 0
    goals_by_area: Counter[str] = field(default_factory=Counter)
    goals_by_priority: Counter[str] = field(default_factory=Counter)
    achievement: Counter[str] = field(default_factory=Counter)
    steps_by_status: Counter[str] = field(default_factory=Counter)
    overdue_steps: int = 0
    overdue_reviews: int = 0
    reassessments: int = 0
    days_to_agreement: list[int] = field(default_factory=list)
    conferences: Counter[str] = field(default_factory=Counter)
    legal_domains: Counter[str] = field(default_factory=Counter)
    actions_by_status: Counter[str] = field(default_factory=Counter)
    overdue_actions: int = 0
    # The persons each count rests on, by ``persons_key``: "cases", "goals_by_area:Sprache".
    persons: dict[str, set[str]] = field(default_factory=dict, compare=False, repr=False)
    routes: Counter[str] = field(default_factory=Counter)  # clients a route is open to
    colours: Counter[str] = field(default_factory=Counter)  # clients per colour

    def add(self, other: DistrictFigures) -> None:
        for name, value in vars(other).items():
            mine = getattr(self, name)
            if isinstance(value, Counter):
                mine.update(value)
            elif isinstance(value, list):
                mine.extend(value)
            elif isinstance(value, dict):
                for key, people in value.items():
                    mine.setdefault(key, set()).update(people)
            else:
                setattr(self, name, mine + value)

    def rests_on(self, key: str, person: str) -> None:
        """Record that the count ``key`` (see :func:`persons_key`) counts ``person``."""
        self.persons.setdefault(key, set()).add(person)

    def how_many(self, key: str) -> int:
        """The number of persons the count ``key`` rests on."""
        return len(self.persons.get(key, ()))

    @property
    def goals(self) -> int:
        return sum(self.goals_by_area.values())

    @property
    def median_days(self) -> float | None:
        days = self.days_to_agreement
        return float(statistics.median(days)) if days else None


def persons_key(counter: str, category: str = "") -> str:
    """The key of a count in ``DistrictFigures.persons``: "cases", "goals_by_area:Sprache"."""
    return f"{counter}:{category}" if category else counter


@dataclass(frozen=True)
class Finding:
    """A structural finding from minutes: district and period, never the case; the person
    it rests on only for counting how many persons share it."""

    district: str
    period: str
    markdown: str
    person: str = field(default="", compare=False)


@dataclass(frozen=True)
class LoadedMinutes:
    fields: MinutesFields
    findings: str  # the findings section, "" if none: the only text a report takes
    person: str = ""  # whom the minutes are about (see ``_minutes_person``)


@dataclass(frozen=True)
class CaseDocuments:
    """What the figures need of each valid case document: its fields (kept instead of the
    whole document, so that thousands of documents fit in memory)."""

    agreements: tuple[AgreementFields, ...]
    minutes: tuple[LoadedMinutes, ...]
    skipped: tuple[Path, ...]  # documents with errors: not counted, the report says how many
    residence: tuple[ResidenceCase, ...] = ()  # every worksheet's timeline


@dataclass
class Figures:
    period: Period
    cutoff: dt.date  # the day overdue steps and reviews are counted on
    districts: tuple[District, ...]
    by_district: dict[str, DistrictFigures]
    findings: list[Finding]
    skipped: int = 0

    def total(self) -> DistrictFigures:
        total = DistrictFigures()
        for figures in self.by_district.values():
            total.add(figures)
        return total

    def posts(self, district: District | None = None) -> tuple[float, float]:
        """Case management and coordination posts of one district or of all shown."""
        chosen = [district] if district is not None else list(self.districts)
        return (
            sum(d.posts.case_management for d in chosen),
            sum(d.posts.coordination for d in chosen),
        )


_LOADED = "controlling.case_documents"


def case_documents(project: Project) -> CaseDocuments:
    """Every valid agreement and minutes of the project, loaded once per walk of content/."""
    catalog = current_catalog(project)
    loaded: CaseDocuments | None = catalog.derived.get(_LOADED)
    if loaded is not None:
        return loaded
    agreements: list[AgreementFields] = []
    minutes: list[LoadedMinutes] = []
    skipped: list[Path] = []
    residence: list[ResidenceCase] = []
    with using(catalog):  # the documents' own checks ask this walk, not a new one each
        for entry in catalog.documents():
            # The report counts agreements and minutes (the kinds with these fields) and
            # the residence timelines of the worksheets.
            kind = KINDS[entry.kind] if entry.kind is not None else None
            if kind is None or (
                kind.model not in (AgreementFields, MinutesFields) and not kind.records_residence
            ):
                continue
            try:
                doc = load_document(entry.path, project)
            except KimdocsError:
                skipped.append(entry.path)
                continue
            if kind.records_residence:
                case = kind.residence_case(doc, project)
                if case is not None:
                    residence.append(case)
            elif isinstance(doc.fields, AgreementFields):
                agreements.append(doc.fields)
            else:
                text = findings_markdown(findings_lines(doc.source, doc.body))
                minutes.append(LoadedMinutes(doc.fields, text, _minutes_person(doc)))
    loaded = CaseDocuments(tuple(agreements), tuple(minutes), tuple(skipped), tuple(residence))
    catalog.derived[_LOADED] = loaded
    return loaded


def compute(
    docs: CaseDocuments,
    project: Project,
    period: Period,
    district_ids: Sequence[str] = (),
    today: dt.date | None = None,
) -> Figures:
    """The figures of ``period`` for the given districts (all of kimdocs.toml if none)."""
    chosen = tuple(
        d for d in project.config.districts if not district_ids or d.id in set(district_ids)
    )
    wanted = {d.id for d in chosen}
    cutoff = min(today or dates.today(), period.end)
    by_district = {d.id: DistrictFigures() for d in chosen}
    findings: list[Finding] = []

    def district_of(name: str) -> str | None:
        district = project.district(name)
        return district.id if district is not None and district.id in wanted else None

    cases = _by_case(docs.agreements)
    for person, versions in cases.items():
        district = district_of(versions[-1].district)
        if district is None:
            continue
        figures = by_district[district]
        in_period = [v for v in versions if v.date in period]
        if in_period:
            _count_agreement(figures, in_period[-1], person)
            again = sum(1 for v in in_period if v.version > 1)
            if again:
                figures.reassessments += again
                figures.rests_on("reassessments", person)
        first = versions[0]
        if first.date in period and first.first_consultation is not None:
            figures.days_to_agreement.append((first.date - first.first_consultation).days)
            figures.rests_on("days_to_agreement", person)
        valid = [v for v in versions if v.date <= cutoff]
        if valid:
            _count_overdue(figures, valid[-1], cutoff, person)
    for loaded in docs.minutes:
        f = loaded.fields
        district = district_of(f.district)
        if district is None or f.date not in period:
            continue
        figures = by_district[district]
        person = loaded.person
        figures.conferences[f.type] += 1
        figures.rests_on(persons_key("conferences", f.type), person)
        for domain in {p.legal_domain for p in f.participants}:
            figures.legal_domains[domain] += 1
            figures.rests_on(persons_key("legal_domains", domain), person)
        for action in f.actions:
            figures.actions_by_status[action.status] += 1
            figures.rests_on(persons_key("actions_by_status", action.status), person)
            if action.deadline < cutoff and action.status not in DONE_STATES:
                figures.overdue_actions += 1
                figures.rests_on("overdue_actions", person)
        if loaded.findings:
            findings.append(Finding(district, period.label, loaded.findings, person))
    _count_routes(docs, project, wanted, by_district, cutoff)
    return Figures(
        period=period,
        cutoff=cutoff,
        districts=chosen,
        by_district=by_district,
        findings=findings,
        skipped=len(docs.skipped),
    )


def _minutes_person(doc: Document[Any]) -> str:
    """Whom minutes are about: a conference's case (the client of its agreements), or the
    one unnamed person an anonymous reconstruction retells."""
    f: MinutesFields = doc.fields
    if f.type == INDIVIDUAL and f.case_id:
        return _case_person(f.case_id)
    return "rekonstruktion:" + (f.reconstruction_id or str(doc.source.path)).casefold()


def _case_person(case_id: str) -> str:
    return "fall:" + case_id.casefold()


def _count_routes(
    docs: CaseDocuments,
    project: Project,
    wanted: set[str],
    by_district: dict[str, DistrictFigures],
    cutoff: dt.date,
) -> None:
    """Per district, the clients each route is open to and the clients per colour."""
    cases = latest_cases(c for c in docs.residence if c.date <= cutoff and c.district in wanted)
    if not cases:
        return
    try:
        rules = rule_set(project)
    except ContentError:
        return  # a broken rule file: the worksheets' own check names it
    for case in cases:
        row = client_row(case, rules, cutoff)
        figures = by_district[case.district]
        person = _case_person(case.case_id)
        figures.colours[row.colour] += 1
        figures.rests_on(persons_key("colours", row.colour), person)
        for route in row.routes:
            figures.routes[route] += 1
            figures.rests_on(persons_key("routes", route), person)


def _by_case(agreements: Iterable[AgreementFields]) -> dict[str, list[AgreementFields]]:
    """The versions of each case's agreement, oldest first, by the person of the case (case
    ids in any case are one)."""
    cases: dict[str, list[AgreementFields]] = {}
    for fields in agreements:
        cases.setdefault(_case_person(fields.case_id), []).append(fields)
    for versions in cases.values():
        versions.sort(key=lambda f: (f.version, f.date))
    return cases


def _count_agreement(figures: DistrictFigures, f: AgreementFields, person: str) -> None:
    figures.cases += 1
    figures.rests_on("cases", person)
    for goal in f.goals:
        achieved = achievement_class(goal.achievement)
        figures.goals_by_area[goal.life_area] += 1
        figures.goals_by_priority[goal.priority] += 1
        figures.achievement[achieved] += 1
        figures.rests_on(persons_key("goals_by_area", goal.life_area), person)
        figures.rests_on(persons_key("goals_by_priority", goal.priority), person)
        figures.rests_on(persons_key("achievement", achieved), person)
        for step in goal.steps:
            figures.steps_by_status[step.status] += 1
            figures.rests_on(persons_key("steps_by_status", step.status), person)


def _count_overdue(
    figures: DistrictFigures, f: AgreementFields, cutoff: dt.date, person: str
) -> None:
    if f.phase == "Abschluss":
        return  # a closed case has nothing due
    if f.review < cutoff:
        figures.overdue_reviews += 1
        figures.rests_on("overdue_reviews", person)
    overdue = sum(
        1
        for goal in f.goals
        for step in goal.steps
        if step.due < cutoff and step.status not in DONE_STATES
    )
    if overdue:
        figures.overdue_steps += overdue
        figures.rests_on("overdue_steps", person)


__all__ = [
    "ACHIEVEMENT",
    "CONFERENCE_TYPES",
    "LEGAL_DOMAINS",
    "LIFE_AREAS",
    "PRIORITIES",
    "STEP_STATES",
    "CaseDocuments",
    "DistrictFigures",
    "Figures",
    "Finding",
    "case_documents",
    "compute",
    "persons_key",
]
