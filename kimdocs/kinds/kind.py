"""What every document kind provides, and the loaded document it works on."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Generic, Literal, TypeVar

from kimdocs.base import dates
from kimdocs.base.dates import german_date
from kimdocs.base.errors import Problem, Severity
from kimdocs.base.wording import did_you_mean
from kimdocs.base.yaml_lines import FieldPath
from kimdocs.content import Source
from kimdocs.kind_names import KindNames
from kimdocs.knowledge.expand import Use
from kimdocs.project import Project
from kimdocs.residence.timeline import Timeline
from kimdocs.schema import Model
from kimdocs.text.markdown import Body

ActionStatus = Literal["offen", "begonnen", "erledigt", "entfällt"]
DONE_STATES = ("erledigt", "entfällt")


@dataclass(frozen=True)
class Action:
    """One agreed action or agreement step, for the project-wide overview."""

    source: Path
    line: int
    kind: str
    case_id: str
    district: str
    number: str
    what: str
    responsible: str
    due: dt.date
    status: str
    due_field: FieldPath = ()  # where the deadline is written, for the overdue warning
    # The same task carried by other documents of the case (kimdocs.cases.actions.same_task).
    also: tuple[Action, ...] = ()

    def overdue(self, on: dt.date) -> bool:
        return self.due < on and self.status not in DONE_STATES


@dataclass(frozen=True)
class Variant:
    """A variant of a kind that ``kimdocs new`` makes without a case (a reconstruction)."""

    skeleton: str  # file in kimdocs/skeletons/
    name: str  # the word in its file name: "REK-2026-003-fallrekonstruktion-2026-05-06"


@dataclass(frozen=True)
class ResidenceCase:
    """A client's residence timeline as a document records it, for the triage of the
    caseload, the committee report and ``check`` (``Kind.residence_case``)."""

    source: Path
    case_id: str
    district: str  # the district's id
    date: dt.date  # the document's date: of several documents of a case, the latest counts
    timeline: Timeline  # with what the case's other documents know (the birth date)


@dataclass(frozen=True)
class WrittenText:
    """Text kimdocs writes in Leichte Sprache, and where its values come from: a finding in
    a value points to that field's line, one in the fixed wording to ``fallback``."""

    markdown: str  # one sentence a line
    fields: list[tuple[FieldPath, str]]
    fallback: FieldPath


F = TypeVar("F", bound=Model)


@dataclass(frozen=True)
class Document(Generic[F]):
    """A validated content file of one kind, with the fields of that kind's model."""

    source: Source
    kind: Kind[F]
    fields: F
    body: Body
    output_stem: Path  # relative to output/, without suffix
    warnings: list[Problem] = field(default_factory=list)
    uses: list[Use] = field(default_factory=list)  # blocks and facts the body uses
    historical: bool = False  # built with facts that no longer (or not yet) apply

    @property
    def title(self) -> str:
        return self.kind.title(self.fields)

    @property
    def date(self) -> dt.date:
        return self.kind.date(self.fields)


Check = Callable[[Document[Any], Project], list[Problem]]


