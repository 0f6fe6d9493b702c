"""Consent, one model for every kind: who consented, for what, to which partners, how long.

An office keeps the signed consent in the case file, so consents are recorded where the
case is written down: in an agreement's ``einwilligungen:`` list, in a consent document
(``content/einwilligungen/``, kind ``einwilligung``) and, as before, in the
``schweigepflichtentbindung:`` of the minutes of a case conference. The catalog knows
which documents belong to a case, so a case's consents are found from any of them
(:func:`case_consents`). A press release records each featured person's consent to
publication on the same model (:class:`Consent`, extended by the press kind).

Whether a consent holds on a day, and the words for why it does not, are decided here
once; the kinds ask. Messages say what must happen in the real world: a list in a file
does not make anyone consent.

A consent is a signed act with a scope. Only a consent form counts as one (:func:`acts`):
a form that passes its own check, names the case's client, was given by the client or a
legal representative and is marked signed (``unterschrieben_am``; a fresh scaffold is
not). It counts only for what it says: its uses (``gilt_für``: the agreement, case
conferences), its organisations and its data categories. What an agreement lists under
``einwilligungen`` is what it *states*: each statement must be covered by such an act. A
conference's own ``schweigepflichtentbindung`` is the release for that conference only.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field

from kimdocs import kind_names
from kimdocs.base.dates import german_date
from kimdocs.base.errors import KimdocsError, Problem, Severity
from kimdocs.base.wording import did_you_mean, same_name
from kimdocs.base.yaml_lines import FieldPath, format_field
from kimdocs.catalog import Catalog, current_catalog
from kimdocs.content import Source
from kimdocs.project import Project
from kimdocs.schema import LONG_TEXT, Date, Model, NonEmpty, Text, validate

# What to do when a partner is not covered: the person signs, nobody edits a list.
GET_RELEASE = (
    "Bitte vor der Weitergabe von Daten eine erweiterte Schweigepflichtentbindung der "
    "Klientin / des Klienten einholen, die diese Organisation nennt"
)
GET_NEW_CONSENT = (
    "Bitte eine neue, unterschriebene Schweigepflichtentbindung der Klientin / des Klienten "
    "einholen"
)


# What a consent may be used for (``gilt_für``), decided here once: the data sharing of
# the integration agreement, and case conferences.
AGREEMENT_USE = "vereinbarung"
CONFERENCE_USE = "fallkonferenz"
USES = {AGREEMENT_USE: "die Integrationsvereinbarung", CONFERENCE_USE: "Fallkonferenzen"}
_USE_NAMES = {
    "vereinbarung": AGREEMENT_USE,
    "integrationsvereinbarung": AGREEMENT_USE,
    "zielvereinbarung": AGREEMENT_USE,
    "fallkonferenz": CONFERENCE_USE,
    "fallkonferenzen": CONFERENCE_USE,
}


def _use(value: Any) -> str:
    name = _USE_NAMES.get(" ".join(str(value).split()).casefold())
    if name is None:
        raise ValueError(
            f"„{value}“ ist kein Zweck, für den eine Einwilligung gelten kann. Bekannt sind: "
            f"{', '.join(USES)}."
        )
    return name


Use = Annotated[str, BeforeValidator(_use)]
# Who may consent for a person who cannot themselves: the legal representation.
Representation = Literal["Eltern", "Vormundschaft", "rechtliche Betreuung", "Bevollmächtigung"]


class Consent(Model):
    """Who consented, for which purpose, which data, which partners, signed on, until, revoked."""

    given_by: Text = Field(
        "",
        alias="erteilt_von",
        title="Erteilt von",
        description="Leer lassen, wenn die Klientin / der Klient selbst unterschrieben hat.",
    )  # empty: the client of the case
    # For someone else: as whose legal representative (a free-text role counts for nothing).
    representation: Representation | None = Field(
        None,
        alias="vertretung",
        title="Vertretung",
        description="Nur wenn jemand anderes für die Person unterschrieben hat.",
    )
    uses: list[Use] = Field(
        [],
        alias="gilt_für",
        title="Gilt für",
        description="Vereinbarung, Fallkonferenz oder beides.",
    )
    signed_at: Date | None = Field(
        None,
        alias="unterschrieben_am",
        title="Unterschrieben am (Papier)",
        description="Erst eintragen, wenn das unterschriebene Formular vorliegt.",
    )
    purpose: Text = Field("", alias="zweck", title="Zweck", json_schema_extra=LONG_TEXT)
    data_categories: list[NonEmpty] = Field(
        [],
        alias="datenkategorien",
        title="Datenkategorien",
        description="Je Zeile eine, nur was nötig ist.",
    )
    partners: list[NonEmpty] = Field(
        [],
        alias="organisationen",
        title="Organisationen",
        description="Je Zeile eine, genau so geschrieben wie im Dokument.",
    )
    signed_on: Date | None = Field(None, alias="datum", title="Unterschrieben am")
    valid_until: Date = Field(alias="gültig_bis", title="Gültig bis")
    revoked_on: Date | None = Field(
        None,
        alias="widerrufen_am",
        title="Widerrufen am",
        description="Nur ausfüllen, wenn die Person widerrufen hat.",
    )

    def holds_on(self, day: dt.date) -> bool:
        return self.lapse(day) is None

    def lapse(self, day: dt.date) -> str | None:
        """Why the consent does not hold on ``day`` (German, a sentence part), or None.

        A revocation counts from the day after: a document of the day of the revocation
        was written while the consent still held.
        """
        if self.signed_on is not None and self.signed_on > day:
            return f"wurde erst am {german_date(self.signed_on)} erteilt"
        if self.signed_at is not None and self.signed_at > day:
            return f"wurde erst am {german_date(self.signed_at)} unterschrieben"
        if self.revoked_on is not None and self.revoked_on < day:
            return f"wurde am {german_date(self.revoked_on)} widerrufen"
        if self.valid_until < day:
            return (
                f"ist seit {german_date(self.valid_until + dt.timedelta(days=1))} abgelaufen "
                f"(gültig bis {german_date(self.valid_until)})"
            )
        return None

    def names(self, organisation: str) -> bool:
        return any(same_name(organisation, p) for p in self.partners)

    def covers(self, category: str) -> bool:
        return any(same_name(category, c) for c in self.data_categories)

    # The names the minutes' release had before this model: templates (also offices' own)
    # and older code read them.
    @property
    def given_on(self) -> dt.date | None:
        return self.signed_on

    @property
    def organisations(self) -> list[str]:
        return self.partners


class Release(Consent):
    """A Schweigepflichtentbindung: signed on a day, naming partners and data categories."""

    data_categories: list[NonEmpty] = Field(
        alias="datenkategorien",
        min_length=1,
        title="Datenkategorien",
        description="Je Zeile eine, nur was nötig ist.",
    )
    partners: list[NonEmpty] = Field(
        alias="organisationen",
        min_length=1,
        title="Organisationen",
        description="Je Zeile eine, genau so geschrieben wie im Dokument.",
    )
    signed_on: Date = Field(alias="datum", title="Unterschrieben am")


# Where each case kind records consents: the front-matter key, and whether it is a list.
RECORDS: dict[str, tuple[str, bool]] = {
    kind_names.AGREEMENT.id: ("einwilligungen", True),
    kind_names.CONSENT.id: ("einwilligung", False),
    kind_names.MINUTES.id: ("schweigepflichtentbindung", False),
}


@dataclass(frozen=True)
class Recorded:
    """A consent with the file, line and field where it is written, and its case."""

    consent: Release
    path: Path
    line: int | None
    field: FieldPath
    case_id: str
    district: str
    kind: str
    easy: bool = False  # a form in Leichte Sprache: the same consent in simpler words
    # A consent form that passed its own check: a signed act if marked signed.
    form_valid: bool = False

    @property
    def act(self) -> bool:
        """Whether this is a signed act: a valid form, marked signed."""
        return self.form_valid and self.consent.signed_at is not None

    def serves(self, use: str) -> bool:
        return self.act and use in self.consent.uses

    def where(self) -> str:
        """File name and line: enough to find it in the case folder, short in a message."""
        return f"{self.path.name}:{self.line}" if self.line else self.path.name

    @property
    def label(self) -> str:
        signed = german_date(self.consent.signed_on)
        return f"Schweigepflichtentbindung vom {signed}"

    @property
    def on_form(self) -> bool:
        """Written on a consent form (which alone can be a signed act), not stated by a
        document about the case."""
        return self.kind == kind_names.CONSENT.id

    @property
    def written_as(self) -> str:
        """Where a consent is written, for the register: a form, or what a document states."""
        if self.on_form:
            return "Formular"
        if self.kind == kind_names.AGREEMENT.id:
            return "Angabe der Vereinbarung"
        return "Protokoll (diese Konferenz)"

    @property
    def place(self) -> str:
        """Where it is written, for a message: "das Formular X:12", "die Vereinbarung"."""
        what = {
            kind_names.CONSENT.id: "das Formular",
            kind_names.AGREEMENT.id: "die Vereinbarung",
            kind_names.MINUTES.id: "das Protokoll",
        }.get(self.kind, "die Datei")
        return f"{what} {self.where()}"


def recorded_in(source: Source, kind: str) -> list[Recorded]:
    """The valid consents one document records (invalid ones are its own check's business)."""
    return read_records(source, kind)[0]


def read_records(source: Source, kind: str) -> tuple[list[Recorded], list[Problem]]:
    """The consents one document records, and the errors of those that are not valid."""
    key, many = RECORDS.get(kind, ("", False))
    value = source.meta.get(key) if key else None
    if value is None:
        return [], []
    items = list(enumerate(value)) if many and isinstance(value, list) else [(None, value)]
    case_id = str(source.meta.get("fall_id", "")).strip()
    district = str(source.meta.get("bezirk", "")).strip()
    found, problems = [], []

    def locate(loc: FieldPath, message: str, severity: Severity) -> Problem:
        return source.problem(loc, message, severity)

    for n, item in items:
        loc: FieldPath = (key,) if n is None else (key, n)
        consent, errors = validate(Release, item, locate, loc)
        problems += [p for p in errors if p.is_error]
        if consent is not None:
            line = source.lines.get(loc)
            easy = str(source.meta.get("sprache", "")).strip().lower() == "leicht"
            found.append(Recorded(consent, source.path, line, loc, case_id, district, kind, easy))
    return found, problems


_INDEX = "consent.case_consents"


def case_index(catalog: Catalog) -> dict[str, list[Recorded]]:
    """Every recorded consent of the project by case id (case folded), once per walk."""
    index: dict[str, list[Recorded]] | None = catalog.derived.get(_INDEX)
    if index is not None:
        return index
    index = {}
    catalog.derived[_INDEX] = index  # a form's own check asks for the index: no recursion
    for entry in catalog.documents():
        if entry.kind not in RECORDS:
            continue
        try:
            source = catalog.read(entry.path)
        except KimdocsError:
            continue
        valid = entry.kind == kind_names.CONSENT.id and _form_valid(entry.path, catalog)
        for found in recorded_in(source, entry.kind):
            found = replace(found, form_valid=valid)
            index.setdefault(found.case_id.casefold(), []).append(found)
    return index


# Whether a consent form passes its own check (schema, placeholders, its kind's checks) is
# the whole loading of a document, which sits above the kinds and imports them all. The
# loader installs itself here when ``kimdocs.kinds`` is imported, so that no kind imports
# it back (the kinds' modules would form one import cycle).
_FORM_CHECKS: list[Callable[[Path, Catalog], bool]] = []


def install_form_check(check: Callable[[Path, Catalog], bool]) -> None:
    """``kimdocs.kinds.loading`` tells here whether a form loads without error."""
    _FORM_CHECKS[:] = [check]


def _form_valid(path: Path, catalog: Catalog) -> bool:
    """Whether a consent form passes its own check (schema, placeholders, its checks)."""
    if not _FORM_CHECKS:
        raise RuntimeError("kimdocs.kinds.loading ist nicht geladen.")
    return _FORM_CHECKS[0](path, catalog)


def case_consents(
    project: Project, case_id: str | None, source: Source, kind: str
) -> list[Recorded]:
    """The consents of a case: those of the document at hand as it is now, and every other
    document's of the same case, as the catalog finds them (a document without a case id,
    a reconstruction, has only its own)."""
    own = source.path.resolve()
    others = [
        r
        for r in case_index(current_catalog(project)).get((case_id or "").strip().casefold(), [])
        if case_id and r.path.resolve() != own
    ]
    return [*recorded_in(source, kind), *others]


def case_digest(project: Project, case_id: str, own: Path) -> str:
    """A digest of the case's other documents: what an agreement says about consent comes
    from its forms, and whether a form counts from the agreement's client, so a changed
    one rebuilds the other."""
    catalog = current_catalog(project)
    key = case_id.strip().casefold()
    paths = sorted(
        {
            entry.path.resolve()
            for entry in catalog.documents()
            if entry.kind in RECORDS and _case_of(catalog, entry.path) == key
        }
        - {own.resolve()}
    )
    digest = hashlib.sha256()
    root = project.root.resolve()
    for path in paths:
        # Named relative to the project: a copy of the project elsewhere is up to date.
        digest.update(
            (path.relative_to(root) if path.is_relative_to(root) else path).as_posix().encode()
        )
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"?")
    return digest.hexdigest()


