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
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path

from pydantic import Field

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


class Consent(Model):
    """Who consented, for which purpose, which data, which partners, signed on, until, revoked."""

    given_by: Text = Field(
        "",
        alias="erteilt_von",
        title="Erteilt von",
        description="Leer lassen, wenn die Klientin / der Klient selbst unterschrieben hat.",
    )  # empty: the client of the case
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

    def where(self) -> str:
        """File name and line: enough to find it in the case folder, short in a message."""
        return f"{self.path.name}:{self.line}" if self.line else self.path.name

    @property
    def label(self) -> str:
        signed = german_date(self.consent.signed_on)
        return f"Schweigepflichtentbindung vom {signed}"


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
    for entry in catalog.documents():
        if entry.kind not in RECORDS:
            continue
        try:
            source = catalog.read(entry.path)
        except KimdocsError:
            continue
        for found in recorded_in(source, entry.kind):
            index.setdefault(found.case_id.casefold(), []).append(found)
    catalog.derived[_INDEX] = index
    return index


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
    """A digest of the other files that record consents of the case: what an agreement
    says about consent comes from them too, so a changed form rebuilds it."""
    paths = sorted(
        {r.path for r in case_index(current_catalog(project)).get(case_id.strip().casefold(), [])}
        - {own.resolve()}
    )
    digest = hashlib.sha256()
    for path in paths:
        digest.update(str(path).encode())
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"?")
    return digest.hexdigest()


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
    """The consents that hold on ``day``, oldest first; one recorded twice (in the agreement
    and as a consent document) counts once."""
    found = {
        (r.consent.signed_on, tuple(r.consent.partners)): r.consent
        for r in consents
        if r.consent.holds_on(day)
    }
    return [found[key] for key in sorted(found, key=lambda k: k[0])]
