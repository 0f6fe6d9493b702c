"""Fallkonferenz-Protokoll: who met, on what legal basis data was shared, who does what by when.

Two types: an individual case conference (the client is identifiable, so a valid
release from confidentiality must cover every organisation at the table) and an
anonymised case reconstruction for planning: its own id instead of the case id, and
nothing in its file name, fields or text that identifies a person (``anonymous``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, ClassVar, Literal

from pydantic import BeforeValidator, Field, ValidationError

from kimdocs import kind_names
from kimdocs.base.dates import german_date
from kimdocs.base.errors import KimdocsError, Problem, Severity
from kimdocs.catalog import Catalog, current_catalog
from kimdocs.kinds import consents as consent
from kimdocs.kinds.consents import Release
from kimdocs.kinds.deletion_log import tombstones
from kimdocs.kinds.kind import Action, ActionStatus, Check, Document, Kind, Variant
from kimdocs.kinds.retention import Retention
from kimdocs.project import District, Project
from kimdocs.schema import (
    DISTRICT_CHOICE,
    LONG_TEXT,
    PER_CASE,
    CaseId,
    Clock,
    Date,
    Model,
    NonEmpty,
    Text,
    YesNo,
    extra,
    item,
    kind_field,
)
from kimdocs.text.identifiers import (
    CASE_ID,
    Found,
    find_identifiers,
    name_key,
    office_name,
    profile,
    quasi_identifiers,
)

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
# The case's own KIM office took the consent itself; it is no recipient of the release.
# Decided by the organisation written down, never by the free-text ``rechtskreis``.
OWN_OFFICE = "Kommunales Integrationsmanagement"
_OFFICE_WORDS = {"bezirk", "kim", "des", "der", "im", "kreises", "kreis", "stadt", "-", ","}


def own_office(organisation: str, project: Project, district: str) -> bool:
    """Whether an organisation is the case's own KIM office ("Kommunales
    Integrationsmanagement – Bezirk Südkreis"): nothing but the office's name, the
    organisation's and the case's district may follow."""
    key = name_key(organisation)
    org = project.config.organisation
    names = [OWN_OFFICE, "KIM", org.department, re.sub(r"\s*\(.*?\)", "", org.department)]
    here = project.district(district)
    allowed = set(_OFFICE_WORDS) | set(name_key(org.name).split())
    if here is not None:
        allowed |= set(name_key(here.name).split()) | {here.id.casefold()}
    for name in filter(None, (name_key(n) for n in names)):
        if key.startswith(name):
            rest = re.split(r"[\s,()–-]+", key[len(name) :])
            if all(word in allowed for word in rest if word):
                return True
    return False


CONSENT = "schweigepflichtentbindung"
DEFAULT_CONFIDENTIALITY = (
    "Vertraulich. Dieses Protokoll enthält Sozialdaten und ist nur für den Verteiler bestimmt. "
    "Weitergabe nur im Rahmen der Schweigepflichtentbindung."
)


RECONSTRUCTION_ID = "rekonstruktion_id"
_RECONSTRUCTION_ID = re.compile(r"^REK-(\d{4})-(\d{3,6})$")


def _reconstruction_id(value: Any) -> Any:
    text = str(value).strip().upper() if isinstance(value, str) else value
    if not isinstance(text, str) or not _RECONSTRUCTION_ID.match(text):
        raise ValueError(
            f"„{value}“ taugt nicht als Rekonstruktions-ID: bitte „REK-“, das Jahr und eine "
            "laufende Nummer schreiben, z. B. REK-2026-001."
        )
    return text


ReconstructionId = Annotated[str, BeforeValidator(_reconstruction_id)]


class Participant(Model):
    name: NonEmpty = Field(title="Name")
    organisation: NonEmpty = Field(
        title="Organisation",
        description="Genau so geschrieben wie in der Schweigepflichtentbindung.",
    )
    function: Text = Field("", alias="funktion", title="Funktion")
    legal_domain: Literal[LEGAL_DOMAINS] = Field(  # type: ignore[valid-type]
        "Sonstige", alias="rechtskreis", title="Rechtskreis"
    )


class Person(Model):
    name: Text = Field("", title="Name der Klientin / des Klienten")
    birth_date: Date | None = Field(
        None, alias="geburtsdatum", title="Geburtsdatum", json_schema_extra=PER_CASE
    )


class AgreedAction(Model):
    action: NonEmpty = Field(alias="maßnahme", title="Maßnahme", json_schema_extra=LONG_TEXT)
    responsible: NonEmpty = Field(alias="verantwortlich", title="Verantwortlich")
    deadline: Date = Field(alias="frist", title="Frist")
    status: ActionStatus = Field("offen", title="Stand")


class MinutesFields(Model):
    kind: Text = kind_field()
    type: MinutesType = Field(INDIVIDUAL, alias="typ", title="Art der Konferenz")
    # A conference names its case; a reconstruction carries its own id instead (see
    # ``case_reference``): the case id leads to the agreement with the client's name.
    case_id: CaseId | None = Field(
        None,
        alias="fall_id",
        title="Fall-ID",
        description="Bei einer Fallkonferenz: die Fall-ID der Vereinbarung.",
        json_schema_extra=PER_CASE,
    )
    reconstruction_id: ReconstructionId | None = Field(
        None,
        alias="rekonstruktion_id",
        title="Rekonstruktions-ID",
        description="Nur bei einer Fallrekonstruktion, z. B. REK-2026-001.",
    )
    district: str = Field(alias="bezirk", title="Bezirk", json_schema_extra=DISTRICT_CHOICE)
    date: Date = Field(alias="datum", title="Datum der Konferenz")
    start: Clock = Field(alias="beginn", title="Beginn", description="Uhrzeit, z. B. 09:30.")
    end: Clock | None = Field(None, alias="ende", title="Ende", description="Uhrzeit.")
    place: NonEmpty = Field(alias="ort", title="Ort")
    format: Literal["Präsenz", "Online", "Hybrid"] = Field(
        "Präsenz", alias="format", title="Form der Konferenz"
    )
    moderator: NonEmpty = Field(alias="moderation", title="Moderation")
    minute_taker: NonEmpty = Field(alias="protokoll", title="Protokoll")
    client: Person | None = Field(
        None, alias="klient", title="Klientin / Klient", json_schema_extra=PER_CASE
    )
    client_present: YesNo = Field(
        False, alias="klient_anwesend", title="Klientin / Klient anwesend"
    )
    participants: list[Participant] = Field(
        alias="teilnehmende",
        min_length=1,
        title="Teilnehmende",
        json_schema_extra=extra(PER_CASE, item("Teilnehmende Person")),
    )
    # The release as this conference relies on it; releases in the case's other documents
    # (agreement, consent documents) count too.
    consent: Release | None = Field(
        None,
        alias="schweigepflichtentbindung",
        title="Schweigepflichtentbindung",
        description="Muss jede teilnehmende Organisation nennen.",
    )
    reason: NonEmpty = Field(alias="anlass", title="Anlass", json_schema_extra=LONG_TEXT)
    agenda: list[NonEmpty] = Field(
        [], alias="tagesordnung", title="Tagesordnung", description="Je Zeile ein Punkt."
    )
    actions: list[AgreedAction] = Field(
        [], alias="maßnahmen", title="Vereinbarte Maßnahmen", json_schema_extra=item("Maßnahme")
    )
    next_date: Date | None = Field(None, alias="nächster_termin", title="Nächster Termin")
    distribution: list[NonEmpty] = Field(
        [], alias="verteiler", title="Verteiler", description="Je Zeile eine Stelle."
    )
    confidentiality: Text = Field(
        DEFAULT_CONFIDENTIALITY,
        alias="vertraulichkeit",
        title="Vertraulichkeit",
        json_schema_extra=LONG_TEXT,
    )
    retention: Retention = Field(
        alias="aufbewahrung",
        title="Aufbewahrung",
        description="Z. B. „6 Monate nach der Konferenz“ oder „bis 31.12.2029“.",
    )


RECONSTRUCTION_NAME = "fallrekonstruktion"  # ``kimdocs new fallrekonstruktion``


def next_reconstruction_id(project: Project, year: int) -> str:
    """One above the highest ``REK-year-NNN`` the project's minutes or the deletion log use:
    an id is never issued twice."""
    numbers = [0]
    for spent in tombstones(project):
        match = re.fullmatch(rf"REK-{year}-(\d+)", spent)
        if match:
            numbers.append(int(match.group(1)))
    catalog = current_catalog(project)
    for entry in catalog.of_kind(kind_names.MINUTES.id):
        try:
            value = str(catalog.read(entry.path).meta.get(RECONSTRUCTION_ID, ""))
        except KimdocsError:
            continue
        match = re.fullmatch(rf"REK-{year}-(\d+)", value.strip(), re.IGNORECASE)
        if match:
            numbers.append(int(match.group(1)))
    return f"REK-{year}-{max(numbers) + 1:03d}"


def reference(fields: MinutesFields) -> str:
    """What the minutes are filed under: the case id, or a reconstruction's own id."""
    if fields.type == INDIVIDUAL:
        return fields.case_id or ""
    return fields.reconstruction_id or ""