def _case_of(catalog: Catalog, path: Path) -> str:
    try:
        value = catalog.read(path).meta.get("fall_id")
    except KimdocsError:
        return ""
    return str(value).strip().casefold() if isinstance(value, str | int) else ""


def acts_for(consents: list[Recorded], use: str) -> list[Recorded]:
    """The signed acts among a case's records that serve ``use``."""
    return [r for r in consents if r.serves(use)]


def why_not_counted(consents: list[Recorded], organisation: str, use: str) -> str:
    """A hint when a record names the organisation but is no signed act for ``use``."""
    for r in consents:
        if not r.consent.names(organisation) or r.serves(use):
            continue
        if r.kind != kind_names.CONSENT.id:
            return (
                f" ({r.place} nennt „{organisation}“, ist aber keine unterschriebene "
                "Einwilligung: das unterschriebene Formular gehört als Einwilligung des "
                "Falls nach content/einwilligungen/.)"
            )
        if not r.form_valid:
            return f" ({r.place} nennt „{organisation}“, hat aber selbst Fehler; siehe dort.)"
        if r.consent.signed_at is None:
            return (
                f" ({r.place} nennt „{organisation}“, ist aber nicht als unterschrieben "
                "vermerkt: erst nach der Unterschrift „unterschrieben_am“ eintragen.)"
            )
        return (
            f" ({r.place} nennt „{organisation}“, gilt aber nur für "
            f"{', '.join(USES[u] for u in r.consent.uses) or 'nichts'}, nicht für "
            f"{USES[use]}.)"
        )
    return ""


