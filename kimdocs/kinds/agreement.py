"""Integrations- und Zielvereinbarung: goals the client and the case manager agree on."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, Any, ClassVar, Literal

from pydantic import BeforeValidator, Field

from kimdocs import kind_names
from kimdocs.base import dates
from kimdocs.base.dates import german_date
from kimdocs.base.errors import Problem, Severity
from kimdocs.kinds import consents as consent
from kimdocs.kinds.consents import Release
from kimdocs.kinds.history import History, case_history
from kimdocs.kinds.kind import Action, ActionStatus, Check, Document, Kind
from kimdocs.kinds.retention import Retention
from kimdocs.project import District, Project
from kimdocs.schema import (
    DISTRICT_CHOICE,
    LONG_TEXT,
    PER_CASE,
    CaseId,
    Date,
    Model,
    NonEmpty,
    Text,
    YesNo,
    extra,
    item,
    kind_field,
)

LIFE_AREAS = (
    "Aufenthalt",
    "Sprache",
    "Bildung",
    "Ausbildung/Arbeit/Anerkennung",
    "Wohnen",
    "Gesundheit",
    "Finanzen/Leistungen",
    "Familie",
    "Soziale Teilhabe",
)
PHASES = (
    "Zugangssteuerung",
    "Erstberatung",
    "Assessment",
    "Zielvereinbarung",
    "Leistungssteuerung",
    "Monitoring",
    "Re-Assessment",
    "Abschluss",
)

# Staff write the life area the way they say it; map the usual short forms.
_LIFE_AREA_NAMES = {a.lower(): a for a in LIFE_AREAS} | {
    "arbeit": "Ausbildung/Arbeit/Anerkennung",
    "ausbildung": "Ausbildung/Arbeit/Anerkennung",
    "anerkennung": "Ausbildung/Arbeit/Anerkennung",
    "finanzen": "Finanzen/Leistungen",
    "leistungen": "Finanzen/Leistungen",
    "teilhabe": "Soziale Teilhabe",
}


def _life_area(value: Any) -> str:
    name = _LIFE_AREA_NAMES.get(str(value).strip().lower())
    if name is None:
        raise ValueError(f"Unbekanntes Handlungsfeld „{value}“. Erlaubt: {', '.join(LIFE_AREAS)}.")
    return name


LifeArea = Annotated[str, BeforeValidator(_life_area)]


class Relative(Model):
    """A relative the case names (spouse, children): the pseudonymiser and the press check
    know them by name."""

    name: NonEmpty
    relation: Text = Field("", alias="beziehung")


class Client(Model):
    name: NonEmpty = Field(
        title="Name der Klientin / des Klienten",
        description="Vor- und Nachname, wie sie unterschreibt.",
    )
    birth_date: Date | None = Field(
        None,
        alias="geburtsdatum",
        title="Geburtsdatum",
        description="Nur angeben, wenn es für die Vereinbarung nötig ist.",
        json_schema_extra=PER_CASE,
    )
    language: Text = Field(
        "Deutsch", alias="sprache", title="Sprache", description="Z. B. Arabisch, Deutsch (A2)."
    )
    interpreter: YesNo = Field(
        False,
        alias="dolmetschung",
        title="Mit Dolmetschung",
        description="Ja, wenn das Gespräch gedolmetscht wurde.",
    )
    # Who interpreted into which language: the signing area confirms it (see interpreting()).
    interpreter_language: Text = Field(
        "",
        alias="dolmetschsprache",
        title="Dolmetschsprache",
        description="In welche Sprache gedolmetscht wurde (nur bei Dolmetschung).",
    )
    interpreter_name: Text = Field(
        "",
        alias="dolmetschung_durch",
        title="Gedolmetscht von",
        description="Name, ggf. Funktion (nur bei Dolmetschung).",
    )
    relatives: list[Relative] = Field(
        [],
        alias="angehörige",
        title="Angehörige",
        description="Ehepartner, Kinder und andere, die der Fall nennt (Name, Beziehung).",
        json_schema_extra=PER_CASE,
    )


class CaseManager(Model):
    name: NonEmpty = Field(title="Name der Fallmanagerin / des Fallmanagers")
    office: Text = Field("", alias="stelle", title="Stelle")
    contact: Text = Field("", alias="kontakt", title="Kontakt", description="Telefon oder E-Mail.")


class Partner(Model):
    organisation: NonEmpty = Field(
        title="Organisation",
        description="Genau so geschrieben wie in der Schweigepflichtentbindung.",
    )
    role: Text = Field("", alias="rolle", title="Rolle", description="Z. B. Arbeitsvermittlung.")
    contact: Text = Field("", alias="kontakt", title="Kontakt", description="Telefon oder E-Mail.")
    signs: YesNo = Field(
        False,
        alias="unterschreibt",
        title="Unterschreibt die Vereinbarung",
    )


class Step(Model):
    what: NonEmpty = Field(alias="was", title="Was", description="Der Schritt, in einem Satz.")
    who: NonEmpty = Field(
        alias="wer", title="Wer", description="Wer ihn geht, z. B. Klientin / Klient."
    )
    due: Date = Field(alias="bis", title="Bis")
    status: ActionStatus = Field("offen", title="Stand")


class Goal(Model):
    goal: NonEmpty = Field(
        alias="ziel",
        title="Ziel",
        description="Das Ergebnis, das erreicht werden soll.",
        json_schema_extra=LONG_TEXT,
    )
    life_area: LifeArea = Field(
        alias="handlungsfeld",
        title="Handlungsfeld",
        json_schema_extra={"auswahl": list(LIFE_AREAS)},
    )
    indicator: NonEmpty = Field(
        alias="indikator",
        title="Indikator",
        description="Woran man erkennt, dass das Ziel erreicht ist.",
        json_schema_extra=LONG_TEXT,
    )
    priority: Literal["hoch", "mittel", "niedrig"] = Field(
        "mittel", alias="priorität", title="Priorität"
    )
    deadline: Date = Field(alias="frist", title="Frist")
    steps: list[Step] = Field(
        alias="schritte", min_length=1, title="Schritte", json_schema_extra=item("Schritt")
    )
    achievement: int | None = Field(
        None,
        alias="zielerreichung",
        ge=0,
        le=100,
        title="Zielerreichung in Prozent",
        description="0 bis 100; leer lassen, solange nicht überprüft.",
    )


class DataProtection(Model):
    informed_on: Date = Field(
        alias="informiert_am",
        title="Informiert am",
        description="Datum der Information nach Art. 13 DSGVO.",
    )
    consent_on: Date | None = Field(
        None,
        alias="einwilligung_am",
        title="Einwilligung am",
        description="Datum der gesonderten Einwilligung, falls erteilt.",
    )


class AgreementFields(Model):
    kind: Text = kind_field()
    type: Literal["Integrationsvereinbarung", "Zielvereinbarung"] = Field(
        "Integrationsvereinbarung", alias="typ", title="Art der Vereinbarung"
    )
    case_id: CaseId = Field(
        alias="fall_id",
        title="Fall-ID",
        description="Pseudonym des Falls, niemals der Name.",
        json_schema_extra=PER_CASE,
    )
    district: str = Field(alias="bezirk", title="Bezirk", json_schema_extra=DISTRICT_CHOICE)
    date: Date = Field(alias="datum", title="Datum der Vereinbarung")
    # The first consultation: the controlling report counts the days until the agreement.
    first_consultation: Date | None = Field(
        None,
        alias="erstberatung_am",
        title="Erstberatung am",
        description="Der Bericht zählt die Tage bis zur Vereinbarung.",
    )
    version: int = Field(
        1, ge=1, title="Version", description="Bei jeder Fortschreibung um eins erhöhen."
    )
    phase: Literal[PHASES] = Field("Zielvereinbarung", title="Phase")  # type: ignore[valid-type]
    review: Date = Field(
        alias="überprüfung",
        title="Nächste Überprüfung",
        description="Termin des Re-Assessments, nach dem Datum der Vereinbarung.",
    )
    # When the case was closed and how long the file is kept after (kimdocs.kinds.retention).
    closed_on: Date | None = Field(None, alias="abgeschlossen_am", title="Abgeschlossen am")
    retention: Retention | None = Field(
        None,
        alias="aufbewahrung",
        title="Aufbewahrung",
        description="Z. B. „3 Jahre nach Abschluss“ oder „bis 31.12.2029“.",
    )
    client: Client = Field(alias="klient", title="Klientin / Klient", json_schema_extra=PER_CASE)
    case_manager: CaseManager = Field(
        alias="fallmanagement", title="Fallmanagement", json_schema_extra=PER_CASE
    )
    partners: list[Partner] = Field(
        [],
        alias="netzwerk",
        title="Netzwerkpartner",
        description="Jeder Partner braucht eine Schweigepflichtentbindung, die ihn nennt.",
        json_schema_extra=extra(PER_CASE, item("Netzwerkpartner")),
    )
    goals: list[Goal] = Field(
        alias="ziele", min_length=1, title="Ziele", json_schema_extra=item("Ziel")
    )
    data_protection: DataProtection = Field(alias="datenschutz", title="Datenschutz")
    consents: list[Release] = Field(
        [],
        alias="einwilligungen",
        title="Schweigepflichtentbindungen",
        description="Die Entbindungen des Falls; jede nennt die Partner, für die sie gilt.",
        json_schema_extra=item("Schweigepflichtentbindung"),
    )


@dataclass(frozen=True)
class ConsentStated:
    """A release from confidentiality the agreement states: for which partners and data,
    signed on, valid until. Every output names these, in every language."""

    signed_on: dt.date
    valid_until: dt.date
    partners: list[str]
    categories: list[str]
    purpose: str


@dataclass(frozen=True)
class StepStated:
    number: str  # "1.2": goal 1, step 2
    what: str
    who: str
    due: dt.date
    status: str


@dataclass(frozen=True)
class GoalStated:
    number: int
    goal: str
    life_area: str
    indicator: str
    priority: str
    deadline: dt.date
    steps: list[StepStated]


@dataclass(frozen=True)
class Signer:
    role: str
    name: str


@dataclass(frozen=True)
class AgreementStatements:
    """What the agreement states, computed once: the German PDF, DOCX and HTML, the client's
    copy in every language and its DOCX read these, never the raw fields behind them."""

    case_id: str
    date: dt.date
    review: dt.date
    client: str
    case_manager: CaseManager
    goals: list[GoalStated]
    informed_on: dt.date  # Art. 13 information given
    consents: list[ConsentStated]  # releases that hold on the agreement's date
    consent_on: dt.date | None  # a consent recorded by its date only (no release named)
    signers: list[Signer]

    def consent_note(self) -> str:
        """The German sentence on consent (the copies say it from the same statements)."""
        if self.consents:
            parts = [
                f"am {german_date(c.signed_on)} (gültig bis {german_date(c.valid_until)}) für "
                + "; ".join(c.partners)
                for c in self.consents
            ]
            return (
                "Eine Schweigepflichtentbindung für die Weitergabe personenbezogener Daten "
                "wurde " + " sowie ".join(parts) + " gesondert erteilt."
            )
        if self.consent_on is not None:
            return (
                "Die Einwilligung in die Verarbeitung und Weitergabe personenbezogener Daten "
                f"wurde am {german_date(self.consent_on)} gesondert erteilt."
            )
        return "Eine Einwilligung in die Weitergabe von Daten an Netzwerkpartner liegt nicht vor."


class Agreement(Kind[AgreementFields]):
    names = kind_names.AGREEMENT
    label = "Integrationsvereinbarung"
    model = AgreementFields
    formats = ("pdf", "docx", "html")
    distinct_by = "Version oder Datum"
    skeleton = "agreement.md"
    opens_case = True
    context_types: ClassVar[Mapping[str, Any]] = {
        "stated": AgreementStatements,
        "district": District | None,
        "signers": list[tuple[str, str]],
        "consent_note": str,
        "history": History | None,
    }

    def title(self, fields: AgreementFields) -> str:
        # The case id, not the name: titles show up in file lists and PDF viewers.
        return f"{fields.type} {fields.case_id}"

    def identity(self, fields: AgreementFields) -> tuple[str, str, str]:
        return (self.id, fields.case_id, f"Version {fields.version}")

    def checks(self) -> list[Check]:
        return [
            self.known_district,
            self.review_date,
            self.retention_event,
            self.pseudonym,
            self.deadlines,
            self.review_due,
            self.partner_consents,
            self.consents_signed,
            self.revocations,
            self.interpreting,
            *super().checks(),
        ]

    def known_district(self, doc: Document[AgreementFields], project: Project) -> list[Problem]:
        return self.district_problems(doc, project, doc.fields.district)

    def review_date(self, doc: Document[AgreementFields], project: Project) -> list[Problem]:
        f: AgreementFields = doc.fields
        if f.review > f.date:
            return []
        message = "Die Überprüfung muss nach dem Datum der Vereinbarung liegen."
        return [doc.source.problem(("überprüfung",), message)]

    def retention_event(self, doc: Document[AgreementFields], project: Project) -> list[Problem]:
        """An agreement's file is kept from the case's closing or its own date."""
        f: AgreementFields = doc.fields
        problems = []
        if f.retention is not None and f.retention.event == "Konferenz":
            problems.append(
                doc.source.problem(
                    ("aufbewahrung",),
                    "Eine Vereinbarung hat keine Konferenz, nach der die Frist laufen könnte. "
                    "Bitte „nach Abschluss“, „nach dem Dokumentdatum“ oder ein Datum angeben.",
                )
            )
        if f.closed_on is not None and f.closed_on < f.date:
            problems.append(
                doc.source.problem(
                    ("abgeschlossen_am",),
                    "Der Fall kann nicht vor dem Datum der Vereinbarung abgeschlossen sein.",
                )
            )
        return problems

    def pseudonym(self, doc: Document[AgreementFields], project: Project) -> list[Problem]:
        f: AgreementFields = doc.fields
        # Parts of a name have letters: "000" in a name says nothing about "T-0001".
        name_parts = [
            p.lower() for p in f.client.name.split() if len(p) > 2 and any(c.isalpha() for c in p)
        ]
        if not any(part in f.case_id.lower() for part in name_parts):
            return []
        return [
            doc.source.problem(
                ("fall_id",),
                "Die Fall-ID enthält den Namen der "
                "Klientin / des Klienten. Bitte ein Pseudonym verwenden.",
            )
        ]

    def deadlines(self, doc: Document[AgreementFields], project: Project) -> list[Problem]:
        f: AgreementFields = doc.fields
        src = doc.source
        problems: list[Problem] = []
        for g, goal in enumerate(f.goals):
            if goal.deadline < f.date:
                problems.append(
                    src.problem(
                        ("ziele", g, "frist"), "Die Frist liegt vor dem Datum der Vereinbarung."
                    )
                )
            for s, step in enumerate(goal.steps):
                if step.due > goal.deadline:
                    problems.append(
                        src.problem(
                            ("ziele", g, "schritte", s, "bis"),
                            "Der Schritt endet erst nach der Frist des Ziels.",
                            severity=Severity.WARNING,
                        )
                    )
        return problems

    def review_due(self, doc: Document[AgreementFields], project: Project) -> list[Problem]:
        """A warning once the agreed review date has passed, until the case is closed."""
        f: AgreementFields = doc.fields
        if not self.open_case(doc) or f.review >= dates.today():
            return []
        return [
            doc.source.problem(
                ("überprüfung",),
                f"Die Überprüfung war am {german_date(f.review)} fällig. Bitte die Vereinbarung "
                "überprüfen und fortschreiben (neue Version mit neuem Termin) oder die Phase "
                "„Abschluss“ eintragen.",
                severity=Severity.WARNING,
            )
        ]

    def partner_consents(self, doc: Document[AgreementFields], project: Project) -> list[Problem]:
        """Every network partner receives the client's data (the agreement names them, and
        steps are agreed with them): a release naming it must hold on the agreement's date."""
        f: AgreementFields = doc.fields
        recorded = consent.case_consents(project, f.case_id, doc.source, self.id)
        consents = consent.acts_for(recorded, consent.AGREEMENT_USE)
        problems = []
        for n, partner in enumerate(f.partners):
            why = consent.coverage(consents, partner.organisation, f.date)
            if why is None:
                continue
            why += consent.why_not_counted(recorded, partner.organisation, consent.AGREEMENT_USE)
            steps = [
                f"{g + 1}.{s + 1}"
                for g, goal in enumerate(f.goals)
                for s, step in enumerate(goal.steps)
                if assigned(step.who, partner)
            ]
            role = (
                f"Ihm {'ist Schritt' if len(steps) == 1 else 'sind die Schritte'} "
                f"{', '.join(steps)} zugewiesen, und er"
                if steps
                else "Er"
            )
            problems.append(
                doc.source.problem(
                    ("netzwerk", n, "organisation"),
                    f"Der Netzwerkpartner „{partner.organisation}“ ist an der Vereinbarung "
                    f"beteiligt. {role} erhält dafür Daten der Klientin / des Klienten. {why}",
                )
            )
        return problems

    def consents_signed(self, doc: Document[AgreementFields], project: Project) -> list[Problem]:
        """What the agreement states about consent is what the client signed: each entry
        under ``einwilligungen`` – its organisations and data categories – is covered by a
        signed consent form for the agreement that holds on its date, and so is the day
        ``datenschutz.einwilligung_am`` names."""
        f: AgreementFields = doc.fields
        recorded = consent.case_consents(project, f.case_id, doc.source, self.id)
        acts = [
            r
            for r in consent.acts_for(recorded, consent.AGREEMENT_USE)
            if r.consent.holds_on(f.date)
        ]
        problems = []
        for n, stated in enumerate(f.consents):
            problem = _uncovered(stated, acts, f.case_id)
            if problem is not None:
                problems.append(doc.source.problem(("einwilligungen", n), problem))
        day = f.data_protection.consent_on
        signed = [
            r for r in recorded if r.act and day in (r.consent.signed_at, r.consent.signed_on)
        ]
        if day is not None and not signed:
            problems.append(
                doc.source.problem(
                    ("datenschutz", "einwilligung_am"),
                    f"Die Vereinbarung sagt, die Einwilligung sei am {german_date(day)} "
                    "gesondert erteilt worden; eine an diesem Tag unterschriebene Einwilligung "
                    f"des Falls {f.case_id} gibt es nicht. Bitte das unterschriebene Formular "
                    "als Einwilligung des Falls ablegen (content/einwilligungen/, mit "
                    "„unterschrieben_am“) oder die Angabe löschen.",
                )
            )
        return problems

    def revocations(self, doc: Document[AgreementFields], project: Project) -> list[Problem]:
        f: AgreementFields = doc.fields
        consents = consent.case_consents(project, f.case_id, doc.source, self.id)
        return consent.revocation_problems(consents, f.date, doc.source)

    def interpreting(self, doc: Document[AgreementFields], project: Project) -> list[Problem]:
        """The signing area confirms the interpretation; without language and name it
        leaves lines to fill in by hand, which a warning points out."""
        client = doc.fields.client
        problems: list[Problem] = []
        if client.interpreter:
            missing = {
                "dolmetschsprache": (client.interpreter_language, "in welche Sprache"),
                "dolmetschung_durch": (client.interpreter_name, "wer (Name, ggf. Funktion)"),
            }
            for name, (value, what) in missing.items():
                if not value:
                    problems.append(
                        doc.source.problem(
                            ("klient", "dolmetschung"),
                            f"Bei „dolmetschung: ja“ bitte unter „klient“ auch „{name}“ angeben: "
                            f"{what} gedolmetscht wurde. Sonst bleibt im Unterschriftenbereich "
                            "eine Linie zum Ausfüllen von Hand.",
                            severity=Severity.WARNING,
                        )
                    )
        else:
            for name, value in (
                ("dolmetschsprache", client.interpreter_language),
                ("dolmetschung_durch", client.interpreter_name),
            ):
                if value:
                    problems.append(
                        doc.source.problem(
                            ("klient", name),
                            f"„{name}“ ist angegeben, aber „dolmetschung“ steht auf „nein“. "
                            "Bitte „dolmetschung: ja“ eintragen oder die Angabe löschen.",
                            severity=Severity.WARNING,
                        )
                    )
        return problems

    def open_case(self, doc: Document[AgreementFields]) -> bool:
        return bool(doc.fields.phase != "Abschluss")

    def actions(self, doc: Document[AgreementFields]) -> list[Action]:
        f: AgreementFields = doc.fields
        return [
            Action(
                source=doc.source.path,
                line=doc.source.lines.line_of(("ziele", g, "schritte", s)),
                kind="Vereinbarung",
                case_id=f.case_id,
                district=f.district,
                number=f"{g + 1}.{s + 1}",
                what=step.what,
                responsible=step.who,
                due=step.due,
                status=step.status,
                due_field=("ziele", g, "schritte", s, "bis"),
            )
            for g, goal in enumerate(f.goals)
            for s, step in enumerate(goal.steps)
        ]

    def statements(self, doc: Document[AgreementFields], project: Project) -> AgreementStatements:
        f: AgreementFields = doc.fields
        signers = [
            Signer("Klientin / Klient", f.client.name),
            Signer("Fallmanagement", f.case_manager.name),
        ]
        signers += [
            Signer(p.role or "Netzwerkpartner", p.organisation) for p in f.partners if p.signs
        ]
        if f.client.interpreter:
            name = f.client.interpreter_name or "Dolmetscherin / Dolmetscher"
            signers.append(Signer("Dolmetschung", name))
        recorded = consent.case_consents(project, f.case_id, doc.source, self.id)
        # What is signed for the agreement, never a conference's release nor its own list.
        holding = consent.holding(consent.acts_for(recorded, consent.AGREEMENT_USE), f.date)
        return AgreementStatements(
            case_id=f.case_id,
            date=f.date,
            review=f.review,
            client=f.client.name,
            case_manager=f.case_manager,
            goals=[
                GoalStated(
                    number=g,
                    goal=goal.goal,
                    life_area=goal.life_area,
                    indicator=goal.indicator,
                    priority=goal.priority,
                    deadline=goal.deadline,
                    steps=[
                        StepStated(f"{g}.{s}", step.what, step.who, step.due, step.status)
                        for s, step in enumerate(goal.steps, start=1)
                    ],
                )
                for g, goal in enumerate(f.goals, start=1)
            ],
            informed_on=f.data_protection.informed_on,
            consents=[
                ConsentStated(
                    c.signed_on, c.valid_until, list(c.partners), list(c.data_categories), c.purpose
                )
                for c in holding
            ],
            consent_on=f.data_protection.consent_on,
            signers=signers,
        )

    def case_stem(self, case_id: str, day: dt.date) -> str:
        return case_id  # the case's file: one per case, its versions inside

    def context(self, doc: Document[AgreementFields], project: Project) -> dict[str, Any]:
        f: AgreementFields = doc.fields
        stated = self.statements(doc, project)
        # A re-assessment (a later version) shows the case's history since the first one.
        history = (
            case_history(f, doc.source.path, project, AgreementFields) if f.version > 1 else None
        )
        return {
            "stated": stated,
            "district": project.district(f.district),
            "signers": [(s.role, s.name) for s in stated.signers],
            "consent_note": stated.consent_note(),
            "history": history,
        }