def _norm(text: str) -> str:
    return " ".join(text.casefold().split())


class Minutes(Kind[MinutesFields]):
    names = kind_names.MINUTES
    label = "Fallkonferenz-Protokoll"
    model = MinutesFields
    formats = ("pdf", "docx", "html")
    distinct_by = "Datum oder Beginn"
    skeleton = "minutes.md"
    dated_by_name = True  # "…-fallkonferenz-2026-04-15": the day of the conference
    pseudonymised = True  # a case conference becomes a reconstruction for planning
    context_types: ClassVar[Mapping[str, Any]] = {
        "district": District | None,
        "individual": bool,
        "reference": str,
        "reference_label": str,
    }

    def case_stem(self, case_id: str, day: dt.date) -> str:
        return f"{case_id}-fallkonferenz-{day.isoformat()}"

    def variant(self, typed: str) -> Variant | None:
        if typed.strip().lower() != RECONSTRUCTION_NAME:
            return None
        return Variant("reconstruction.md", RECONSTRUCTION_NAME)

    def variant_id(self, project: Project, year: int) -> str:
        return next_reconstruction_id(project, year)

    def retention_events(self, doc: Document[MinutesFields]) -> dict[str, dt.date | None]:
        return super().retention_events(doc) | {"Konferenz": doc.fields.date}

    def title(self, fields: MinutesFields) -> str:
        return f"{fields.type} {reference(fields)} vom {german_date(fields.date)}"

    def identity(self, fields: MinutesFields) -> tuple[str, str, str]:
        return (
            self.id,
            reference(fields),
            f"{fields.type} am {german_date(fields.date)} um {fields.start:%H:%M}",
        )

    def checks(self) -> list[Check]:
        return [
            self.known_district,
            self.case_reference,
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

    def case_reference(self, doc: Document[MinutesFields], project: Project) -> list[Problem]:
        """A conference names its case (``fall_id``); a reconstruction never does.

        The reconstruction carries its own ``rekonstruktion_id`` instead: whoever reads it
        in a planning conference must not be able to look the person up by the case id.
        """
        f: MinutesFields = doc.fields
        src = doc.source
        if f.type == INDIVIDUAL:
            if f.case_id is not None:
                return []
            return [src.problem(("fall_id",), "Eine Fallkonferenz braucht eine „fall_id“.")]
        problems = []
        if f.case_id is not None:
            problems.append(
                src.problem(
                    ("fall_id",),
                    "Eine anonymisierte Fallrekonstruktion darf keine Fall-ID tragen: sie führt "
                    "zur Vereinbarung mit dem Namen der Person. Bitte „fall_id“ entfernen; die "
                    "Rekonstruktion hat ihre eigene „rekonstruktion_id“ (z. B. REK-2026-001).",
                )
            )
        if f.retention.event == "Abschluss":
            problems.append(
                src.problem(
                    ("aufbewahrung",),
                    "Eine Fallrekonstruktion gehört zu keinem Fall, die Frist kann nicht ab "
                    "dessen Abschluss laufen. Bitte eine Frist nach der Konferenz oder ein "
                    "Datum angeben (z. B. „2 Jahre nach der Konferenz“, „bis 31.12.2028“).",
                )
            )
        if f.reconstruction_id is None:
            problems.append(
                src.problem(
                    (RECONSTRUCTION_ID,),
                    "Eine Fallrekonstruktion braucht eine eigene „rekonstruktion_id“ "
                    "(z. B. REK-2026-001), nie die Fall-ID.",
                )
            )
        return problems

    def times(self, doc: Document[MinutesFields], project: Project) -> list[Problem]:
        f: MinutesFields = doc.fields
        if f.end is None or f.end > f.start:
            return []
        return [doc.source.problem(("ende",), "Das Ende liegt nicht nach dem Beginn.")]

    def usable(self, doc: Document[MinutesFields], project: Project) -> list[consent.Recorded]:
        """The releases a conference may rely on: its own, and the case's signed consent
        forms for case conferences – never another document's list."""
        f: MinutesFields = doc.fields
        recorded = consent.case_consents(project, f.case_id, doc.source, self.id)
        own = doc.source.path.resolve()
        return [r for r in recorded if r.path.resolve() == own or r.serves(consent.CONFERENCE_USE)]

    def consent_given(self, doc: Document[MinutesFields], project: Project) -> list[Problem]:
        """An individual case conference needs a release from confidentiality."""
        f: MinutesFields = doc.fields
        if f.consent is not None or f.type != INDIVIDUAL:
            return []
        if self.usable(doc, project):
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
        consents = self.usable(doc, project)
        if not consents:
            return []  # consent_given says what is missing
        recorded = consent.case_consents(project, f.case_id, doc.source, self.id)
        problems = []
        for n, person in enumerate(f.participants):
            organisation = person.organisation
            if own_office(organisation, project, f.district):
                continue
            why = consent.coverage(consents, organisation, f.date)
            if why is None:
                continue
            if not any(r.consent.names(organisation) for r in consents):
                why = (
                    f"Die Schweigepflichtentbindung deckt „{organisation}“ nicht ab "
                    f"({person.name} nimmt teil). {consent.GET_RELEASE}, oder die Person nicht "
                    "beteiligen."
                ) + consent.why_not_counted(recorded, organisation, consent.CONFERENCE_USE)
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
        """An anonymised reconstruction names no one and nothing that leads to a person.

        Refused in its file name, its fields and its text: case ids, the names and birth
        dates of every client of the project (a name copied from an agreement is found),
        birth dates, street addresses, telephone numbers and e-mail addresses; outside the
        attendees' own fields also the names of the project's people (kimdocs.toml, the
        case documents) and titled names ("Frau Haddad").
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
        known = known_identifiers(project, exclude=src.path, own_client=f.client)
        problems += self._file_name(doc, known.strict)
        for path, value in _text_fields(src.meta):
            attendee = (
                path in _ATTENDEE_FIELDS
                or path[:1] in (("verteiler",),)
                or (path[:1] == ("teilnehmende",) and path[-1:] == ("name",))
            )
            terms = known.strict if attendee else known.all
            for hit in find_identifiers(value, known=terms, titled_names=not attendee):
                problems.append(
                    src.problem(
                        path,
                        f"Das Feld nennt {hit.what} („{hit.text}“); in einer anonymisierten "
                        "Fallrekonstruktion ist das nicht erlaubt.",
                    )
                )
        for line_no, line in _body_lines(doc):
            for hit in find_identifiers(line, known=known.all):
                problems.append(
                    Problem(
                        f"Der Text nennt {hit.what} („{hit.text}“); in einer anonymisierten "
                        "Fallrekonstruktion ist das nicht erlaubt.",
                        file=src.path,
                        line=line_no,
                        field="Text",
                    )
                )
        return problems + self._quasi(doc, project)

    def _quasi(self, doc: Document[MinutesFields], project: Project) -> list[Problem]:
        """Warnings on what identifies a person only together: a birthplace, a municipality,
        a relative's name, origin with family size and arrival."""
        src = doc.source
        towns = [t for d in project.config.districts for t in d.municipalities]
        warn = Severity.WARNING
        problems: list[Problem] = []
        for path, value in _text_fields(src.meta):
            if (
                path[:1] in (("ort",), ("teilnehmende",), ("verteiler",))
                or path in _ATTENDEE_FIELDS
            ):
                continue  # where the conference met and who came: not about the person
            for hit in quasi_identifiers(value, towns):
                problems.append(src.problem(path, _quasi_message(hit), severity=warn))
        lines = _body_lines(doc)
        for line_no, line in lines:
            for hit in quasi_identifiers(line, towns):
                problems.append(
                    Problem(
                        _quasi_message(hit),
                        file=src.path,
                        line=line_no,
                        field="Text",
                        severity=warn,
                    )
                )
        text = "\n".join(line for _, line in lines)
        if profile(text):
            problems.append(
                Problem(
                    "Der Text nennt Herkunft, Familiengröße und Ankunft zusammen: in einem "
                    "Bezirk trifft das oft nur auf eine Familie zu. Bitte mindestens eine der "
                    "Angaben weglassen oder vergröbern.",
                    file=src.path,
                    line=lines[0][0] if lines else None,
                    field="Text",
                    severity=warn,
                )
            )
        return problems

    def _file_name(
        self, doc: Document[MinutesFields], terms: list[tuple[str, str]]
    ) -> list[Problem]:
        # The outputs are named as the catalog decided (``output_stem``): that name is
        # what shows in a mail attachment, so it must not lead to the case either.
        name = doc.output_stem.name
        hits = find_identifiers(name.replace("_", " "), known=terms, titled_names=False)
        if not hits:
            return []
        f: MinutesFields = doc.fields
        better = f"{f.reconstruction_id or 'REK-2026-001'}.md"
        return [
            Problem(
                f"Der Dateiname „{doc.source.path.name}“ enthält {hits[0].what} "
                f"(„{hits[0].text}“); die erzeugten Dateien hießen ebenso. Bitte die Datei "
                f"umbenennen, z. B. in „{better}“.",
                file=doc.source.path,
            )
        ]

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
                case_id=reference(f),
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
        return {
            "district": project.district(f.district),
            "individual": f.type == INDIVIDUAL,
            "reference": reference(f),
            "reference_label": "Fall-ID" if f.type == INDIVIDUAL else "Rekonstruktion",
        }


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


@dataclass(frozen=True)
class Known:
    """What a reconstruction must not name, as (text, what it is) for ``find_identifiers``."""

    strict: list[tuple[str, str]]  # case ids, clients' names and birth dates: nowhere
    all: list[tuple[str, str]]  # and the names of the project's people: not in the text


def known_identifiers(project: Project, exclude: Path, own_client: Person | None) -> Known:
    """Every case id and client of the project's case documents, and its people.

    All clients of the project, not only those of one case: a reconstruction carries no
    case id, so nothing tells which case it retells, and no client may be named in it.
    """
    excluded = exclude.resolve()
    records = [r for r in _people_index(current_catalog(project)) if r.path != excluded]
    strict: list[tuple[str, str]] = [(r.case_id, CASE_ID) for r in records if r.case_id]
    for client in (own_client, *(r.client for r in records)):
        strict += identifying_terms(client)
    people = [name for r in records for name in r.people] + project_people(project)
    everyone = strict + [(name, "den Namen") for name in people]
    return Known(list(dict.fromkeys(strict)), list(dict.fromkeys(everyone)))


def project_people(project: Project) -> list[str]:
    """Names of the people in kimdocs.toml: case managers, coordinators, press contact."""
    names = [
        contact.name
        for district in project.config.districts
        for contact in (district.case_management, district.coordination)
    ]
    if project.config.press.contact is not None:
        names.append(project.config.press.contact.name)
    # "Koordination Mitte", "Pressestelle": an office answers there, not a person.
    return [_bare_name(n) for n in names if _bare_name(n) and not office_name(_bare_name(n))]


def _bare_name(text: str) -> str:
    # "Petra Pressebeispiel (fiktiv), Pressestelle" → "Petra Pressebeispiel"
    return re.split(r"[,(]", text, maxsplit=1)[0].strip()


@dataclass(frozen=True)
class _Record:
    path: Path
    case_id: str
    client: Person | None
    people: tuple[str, ...]  # staff and partners named in the document


_INDEX = "minutes.people"


def _people_index(catalog: Catalog) -> list[_Record]:
    # Once per walk of content/, not once per reconstruction: a build reads each file for
    # the index once, and the next build (or preview rebuild) walks and reads afresh.
    index: list[_Record] | None = catalog.derived.get(_INDEX)
    if index is not None:
        return index
    index = []
    for entry in catalog.documents():
        if not any(k.id == entry.kind and k.case_data for k in kind_names.ALL):
            continue
        try:
            meta = catalog.read(entry.path).meta
        except KimdocsError:
            continue
        try:
            client: Person | None = Person.model_validate(meta.get("klient"))
        except (ValidationError, TypeError):
            client = None
        case_id = meta.get("fall_id")
        index.append(
            _Record(
                entry.path,
                str(case_id).strip() if isinstance(case_id, str | int) else "",
                client,
                tuple(_people_of(meta)),
            )
        )
    catalog.derived[_INDEX] = index
    return index


def _people_of(meta: dict[str, Any]) -> list[str]:
    """Full names of staff and partners in a case document's front matter."""
    found: list[Any] = [meta.get("moderation"), meta.get("protokoll")]
    for key, field_name in (("teilnehmende", "name"), ("netzwerk", "kontakt")):
        entries = meta.get(key)
        if isinstance(entries, list):
            found += [e.get(field_name) for e in entries if isinstance(e, dict)]
    management = meta.get("fallmanagement")
    if isinstance(management, dict):
        found.append(management.get("name"))
    return [name for v in found if isinstance(v, str) and (name := _bare_name(v))]


_ATTENDEE_FIELDS = {("moderation",), ("protokoll",)}
_OWN_FIELDS = {"klient", "fall_id", RECONSTRUCTION_ID}  # reported on their own


def _text_fields(meta: dict[str, Any]) -> list[tuple[tuple[str | int, ...], str]]:
    """Every text value of the front matter with its field path."""
    found: list[tuple[tuple[str | int, ...], str]] = []

    def walk(value: Any, path: tuple[str | int, ...]) -> None:
        if isinstance(value, str):
            found.append((path, value))
        elif isinstance(value, dict):
            for key, item in value.items():
                if path or key not in _OWN_FIELDS:
                    walk(item, (*path, str(key)))
        elif isinstance(value, list):
            for n, item in enumerate(value):
                walk(item, (*path, n))

    walk(meta, ())
    return found


def _quasi_message(hit: Found) -> str:
    return (
        f"Der Text nennt {hit.what} („{hit.text}“): allein kein Name, aber mit anderen "
        "Angaben erkennbar. Bitte prüfen, ob die Angabe für die Planung nötig ist."
    )


def _body_lines(doc: Document[MinutesFields]) -> list[tuple[int, str]]:
    lines = doc.source.body.split("\n")
    return [(doc.source.body_line_at(i), line) for i, line in enumerate(lines)]