def coverage(consents: list[Recorded], organisation: str, day: dt.date) -> str | None:
    """None if a consent naming ``organisation`` holds on ``day``; else why not (German)."""
    naming = [r for r in consents if r.consent.names(organisation)]
    if any(r.consent.holds_on(day) for r in naming):
        return None
    if not naming:
        return (
            f"Keine Schweigepflichtentbindung des Falls nennt „{organisation}“. {GET_RELEASE}."
            + _spelled_otherwise(consents, organisation)
        )
    latest = max(naming, key=lambda r: r.consent.signed_on)
    return (
        f"Die {latest.label} für „{organisation}“ {latest.consent.lapse(day)}. "
        f"{GET_NEW_CONSENT}, die diese Organisation nennt."
    )


def data_coverage(
    consents: list[Recorded], organisation: str, day: dt.date, topic: str, words: tuple[str, ...]
) -> str | None:
    """None if a consent that holds on ``day`` names ``organisation`` and data on ``topic``
    (a data category with one of ``words``); else why not (German). A release counts only
    for the data it names: one for "Kontaktdaten" does not let residence data go."""
    why = coverage(consents, organisation, day)
    if why is not None:
        return why
    holding = [r for r in consents if r.consent.names(organisation) and r.consent.holds_on(day)]
    for r in holding:
        if any(w in c.casefold() for c in r.consent.data_categories for w in words):
            return None
    latest = max(holding, key=lambda r: r.consent.signed_on)
    named = "; ".join(latest.consent.data_categories)
    return (
        f"Die {latest.label} ({latest.where()}) nennt „{organisation}“, aber keine Daten "
        f"{topic} (Datenkategorien: {named}). {GET_NEW_CONSENT}, die diese Organisation und "
        f"Daten {topic} nennt."
    )