def _uncovered(stated: Release, acts: list[consent.Recorded], case_id: str) -> str | None:
    """Why no signed act covers what one entry of the agreement states, or None."""
    best: tuple[int, consent.Recorded, list[str], list[str]] | None = None
    for r in acts:
        partners = [p for p in stated.partners if not r.consent.names(p)]
        categories = [c for c in stated.data_categories if not r.consent.covers(c)]
        if not partners and not categories:
            return None
        missing = len(partners) + len(categories)
        if best is None or missing < best[0]:
            best = (missing, r, partners, categories)
    what = "; ".join(
        [*(f"die Organisation „{p}“" for p in stated.partners)]
        + [f"die Daten „{c}“" for c in stated.data_categories]
    )
    if best is None:
        return (
            f"Die Vereinbarung gibt an, die Person habe eingewilligt ({what}); eine "
            f"unterschriebene Einwilligung des Falls {case_id} für die Vereinbarung, die am "
            "Tag der Vereinbarung gilt, gibt es nicht. Bitte das unterschriebene Formular als "
            "Einwilligung des Falls ablegen (content/einwilligungen/, „gilt_für: "
            "[vereinbarung]“, „unterschrieben_am“) – oder die Angabe streichen."
        )
    _, r, partners, categories = best
    gaps = [f"„{p}“" for p in partners] + [f"„{c}“" for c in categories]
    return (
        f"Die Vereinbarung gibt mehr an, als unterschrieben ist: {', '.join(gaps)} deckt die "
        f"Einwilligung vom {german_date(r.consent.signed_on)} ({r.where()}) nicht ab. "
        f"{consent.GET_RELEASE}, oder die Angabe hier auf das Unterschriebene beschränken."
    )


def assigned(who: str, partner: Partner) -> bool:
    """Whether a step's ``wer`` names the partner: by its role or its organisation's first
    word ("Klientin mit Jobcenter" names "Jobcenter Kreis Warendorf, Standort Telgte")."""
    said = " ".join(who.casefold().split())
    words = partner.organisation.casefold().split()
    names = [partner.role.casefold(), words[0] if words else ""]
    return any(len(name) > 3 and name in said for name in names)
