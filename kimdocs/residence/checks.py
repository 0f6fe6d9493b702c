"""The checks a rule file can name (``prüfung``), each with the values it takes (``werte``).

A rule file says *which* check a condition is and with which numbers; the check says how
the client's facts answer it. Every check answers three-valued: a fact that is absent or
``unbekannt`` never makes a condition met; it makes it ``unbekannt`` and names itself in
``missing``. Facts that are only ``angegeben`` are used, and named in ``unproven``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, Field, field_validator

from kimdocs.base.dates import german_date
from kimdocs.residence import timeline as tl
from kimdocs.residence.calendar import ONE_DAY, age_completed_on, age_on, period_opens
from kimdocs.residence.outcome import Finding, Outcome
from kimdocs.residence.runs import Counting, Duration, Piece, Span, duration
from kimdocs.schema import Date, Model, YesNo

MET, NOT_MET, UNKNOWN = Outcome.MET, Outcome.NOT_MET, Outcome.UNKNOWN


def _bases(values: Iterable[str]) -> list[str]:
    found: list[str] = []
    for value in values:
        group = tl.GROUPS.get(str(value).strip())
        found.extend(group if group else [tl.basis_name(value)])
    return found


class Params(Model):
    """Values of a check, as written under ``werte``."""


class DurationParams(Params):
    years: int | None = Field(None, alias="jahre", ge=1, le=30)
    months: int | None = Field(None, alias="monate", ge=1, le=360)
    counts: list[str] = Field(alias="zählt", min_length=1)
    neutral: list[str] = Field([], alias="nicht_angerechnet")
    gap_months: int = Field(0, alias="unterbrechung_unschädlich_monate", ge=0, le=12)
    gap_times: int | None = Field(None, alias="unterbrechungen_höchstens", ge=1)
    gaps_count: YesNo = Field(False, alias="unterbrechung_zählt_mit")
    child_years: int | None = Field(None, alias="mit_kind_jahre", ge=1, le=30)
    only_if_recognised: list[str] = Field([], alias="nur_bei_anerkennung")
    recognised_by: list[str] = Field([], alias="anerkennung_durch")
    holder_basis: str | None = Field(None, alias="bei_aktuellem_status")
    holder_counts: list[str] = Field([], alias="dann_zählt_auch")

    _expand = field_validator(
        "counts", "neutral", "only_if_recognised", "recognised_by", "holder_counts"
    )(lambda v: _bases(v))

    @field_validator("holder_basis")
    @classmethod
    def _holder(cls, value: str | None) -> str | None:
        return None if value is None else tl.basis_name(value)

    def holder_counts_now(self, current: tl.Stay | None) -> list[str]:
        """What counts in addition because of the current status (§ 25b Abs. 7 AufenthG)."""
        if self.holder_basis and current is not None and current.basis == self.holder_basis:
            return self.holder_counts
        return []

    def required_months(self) -> int:
        if self.months is not None:
            return self.months
        if self.years is not None:
            return 12 * self.years
        raise ValueError("„jahre“ oder „monate“ fehlt.")

    def model_post_init(self, context: Any) -> None:
        self.required_months()


def _stay_spans(timeline: tl.Timeline, params: DurationParams, day: dt.date) -> list[Span]:
    current = _current_stay(timeline, day)
    counts = set(params.counts)
    if params.holder_basis and current is not None and current.basis == params.holder_basis:
        counts |= set(params.holder_counts)
    recognised = [s for s in timeline.stays if s.basis in params.recognised_by and s.counts]
    spans = []
    for stay in timeline.stays:
        if stay.basis in params.neutral and stay.basis not in params.holder_counts_now(current):
            piece = Piece.NEUTRAL
        elif stay.basis in counts and stay.basis in params.only_if_recognised:
            later = any(r.start >= stay.start for r in recognised)
            piece = Piece.COUNTS if later else Piece.BREAKS
        elif stay.basis in counts:
            piece = Piece.COUNTS
        else:
            piece = Piece.BREAKS
        if not stay.counts and piece is not Piece.BREAKS:
            piece = Piece.UNKNOWN
        spans.append(Span(stay.start, stay.end, piece, stay.basis))
    return spans


def _current_stay(timeline: tl.Timeline, day: dt.date) -> tl.Stay | None:
    covering = [s for s in timeline.stays if s.covers(day)]
    return max(covering, key=lambda s: s.start) if covering else None


def _span_text(span: tuple[dt.date, dt.date]) -> str:
    return f"{german_date(span[0])}–{german_date(span[1])}"


def _minor_child(timeline: tl.Timeline, day: dt.date) -> bool | None:
    """Whether a minor unmarried child lives in the household; None if only unknown ones."""
    candidates = [c for c in timeline.children if c.household and c.unmarried and c.birth <= day]
    minors = [c for c in candidates if age_on(c.birth, day) < 18]
    if any(c.counts for c in minors):
        return True
    return None if minors else False


def _stated(facts: Iterable[tl.Known], what: str) -> tuple[str, ...]:
    return tuple(f"{what}: nur angegeben, Nachweis fehlt" for f in facts if f.status == tl.STATED)[
        :1
    ]


def _duration_finding(
    result: Duration, months: int, what: str, unit_labels: Sequence[str]
) -> Finding:
    from kimdocs.residence.calendar import years_months

    need = years_months(months)
    kinds = ", ".join(unit_labels)
    missing = tuple(f"{what} {_span_text(s)}: unbekannt" for s in result.unknown)
    if result.met:
        start = result.run.start
        assert start is not None
        extra = f"; {result.run.subtracted} Tage nicht angerechnet" if result.run.subtracted else ""
        fact = f"{what} seit {german_date(start)} ({kinds}){extra}; {need} erreicht"
        return Finding(MET, fact, opens=result.opens)
    if result.met is None:
        return Finding(
            UNKNOWN,
            f"{what}: {need} nur erreicht, wenn unbekannte Zeiten zählen",
            missing=missing,
        )
    start = result.run.start
    if start is None:
        return Finding(NOT_MET, f"{what}: keine laufende anrechenbare Zeit", missing=missing)
    fact = f"{what} seit {german_date(start)} ({kinds}); {need} noch nicht erreicht"
    return Finding(NOT_MET, fact, opens=result.opens, missing=missing)


def check_duration(timeline: tl.Timeline, day: dt.date, params: DurationParams) -> Finding:
    months = params.required_months()
    if not timeline.stays:
        return Finding(UNKNOWN, "Aufenthaltsverlauf unbekannt", missing=("Aufenthaltsverlauf",))
    counting = Counting(params.gap_months, params.gap_times, params.gaps_count, Piece.UNKNOWN)
    spans = _stay_spans(timeline, params, day)
    child = _minor_child(timeline, day) if params.child_years else False
    short = 12 * params.child_years if params.child_years else months
    if child is True:
        months = short
    result = duration(spans, day, months, counting)
    if child is None and not result.met:
        hoped = duration(spans, day, short, counting)
        if hoped.met:
            return Finding(
                UNKNOWN,
                "Aufenthalt reicht nur mit einem minderjährigen Kind im Haushalt",
                missing=("Kind im Haushalt: Angaben unbekannt",),
            )
    labels = result.run.labels or tuple(sorted({s.label for s in spans if s.piece is Piece.COUNTS}))
    finding = _duration_finding(result, months, "Aufenthalt", labels)
    proven = [s for s in timeline.stays if s.start >= (result.run.start or day)]
    return _with_unproven(finding, _stated(proven, "Aufenthaltszeiten"))


def _with_unproven(finding: Finding, unproven: tuple[str, ...]) -> Finding:
    if finding.outcome is not MET or not unproven:
        return finding
    return Finding(
        finding.outcome,
        finding.fact,
        finding.opens,
        finding.closes,
        finding.missing,
        finding.unproven + unproven,
    )


class StatusParams(Params):
    bases: list[str] = Field(alias="grundlagen", min_length=1)
    closes_with_end: YesNo = Field(False, alias="endet_mit_ablauf")

    _expand = field_validator("bases")(lambda v: _bases(v))


def check_status(timeline: tl.Timeline, day: dt.date, params: StatusParams) -> Finding:
    current = _current_stay(timeline, day)
    wanted = " oder ".join(dict.fromkeys(params.bases))
    if current is None:
        return Finding(
            UNKNOWN,
            f"Aufenthaltsstatus am {german_date(day)} unbekannt",
            missing=(f"Aufenthaltsstatus am {german_date(day)}",),
        )
    if current.basis not in params.bases:
        later = [s for s in timeline.stays if s.start > day and s.basis in params.bases]
        opens = min((s.start for s in later), default=None)
        return Finding(
            NOT_MET, f"Status am {german_date(day)}: {current.basis} (nicht {wanted})", opens
        )
    closes = current.end + ONE_DAY if params.closes_with_end and current.end else None
    until = f", gültig bis {german_date(current.end)}" if current.end else ""
    fact = f"Status am {german_date(day)}: {current.basis}{until} ({current.how()})"
    if not current.counts:
        return Finding(UNKNOWN, fact, missing=(f"Nachweis des Status {current.basis}",))
    return Finding(MET, fact, current.start, closes, unproven=_stated([current], current.basis))


class AgeParams(Params):
    years: int = Field(alias="jahre", ge=1, le=100)


def _birth(timeline: tl.Timeline) -> tuple[dt.date | None, tl.DatedFact | None]:
    fact = timeline.birth
    if fact is None or not fact.counts or fact.day is None:
        return None, fact
    return fact.day, fact


def check_age_below(timeline: tl.Timeline, day: dt.date, params: AgeParams) -> Finding:
    """Applied for before completing the ``jahre``-th year of life (§§ 187 Abs. 2, 188 BGB)."""
    birth, fact = _birth(timeline)
    if birth is None or fact is None:
        return Finding(UNKNOWN, "Geburtsdatum unbekannt", missing=("Geburtsdatum",))
    completed = age_completed_on(birth, params.years)
    closes = completed + ONE_DAY
    fact_text = (
        f"geboren am {german_date(birth)}; {params.years}. Lebensjahr vollendet mit Ablauf "
        f"des {german_date(completed)}"
    )
    if day > completed:
        return Finding(NOT_MET, fact_text, closes=closes)
    return Finding(MET, fact_text, closes=closes, unproven=_stated([fact], "Geburtsdatum"))


def check_age_from(timeline: tl.Timeline, day: dt.date, params: AgeParams) -> Finding:
    birth, fact = _birth(timeline)
    if birth is None or fact is None:
        return Finding(UNKNOWN, "Geburtsdatum unbekannt", missing=("Geburtsdatum",))
    opens = period_opens(birth, 12 * params.years)
    fact_text = f"geboren am {german_date(birth)}; {params.years} Jahre alt ab {german_date(opens)}"
    if day < opens:
        return Finding(NOT_MET, fact_text, opens=opens)
    return Finding(MET, fact_text, opens=opens, unproven=_stated([fact], "Geburtsdatum"))


class SchoolParams(Params):
    years: int = Field(alias="jahre", ge=1, le=20)
    gap_months: int = Field(0, alias="unterbrechung_unschädlich_monate", ge=0, le=12)


def check_schooling(timeline: tl.Timeline, day: dt.date, params: SchoolParams) -> Finding:
    pieces = {"ja": Piece.COUNTS, "nein": Piece.BREAKS, "unbekannt": Piece.UNKNOWN}
    spans = [
        Span(
            s.start,
            s.end,
            pieces[s.successful] if s.counts else Piece.UNKNOWN,
            s.school or "Schule",
        )
        for s in timeline.schooling
    ]
    if not spans:
        return Finding(UNKNOWN, "Schulbesuch: keine Angaben", missing=("Schulzeiten",))
    counting = Counting(params.gap_months, None, True, Piece.BREAKS)
    result = duration(spans, day, 12 * params.years, counting)
    finding = _duration_finding(result, 12 * params.years, "Erfolgreicher Schulbesuch", ["Schule"])
    return _with_unproven(finding, _stated(timeline.schooling, "Schulbesuch"))


class QualificationParams(Params):
    kinds: list[Literal["Schulabschluss", "Berufsabschluss", "Hochschulabschluss"]] = Field(
        alias="arten", min_length=1
    )


def check_qualification(
    timeline: tl.Timeline, day: dt.date, params: QualificationParams
) -> Finding:
    fitting = [q for q in timeline.qualifications if q.kind in params.kinds]
    done = [q for q in fitting if q.counts and q.day is not None and q.day <= day]
    wanted = " oder ".join(params.kinds)
    if done:
        first = min(done, key=lambda q: q.day or day)
        fact = f"{first.kind} {first.name} am {german_date(first.day)} ({first.how()})".replace(
            "  ", " "
        )
        return Finding(MET, fact, opens=first.day, unproven=_stated([first], first.kind))
    future = [q.day for q in fitting if q.counts and q.day is not None]
    if any(not q.counts for q in fitting):
        return Finding(UNKNOWN, f"{wanted}: Angaben unbekannt", missing=(wanted,))
    return Finding(NOT_MET, f"kein {wanted}", opens=min(future, default=None))


class LanguageParams(Params):
    level: Literal["A1", "A2", "B1", "B2", "C1", "C2"] = Field(alias="niveau")
    parts: Literal["alle", "mündlich"] = Field("alle", alias="teile")
    also: list[str] = Field([], alias="ersatz")


def _proofs(timeline: tl.Timeline, names: Sequence[str]) -> list[tuple[str, tl.DatedFact]]:
    found: list[tuple[str, tl.DatedFact]] = []
    for course in timeline.courses:
        if course.kind in names:
            found.append((course.kind, course))
    for qualification in timeline.qualifications:
        if qualification.kind in names:
            found.append((qualification.kind, qualification))
    return found


def check_language(timeline: tl.Timeline, day: dt.date, params: LanguageParams) -> Finding:
    rank = tl.LEVELS.index(params.level)
    fitting = [
        c
        for c in timeline.certificates
        if tl.LEVELS.index(c.level) >= rank and (params.parts == "mündlich" or c.parts == "alle")
    ]
    proofs: list[tuple[str, tl.DatedFact]] = [(f"Zertifikat {c.level}", c) for c in fitting]
    proofs += _proofs(timeline, params.also)
    recorded = bool(timeline.certificates) or bool(proofs)
    return _any_proof(proofs, day, f"Deutsch {params.level} ({params.parts})", recorded)


def _any_proof(
    proofs: list[tuple[str, tl.DatedFact]], day: dt.date, wanted: str, recorded: bool
) -> Finding:
    done = [(n, p) for n, p in proofs if p.counts and p.day is not None and p.day <= day]
    if done:
        name, first = min(done, key=lambda item: item[1].day or day)
        return Finding(
            MET,
            f"{name} vom {german_date(first.day)} ({first.how()})",
            opens=first.day,
            unproven=_stated([first], name),
        )
    if not recorded or any(not p.counts for _, p in proofs):
        # Nothing recorded is not "none": it is what the worksheet has still to ask.
        return Finding(UNKNOWN, f"{wanted}: kein Nachweis erfasst", missing=(wanted,))
    future = [p.day for _, p in proofs if p.day is not None and p.day > day]
    return Finding(
        NOT_MET, f"{wanted}: kein Nachweis", opens=min(future, default=None), missing=(wanted,)
    )


class KnowledgeParams(Params):
    proofs: list[str] = Field(alias="nachweise", min_length=1)


def check_knowledge(timeline: tl.Timeline, day: dt.date, params: KnowledgeParams) -> Finding:
    proofs = _proofs(timeline, params.proofs)
    recorded = bool(proofs) or bool(timeline.courses)
    return _any_proof(proofs, day, " oder ".join(params.proofs), recorded)


class LivelihoodParams(Params):
    at_least: Literal["überwiegend", "weit überwiegend", "gesichert"] = Field(alias="mindestens")
    without: list[Literal["SGB II", "SGB XII", "AsylbLG"]] = Field([], alias="ohne_leistungen")


def check_livelihood(timeline: tl.Timeline, day: dt.date, params: LivelihoodParams) -> Finding:
    current = [b for b in timeline.benefits if b.kind in params.without and b.covers(day)]
    if any(b.counts for b in current):
        kinds = ", ".join(sorted({b.kind for b in current}))
        return Finding(NOT_MET, f"Leistungen nach {kinds} am {german_date(day)}")
    fact = timeline.livelihood
    if fact is None or not fact.counts:
        return Finding(UNKNOWN, "Lebensunterhalt unbekannt", missing=("Lebensunterhalt",))
    text = f"Lebensunterhalt {fact.level} (Stand {german_date(fact.day)}, {fact.how()})"
    need = tl.LIVELIHOOD_LEVELS.index(params.at_least)
    if tl.LIVELIHOOD_LEVELS.index(fact.level) < need:
        return Finding(NOT_MET, text)
    if current:
        return Finding(UNKNOWN, text, missing=("Leistungsbezug: Angaben unbekannt",))
    return Finding(MET, text, unproven=_stated([fact], "Lebensunterhalt"))


class MonthsParams(Params):
    months: int = Field(alias="monate", ge=1, le=1200)


def check_contributions(timeline: tl.Timeline, day: dt.date, params: MonthsParams) -> Finding:
    fact = timeline.contributions
    if fact is None or not fact.counts:
        return Finding(UNKNOWN, "Rentenbeiträge unbekannt", missing=("Rentenversicherungsverlauf",))
    text = f"{fact.months} Monate Rentenbeiträge (Stand {german_date(fact.day)}, {fact.how()})"
    if fact.months < params.months:
        return Finding(NOT_MET, text)
    return Finding(MET, text, unproven=_stated([fact], "Rentenbeiträge"))


class ConvictionParams(Params):
    allowed: list[Literal["keine", "geringfügig"]] = Field(alias="erlaubt", min_length=1)


def check_convictions(timeline: tl.Timeline, day: dt.date, params: ConvictionParams) -> Finding:
    fact = timeline.convictions
    if fact is None or not fact.counts or fact.level == "unbekannt":
        return Finding(UNKNOWN, "Straftaten unbekannt", missing=("Auskunft zu Verurteilungen",))
    text = f"Verurteilungen: {fact.level} ({fact.how()})"
    if fact.level not in params.allowed:
        return Finding(NOT_MET, text)
    return Finding(MET, text, unproven=_stated([fact], "Verurteilungen"))


class NoParams(Params):
    pass


def check_identity(timeline: tl.Timeline, day: dt.date, params: NoParams) -> Finding:
    fact = timeline.identity
    if fact is None or not fact.counts or fact.clarified == "unbekannt":
        steps = len(timeline.passport_steps)
        hint = f"; {steps} Schritte zur Passbeschaffung dokumentiert" if steps else ""
        return Finding(UNKNOWN, f"Identität: unbekannt{hint}", missing=("Identitätsnachweis",))
    if fact.clarified == "nein":
        return Finding(NOT_MET, f"Identität nicht geklärt ({fact.how()})")
    return Finding(
        MET,
        f"Identität geklärt am {german_date(fact.day)} ({fact.how()})",
        opens=fact.day,
        unproven=_stated([fact], "Identität"),
    )


def check_passport(timeline: tl.Timeline, day: dt.date, params: NoParams) -> Finding:
    fact = timeline.passport
    if fact is None or not fact.counts or fact.valid_until is None:
        return Finding(UNKNOWN, "Pass: unbekannt", missing=("gültiger Pass",))
    text = f"Pass gültig bis {german_date(fact.valid_until)} ({fact.how()})"
    if fact.valid_until < day:
        return Finding(NOT_MET, text, missing=("gültiger Pass",))
    return Finding(MET, text, closes=fact.valid_until + ONE_DAY, unproven=_stated([fact], "Pass"))


class ChildrenParams(Params):
    age_from: int = Field(6, alias="alter_von", ge=0)
    age_below: int = Field(18, alias="alter_unter", ge=1)


def check_children_school(timeline: tl.Timeline, day: dt.date, params: ChildrenParams) -> Finding:
    of_age = [
        c
        for c in timeline.children
        if c.household
        and c.birth <= day
        and params.age_from <= age_on(c.birth, day) < params.age_below
    ]
    if not of_age:
        return Finding(MET, "keine Kinder im schulpflichtigen Alter im Haushalt")
    absent = [c for c in of_age if c.counts and c.school == "nein"]
    unknown = [c for c in of_age if not c.counts or c.school == "unbekannt"]
    names = ", ".join(c.name or german_date(c.birth) for c in of_age)
    if absent:
        return Finding(NOT_MET, f"Schulbesuch fehlt: {names}")
    if unknown:
        return Finding(
            UNKNOWN, f"Schulbesuch unbekannt: {names}", missing=("Schulbescheinigungen",)
        )
    return Finding(MET, f"Schulbesuch der Kinder: {names}", unproven=_stated(of_age, "Schulbesuch"))


class EntryParams(Params):
    until: Date = Field(alias="bis")


def check_entry(timeline: tl.Timeline, day: dt.date, params: EntryParams) -> Finding:
    fact = timeline.entry
    if fact is None or not fact.counts or fact.day is None:
        return Finding(UNKNOWN, "Einreisedatum unbekannt", missing=("Einreisedatum",))
    text = f"eingereist am {german_date(fact.day)} ({fact.how()})"
    if fact.day > params.until:
        return Finding(NOT_MET, text)
    return Finding(MET, text, unproven=_stated([fact], "Einreise"))


class WorkParams(Params):
    months: int = Field(alias="monate", ge=1, le=120)
    hours: float = Field(alias="stunden_mindestens", ge=0, le=80)
    gap_months: int = Field(0, alias="unterbrechung_unschädlich_monate", ge=0, le=12)


def check_work(timeline: tl.Timeline, day: dt.date, params: WorkParams) -> Finding:
    spans = []
    for job in timeline.work:
        if not job.counts or job.hours is None:
            piece = Piece.UNKNOWN
        elif job.insured and job.hours >= params.hours:
            piece = Piece.COUNTS
        else:
            piece = Piece.BREAKS
        spans.append(Span(job.start, job.end, piece, job.employer or "Beschäftigung"))
    if not spans:
        return Finding(UNKNOWN, "keine Beschäftigung erfasst", missing=("Arbeitsverträge",))
    counting = Counting(params.gap_months, None, False, Piece.BREAKS)
    result = duration(spans, day, params.months, counting)
    finding = _duration_finding(
        result, params.months, "Beschäftigung", ["sozialversicherungspflichtig"]
    )
    return _with_unproven(finding, _stated(timeline.work, "Beschäftigung"))


class TrainingParams(Params):
    kinds: list[Literal["qualifiziert", "Assistenz/Helfer"]] = Field(alias="arten", min_length=1)


def check_training(timeline: tl.Timeline, day: dt.date, params: TrainingParams) -> Finding:
    fitting = [
        t for t in timeline.training if t.kind in params.kinds and (t.end is None or t.end >= day)
    ]
    now = [t for t in fitting if t.start <= day]
    if any(t.counts for t in now):
        job = next(t for t in now if t.counts)
        return Finding(
            MET,
            f"Ausbildung {job.trade} seit {german_date(job.start)} ({job.how()})".replace(
                "  ", " "
            ),
            opens=job.start,
            closes=job.end + ONE_DAY if job.end else None,
            unproven=_stated([job], "Ausbildung"),
        )
    if now:
        return Finding(UNKNOWN, "Ausbildung: Angaben unbekannt", missing=("Ausbildungsvertrag",))
    later = [t.start for t in fitting if t.counts]
    return Finding(NOT_MET, "keine laufende Ausbildung", opens=min(later, default=None))


class BarParams(Params):
    years: int = Field(alias="jahre", ge=1, le=30)


def check_no_bar(timeline: tl.Timeline, day: dt.date, params: BarParams) -> Finding:
    fact = timeline.deception
    if fact is None or not fact.counts:
        return Finding(
            UNKNOWN,
            "Täuschung im Einbürgerungsverfahren: unbekannt",
            missing=("Auskunft zu früheren Einbürgerungsverfahren",),
        )
    if fact.level == "keine" or fact.day is None:
        return Finding(MET, f"keine Täuschung festgestellt ({fact.how()})")
    ends = period_opens(fact.day, 12 * params.years)
    last = german_date(ends - ONE_DAY)
    text = f"Täuschung festgestellt am {german_date(fact.day)}; Sperre bis {last}"
    if day < ends:
        return Finding(NOT_MET, text, opens=ends)
    return Finding(MET, text)


class HousingParams(Params):
    pass


def check_housing(timeline: tl.Timeline, day: dt.date, params: HousingParams) -> Finding:
    fact = timeline.housing
    if fact is None or not fact.counts or fact.level == "unbekannt":
        return Finding(UNKNOWN, "Wohnraum unbekannt", missing=("Mietvertrag / Wohnfläche",))
    if fact.level != "ausreichend":
        return Finding(NOT_MET, f"Wohnraum {fact.level} ({fact.how()})")
    return Finding(
        MET, f"Wohnraum ausreichend ({fact.how()})", unproven=_stated([fact], "Wohnraum")
    )


class AtApplicationParams(Params):
    what: str = Field(alias="was")


def check_at_application(
    timeline: tl.Timeline, day: dt.date, params: AtApplicationParams
) -> Finding:
    fact = timeline.commitment
    if fact is not None and fact.counts and fact.day is not None:
        return Finding(MET, f"{params.what} abgegeben am {german_date(fact.day)}")
    return Finding(
        MET, f"{params.what}: wird beim Antrag abgegeben", missing=(f"{params.what} beim Antrag",)
    )


class DiscretionParams(Params):
    what: str = Field("", alias="was")


def check_discretion(timeline: tl.Timeline, day: dt.date, params: DiscretionParams) -> Finding:
    """An assessment only the office makes (a prognosis, an atypical case): never a fact."""
    what = f"{params.what}: " if params.what else ""
    return Finding(Outcome.DISCRETION, f"{what}prüft und entscheidet die Behörde im Einzelfall")


class Option(Model):
    check: str = Field(alias="prüfung")
    values: dict[str, Any] = Field({}, alias="werte")

    @field_validator("check")
    @classmethod
    def _known(cls, value: str) -> str:
        if value not in CHECKS or value == "eine_von":
            raise ValueError(f"Unbekannte Prüfung „{value}“.")
        return value


class AnyParams(Params):
    options: list[Option] = Field(alias="eine_von", min_length=2)


def check_any(timeline: tl.Timeline, day: dt.date, params: AnyParams) -> Finding:
    """Met if one of the options is met; unknown if none is met but one is unknown."""
    findings = []
    for option in params.options:
        check = CHECKS[option.check]
        findings.append(check.run(timeline, day, check.params.model_validate(option.values)))
    met = [f for f in findings if f.outcome is MET]
    if met:
        return met[0]
    facts = " / ".join(f.fact for f in findings)
    missing = tuple(dict.fromkeys(m for f in findings for m in f.missing))
    if any(f.outcome is UNKNOWN for f in findings):
        return Finding(UNKNOWN, facts, missing=missing)
    opens = [f.opens for f in findings if f.opens is not None]
    return Finding(NOT_MET, facts, opens=min(opens, default=None), missing=missing)


@dataclass(frozen=True)
class Check:
    params: type[Params]
    run: Callable[[tl.Timeline, dt.date, Any], Finding]


CHECKS: dict[str, Check] = {
    "aufenthaltsdauer": Check(DurationParams, check_duration),
    "status": Check(StatusParams, check_status),
    "alter_vor_vollendung": Check(AgeParams, check_age_below),
    "alter_ab": Check(AgeParams, check_age_from),
    "schulbesuch": Check(SchoolParams, check_schooling),
    "abschluss": Check(QualificationParams, check_qualification),
    "sprache": Check(LanguageParams, check_language),
    "kenntnisse": Check(KnowledgeParams, check_knowledge),
    "lebensunterhalt": Check(LivelihoodParams, check_livelihood),
    "rentenbeiträge": Check(MonthsParams, check_contributions),
    "straftaten": Check(ConvictionParams, check_convictions),
    "identität": Check(NoParams, check_identity),
    "pass": Check(NoParams, check_passport),
    "schulbesuch_kinder": Check(ChildrenParams, check_children_school),
    "einreise_bis": Check(EntryParams, check_entry),
    "beschäftigung": Check(WorkParams, check_work),
    "ausbildung": Check(TrainingParams, check_training),
    "keine_sperrfrist": Check(BarParams, check_no_bar),
    "wohnraum": Check(HousingParams, check_housing),
    "beim_antrag": Check(AtApplicationParams, check_at_application),
    "ermessen": Check(DiscretionParams, check_discretion),
}
CHECKS["eine_von"] = Check(AnyParams, check_any)


def params_model(name: str) -> type[BaseModel]:
    return CHECKS[name].params