class Kind(Generic[F]):
    """A document kind: its schema, its template name, its context and its checks."""

    names: ClassVar[KindNames]  # id, aliases and folders, from kimdocs.kind_names
    id: ClassVar[str]
    label: ClassVar[str]
    aliases: ClassVar[tuple[str, ...]] = ()
    folders: ClassVar[tuple[str, ...]] = ()
    model: type[F]  # the front matter's schema (set by each kind)
    formats: ClassVar[tuple[str, ...]] = ("pdf", "docx", "html")
    skeleton: ClassVar[str]  # file in kimdocs/skeletons/ that "kimdocs new" copies
    web_template: ClassVar[str | None] = None  # HTML output other than the print page
    easy_language: ClassVar[bool] = False  # facts in their Leichte-Sprache wording
    always_formats: ClassVar[tuple[str, ...]] = ()  # built even if kimdocs.toml omits them
    # A report across cases: its figures come from the other documents, not its own fields.
    aggregates: ClassVar[bool] = False
    # What tells two documents of the same case (or title) apart, for the duplicate message.
    distinct_by: ClassVar[str] = "Titel oder Datum"
    # The names ``context`` adds for templates and the type of each; the template check
    # follows templates' fields through them (a test keeps them equal to what ``context``
    # really returns).
    context_types: ClassVar[Mapping[str, Any]] = {}
    context_names: ClassVar[frozenset[str]] = frozenset()

    # Case rules, asked by ``kimdocs new``, deletion and pseudonymisation (kimdocs.cases):
    # a document that opens a case (its case id must be new; ``init`` writes the first),
    # one named by a day that is its own date, one of which a pseudonymised copy is made.
    opens_case: ClassVar[bool] = False
    dated_by_name: ClassVar[bool] = False
    pseudonymised: ClassVar[bool] = False
    # Its documents record a client's residence timeline (``residence_case``): the triage
    # and the report load only documents of such kinds.
    records_residence: ClassVar[bool] = False

    def __init_subclass__(cls) -> None:
        super().__init_subclass__()
        cls.id, cls.aliases, cls.folders = cls.names.id, cls.names.aliases, cls.names.folders
        cls.context_names = frozenset(cls.context_types)

    @property
    def template(self) -> str:
        return self.id

    def title(self, fields: F) -> str:
        raise NotImplementedError

    def date(self, fields: F) -> dt.date:
        """The document's own date: it goes into the files instead of the clock's."""
        value = getattr(fields, "date", None)
        if not isinstance(value, dt.date):
            raise NotImplementedError(f"{self.label} hat kein Feld „datum“.")
        return value

    def checks(self) -> list[Check]:
        """Problems the schema cannot see (cross-field rules, project data), each check on its
        own: a check that needs a field with an error is skipped, the others still report."""
        return [self.overdue_actions]

    def check(self, doc: Document[F], project: Project) -> list[Problem]:
        """All of the kind's checks on a valid document."""
        return [p for check in self.checks() for p in check(doc, project)]

    def overdue_actions(self, doc: Document[F], project: Project) -> list[Problem]:
        """A warning for every agreed step or action past its deadline and not done."""
        today = dates.today()
        if not self.open_case(doc):
            return []
        return [
            doc.source.problem(
                action.due_field,
                f"Überfällig: „{action.what}“ ({action.responsible}) war bis "
                f"{german_date(action.due)} vereinbart und steht noch auf „{action.status}“.",
                severity=Severity.WARNING,
            )
            for action in self.actions(doc)
            if action.overdue(today)
        ]

    def open_case(self, doc: Document[F]) -> bool:
        """Whether the document's case is still being worked on (closed cases are not due)."""
        return True

    def context(self, doc: Document[F], project: Project) -> dict[str, Any]:
        """Kind-specific template variables, added to the common ones."""
        return {}

    def identity(self, fields: F) -> tuple[str, str, str]:
        """What makes a document unique within its case: two files with the same are an error."""
        return (
            self.id,
            str(getattr(fields, "case_id", "")),
            f"Datum {german_date(self.date(fields))}",
        )

    def case_stem(self, case_id: str, day: dt.date) -> str:
        """The file name ``kimdocs new`` gives a case document of this kind."""
        return f"{case_id}-{self.names.name}-{day.isoformat()}"

    def prefill(self, text: str, project: Project, case_id: str) -> str:
        """A new document's skeleton, with what the case already knows filled in."""
        return text

    def variant(self, typed: str) -> Variant | None:
        """The variant asked for by its own name (``kimdocs new fallrekonstruktion``): a
        document of the kind without a case, or None."""
        return None

    def variant_id(self, project: Project, year: int) -> str:
        """The next id of a variant without a case (``REK-2026-003``)."""
        raise NotImplementedError(f"{self.label} hat keine Variante ohne Fall.")

    def retention_events(self, doc: Document[F]) -> dict[str, dt.date | None]:
        """The days a retention period can count from (``aufbewahrung: ab``), besides the
        closing of the case."""
        return {"Dokumentdatum": self.date(doc.fields)}

    def written_easy_text(self, doc: Document[F], project: Project) -> WrittenText | None:
        """Text in Leichte Sprache that kimdocs writes for the document (not its source): the
        checker reads what the reader will read. None if the kind writes none."""
        return None

    def residence_case(self, doc: Document[F], project: Project) -> ResidenceCase | None:
        """The client's residence timeline the document records, if its kind records one."""
        return None

    def data(self, doc: Document[F], context: dict[str, Any]) -> dict[str, Any]:
        """All fields for the JSON output, for kinds that offer it."""
        raise NotImplementedError(f"{self.label} hat keine JSON-Ausgabe.")

    def print_sheet(
        self,
        doc: Document[F],
        context: dict[str, Any],
        page: str,
        layout: Callable[[str], list[set[str]]],
        rerender: Callable[[dict[str, Any]], str],
    ) -> str:
        """The HTML the PDF is made from: the print page, unless the kind needs a layout pass.

        ``layout`` gives the element ids on each page of some HTML; ``rerender`` renders
        the kind's template again with extra variables.
        """
        return page

    def booklet_sheet(self, doc: Document[F]) -> bool:
        """Whether the PDF is an A5 booklet that also gets an imposed A4 print sheet."""
        return False

    def files(self, doc: Document[F]) -> list[Path]:
        """Files the front matter names (pictures): their content is in the fingerprint."""
        return []

    def facts(self, doc: Document[F]) -> list[str]:
        """Short German lines that ``check`` shows for a valid document."""
        return []

    def actions(self, doc: Document[F]) -> list[Action]:
        """Agreed actions with a responsible person and a deadline, if the kind has any."""
        return []

    def district_problems(
        self, doc: Document[F], project: Project, district: str, loc: tuple[str, ...] = ("bezirk",)
    ) -> list[Problem]:
        """An error if ``district`` (written at ``loc``) is not in kimdocs.toml."""
        if project.district(district) is not None:
            return []
        ids = [d.id for d in project.config.districts]
        return [
            doc.source.problem(
                loc,
                f"Unbekannter Bezirk „{district}“.{did_you_mean(district, ids)} Bekannt sind: "
                f"{', '.join(ids)} (aus kimdocs.toml).",
            )
        ]

    def __repr__(self) -> str:
        return f"<Kind {self.id}>"