def _spelled_otherwise(consents: list[Recorded], organisation: str) -> str:
    """A hint when a consent names the organisation under a shorter or misspelt name: the
    signed form decides, so the hint asks which organisation the person consented to."""
    key = organisation.casefold()
    for r in consents:
        for partner in r.consent.partners:
            near = partner.casefold()
            if near in key or key in near or did_you_mean(organisation, [partner]):
                return (
                    f" (Die {r.label} nennt „{partner}“. Nur wenn die Person damit genau diese "
                    "Organisation entbunden hat, den Namen so schreiben wie in der "
                    "unterschriebenen Erklärung.)"
                )
    return ""


def revocation_problems(
    consents: list[Recorded], day: dt.date, source: Source, loc: FieldPath = ("datum",)
) -> list[Problem]:
    """A revocation stops every document of the case dated after it, unless the person
    consented anew after the revocation and that consent holds on the document's day."""
    problems = []
    for r in consents:
        revoked = r.consent.revoked_on
        if revoked is None or revoked >= day:
            continue
        renewed = any(o.consent.signed_on > revoked and o.consent.holds_on(day) for o in consents)
        if renewed:
            continue
        own = r.path.resolve() == source.path.resolve()
        where = "" if own else f" ({r.where()}, Feld „{format_field(r.field)}.widerrufen_am“)"
        problems.append(
            source.problem(
                (*r.field, "widerrufen_am") if own else loc,
                f"Die {r.label}{where} "
                f"wurde am {german_date(revoked)} widerrufen; dieses Dokument ist vom "
                f"{german_date(day)}. Nach dem Widerruf dürfen keine Daten des Falls mehr "
                f"auf ihrer Grundlage verarbeitet oder weitergegeben werden. {GET_NEW_CONSENT} "
                "oder den Fall ohne Weitergabe weiterführen.",
            )
        )
    return problems


def holding(consents: list[Recorded], day: dt.date) -> list[Release]:
    """The consents that hold on ``day``, oldest first; one recorded twice (a form in
    standard German and its companion in Leichte Sprache) counts once, in the wording of
    the standard form."""
    found: dict[tuple[dt.date, tuple[str, ...]], Recorded] = {}
    for r in sorted(consents, key=lambda r: r.easy):
        if r.consent.holds_on(day):
            found.setdefault((r.consent.signed_on, tuple(r.consent.partners)), r)
    return [found[key].consent for key in sorted(found, key=lambda k: k[0])]
