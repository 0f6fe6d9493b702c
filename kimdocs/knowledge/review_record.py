"""The legal review of a document's statements, kept beside it: ``NAME.rechtspruefung.yaml``.

A lawyer or the immigration office reads every statement the printed document makes and
records for each its wording, a verdict, the primary source and the day it was checked;
then signs the record. A document may say "rechtlich geprüft" only while its record is
complete (every statement it prints is in the record, none is open or wrong, each legal
one has a source and a date, the record is for the document's legal status) and signed.
Any change of a printed sentence – a new fee from fakten.yaml too – makes the record
incomplete until somebody reviews the new wording.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import Field

from kimdocs.base.dates import german_date
from kimdocs.base.errors import ContentError, Problem, Severity
from kimdocs.base.inputs import read_text
from kimdocs.base.yaml_lines import Lines, parse
from kimdocs.schema import Date, Model, NonEmpty, Text, validate

RECORD_SUFFIX = ".rechtspruefung.yaml"
DRAFT = "Entwurf – rechtlich nicht geprüft"
SIGNED = "Rechtlich geprüft von {von} am {datum}"

Verdict = Literal["richtig", "vereinfacht", "kein Rechtsinhalt", "offen", "falsch"]
# A statement with one of these verdicts states law: it needs its source and date.
LEGAL = ("richtig", "vereinfacht")
# A record with one of these cannot be signed: the statement must be mended or confirmed.
BLOCKING = ("offen", "falsch")


class Statement(Model):
    wording: NonEmpty = Field(alias="wortlaut")  # as the printed document says it
    verdict: Verdict = Field(alias="bewertung")
    source: Text = Field("", alias="quelle")  # law, paragraph, version; gazette or URL
    facts: list[NonEmpty] = Field([], alias="fakten")
    checked_on: Date | None = Field(None, alias="geprüft_am")
    note: Text = Field("", alias="hinweis")


class SignOff(Model):
    by: NonEmpty = Field(alias="von")  # the lawyer or office that signs
    on: Date = Field(alias="am")
    role: Text = Field("", alias="funktion")


class Record(Model):
    document: Text = Field("", alias="dokument")
    # The legal status the review is for: the document's ``stand``.
    legal_status: Date = Field(alias="rechtsstand")
    statements: list[Statement] = Field(alias="aussagen", min_length=1)
    sign_off: SignOff | None = Field(None, alias="freigabe")
    # What the reviewer found missing or simplified for the whole document.
    note: Text = Field("", alias="hinweis")


def normal(text: str) -> str:
    """A statement as compared: Markdown marks and line breaks do not count."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = text.replace("**", "").replace("__", "")
    return " ".join(text.split()).strip()


def record_path(document: Path) -> Path:
    """``content/flyer/einbuergerung.md`` → ``content/flyer/einbuergerung.rechtspruefung.yaml``."""
    return document.with_name(document.stem + RECORD_SUFFIX)


@dataclass
class ReviewState:
    path: Path
    record: Record | None = None
    lines: Lines | None = None
    missing: list[str] = field(default_factory=list)  # printed, not in the record
    stale: list[int] = field(default_factory=list)  # record entries no longer printed
    open: list[int] = field(default_factory=list)  # entries not yet right or without source
    other_status: dt.date | None = None  # the record is for another legal status
    problems: list[Problem] = field(default_factory=list)  # the file itself is broken

    @property
    def complete(self) -> bool:
        return (
            self.record is not None
            and not self.missing
            and not self.stale
            and not self.open
            and self.other_status is None
            and not self.problems
        )

    @property
    def signed(self) -> SignOff | None:
        """Who signed the complete record, if somebody did after the last check."""
        if not self.complete or self.record is None or self.record.sign_off is None:
            return None
        sign_off = self.record.sign_off
        last = max((s.checked_on for s in self.record.statements if s.checked_on), default=None)
        return sign_off if last is None or sign_off.on >= last else None

    def label_parts(self) -> tuple[str, dict[str, str]]:
        """The page label as a fixed text and its values (for ``t()`` in translations)."""
        signed = self.signed
        if signed is None:
            return DRAFT, {}
        return SIGNED, {"von": signed.by, "datum": german_date(signed.on)}

    @property
    def label(self) -> str:
        text, values = self.label_parts()
        return text.format(**values)


def load_record(path: Path) -> tuple[Record | None, Lines | None, list[Problem]]:
    if not path.is_file():
        return None, None, []
    try:
        data, lines = parse(read_text(path), path)
    except ContentError as exc:
        return None, None, list(exc.problems)
    record, problems = validate(Record, data, lines.problem)
    return record, lines, problems


