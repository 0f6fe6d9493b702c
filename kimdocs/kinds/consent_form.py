"""Einwilligung: the Schweigepflichtentbindung of a case with the information under Art. 13
DSGVO, to print, explain, sign and keep – in standard German or in Leichte Sprache.

The signed form is the record of the consent: its ``einwilligung:`` is the shared consent
model (``kimdocs.kinds.consents``), so agreements and minutes of the case find it. Everything the
person reads is written here once, from the project data (controller, data-protection
officer, supervisory authority, storage period in kimdocs.toml ``[datenschutz]``) and the
consent itself (purpose, organisations, data, valid until); HTML, PDF and DOCX show the same
parts.

Legal content, checked against Regulation (EU) 2016/679 (DSGVO, EUR-Lex CELEX 32016R0679):
Art. 13 Abs. 1 and 2 (what to inform about), Art. 6 Abs. 1 lit. a and Art. 9 Abs. 2 lit. a
(consent, explicit for special categories), Art. 7 Abs. 3 (withdrawal at any time, lawful
until then), Art. 15–18, 20, 21 (rights), Art. 77 (complaint; in NRW to the Landesbeauftragte
für Datenschutz und Informationsfreiheit, www.ldi.nrw.de). Samples need legal review.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Literal

from pydantic import Field

from kimdocs import kind_names
from kimdocs.base import dates
from kimdocs.base.dates import german_date
from kimdocs.base.errors import Problem, Severity
from kimdocs.base.yaml_lines import FieldPath
from kimdocs.kinds.consents import Release
from kimdocs.kinds.kind import Check, Document, Kind, WrittenText
from kimdocs.kinds.people import case_clients, same_person, staff_names
from kimdocs.kinds.retention import Retention
from kimdocs.project import DataProtectionSettings, District, Project
from kimdocs.schema import (
    DISTRICT_CHOICE,
    PER_CASE,
    CaseId,
    Date,
    Model,
    NonEmpty,
    Text,
    YesNo,
    kind_field,
)
from kimdocs.text.placeholders import placeholders

EASY = "leicht"
INFORMATION = "Teil 2: Informationen zum Datenschutz nach Art. 13 DSGVO"
INFORMATION_EASY = "Wer ist verantwortlich?"
# The signing area closes the form: the person signs after reading the consent and the
# information (Art. 7, Art. 13 DSGVO), and it stays on one page with the text before it.
SIGNING = "Unterschriften"


class Person(Model):
    name: NonEmpty = Field(title="Name der Klientin / des Klienten")
    interpreter: YesNo = Field(
        False,
        alias="dolmetschung",
        title="Mit Sprachmittlung",
        description="Ja: eine Zeile für die Unterschrift der Sprachmittlung.",
    )


class ConsentFormFields(Model):
    kind: Text = kind_field()
    case_id: CaseId = Field(alias="fall_id", title="Fall-ID", json_schema_extra=PER_CASE)
    district: str = Field(alias="bezirk", title="Bezirk", json_schema_extra=DISTRICT_CHOICE)
    date: Date = Field(alias="datum", title="Datum")
    language: Literal["standard", "leicht"] = Field(
        "standard",
        alias="sprache",
        title="Sprache des Formulars",
        description="„leicht“: in Leichter Sprache.",
    )
    client: Person = Field(alias="klient", title="Klientin / Klient", json_schema_extra=PER_CASE)
    consent: Release = Field(alias="einwilligung", title="Schweigepflichtentbindung")
    # Health data and the like (Art. 9 Abs. 1 DSGVO) need explicit consent.
    special_categories: list[NonEmpty] = Field(
        [],
        alias="besondere_kategorien",
        title="Besondere Kategorien (Art. 9 DSGVO)",
        description="Z. B. Gesundheitsdaten; je Zeile eine.",
    )
    storage: Text = Field(  # else kimdocs.toml [datenschutz]
        "",
        alias="speicherdauer",
        title="Speicherdauer",
        description="Leer lassen für die Angabe aus kimdocs.toml.",
    )
    # How long the signed form is kept; else [aufbewahrung] in kimdocs.toml.
    retention: Retention | None = Field(
        None,
        alias="aufbewahrung",
        title="Aufbewahrung",
        description="Leer lassen für die Frist aus kimdocs.toml.",
    )


@dataclass(frozen=True)
class Part:
    """One piece of the form in reading order: a heading, a paragraph or a list (``ul``
    with its ``items``); HTML and DOCX templates show the same parts."""

    kind: Literal["h2", "h3", "p", "li", "ul"]
    text: str
    items: tuple[str, ...] = ()


def _lists(parts: list[Part]) -> list[Part]:
    """Consecutive list items become one list."""
    out: list[Part] = []
    for part in parts:
        if part.kind != "li":
            out.append(part)
        elif out and out[-1].kind == "ul":
            out[-1] = Part("ul", "", (*out[-1].items, part.text))
        else:
            out.append(Part("ul", "", (part.text,)))
    return out


class ConsentForm(Kind[ConsentFormFields]):
    names = kind_names.CONSENT
    label = "Einwilligung"
    model = ConsentFormFields
    formats = ("pdf", "docx", "html")
    distinct_by = "Datum oder Sprache"
    skeleton = "consent.md"

    def case_stem(self, case_id: str, day: dt.date) -> str:
        return f"{case_id}-einwilligung-{day.isoformat()}"

    def prefill(self, text: str, project: Project, case_id: str) -> str:
        return prefilled(text, project, case_id)

    def written_easy_text(
        self, doc: Document[ConsentFormFields], project: Project
    ) -> WrittenText | None:
        """A form in Leichte Sprache is written by kimdocs from the consent and the project
        data: its parts, one sentence a line, as they are printed."""
        f = doc.fields
        if f.language != EASY:
            return None
        context = self.context(doc, project)
        fields: list[tuple[FieldPath, str]] = [(("klient", "name"), f.client.name)]
        fields += [
            (("einwilligung", "organisationen", n), v) for n, v in enumerate(f.consent.partners)
        ]
        fields += [
            (("einwilligung", "datenkategorien", n), v)
            for n, v in enumerate(f.consent.data_categories)
        ]
        markdown = easy_markdown([*context["parts"], *context["information"]])
        return WrittenText(markdown, fields, ("sprache",))

    context_types: ClassVar[Mapping[str, Any]] = {
        "district": District | None,
        "parts": list[Part],
        "information": list[Part],
        "signing": list[Part],
        "heading": str,
        "signers": list[str],
        "easy": bool,
    }

    def title(self, fields: ConsentFormFields) -> str:
        return f"Schweigepflichtentbindung {fields.case_id}"

    def identity(self, fields: ConsentFormFields) -> tuple[str, str, str]:
        return (self.id, fields.case_id, f"{german_date(fields.date)} ({fields.language})")

    def checks(self) -> list[Check]:
        return [
            self.known_district,
            self.project_data,
            self.uses,
            self.signature,
            self.client_of_case,
            self.given_by,
            *super().checks(),
        ]

    def uses(self, doc: Document[ConsentFormFields], project: Project) -> list[Problem]:
        """A consent counts only for what it says it is for."""
        if doc.fields.consent.uses:
            return []
        return [
            doc.source.problem(
                ("einwilligung",),
                "Bitte unter „einwilligung“ angeben, wofür die Einwilligung gilt: "
                "„gilt_für: [vereinbarung]“ für die Abstimmung der Integrationsvereinbarung, "
                "„fallkonferenz“ für Fallkonferenzen, oder beides – so, wie es die Person "
                "unterschreibt.",
            )
        ]

    def signature(self, doc: Document[ConsentFormFields], project: Project) -> list[Problem]:
        """The form is printed before it is signed; it counts only once marked signed."""
        f = doc.fields
        signed = f.consent.signed_at
        if signed is None:
            return [
                doc.source.problem(
                    ("einwilligung",),
                    "Noch nicht unterschrieben: Vereinbarungen und Protokolle des Falls "
                    "stützen sich erst auf diese Einwilligung, wenn die Person unterschrieben "
                    "hat und „unterschrieben_am“ unter „einwilligung“ eingetragen ist.",
                    severity=Severity.WARNING,
                )
            ]
        problems = []
        if signed > dates.today():
            problems.append(
                doc.source.problem(
                    ("einwilligung", "unterschrieben_am"),
                    f"„unterschrieben_am“ ist der {german_date(signed)}, ein Tag in der "
                    "Zukunft. Erst nach der Unterschrift den Tag eintragen; bis dahin stützt "
                    "sich kein Dokument vor diesem Tag auf die Einwilligung.",
                    severity=Severity.WARNING,
                )
            )
        if signed < f.date:
            problems.append(
                doc.source.problem(
                    ("einwilligung", "unterschrieben_am"),
                    f"Unterschrieben am {german_date(signed)}, vor dem Datum des Formulars "
                    f"({german_date(f.date)}): unterschrieben wird das gedruckte Formular.",
                )
            )
        return problems

    def client_of_case(self, doc: Document[ConsentFormFields], project: Project) -> list[Problem]:
        """The form names the client of its case, as the case's agreement does."""
        f = doc.fields
        clients = case_clients(project, f.case_id)
        if not clients or any(same_person(f.client.name, c) for c in clients):
            return []
        return [
            doc.source.problem(
                ("klient", "name"),
                f"Das Formular nennt „{f.client.name}“, die Vereinbarung des Falls "
                f"{f.case_id} aber „{clients[0]}“. Eine Einwilligung gilt nur für die Person, "
                "die sie unterschrieben hat: bitte Fall-ID und Namen prüfen.",
            )
        ]

    def given_by(self, doc: Document[ConsentFormFields], project: Project) -> list[Problem]:
        """Only the client consents, or a legal representative; never the staff."""
        f = doc.fields
        giver = f.consent.given_by
        if not giver or same_person(giver, f.client.name):
            return []
        loc: FieldPath = ("einwilligung", "erteilt_von")
        staff = [n for n in staff_names(project, f.case_id) if same_person(giver, n)]
        if staff:
            return [
                doc.source.problem(
                    loc,
                    f"„{giver}“ arbeitet in dem Fall mit (Fachkraft oder Partner). Eine "
                    "Einwilligung erteilt nur die Person selbst oder ihre gesetzliche "
                    "Vertretung; bitte die Person unterschreiben lassen.",
                )
            ]
        if f.consent.representation is None:
            return [
                doc.source.problem(
                    loc,
                    f"Erteilt von „{giver}“, nicht von {f.client.name}: das geht nur als "
                    "gesetzliche Vertretung. Bitte „vertretung“ angeben (Eltern, "
                    "Vormundschaft, rechtliche Betreuung oder Bevollmächtigung) und den "
                    "Nachweis zur Akte nehmen.",
                )
            ]
        return []

    def known_district(self, doc: Document[ConsentFormFields], project: Project) -> list[Problem]:
        return self.district_problems(doc, project, doc.fields.district)

    def project_data(self, doc: Document[ConsentFormFields], project: Project) -> list[Problem]:
        """Art. 13 Abs. 1 lit. b DSGVO: the form names the data-protection officer; what
        ``kimdocs init`` left as placeholders there is not yet filled in."""
        settings = project.config.data_protection
        if settings is None:
            return [
                doc.source.problem(
                    ("art",),
                    "Für die Informationen nach Art. 13 DSGVO fehlen in kimdocs.toml die "
                    "Angaben unter [datenschutz]: die Kontaktdaten der oder des "
                    "Datenschutzbeauftragten ([datenschutz.beauftragte] mit name, anschrift, "
                    "telefon, email) und die Speicherdauer (speicherdauer). Bitte bei der "
                    "Datenschutzstelle erfragen und eintragen.",
                )
            ]
        values = {
            "speicherdauer": settings.retention,
            "speicherdauer_leicht": settings.retention_easy,
            "aufsicht": settings.authority,
            "aufsicht_leicht": settings.authority_easy,
            "beauftragte.name": settings.officer.name,
            "beauftragte.funktion": settings.officer.function,
            "beauftragte.anschrift": settings.officer.address,
            "beauftragte.telefon": settings.officer.phone,
            "beauftragte.email": settings.officer.email,
        }
        left = [key for key, value in values.items() if placeholders(value)]
        if not left:
            return []
        return [
            doc.source.problem(
                ("art",),
                "In kimdocs.toml stehen unter [datenschutz] noch Platzhalter «…» ("
                + ", ".join(left)
                + "): das Formular würde sie drucken. Bitte die Angaben bei der "
                "Datenschutzstelle erfragen und eintragen.",
            )
        ]

    def context(self, doc: Document[ConsentFormFields], project: Project) -> dict[str, Any]:
        f: ConsentFormFields = doc.fields
        district = project.district(f.district)
        settings = project.config.data_protection
        easy = f.language == EASY
        write = easy_parts if easy else standard_parts
        parts = write(f, project, district, settings) if settings is not None else []
        # The consent, then the information, then the signing area that confirms both.
        split = _index(parts, (INFORMATION, INFORMATION_EASY))
        signing = _index(parts, (SIGNING,))
        signers = [
            "Unterschrift der Klientin / des Klienten" if not easy else "Ihre Unterschrift",
            "Unterschrift Fallmanagement",
        ]
        if f.client.interpreter:
            signers.insert(1, "Name und Unterschrift der Sprachmittlerin / des Sprachmittlers")
        heading = (
            "Ihre Erlaubnis für Ihre Daten"
            if easy
            else "Schweigepflichtentbindung und Einwilligung in die Datenverarbeitung"
        )
        return {
            "district": district,
            "parts": _lists(parts[:split]),
            "information": _lists(parts[split:signing]),
            "signing": _lists(parts[signing:]),
            "heading": heading,
            "signers": signers,
            "easy": easy,
        }


