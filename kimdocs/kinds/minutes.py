"""Fallkonferenz-Protokoll: who met, on what legal basis data was shared, who does what by when.

Two types: an individual case conference (the client is identifiable, so a valid
release from confidentiality must cover every organisation at the table) and an
anonymised case reconstruction for planning (no name, no date of birth).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, ValidationError

from kimdocs import consent, kind_names
from kimdocs.catalog import Catalog, current_catalog
from kimdocs.consent import Release
from kimdocs.content import read_source
from kimdocs.dates import german_date
from kimdocs.errors import KimdocsError, Problem
from kimdocs.kinds.base import Action, ActionStatus, Check, Document, Kind
from kimdocs.project import Project
from kimdocs.schema import CaseId, Clock, Date, Model, NonEmpty, Text, YesNo

MinutesType = Literal["Fallkonferenz", "Fallrekonstruktion"]
INDIVIDUAL: MinutesType = "Fallkonferenz"
LEGAL_DOMAINS = (
    "Fallmanagement",
    "Ausländerbehörde",
    "Einbürgerungsbehörde",
    "Jobcenter",
    "Agentur für Arbeit",
    "Sozialamt",
    "Jugendamt",
    "Schule",
    "Kita",
    "Beratungsstelle",
    "Gesundheit",
    "Dolmetschung",
    "Koordination",
    "Sonstige",
)
# The case management office took the consent itself; it is not a recipient of the release.
_EXEMPT_DOMAINS = ("Fallmanagement",)
CONSENT = "schweigepflichtentbindung"
DEFAULT_CONFIDENTIALITY = (
    "Vertraulich. Dieses Protokoll enthält Sozialdaten und ist nur für den Verteiler bestimmt. "
    "Weitergabe nur im Rahmen der Schweigepflichtentbindung."
)


class Participant(Model):
    name: NonEmpty
    organisation: NonEmpty
    function: Text = Field("", alias="funktion")
    legal_domain: Literal[LEGAL_DOMAINS] = Field("Sonstige", alias="rechtskreis")  # type: ignore[valid-type]


class Person(Model):
    name: Text = ""
    birth_date: Date | None = Field(None, alias="geburtsdatum")


class AgreedAction(Model):
    action: NonEmpty = Field(alias="maßnahme")
    responsible: NonEmpty = Field(alias="verantwortlich")
    deadline: Date = Field(alias="frist")
    status: ActionStatus = "offen"


class MinutesFields(Model):
    kind: Text = Field("", alias="art")
    type: MinutesType = Field(INDIVIDUAL, alias="typ")
    case_id: CaseId = Field(alias="fall_id")
    district: str = Field(alias="bezirk")
    date: Date = Field(alias="datum")
    start: Clock = Field(alias="beginn")
    end: Clock | None = Field(None, alias="ende")
    place: NonEmpty = Field(alias="ort")
    format: Literal["Präsenz", "Online", "Hybrid"] = Field("Präsenz", alias="format")
    moderator: NonEmpty = Field(alias="moderation")
    minute_taker: NonEmpty = Field(alias="protokoll")
    client: Person | None = Field(None, alias="klient")
    client_present: YesNo = Field(False, alias="klient_anwesend")
    participants: list[Participant] = Field(alias="teilnehmende", min_length=1)
    # The release as this conference relies on it; releases in the case's other documents
    # (agreement, consent documents) count too.
    consent: Release | None = Field(None, alias="schweigepflichtentbindung")
    reason: NonEmpty = Field(alias="anlass")
    agenda: list[NonEmpty] = Field([], alias="tagesordnung")
    actions: list[AgreedAction] = Field([], alias="maßnahmen")
    next_date: Date | None = Field(None, alias="nächster_termin")
    distribution: list[NonEmpty] = Field([], alias="verteiler")
    confidentiality: Text = Field(DEFAULT_CONFIDENTIALITY, alias="vertraulichkeit")
    retention: NonEmpty = Field(alias="aufbewahrung")


def _norm(text: str) -> str:
    return " ".join(text.casefold().split())


class Minutes(Kind[MinutesFields]):
    names = kind_names.MINUTES
    label = "Fallkonferenz-Protokoll"
    model = MinutesFields
    formats = ("pdf", "docx", "html")
    distinct_by = "Datum oder Beginn"
    skeleton = "minutes.md"
    context_names = frozenset({"district", "individual"})

    def title(self, fields: MinutesFields) -> str:
        return f"{fields.type} {fields.case_id} vom {german_date(fields.date)}"

    def identity(self, fields: MinutesFields) -> tuple[str, str, str]:
        return (
            self.id,
            fields.case_id,
            f"{fields.type} am {fields.date:%d.%m.%Y} um {fields.start:%H:%M}",
        )

    def checks(self) -> list[Check]:
        return [
            self.known_district,
            self.times,
            self.consent_given,
            self.consent_dates,
            self.consent_covers,
            self.revocations,
            self.anonymous,
            self.distribution,
            *super().checks(),
        ]

    def known_district(self, doc: Document[MinutesFields], project: Project) -> list[Problem]:
        return self.district_problems(doc, project, doc.fields.district)

    def times(self, doc: Document[MinutesFields], project: Project) -> list[Problem]:
        f: MinutesFields = doc.fields
        if f.end is None or f.end > f.start:
            return []
        return [doc.source.problem(("ende",), "Das Ende liegt nicht nach dem Beginn.")]

    def consent_given(self, doc: Document[MinutesFields], project: Project) -> list[Problem]:
        """An individual case conference needs a release from confidentiality."""
        f: MinutesFields = doc.fields
        if f.consent is not None or f.type != INDIVIDUAL:
            return []
        if consent.case_consents(project, f.case_id, doc.source, self.id):
            return []
        return [
            doc.source.problem(
                (CONSENT,),
                "Eine Fallkonferenz braucht eine Schweigepflichtentbindung der Klientin / des "
                "Klienten für alle beteiligten Organisationen. Bitte vor der Konferenz eine "
                "einholen und hier eintragen (Datum, Organisationen, Datenkategorien, gültig "
                "bis) oder als Einwilligung des Falls ablegen. Ohne sie wird das Protokoll "
                "nicht erzeugt.",
            )
        ]

    def consent_dates(self, doc: Document[MinutesFields], project: Project) -> list[Problem]:
        """The release holds on the day of the conference."""
        f: MinutesFields = doc.fields
        src = doc.source
        release = f.consent
        if release is None or f.type != INDIVIDUAL:
            return []
        problems = []
        key = CONSENT
        if release.signed_on > f.date:
            problems.append(
                src.problem(
                    (key, "datum"),
                    f"Die Schweigepflichtentbindung wurde erst am "
                    f"{german_date(release.signed_on)} erteilt, nach der Konferenz am "
                    f"{german_date(f.date)}.",
                )
            )
        if release.valid_until < f.date:
            problems.append(
                src.problem(
                    (key, "gültig_bis"),
                    f"Die Schweigepflichtentbindung ist seit "
                    f"{german_date(release.valid_until + dt.timedelta(days=1))} abgelaufen "
                    f"(gültig bis {german_date(release.valid_until)}); die Konferenz ist am "
                    f"{german_date(f.date)}.",
                )
            )
        return problems

    def consent_covers(self, doc: Document[MinutesFields], project: Project) -> list[Problem]:
        """A release that holds on the day names every organisation at the table but the
        case management: this conference's own, or one of the case's other documents."""
        f: MinutesFields = doc.fields
        release = f.consent
        if f.type != INDIVIDUAL:
            return []
        consents = consent.case_consents(project, f.case_id, doc.source, self.id)
        if not consents:
            return []  # consent_given says what is missing
        problems = []
        for n, person in enumerate(f.participants):
            organisation = person.organisation
            if person.legal_domain in _EXEMPT_DOMAINS:
                continue
            why = consent.coverage(consents, organisation, f.date)
            if why is None:
                continue
            if not any(r.consent.names(organisation) for r in consents):
                why = (
                    f"Die Schweigepflichtentbindung deckt „{organisation}“ nicht ab "
                    f"({person.name} nimmt teil). {consent.GET_RELEASE}, oder die Person nicht "
                    "beteiligen."
                )
            elif release is not None and release.names(organisation) and release.lapse(f.date):
                continue  # consent_dates already says that this release does not hold
            problems.append(doc.source.problem(("teilnehmende", n, "organisation"), why))
        return problems

    def revocations(self, doc: Document[MinutesFields], project: Project) -> list[Problem]:
        f: MinutesFields = doc.fields
        if f.type != INDIVIDUAL:
            return []
        consents = consent.case_consents(project, f.case_id, doc.source, self.id)
        return consent.revocation_problems(consents, f.date, doc.source)

    def anonymous(self, doc: Document[MinutesFields], project: Project) -> list[Problem]:
        """An anonymised reconstruction must not name the client or give a birth date.

        The name and birth date come from ``klient`` if given, and from the case's other
        documents (same ``fall_id``), so that a name copied from the agreement is found.
        """
        f: MinutesFields = doc.fields
        src = doc.source
        problems: list[Problem] = []
        if f.type == INDIVIDUAL:
            return problems
        if f.client is not None and f.client.name:
            problems.append(
                src.problem(
                    ("klient", "name"),
                    "Eine anonymisierte Fallrekonstruktion darf den Namen nicht enthalten.",
                )
            )
        if f.client is not None and f.client.birth_date is not None:
            problems.append(
                src.problem(
                    ("klient", "geburtsdatum"),
                    "Eine anonymisierte Fallrekonstruktion darf das Geburtsdatum nicht enthalten.",
                )
            )
        clients = [f.client, *case_clients(project, f.case_id, exclude=src.path)]
        terms = dict.fromkeys(t for c in clients for t in identifying_terms(c))
        for needle, what in terms:
            for line_no, line in _body_lines(doc):
                if re.search(rf"(?<!\w){re.escape(needle)}(?!\w)", line, re.IGNORECASE):
                    problems.append(
                        Problem(
                            f"Der Text nennt {what} („{needle}“); in einer anonymisierten "
                            "Fallrekonstruktion ist das nicht erlaubt.",
                            file=src.path,
                            line=line_no,
                            field="Text",
                        )
                    )
        for line_no, line in _body_lines(doc):
            if re.search(r"\bgeb(\.|oren)\s*(am\s*)?\d", line, re.IGNORECASE):
                problems.append(
                    Problem(
                        "Der Text nennt ein Geburtsdatum; in einer anonymisierten "
                        "Fallrekonstruktion ist das nicht erlaubt.",
                        file=src.path,
                        line=line_no,
                        field="Text",
                    )
                )
        return problems

    def distribution(self, doc: Document[MinutesFields], project: Project) -> list[Problem]:
        f: MinutesFields = doc.fields
        allowed = {_norm(p.name) for p in f.participants} | {
            _norm(p.organisation) for p in f.participants
        }
        return [
            doc.source.problem(
                ("verteiler", n),
                f"„{entry}“ hat nicht teilgenommen; das Protokoll geht nur an Teilnehmende.",
            )
            for n, entry in enumerate(f.distribution)
            if _norm(entry) not in allowed
        ]

    def actions(self, doc: Document[MinutesFields]) -> list[Action]:
        f: MinutesFields = doc.fields
        return [
            Action(
                source=doc.source.path,
                line=doc.source.lines.line_of(("maßnahmen", n)),
                kind="Protokoll",
                case_id=f.case_id,
                district=f.district,
                number=str(n + 1),
                what=a.action,
                responsible=a.responsible,
                due=a.deadline,
                status=a.status,
                due_field=("maßnahmen", n, "frist"),
            )
            for n, a in enumerate(f.actions)
        ]

    def context(self, doc: Document[MinutesFields], project: Project) -> dict[str, Any]:
        f: MinutesFields = doc.fields
        return {"district": project.district(f.district), "individual": f.type == INDIVIDUAL}


_NAME_SPLIT = re.compile(r"[\s,&()/]+")


def name_parts(name: str) -> list[str]:
    """Parts of a name that identify on their own: ``D'Souza-Haddad`` → also ``Haddad``.

    Words in lower case ("fiktiv", "von") and abbreviations ("Dr.") are left out;
    scripts without capitals, such as Arabic, count as names.
    """
    parts: list[str] = []
    for token in _NAME_SPLIT.split(name):
        pieces = [token, *re.split(r"[-'’]", token)] if re.search(r"[-'’]", token) else [token]
        parts += [
            p
            for p in pieces
            if len(p) >= 3 and p[0].isalpha() and not p.islower() and not p.endswith(".")
        ]
    return list(dict.fromkeys(parts))


def identifying_terms(client: Person | None) -> list[tuple[str, str]]:
    """Name, name parts and birth date forms of a client, for searching a text."""
    if client is None:
        return []
    terms: list[tuple[str, str]] = []
    if client.name:
        terms.append((client.name, "den Namen"))
        terms += [(part, "einen Namensteil") for part in name_parts(client.name)]
    if client.birth_date is not None:
        terms += [
            (german_date(client.birth_date), "das Geburtsdatum"),
            (client.birth_date.isoformat(), "das Geburtsdatum"),
        ]
    return terms


def case_clients(project: Project, case_id: str, exclude: Path) -> list[Person]:
    """The ``klient`` entries of the project's other documents about the same case."""
    excluded = exclude.resolve()
    return [
        person
        for path, person in _client_index(current_catalog(project)).get(case_id.casefold(), [])
        if path != excluded
    ]


_INDEX = "minutes.case_clients"


def _client_index(catalog: Catalog) -> dict[str, list[tuple[Path, Person]]]:
    # Once per walk of content/, not once per reconstruction: a build reads each file for
    # the index once, and the next build (or preview rebuild) walks and reads afresh.
    index: dict[str, list[tuple[Path, Person]]] | None = catalog.derived.get(_INDEX)
    if index is not None:
        return index
    index = {}
    for entry in catalog.documents():
        try:
            meta = read_source(entry.path).meta
            client = Person.model_validate(meta["klient"])
        except (KimdocsError, ValidationError, KeyError, TypeError):
            continue
        # Case ids are typed by people: "t-0001" is the case "T-0001".
        key = str(meta.get("fall_id", "")).strip().casefold()
        index.setdefault(key, []).append((entry.path, client))
    catalog.derived[_INDEX] = index
    return index


def _body_lines(doc: Document[MinutesFields]) -> list[tuple[int, str]]:
    lines = doc.source.body.split("\n")
    return [(doc.source.body_line_at(i), line) for i, line in enumerate(lines)]