def review_state(path: Path, statements: list[str], legal_status: dt.date) -> ReviewState:
    """How far the record at ``path`` covers ``statements`` (as printed) for ``legal_status``."""
    state = ReviewState(path)
    record, lines, problems = load_record(path)
    state.record, state.lines = record, lines
    state.problems = [p for p in problems if p.is_error]
    if record is None:
        state.missing = list(dict.fromkeys(statements))
        return state
    recorded = {normal(s.wording): n for n, s in enumerate(record.statements)}
    printed = [normal(s) for s in statements]
    state.missing = list(dict.fromkeys(s for s in printed if s not in recorded))
    wanted = set(printed)
    state.stale = [n for n, s in enumerate(record.statements) if normal(s.wording) not in wanted]
    state.open = [
        n
        for n, s in enumerate(record.statements)
        if n not in state.stale
        and (
            s.verdict in BLOCKING
            or (s.verdict in LEGAL and (not s.source.strip() or s.checked_on is None))
        )
    ]
    if record.legal_status != legal_status:
        state.other_status = record.legal_status
    return state


def state_problems(state: ReviewState, what: str) -> list[Problem]:
    """Warnings that say why the document is not "rechtlich geprüft" (``what``: its name)."""
    path, lines = state.path, state.lines
    shown = path.name
    if state.record is None and not state.problems:
        return [
            Problem(
                f"{what} hat keine rechtliche Prüfung ({shown}): Es trägt deshalb „{DRAFT}“. "
                f"Bitte die Aussagen in {shown} prüfen lassen (Wortlaut, Bewertung, Quelle, "
                f"geprüft_am) und freigeben. Fehlende Aussagen: {_listed(state.missing)}",
                file=path,
                severity=Severity.WARNING,
            )
        ]
    found = [
        Problem(p.message, file=p.file, line=p.line, field=p.field, severity=Severity.WARNING)
        for p in state.problems
    ]
    if state.record is None or lines is None:
        return found

    def at(loc: tuple[str | int, ...], message: str) -> Problem:
        return lines.problem(loc, message, Severity.WARNING)

    record = state.record
    if state.missing:
        found.append(
            at(
                ("aussagen",),
                f"{what} druckt Aussagen, die die Prüfung nicht enthält: "
                f"{_listed(state.missing)} Bitte prüfen und eintragen.",
            )
        )
    if state.stale:
        first = state.stale[0]
        found.append(
            at(
                ("aussagen", first, "wortlaut"),
                f"{len(state.stale)} geprüfte Aussagen stehen so nicht mehr in {what} (der "
                "Wortlaut oder ein Fakt hat sich geändert): "
                f"{_listed([normal(record.statements[n].wording) for n in state.stale], 3)} "
                "Bitte die neuen Aussagen prüfen und die alten löschen.",
            )
        )
    if state.open:
        first = state.open[0]
        blocking = [n for n in state.open if record.statements[n].verdict in BLOCKING]
        found.append(
            at(
                ("aussagen", first, "bewertung"),
                f"{len(state.open)} Aussagen sind nicht bestätigt ({len(blocking)} „offen“ oder "
                "„falsch“, die anderen ohne Quelle oder geprüft_am): "
                f"{_listed([normal(record.statements[n].wording) for n in state.open], 3)}",
            )
        )
    if state.other_status is not None:
        found.append(
            at(
                ("rechtsstand",),
                f"Die Prüfung gilt für den Rechtsstand {german_date(state.other_status)}; "
                f"{what} hat einen anderen Stand. Bitte neu prüfen.",
            )
        )
    if state.complete and state.signed is None:
        found.append(
            at(
                ("freigabe",),
                f"Die Prüfung ist vollständig, aber nicht freigegeben (freigabe: von, am – "
                f"nach dem letzten geprüft_am). Bis dahin trägt {what} „{DRAFT}“.",
            )
        )
    return found


def _listed(statements: list[str], most: int = 5) -> str:
    shown = "; ".join(f"„{s}“" for s in statements[:most])
    more = f" und {len(statements) - most} weitere" if len(statements) > most else ""
    return f"{shown}{more}." if statements else "keine."


def draft(statements: list[str], legal_status: dt.date, document: str) -> Record:
    """A record to fill in: every statement open, nothing signed."""
    return Record.model_validate(
        {
            "dokument": document,
            "rechtsstand": legal_status,
            "aussagen": [{"wortlaut": s, "bewertung": "offen"} for s in statements],
        }
    )