def easy_markdown(parts: list[Part]) -> str:
    """The parts as Markdown, every sentence on a line of its own."""
    lines: list[str] = []
    for part in parts:
        if part.kind in ("h2", "h3"):
            lines += [f"## {part.text}", ""]
        elif part.kind == "ul":
            lines += [f"- {item}" for item in part.items] + [""]
        else:
            lines += [part.text, ""]
    return "\n".join(lines)


def _index(parts: list[Part], headings: tuple[str, ...]) -> int:
    """Where the first of these headings opens a part of the form (the end if none does)."""
    return next(
        (n for n, p in enumerate(parts) if n and p.kind == "h2" and p.text in headings),
        len(parts),
    )


def _office(project: Project, district: District | None) -> str:
    org = project.config.organisation
    office = org.department or "Kommunales Integrationsmanagement"
    where = f", Bezirk {district.name}" if district is not None else ""
    return f"{office}{where}"


def _contact(district: District | None) -> str:
    if district is None:
        return ""
    c = district.case_management
    return ", ".join(x for x in (c.name, c.phone, c.email) if x)


def standard_parts(
    f: ConsentFormFields,
    project: Project,
    district: District | None,
    settings: DataProtectionSettings,
) -> list[Part]:
    org = project.config.organisation
    c = f.consent
    purpose = c.purpose or "Abstimmung der Hilfen im Fallmanagement mit den genannten Stellen"
    office = _office(project, district)
    parts = [
        Part("h2", "Teil 1: Einwilligung und Entbindung von der Schweigepflicht"),
        Part(
            "p",
            f"Ich, {f.client.name}, willige ein, dass das Fallmanagement – {office}, "
            f"{org.name} – personenbezogene Daten über mich zu folgendem Zweck verarbeitet und "
            f"mit den unten genannten Stellen austauscht: {purpose}.",
        ),
        Part(
            "p",
            "Dafür entbinde ich die Mitarbeitenden des Fallmanagements und der genannten "
            "Stellen untereinander von ihrer Schweigepflicht.",
        ),
        Part("h3", "Stellen, mit denen Daten ausgetauscht werden dürfen"),
        *(Part("li", partner) for partner in c.partners),
        Part("h3", "Daten, die ausgetauscht werden dürfen"),
        *(Part("li", category) for category in c.data_categories),
    ]
    if f.special_categories:
        parts.append(
            Part(
                "p",
                "Darunter sind besondere Kategorien personenbezogener Daten (Art. 9 Abs. 1 "
                f"DSGVO): {', '.join(f.special_categories)}. In ihre Verarbeitung willige ich "
                "ausdrücklich ein (Art. 9 Abs. 2 lit. a DSGVO).",
            )
        )
    parts += [
        Part(
            "p",
            f"Die Einwilligung gilt vom {german_date(c.signed_on)} bis zum "
            f"{german_date(c.valid_until)}, wenn ich sie nicht vorher widerrufe.",
        ),
        Part("h3", "Freiwilligkeit und Widerruf"),
        Part(
            "p",
            "Die Einwilligung ist freiwillig. Die Beratung durch das Fallmanagement hängt nicht "
            "von ihr ab. Ohne Einwilligung werden keine Daten an die genannten Stellen "
            "weitergegeben; die Hilfen können dann nur eingeschränkt abgestimmt werden.",
        ),
        Part(
            "p",
            "Ich kann die Einwilligung jederzeit ohne Angabe von Gründen ganz oder für einzelne "
            "Stellen widerrufen, mündlich oder schriftlich, beim Fallmanagement"
            + (f" ({_contact(district)})" if _contact(district) else "")
            + ". Der Widerruf gilt für die Zukunft: Die Verarbeitung bis zum Widerruf bleibt "
            "rechtmäßig (Art. 7 Abs. 3 DSGVO).",
        ),
        Part("h2", INFORMATION),
        Part("h3", "Verantwortliche Stelle"),
        Part("p", _controller(project)),
        Part("h3", "Datenschutzbeauftragte Stelle"),
        Part(
            "p",
            _joined(
                settings.officer.name,
                settings.officer.function,
                settings.officer.address,
                settings.officer.phone,
                settings.officer.email,
            ),
        ),
        Part("h3", "Zweck und Rechtsgrundlage"),
        Part(
            "p",
            f"Zweck der Verarbeitung: {purpose}. Rechtsgrundlage ist Ihre Einwilligung nach "
            "Art. 6 Abs. 1 lit. a DSGVO"
            + (
                ", für die besonderen Kategorien personenbezogener Daten nach Art. 9 Abs. 2 "
                "lit. a DSGVO."
                if f.special_categories
                else "."
            ),
        ),
        Part("h3", "Empfänger"),
        Part(
            "p",
            "Die Daten erhalten nur die in Teil 1 genannten Stellen, und nur für den genannten "
            "Zweck. Eine Übermittlung in Staaten außerhalb der Europäischen Union findet nicht "
            "statt.",
        ),
        Part("h3", "Speicherdauer"),
        Part("p", f.storage or settings.retention),
        Part("h3", "Ihre Rechte"),
        Part("p", "Sie haben gegenüber der verantwortlichen Stelle das Recht auf"),
        Part("li", "Auskunft über die gespeicherten Daten (Art. 15 DSGVO),"),
        Part("li", "Berichtigung unrichtiger Daten (Art. 16 DSGVO),"),
        Part("li", "Löschung (Art. 17 DSGVO),"),
        Part("li", "Einschränkung der Verarbeitung (Art. 18 DSGVO),"),
        Part(
            "li",
            "Datenübertragbarkeit für die Daten, die Sie selbst bereitgestellt haben und die "
            "automatisiert verarbeitet werden (Art. 20 DSGVO),",
        ),
        Part(
            "li",
            "Widerspruch gegen die Verarbeitung, soweit sie auf Art. 6 Abs. 1 lit. e oder f "
            "DSGVO beruht (Art. 21 DSGVO); gegen die Verarbeitung auf Grund dieser "
            "Einwilligung steht Ihnen der Widerruf offen,",
        ),
        Part(
            "li",
            "Widerruf der Einwilligung jederzeit mit Wirkung für die Zukunft (Art. 7 Abs. 3 "
            "DSGVO).",
        ),
        Part("h3", "Beschwerderecht"),
        Part(
            "p",
            "Sie können sich bei einer Aufsichtsbehörde für den Datenschutz beschweren "
            f"(Art. 77 DSGVO). Zuständig ist: {settings.authority}.",
        ),
        Part("h3", "Keine Pflicht zur Einwilligung"),
        Part(
            "p",
            "Sie sind weder gesetzlich noch vertraglich verpflichtet, diese Einwilligung zu "
            "erteilen. Eine automatisierte Entscheidung oder ein Profiling (Art. 22 DSGVO) "
            "findet nicht statt.",
        ),
        Part("h2", SIGNING),
        Part(
            "p",
            "Mit meiner Unterschrift erteile ich die Einwilligung und die Entbindung von der "
            f"Schweigepflicht nach Teil 1 (Fall-ID {f.case_id}). Ich habe die Informationen "
            "zum Datenschutz in Teil 2 gelesen und erhalte eine Kopie dieser Erklärung.",
        ),
    ]
    return parts


