"""Pressemitteilung: a release about the programme or about people it helped.

Nothing about a person may be published beyond that person's consent: the name
form, the photo, the quote and details about residence status are each checked
against the consent record, for every channel the release goes to.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, ClassVar, Literal

from pydantic import Field

from kimdocs import kind_names
from kimdocs.assets import picture_problem
from kimdocs.base.dates import german_date
from kimdocs.base.errors import Problem, Severity
from kimdocs.base.wording import did_you_mean, find_name, same_name
from kimdocs.catalog import current_catalog
from kimdocs.kinds import consents as consent
from kimdocs.kinds import people
from kimdocs.kinds.kind import Check, Document, Kind
from kimdocs.kinds.minutes import name_parts
from kimdocs.kinds.people import same_person
from kimdocs.project import Project
from kimdocs.schema import (
    LONG_TEXT,
    Clock,
    Date,
    Headline,
    Model,
    NonEmpty,
    Text,
    YesNo,
    kind_field,
)
from kimdocs.schema import (
    item as entry_name,
)
from kimdocs.text.identifiers import name_key, ordinary_word, visible
from kimdocs.text.names import NameMatcher

Channel = Literal["print", "web", "social_media"]
Item = Literal["vollständiger_name", "vorname", "initialen", "foto", "zitat", "aufenthaltsstatus"]
MAX_CHARACTERS = 3000
ITEM_LABELS = {
    "vollständiger_name": "den vollständigen Namen",
    "vorname": "den Vornamen",
    "initialen": "die Initialen",
    "foto": "ein Foto",
    "zitat": "ein Zitat",
    "aufenthaltsstatus": "Angaben zum Aufenthaltsstatus",
}
# Words that reveal residence status when they stand near a person's name, also inside a
# compound ("Ausbildungsduldung", "Chancen-Aufenthaltsrecht") and as the law's paragraphs
# ("Bleiberecht nach § 25b", "§ 60c AufenthG").
_STATUS_WORDS = re.compile(
    r"[\w-]*(?:aufenthalt|duldung|geduldet|asyl|flüchtling|geflüchtet|einbürger|eingebürgert|"
    r"staatsangehörig|niederlassungserlaubnis|ausreise|abschieb|bleiberecht|schutzstatus|"
    r"subsidiär|fiktionsbescheinigung|gestattung|blaue karte|familiennachzug|"
    r"schutzberechtigt|aufenthg|asylg|resettlement)[\w-]*"
    r"|§+\s*\d+\s*[a-z]?\b(?:\s*(?:abs\.|absatz)\s*\d+)?(?:\s*(?:aufenthg|asylg|stag|beschv))?",
    re.IGNORECASE,
)


class Consent(consent.Consent):
    """Consent to publication: the shared consent model, with what may be shown where."""

    shows: list[Item] = Field(
        alias="zeigen", title="Was gezeigt werden darf", description="Alles Angekreuzte."
    )
    channels: list[Channel] = Field(alias="kanäle", min_length=1, title="Wo")


class Person(Model):
    id: str = Field(
        pattern=r"^[a-z0-9_-]+$",
        title="Kürzel",
        description="Kleinbuchstaben, Ziffern, - und _; Zitate und Fotos verweisen darauf.",
    )
    name: NonEmpty = Field(title="Name")
    consent: Consent = Field(alias="einwilligung", title="Einwilligung zur Veröffentlichung")


class Quote(Model):
    person: NonEmpty = Field(title="Person")
    function: Text = Field("", alias="funktion", title="Funktion")
    text: NonEmpty = Field(title="Zitat", json_schema_extra=LONG_TEXT)
    approved: YesNo = Field(False, alias="freigegeben", title="Freigegeben")
    person_id: str | None = Field(
        None,
        alias="person_id",
        title="Kürzel der Person",
        description="Bei Klientinnen und Klienten: das Kürzel unter „Personen“.",
    )


class Photo(Model):
    file: NonEmpty = Field(alias="datei", title="Bilddatei", description="Pfad zur Datei.")
    caption: NonEmpty = Field(alias="bildunterschrift", title="Bildunterschrift")
    credit: Text = Field("", alias="foto", title="Foto von")
    alt: Text = Field(
        "", title="Alternativtext", description="Was auf dem Bild zu sehen ist, für Screenreader."
    )
    usage: NonEmpty = Field(alias="nutzung", title="Nutzungsrechte")
    persons: list[str] = Field(
        [], alias="personen", title="Abgebildete Personen", description="Je Zeile ein Kürzel."
    )


class Embargo(Model):
    date: Date = Field(alias="datum", title="Datum")
    time: Clock = Field(alias="uhrzeit", title="Uhrzeit")


class PressContact(Model):
    name: NonEmpty = Field(title="Name")
    phone: Text = Field("", alias="telefon", title="Telefon")
    email: Text = Field("", alias="email", title="E-Mail")


class PressFields(Model):
    kind: Text = kind_field()
    kicker: Text = Field("", alias="dachzeile", title="Dachzeile")
    headline: Headline = Field(alias="titel", title="Überschrift")
    subheading: Text = Field("", alias="untertitel", title="Unterzeile")
    place: NonEmpty = Field(alias="ort", title="Ort")
    date: Date = Field(alias="datum", title="Datum")
    lead: NonEmpty = Field(
        alias="vorspann",
        title="Vorspann",
        description="Die wichtigste Aussage in zwei, drei Sätzen.",
        json_schema_extra=LONG_TEXT,
    )
    channels: list[Channel] = Field(["print", "web"], alias="kanäle", min_length=1, title="Kanäle")
    embargo: Embargo | None = Field(
        None,
        alias="sperrfrist",
        title="Sperrfrist",
        description="Leer lassen, wenn die Mitteilung sofort frei ist.",
    )
    quotes: list[Quote] = Field(
        [], alias="zitate", title="Zitate", json_schema_extra=entry_name("Zitat")
    )
    photos: list[Photo] = Field(
        [], alias="fotos", title="Fotos", json_schema_extra=entry_name("Foto")
    )
    persons: list[Person] = Field(
        [],
        alias="personen",
        title="Personen",
        description="Jede Klientin und jeder Klient, die die Mitteilung zeigt, mit Einwilligung.",
        json_schema_extra=entry_name("Person"),
    )
    contact: PressContact | None = Field(
        None,
        alias="pressekontakt",
        title="Pressekontakt",
        description="Leer lassen für den Kontakt aus kimdocs.toml.",
    )
    boilerplate: Text = Field(
        "",
        alias="über_uns",
        title="Über uns",
        description="Leer lassen für den Text aus kimdocs.toml.",
        json_schema_extra=LONG_TEXT,
    )


class Press(Kind[PressFields]):
    names = kind_names.PRESS
    label = "Pressemitteilung"
    model = PressFields
    formats = ("pdf", "docx", "txt", "html", "json")
    skeleton = "press.md"
    context_types: ClassVar[Mapping[str, Any]] = {
        "characters": int,
        "characters_without_spaces": int,
        "contact": PressContact,
        "boilerplate": str,
        "body_text": str,
    }
    web_template = "press.fragment.html"
    always_formats = ("pdf", "docx", "txt", "html", "json")

    def title(self, fields: PressFields) -> str:
        return str(fields.headline)

    def identity(self, fields: PressFields) -> tuple[str, str, str]:
        return (self.id, fields.headline, f"Datum {german_date(fields.date)}")

    def files(self, doc: Document[PressFields]) -> list[Path]:
        return [doc.source.path.parent / photo.file for photo in doc.fields.photos]

    def checks(self) -> list[Check]:
        return [
            self.quotes_approved,
            self.photos,
            self.photo_persons,
            self.consents,
            self.known_people,
            self.length,
            self.contact,
            *super().checks(),
        ]

    def quotes_approved(self, doc: Document[PressFields], project: Project) -> list[Problem]:
        f: PressFields = doc.fields
        src = doc.source
        problems: list[Problem] = []
        for n, quote in enumerate(f.quotes):
            if not quote.approved:
                problems.append(
                    src.problem(
                        ("zitate", n, "freigegeben"),
                        f"Das Zitat von "
                        f"{quote.person} ist nicht freigegeben. Erst nach "
                        "Freigabe „freigegeben: ja“ setzen.",
                    )
                )
        return problems

    def photos(self, doc: Document[PressFields], project: Project) -> list[Problem]:
        f: PressFields = doc.fields
        src = doc.source
        problems: list[Problem] = []
        for n, photo in enumerate(f.photos):
            if not photo.credit.strip():
                problems.append(
                    src.problem(
                        ("fotos", n, "foto"), "Der Bildnachweis fehlt („foto: Foto: Name“)."
                    )
                )
            if not photo.alt.strip():
                problems.append(
                    src.problem(
                        ("fotos", n, "alt"),
                        "Der Alternativtext fehlt: "
                        "kurz beschreiben, was auf dem Bild zu sehen ist.",
                    )
                )
            trouble = picture_problem(src.path.parent / photo.file, project.root, photo.file)
            if trouble:
                problems.append(src.problem(("fotos", n, "datei"), trouble))
        return problems

    def photo_persons(self, doc: Document[PressFields], project: Project) -> list[Problem]:
        f: PressFields = doc.fields
        known = [p.id for p in f.persons]
        return [
            doc.source.problem(
                ("fotos", n, "personen", m),
                f"Person „{pid}“ hat keinen Eintrag unter „personen“ mit Einwilligung."
                + did_you_mean(pid, known),
            )
            for n, photo in enumerate(f.photos)
            for m, pid in enumerate(photo.persons)
            if find_name(pid, known) is None
        ]

    def consents(self, doc: Document[PressFields], project: Project) -> list[Problem]:
        f: PressFields = doc.fields
        return [
            p for n, person in enumerate(f.persons) for p in self._consent_problems(doc, n, person)
        ]

    def known_people(self, doc: Document[PressFields], project: Project) -> list[Problem]:
        """Nobody the project knows – clients, their relatives, staff – is named without
        that person's consent: a person named must be listed under ``personen`` with one
        (staff may instead be quoted with an approved quote)."""
        f: PressFields = doc.fields
        listed = [p.name for p in f.persons]
        quoted = [q.person for q in f.quotes if q.approved]
        problems: list[Problem] = []
        matcher = _known_matcher(project)
        for where, text in _texts(doc):
            for hit in matcher.find(text):
                if any(
                    same_person(name, other) or _part_of(hit.text, other)
                    for name, _ in hit.payloads
                    for other in listed
                ):
                    continue  # a listed person: their consent decides (consents)
                if all(
                    role == "staff" and any(same_person(name, q) for q in quoted)
                    for name, role in hit.payloads
                ):
                    continue
                role = hit.payloads[0][1]
                who = (
                    "arbeitet im Projekt"
                    if role == "staff"
                    else "ist Klientin / Klient oder Angehörige/r eines Falls"
                )
                problems.append(
                    doc.source.problem(
                        where,
                        f"Die Mitteilung nennt „{visible(hit.text)}“: die Person ({who}) hat "
                        "nicht eingewilligt. Nur wer unter „personen“ mit einer schriftlichen "
                        "Einwilligung steht, darf genannt werden – bitte den Namen streichen "
                        "oder die Einwilligung der Person einholen.",
                    )
                )
        return problems

    def length(self, doc: Document[PressFields], project: Project) -> list[Problem]:
        src = doc.source
        problems: list[Problem] = []
        count = characters(doc)
        if count[0] > MAX_CHARACTERS:
            problems.append(
                Problem(
                    f"Der Text hat {count[0]} Zeichen (mit Leerzeichen); "
                    f"empfohlen sind höchstens {MAX_CHARACTERS}.",
                    file=src.path,
                    line=src.body_line,
                    field="Text",
                    severity=Severity.WARNING,
                )
            )
        return problems

    def contact(self, doc: Document[PressFields], project: Project) -> list[Problem]:
        """Journalists need a telephone number and an e-mail address to ask back."""
        f: PressFields = doc.fields
        own = f.contact is not None
        contact = f.contact or default_contact(project)
        missing = [w for w, v in (("Telefon", contact.phone), ("E-Mail", contact.email)) if not v]
        if not missing:
            return []
        where = (
            "unter „pressekontakt“ in dieser Mitteilung"
            if own
            else "in kimdocs.toml unter [presse.kontakt] (oder unter „pressekontakt“ in "
            "dieser Mitteilung)"
        )
        return [
            doc.source.problem(
                ("pressekontakt",),
                f"Im Pressekontakt {'fehlt' if len(missing) == 1 else 'fehlen'} "
                f"{' und '.join(missing)}: Redaktionen können nicht "
                f"nachfragen. Bitte {where} ergänzen.",
                severity=Severity.WARNING,
            )
        ]

    def _consent_problems(
        self, doc: Document[PressFields], n: int, person: Person
    ) -> list[Problem]:
        f: PressFields = doc.fields
        src = doc.source
        where = ("personen", n, "einwilligung")
        problems = []
        release_day = f.embargo.date if f.embargo else f.date
        if person.consent.valid_until < release_day:
            problems.append(
                src.problem(
                    (*where, "gültig_bis"),
                    f"Die Einwilligung von "
                    f"{person.name} gilt nur bis "
                    f"{german_date(person.consent.valid_until)}.",
                )
            )
        elif (why := person.consent.lapse(release_day)) is not None:
            revoked = person.consent.revoked_on is not None and "widerrufen" in why
            problems.append(
                src.problem(
                    (*where, "widerrufen_am" if revoked else "datum"),
                    f"Die Einwilligung von {person.name} {why}; die Mitteilung erscheint am "
                    f"{german_date(release_day)}. Nichts über die Person veröffentlichen, "
                    "solange sie nicht neu schriftlich eingewilligt hat.",
                )
            )
        missing = [c for c in f.channels if c not in person.consent.channels]
        if missing:
            problems.append(
                src.problem(
                    (*where, "kanäle"),
                    f"{person.name} hat nicht in "
                    f"die Veröffentlichung über {', '.join(missing)} "
                    "eingewilligt.",
                )
            )
        allowed = set(person.consent.shows)
        for item, place in used_items(doc, person):
            if item in allowed or (
                item in ("vorname", "initialen") and "vollständiger_name" in allowed
            ):
                continue
            problems.append(
                src.problem(
                    place,
                    f"{person.name}: Die Mitteilung zeigt "
                    f"{ITEM_LABELS[item]}, die Einwilligung erlaubt das "
                    "nicht.",
                )
            )
        return problems

    def context(self, doc: Document[PressFields], project: Project) -> dict[str, Any]:
        f: PressFields = doc.fields
        with_spaces, without = characters(doc)
        return {
            "characters": with_spaces,
            "characters_without_spaces": without,
            "contact": f.contact or default_contact(project),
            "boilerplate": f.boilerplate or default_boilerplate(project),
            "body_text": plain_body(doc),
        }

    def facts(self, doc: Document[PressFields]) -> list[str]:
        with_spaces, without = characters(doc)
        return [f"{with_spaces} Zeichen mit Leerzeichen, {without} ohne"]

    def data(self, doc: Document[PressFields], context: dict[str, Any]) -> dict[str, Any]:
        """Every field for other systems; validated by kimdocs/schemas/press.schema.json."""
        f: PressFields = doc.fields
        ctx = context
        return {
            "art": "pressemitteilung",
            "dachzeile": f.kicker,
            "titel": f.headline,
            "untertitel": f.subheading,
            "ort": f.place,
            "datum": f.date.isoformat(),
            "sperrfrist": (
                f"{f.embargo.date.isoformat()}T{f.embargo.time:%H:%M}" if f.embargo else None
            ),
            "vorspann": f.lead,
            "text": ctx["body_text"].strip(),
            "text_markdown": doc.source.body,
            "zitate": [
                {"person": q.person, "funktion": q.function, "text": q.text} for q in f.quotes
            ],
            "fotos": [
                {
                    "datei": p.file,
                    "bildunterschrift": p.caption,
                    "foto": p.credit,
                    "alt": p.alt,
                    "nutzung": p.usage,
                }
                for p in f.photos
            ],
            "kanäle": list(f.channels),
            "zeichen": {
                "mit_leerzeichen": ctx["characters"],
                "ohne_leerzeichen": ctx["characters_without_spaces"],
            },
            "über_uns": ctx["boilerplate"],
            "pressekontakt": {
                "name": ctx["contact"].name,
                "telefon": ctx["contact"].phone,
                "email": ctx["contact"].email,
            },
        }


def default_contact(project: Project) -> PressContact:
    configured = project.config.press.contact
    if configured is not None:
        return PressContact.model_validate(
            {"name": configured.name, "telefon": configured.phone, "email": configured.email}
        )
    org = project.config.organisation
    return PressContact.model_validate(
        {"name": f"Pressestelle {org.name}", "telefon": org.phone, "email": org.email}
    )


def default_boilerplate(project: Project) -> str:
    if project.config.press.boilerplate:
        return project.config.press.boilerplate
    org = project.config.organisation
    towns = list(dict.fromkeys(t for d in project.config.districts for t in d.municipalities))
    return (
        f"Das Kommunale Integrationsmanagement (KIM) begleitet Zugewanderte {_where(towns)} "
        "rechtskreisübergreifend: mit Fallmanagement, Koordination und zusätzlichem Personal "
        "in der Ausländer- und Einbürgerungsbehörde. "
        f"Träger: {org.name}. KIM wird vom Land Nordrhein-Westfalen gefördert."
    )


def _where(towns: list[str]) -> str:
    """``in Ahlen``, ``in Ahlen, Beckum und Oelde`` or ``in 13 Städten und Gemeinden``."""
    if len(towns) > 3:
        return f"in {len(towns)} Städten und Gemeinden"
    if len(towns) == 1:
        return f"in {towns[0]}"
    return f"in {', '.join(towns[:-1])} und {towns[-1]}"


def _texts(doc: Document[PressFields]) -> list[tuple[tuple[str | int, ...], str]]:
    """Every text of the release with the field it comes from."""
    f: PressFields = doc.fields
    texts: list[tuple[tuple[str | int, ...], str]] = [
        (("titel",), f.headline),
        (("untertitel",), f.subheading),
        (("dachzeile",), f.kicker),
        (("vorspann",), f.lead),
    ]
    texts += [(("zitate", n, "text"), q.text) for n, q in enumerate(f.quotes)]
    texts += [(("zitate", n, "person"), q.person) for n, q in enumerate(f.quotes)]
    texts += [(("fotos", n, "bildunterschrift"), p.caption) for n, p in enumerate(f.photos)]
    texts += [(("fotos", n, "alt"), p.alt) for n, p in enumerate(f.photos)]
    texts += [(("Text",), paragraph) for paragraph in doc.source.body.split("\n\n")]
    return texts


def used_items(
    doc: Document[PressFields], person: Person
) -> list[tuple[str, tuple[str | int, ...]]]:
    """What the release shows of a person, and where: name forms, photo, quote, status.

    Names are found as the one name matcher finds them: inflected ("Beispielovićs"),
    without accents, with invisible characters inside."""
    f: PressFields = doc.fields
    parts = name_parts(person.name)
    first = parts[0] if parts else ""
    surnames = parts[1:]
    matcher = NameMatcher[str](
        [(s, "vollständiger_name") for s in surnames] + ([(first, "vorname")] if first else [])
    )
    found: list[tuple[str, tuple[str | int, ...]]] = []

    # "S. E." or "S.E." – initials of the name parts that are not already whole words.
    initials = re.compile(r"(?<!\w)" + r"\.\s?".join(re.escape(p[0]) for p in parts) + r"\.")
    for where, text in _texts(doc):
        seen = {payload for hit in matcher.find(text) for payload in hit.payloads}
        if "vollständiger_name" in seen:
            found.append(("vollständiger_name", where))
        elif "vorname" in seen:
            found.append(("vorname", where))
        elif len(parts) > 1 and initials.search(visible(text)):
            found.append(("initialen", where))
        if seen and _STATUS_WORDS.search(visible(text)):
            found.append(("aufenthaltsstatus", where))
    found += [
        ("foto", ("fotos", n, "personen"))
        for n, photo in enumerate(f.photos)
        if find_name(person.id, photo.persons) is not None
    ]
    found += [
        ("zitat", ("zitate", n))
        for n, q in enumerate(f.quotes)
        if (q.person_id is not None and same_name(q.person_id, person.id)) or matcher.find(q.person)
    ]
    return list(dict.fromkeys(found))


_KNOWN = "press.known_people"


def _known_matcher(project: Project) -> NameMatcher[tuple[str, str]]:
    """Every person the project knows, by each name form that identifies them: full name,
    and each part that is no ordinary word; payload (full name, role)."""
    catalog = current_catalog(project)
    matcher: NameMatcher[tuple[str, str]] | None = catalog.derived.get(_KNOWN)
    if matcher is not None:
        return matcher
    known = people.everyone(project)
    names: list[tuple[str, tuple[str, str]]] = []
    for role, group in (("client", known.clients), ("client", known.relatives)):
        for name in group:
            names.append((name, (name, role)))
            names += [(p, (name, role)) for p in name_parts(name) if not ordinary_word(p)]
    for name in known.staff:
        names.append((name, (name, "staff")))
        names += [(p, (name, "staff")) for p in name_parts(name)[1:] if not ordinary_word(p)]
    matcher = NameMatcher(names)
    catalog.derived[_KNOWN] = matcher
    return matcher


def _part_of(found: str, name: str) -> bool:
    """Whether a name found in the text is (a part of) a listed person's name."""
    key = name_key(found)
    return any(key in (name_key(p), name_key(p) + "s") for p in [name, *name_parts(name)])


def plain_body(doc: Document[PressFields]) -> str:
    from kimdocs.text.plain_text import markdown_to_text

    return markdown_to_text(doc.source.body)


def characters(doc: Document[PressFields]) -> tuple[int, int]:
    """Characters of the release text (lead, body, quotes), with and without spaces."""
    f: PressFields = doc.fields
    text = "\n".join([f.lead, plain_body(doc), *(q.text for q in f.quotes)])
    return len(text), len(re.sub(r"\s", "", text))