def easy_parts(
    f: ConsentFormFields,
    project: Project,
    district: District | None,
    settings: DataProtectionSettings,
) -> list[Part]:
    """The same consent in Leichte Sprache: one statement per sentence, explained words."""
    org = project.config.organisation
    c = f.consent
    parts = [
        Part("h2", "Worum geht es?"),
        Part("p", "Sie bekommen Hilfe vom Fall·management."),
        Part("p", "Das Fall·management arbeitet mit anderen Stellen zusammen."),
        Part("p", "Dafür braucht das Fall·management Ihre Erlaubnis."),
        Part("p", "Das schwere Wort dafür ist: Schweige·pflicht·entbindung."),
        Part("h2", "Das erlauben Sie"),
        Part("p", "Das Fall·management darf mit diesen Stellen über Sie sprechen:"),
        *(Part("li", partner) for partner in c.partners),
        Part("p", "Die Stellen dürfen auch mit dem Fall·management über Sie sprechen."),
        Part("p", "Es geht nur um diese Daten:"),
        *(Part("li", category) for category in c.data_categories),
        Part("p", f"Die Erlaubnis gilt bis zum {german_date(c.valid_until, 'long')}."),
        Part("h2", "Die Erlaubnis ist freiwillig"),
        Part("p", "Sie müssen nicht unterschreiben."),
        Part("p", "Sie bekommen trotzdem Beratung vom Fall·management."),
        Part("p", "Ohne Erlaubnis geben wir Ihre Daten nicht weiter."),
        Part("h2", "Sie können die Erlaubnis zurück·nehmen"),
        Part("p", "Das geht jederzeit."),
        Part("p", "Sagen Sie es dem Fall·management."),
        Part("p", "Sie können es sagen oder schreiben."),
        Part("p", "Danach geben wir Ihre Daten nicht mehr weiter."),
        Part("p", "Alles vor dem Zurück·nehmen bleibt erlaubt."),
        Part("h2", INFORMATION_EASY),
        Part("p", f"Verantwortlich ist: {org.name}."),
        Part("p", _address(project)),
        Part("h2", "Wer hilft bei Fragen zum Daten·schutz?"),
        Part("p", f"Fragen Sie: {settings.officer.name}."),
        Part("p", _joined(settings.officer.phone, settings.officer.email)),
        Part("h2", "Wie lange heben wir Ihre Daten auf?"),
        *_sentences(settings.retention_easy),
        Part("h2", "Ihre Rechte"),
        Part("li", "Sie dürfen fragen: Welche Daten haben Sie über mich?"),
        Part("li", "Sie dürfen falsche Daten richtig·stellen lassen."),
        Part("li", "Sie dürfen Ihre Daten löschen lassen."),
        Part("li", "Sie dürfen Ihre Daten mitnehmen."),
        Part("h2", "Sie dürfen sich beschweren"),
        Part("p", "Das geht bei der Aufsicht für den Daten·schutz."),
        *_sentences(settings.authority_easy),
        Part("h2", SIGNING),
        Part("p", "Mit Ihrer Unterschrift geben Sie die Erlaubnis."),
        Part("p", "Sie bekommen eine Kopie von diesen Blättern."),
        Part("p", "Es gibt die Blätter auch in schwerer Sprache."),
    ]
    return parts


NAME_PLACEHOLDER = "  name: «Vorname Nachname»\n"
ORGANISATION_PLACEHOLDER = "    - «Organisation»\n"


def prefilled(text: str, project: Project, case_id: str) -> str:
    """A new form with the client and the network partners of the case's agreement, so
    that it builds as it is; without an agreement the placeholders stay."""
    from kimdocs.base.errors import KimdocsError
    from kimdocs.catalog import current_catalog

    catalog = current_catalog(project)
    for entry in catalog.of_kind(kind_names.AGREEMENT.id):
        try:
            meta = catalog.read(entry.path).meta
        except KimdocsError:
            continue
        if str(meta.get("fall_id", "")).strip().casefold() != case_id.casefold():
            continue
        found_client, found_partners = meta.get("klient"), meta.get("netzwerk")
        client: dict[str, Any] = found_client if isinstance(found_client, dict) else {}
        partners: list[Any] = found_partners if isinstance(found_partners, list) else []
        names = [
            str(p["organisation"])
            for p in partners
            if isinstance(p, dict) and p.get("organisation")
        ]
        if client.get("name"):
            text = text.replace(NAME_PLACEHOLDER, f"  name: {_yaml(str(client['name']))}\n")
            if str(client.get("dolmetschung", "")).strip().lower() in ("ja", "true"):
                text = text.replace("  dolmetschung: nein ", "  dolmetschung: ja   ")
        if names:
            text = text.replace(
                ORGANISATION_PLACEHOLDER, "".join(f"    - {_yaml(n)}\n" for n in names)
            )
        break
    return text


def _yaml(value: str) -> str:
    """A plain YAML scalar, quoted where YAML would read it otherwise."""
    import json

    plain = value and not any(c in value for c in ":#{}[]&*!|>'\"%@`,") and value == value.strip()
    return value if plain else json.dumps(value, ensure_ascii=False)


def _sentences(text: str) -> list[Part]:
    """Each sentence on a line of its own, as Leichte Sprache prints them."""
    from kimdocs.text.sentences import split_sentences

    return [Part("p", text[a:b]) for a, b in split_sentences(" ".join(text.split()))]


def _joined(*values: str) -> str:
    return ", ".join(v for v in values if v)


def _address(project: Project) -> str:
    a = project.config.organisation.address
    return f"{a.street}, {a.postcode} {a.town}"


def _controller(project: Project) -> str:
    org = project.config.organisation
    return _joined(org.name, org.department, _address(project), org.phone, org.email)
