"""Flyer in Leichter Sprache on residence and naturalisation law.

Layouts: the A4 information sheet, the A5 booklet with a cover page, and the
DIN-lang roll fold (six panels on two A4-landscape pages, see kinds/fold.py).
"""

from __future__ import annotations

import base64
import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, ClassVar, Literal

from markupsafe import Markup
from pydantic import Field

from kimdocs import kind_names
from kimdocs.assets import picture_problem
from kimdocs.base import dates
from kimdocs.base.dates import german_date
from kimdocs.base.errors import Problem, RenderError, Severity
from kimdocs.base.wording import did_you_mean, find_name, same_name
from kimdocs.catalog import GLOSSARY_NAME
from kimdocs.easy_language.config import FileRules
from kimdocs.easy_language.explained import BESIDE, explained_in_text, terms
from kimdocs.easy_language.explained import FIELD as EXPLANATIONS_FIELD
from kimdocs.kinds import flyer_offices as offices
from kimdocs.kinds import flyer_pages, fold, legal_review
from kimdocs.kinds.kind import Check, Document, Kind
from kimdocs.knowledge.glossary import Entry, Glossary, load_glossary
from kimdocs.knowledge.review_record import ReviewState
from kimdocs.project import Contact, District, Project
from kimdocs.schema import (
    DISTRICT_CHOICE,
    FIXED,
    LONG_TEXT,
    Date,
    Model,
    NonEmpty,
    Text,
    extra,
    item,
    kind_field,
)
from kimdocs.templating.environment import SHIPPED_DIR
from kimdocs.text.markdown import Section

PICTOGRAM = "piktogramm:"
# The shipped pictograms, one meaning each (see piktogramme/LIZENZ.md): the folder decides.
PICTOGRAMS = tuple(sorted(p.stem for p in (SHIPPED_DIR / "piktogramme").glob("*.svg")))
NOT_CHECKED = "Dieser Text wurde noch nicht von Prüferinnen und Prüfern der Zielgruppe geprüft."
# Only a text that readers of the target group have checked is Leichte Sprache.
EASY_LABEL = "Leichte Sprache"
DRAFT_LABEL = "Entwurf – noch nicht geprüft"


class Review(Model):
    # the readers of the target group who checked the text
    by: NonEmpty = Field(
        alias="von",
        title="Geprüft von",
        description="Die Prüferinnen und Prüfer der Zielgruppe.",
    )
    on: Date = Field(alias="am", title="Geprüft am")


class Picture(Model):
    file: NonEmpty = Field(
        alias="datei",
        title="Bild",
        description="Eine Bilddatei oder ein Piktogramm, z. B. piktogramm:pass.",
    )
    alt: NonEmpty = Field(title="Alternativtext", description="Was das Bild zeigt, in einem Satz.")
    section: Text = Field(
        "", alias="abschnitt", title="Abschnitt", description="Neben welchem Abschnitt es steht."
    )


# ``kontakt: {bezirk: alle}``: a flyer for the whole county lists every district's contact.
ALL_DISTRICTS = "alle"


class ContactChoice(Model):
    district: str = Field(
        alias="bezirk",
        title="Bezirk",
        description="„alle“: die Kontakte aller Bezirke.",
        json_schema_extra=extra(DISTRICT_CHOICE, {"zusätzlich": [ALL_DISTRICTS]}),
    )
    office: Literal["fallmanagement", "koordination"] = Field(
        "fallmanagement", alias="stelle", title="Stelle"
    )


class FlyerFields(Model):
    kind: Text = kind_field()
    title: NonEmpty = Field(alias="titel", title="Titel")
    subtitle: Text = Field("", alias="untertitel", title="Untertitel")
    language: Literal["de"] = Field("de", alias="sprache", title="Sprache")
    layout: Literal["a4", "a5-heft", "din-lang"] = Field("a4", title="Format")
    as_of: Date = Field(alias="stand", title="Stand")
    review_by: Date = Field(
        alias="prüfen_bis", title="Prüfen bis", description="Wann die Angaben neu zu prüfen sind."
    )
    sources: list[NonEmpty] = Field(
        alias="quellen",
        min_length=1,
        title="Quellen",
        description="Je Zeile eine: Gesetz, Fassung, Fundstelle.",
    )
    contact: ContactChoice = Field(alias="kontakt", title="Kontakt")
    review: Review | None = Field(
        None,
        alias="prüfung",
        title="Prüfung durch die Zielgruppe",
        description="Erst nach der Prüfung heißt der Text Leichte Sprache.",
    )
    # The authority that decides on the application and charges for it; the flyer says
    # where to apply and who decides from the offices in kimdocs.toml.
    authority: Literal["einbürgerungsbehörde", "ausländerbehörde"] | None = Field(
        None, alias="amt", title="Zuständiges Amt"
    )
    checked_by: Text = Field(  # older form of prüfung: free text
        "",
        alias="geprüft_von",
        title="Geprüft von (ältere Schreibweise)",
        description="Besser „Prüfung durch die Zielgruppe“ ausfüllen.",
    )
    note: Text = Field("", alias="hinweis", title="Hinweis", json_schema_extra=LONG_TEXT)
    pictures: list[Picture] = Field(
        [], alias="bilder", title="Bilder", json_schema_extra=item("Bild")
    )
    # Where the Wörter-Buch explanations stand: in a box beside the first use of the word
    # (am_rand), or all together at the end (am_ende). See easy_language/explained.py.
    explanations: Literal["am_ende", "am_rand"] = Field(
        "am_ende", alias=EXPLANATIONS_FIELD, title="Erklärungen schwerer Wörter"
    )
    # Accepted findings of the Leichte-Sprache check; never shown in the outputs.
    easy_language: FileRules = Field(
        default_factory=lambda: FileRules.model_validate({}),
        alias="leichte_sprache",
        title="Akzeptierte Befunde der Leichten Sprache",
        json_schema_extra=FIXED,
    )


def reviewed(fields: FlyerFields) -> bool:
    return fields.review is not None or bool(fields.checked_by)


def review_note(fields: FlyerFields) -> str:
    """Who checked the text and when, for the flyer's back page."""
    if fields.review is not None:
        return (
            f"Geprüft von Prüferinnen und Prüfern der Zielgruppe: {fields.review.by}, "
            f"am {german_date(fields.review.on)}."
        )
    return f"Geprüft von: {fields.checked_by}" if fields.checked_by else NOT_CHECKED


def pictogram(name: str) -> str | None:
    """The pictogram a name means, written in any case (``Amt`` is ``amt``)."""
    return find_name(name, PICTOGRAMS)


def picture_uri(value: str) -> str:
    """A pictogram of kimdocs as data URI, or the path of a project picture."""
    if value.startswith(PICTOGRAM):
        name = pictogram(value.removeprefix(PICTOGRAM)) or value.removeprefix(PICTOGRAM)
        svg = (SHIPPED_DIR / "piktogramme" / f"{name}.svg").read_bytes()
        return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")
    return value


class Flyer(Kind[FlyerFields]):
    names = kind_names.FLYER
    label = "Flyer in Leichter Sprache"
    model = FlyerFields
    formats = ("pdf", "html")
    always_formats = ("pdf", "html")
    easy_language = True
    distinct_by = "Titel oder Stand"
    skeleton = "flyer.md"
    context_types: ClassVar[Mapping[str, Any]] = {
        "district": District | None,
        "contact": Contact | None,
        "easy_intro": Markup,
        "easy_sections": list[tuple[Section, Markup]],
        "pictures": dict[str, dict[str, str]],
        "cover_picture": dict[str, str] | None,
        "glossary": list[tuple[Entry, Markup, str]],
        "fold_parts": list[dict[str, Any]],
        "fold": Any,
        "review_label": str,
        # The legal review's page label: a fixed text and its values (knowledge/review_record).
        "legal_label": tuple[str, dict[str, str]],
        "review_note": str,
        "contacts": list[tuple[District, Contact]],
        # Where to apply and who decides (kinds/flyer_offices.context).
        "offices": offices.OfficesBox | None,
        # Visiting hours with the address of their place, by district id.
        "visits": dict[str, list[offices.Visit]],
        "asides": dict[str, list[tuple[Entry, Markup, str]]],
        # The text of the intro ("") and of each section (by slug) in pieces, each with the
        # key of the place after it where explanation boxes may stand (kinds/flyer_pages).
        "easy_parts": dict[str, list[tuple[Markup, str, str, str]]],
        "boxes_at": dict[str, list[flyer_pages.Box]],
        "page_starts": list[str],  # sections that start a page (a box before their text)
        "placed": list[flyer_pages.Placed],  # where each box stands, for the layout pass
        "notes_pages": int,
    }

    def title(self, fields: FlyerFields) -> str:
        return str(fields.title)

    def date(self, fields: FlyerFields) -> dt.date:
        return fields.as_of

    def identity(self, fields: FlyerFields) -> tuple[str, str, str]:
        return (self.id, fields.title, f"Stand {german_date(fields.as_of)}")

    def checks(self) -> list[Check]:
        return [
            self.known_district,
            self.known_authority,
            self.visiting_places,
            self.legal_review,
            self.review,
            self.easy_label,
            self.pictures,
            self.one_meaning,
            self.word_list,
            *super().checks(),
        ]

    def known_district(self, doc: Document[FlyerFields], project: Project) -> list[Problem]:
        district = doc.fields.contact.district
        if same_name(district, ALL_DISTRICTS):
            return []
        return self.district_problems(doc, project, district, ("kontakt", "bezirk"))

    def known_authority(self, doc: Document[FlyerFields], project: Project) -> list[Problem]:
        """A flyer naming an authority needs its office (and places to apply) in kimdocs.toml."""
        authority = doc.fields.authority
        if authority is None:
            return []
        return offices.problems(
            project,
            authority,
            doc.fields.contact.district,
            lambda message: doc.source.problem(("amt",), message),
        )

    def visiting_places(self, doc: Document[FlyerFields], project: Project) -> list[Problem]:
        """Every visiting hour the flyer prints belongs to an address it can print."""
        f = doc.fields
        district = project.district(f.contact.district)
        chosen = [district] if district is not None else project.config.districts
        found: list[Problem] = []
        for d in chosen:
            person = d.case_management if f.contact.office == "fallmanagement" else d.coordination
            found += offices.visit_problems(
                person,
                d,
                lambda message, severity: doc.source.problem(
                    ("kontakt", "bezirk"), message, severity=severity
                ),
            )
        return found

    def legal_review(self, doc: Document[FlyerFields], project: Project) -> list[Problem]:
        """Why the flyer may not say "Rechtlich geprüft" (yet): its review record beside it."""
        box = offices.context(project, doc.fields.authority, doc.fields.contact.district)
        return legal_review.problems(doc, shown_explanations(doc, project), box)

    def review(self, doc: Document[FlyerFields], project: Project) -> list[Problem]:
        f: FlyerFields = doc.fields
        if f.review_by >= dates.today():
            return []
        return [
            doc.source.problem(
                ("prüfen_bis",),
                f"Der Flyer sollte bis {german_date(f.review_by)} geprüft werden: Stimmen "
                "die Angaben noch?",
                severity=Severity.WARNING,
            )
        ]

    def easy_label(self, doc: Document[FlyerFields], project: Project) -> list[Problem]:
        """Only a text that readers of the target group checked may say "Leichte Sprache"."""
        if reviewed(doc.fields):
            return []
        return [
            doc.source.problem(
                ("titel",),
                "Niemand aus der Zielgruppe hat den Flyer geprüft (Feld „prüfung“ mit "
                f"„von“ und „am“ fehlt). Er trägt deshalb „{DRAFT_LABEL}“ statt "
                f"„{EASY_LABEL}“.",
                severity=Severity.WARNING,
            )
        ]

    def word_list(self, doc: Document[FlyerFields], project: Project) -> list[Problem]:
        """Without glossar.yaml no flyer gets a word list; say why once it would need one."""
        if (project.root / GLOSSARY_NAME).is_file():
            return []
        return [
            Problem(
                f"Das Projekt hat kein Wörter-Buch ({GLOSSARY_NAME}): der Flyer erklärt keine "
                f"schweren Wörter. Bitte „{GLOSSARY_NAME}“ anlegen (wie es „kimdocs init“ "
                "schreibt); eine leere Liste „wörter: []“ genügt, wenn es keine gibt.",
                file=doc.source.path,
                line=doc.source.body_line,
                field="Text",
                severity=Severity.WARNING,
            )
        ]

    def pictures(self, doc: Document[FlyerFields], project: Project) -> list[Problem]:
        f: FlyerFields = doc.fields
        src = doc.source
        problems: list[Problem] = []
        slugs = {s.slug for s in doc.body.sections}
        for n, picture in enumerate(f.pictures):
            if picture.file.startswith(PICTOGRAM):
                name = picture.file.removeprefix(PICTOGRAM)
                if pictogram(name) is None:
                    problems.append(
                        src.problem(
                            ("bilder", n, "datei"),
                            f"Unbekanntes Piktogramm „{name}“.{did_you_mean(name, PICTOGRAMS)} "
                            f"Vorhanden: {', '.join(PICTOGRAMS)}.",
                        )
                    )
            else:
                trouble = picture_problem(
                    src.path.parent / picture.file, project.root, picture.file
                )
                if trouble:
                    problems.append(src.problem(("bilder", n, "datei"), trouble))
            if picture.section and picture.section not in slugs:
                problems.append(
                    src.problem(
                        ("bilder", n, "abschnitt"),
                        f"Keinen Abschnitt "
                        f"„{picture.section}“ gefunden. Vorhanden: "
                        f"{', '.join(sorted(slugs))}.",
                    )
                )
        return problems

    def one_meaning(self, doc: Document[FlyerFields], project: Project) -> list[Problem]:
        """A warning when one picture stands for different things in one flyer.

        A picture beside a section means what its ``alt`` says; a picture of the Wörter-Buch
        means its word. The same picture with two different meanings confuses readers.
        """
        uses: dict[str, list[tuple[str, tuple[str | int, ...] | None]]] = {}
        for n, picture in enumerate(doc.fields.pictures):
            key = _picture_key(picture.file, doc.source.path.parent)
            uses.setdefault(key, []).append((picture.alt, ("bilder", n, "datei")))
        for entry in shown_words(doc, project):
            if entry.picture:
                key = _picture_key(entry.picture, project.root)
                uses.setdefault(key, []).append((f"Wörter-Buch: {entry.word}", None))
        problems: list[Problem] = []
        for key, found in uses.items():
            meanings = list(dict.fromkeys(_meaning(what) for what, _loc in found))
            if len(meanings) < 2:
                continue
            loc = next((loc for _what, loc in reversed(found) if loc is not None), ("titel",))
            shown = ", ".join(f"„{what}“" for what, _loc in found)
            problems.append(
                doc.source.problem(
                    loc,
                    f"Das Bild „{key}“ steht in diesem Flyer für verschiedene Dinge: {shown}. "
                    "Ein Bild soll nur eine Sache bedeuten. Nehmen Sie für jede Sache ein "
                    f"eigenes Bild (Piktogramme: {', '.join(PICTOGRAMS)}) oder lassen Sie ein "
                    "Bild weg.",
                    severity=Severity.WARNING,
                )
            )
        return problems

    def files(self, doc: Document[FlyerFields]) -> list[Path]:
        folder = doc.source.path.parent
        pictures = doc.fields.pictures
        return [folder / p.file for p in pictures if not p.file.startswith(PICTOGRAM)]

    def context(self, doc: Document[FlyerFields], project: Project) -> dict[str, Any]:
        from kimdocs.text.easy_text import easy_html

        f: FlyerFields = doc.fields
        district = project.district(f.contact.district)
        contacts = [
            (d, d.case_management if f.contact.office == "fallmanagement" else d.coordination)
            for d in project.config.districts
            if district is None or d is district
        ]
        contact = contacts[0][1] if district is not None and contacts else None
        words = shown_words(doc, project)
        office_box = offices.context(project, f.authority, f.contact.district)
        all_contacts = [
            (d, d.case_management if f.contact.office == "fallmanagement" else d.coordination)
            for d in project.config.districts
        ]
        pictures = {p.section: {"src": picture_uri(p.file), "alt": p.alt} for p in f.pictures}
        cover = next(iter(pictures.values()), None)
        sections = [(s, easy_html(s.markdown)) for s in doc.body.sections]
        glossary = [
            (
                e,
                easy_html(glossary_explanation(e.explanation, project, doc)),
                picture_uri(e.picture) if e.picture else "",
            )
            for e in words
        ]
        asides: dict[str, list[tuple[Any, str, str]]] = {}
        pieces = flyer_pages.cut(
            [("", doc.body.intro)] + [(s.slug, s.markdown) for s in doc.body.sections]
        )
        placed: list[flyer_pages.Placed] = []
        if f.explanations == BESIDE:
            # Each explanation stands beside the piece of text where its word is first used.
            placed = flyer_pages.place(
                pieces,
                [
                    (flyer_pages.Box(entry, Markup(html), picture, n), _uses(entry))
                    for n, (entry, html, picture) in enumerate(glossary, start=1)
                ],
            )
            for p in placed:
                asides.setdefault(p.text, []).append(
                    (p.box.entry, p.box.explanation, p.box.picture)
                )
            shown = {p.box.number for p in placed}
            glossary = [item for n, item in enumerate(glossary, start=1) if n not in shown]
            pieces = flyer_pages.mark_uses(
                pieces,
                placed,
                {p.box.number: flyer_pages.word_pattern(word_forms(p.box.entry)) for p in placed},
            )
        # The folded flyer places its boxes as pieces of their own (fold_parts).
        beside = [] if f.layout == "din-lang" else placed
        return {
            "district": district,
            "contact": contact,
            "easy_intro": easy_html(doc.body.intro),
            "easy_sections": sections,
            "pictures": pictures,
            "cover_picture": cover,
            "glossary": glossary,
            "fold_parts": fold_parts(
                bool(doc.body.intro), sections, glossary, office_box is not None, asides
            ),
            "fold": None,
            "contacts": contacts if district is None else [],
            "asides": asides,
            "easy_parts": flyer_pages.template_parts(pieces),
            "boxes_at": flyer_pages.boxes_at(beside),
            "page_starts": flyer_pages.page_starts(beside),
            "placed": beside,
            "offices": office_box,
            "visits": {d.id: offices.visits(person, d) for d, person in all_contacts},
            "review_label": EASY_LABEL if reviewed(f) else DRAFT_LABEL,
            # "Rechtlich geprüft von … am …" only with a complete, signed review record.
            "legal_label": legal_review.state(
                doc, shown_explanations(doc, project), office_box
            ).label_parts(),
            "review_note": review_note(f),
            "notes_pages": 0,
        }

    def booklet_sheet(self, doc: Document[FlyerFields]) -> bool:
        return booklet(doc.fields)

    def print_sheet(
        self,
        doc: Document[FlyerFields],
        context: dict[str, Any],
        page: str,
        layout: Callable[[str], list[set[str]]],
        rerender: Callable[[dict[str, Any]], str],
    ) -> str:
        f: FlyerFields = doc.fields
        if f.layout != "din-lang":
            placed: list[flyer_pages.Placed] = context["placed"]

            def render(pl: list[flyer_pages.Placed], notes: int = 0) -> str:
                return rerender(
                    {
                        "boxes_at": flyer_pages.boxes_at(pl),
                        "page_starts": flyer_pages.page_starts(pl),
                        "placed": pl,
                        "notes_pages": notes,
                    }
                )

            if placed:
                page, placed = flyer_pages.fit(placed, page, render, layout)
            if not booklet(f):
                return page
            extra = notes_pages(len(layout(page)))
            return render(placed, extra) if extra else page
        names = [part["name"] for part in context["fold_parts"]]
        try:
            return rerender({"fold": fold.plan(layout(page), names)})
        except fold.FoldError as exc:
            raise RenderError(doc.source.problem(("layout",), str(exc))) from None


def word_forms(entry: Any) -> tuple[str, ...]:
    """How a Wörter-Buch word may be written: its word and its forms."""
    return (entry.word, *getattr(entry, "forms", ()))


def legal_state(doc: Document[FlyerFields], project: Project) -> ReviewState:
    """How far the flyer's legal review record covers what it prints."""
    box = offices.context(project, doc.fields.authority, doc.fields.contact.district)
    return legal_review.state(doc, shown_explanations(doc, project), box)


def shown_explanations(doc: Document[FlyerFields], project: Project) -> list[str]:
    """The Wörter-Buch explanations the flyer prints, facts in their wording."""
    return [glossary_explanation(e.explanation, project, doc) for e in shown_words(doc, project)]


def shown_words(doc: Document[FlyerFields], project: Project) -> list[Entry]:
    """The Wörter-Buch words the flyer explains: those its text uses (also in the blocks it
    includes). With ``erklärungen: am_rand``, a word the text explains itself where it is
    first used is left out: its box would only repeat what the reader just read."""
    text = "\n\n".join([doc.body.intro, *(s.markdown for s in doc.body.sections)])
    glossary = load_glossary(project)
    used = glossary.used_in(text)
    if doc.fields.explanations != BESIDE:
        return used
    in_text = explained_in_text(text, terms((e.word, e.forms) for e in glossary.entries))
    return [e for e in used if e.word not in in_text]


_ARTICLES = {"ein", "eine", "einen", "der", "die", "das", "den", "dem"}


def _picture_key(value: str, folder: Path) -> str:
    """One spelling per picture: ``piktogramm:amt`` in any case, or the file's path."""
    if value.startswith(PICTOGRAM):
        name = value.removeprefix(PICTOGRAM)
        return PICTOGRAM + (pictogram(name) or name)
    return str((folder / value).resolve())


def _meaning(text: str) -> str:
    """What a picture stands for, compared without case, articles, dots and Mediopunkt."""
    text = text.removeprefix("Wörter-Buch:").replace("·", "").replace("\u00ad", "").lower()
    words = [w for w in re.findall(r"\w+", text) if w not in _ARTICLES]
    return " ".join(words)


def booklet(fields: FlyerFields) -> bool:
    """Whether the flyer is a folded and stapled A5 booklet (and gets a print sheet)."""
    return fields.layout == "a5-heft"


SHEET_PAGES = 4  # one folded A4 sheet carries four A5 pages


def notes_pages(pages: int) -> int:
    """Pages for notes that make an A5 booklet of ``pages`` pages foldable and stapled."""
    return -pages % SHEET_PAGES


def glossary_explanation(explanation: str, project: Project, doc: Document[FlyerFields]) -> str:
    """A glossary explanation with its ``[[fakt:name]]`` in their Leichte-Sprache wording."""
    if "[[" not in explanation:
        return explanation
    from kimdocs.catalog import GLOSSARY_NAME
    from kimdocs.knowledge.expand import expand
    from kimdocs.knowledge.store import load_knowledge
    from kimdocs.knowledge.validity import use_problems

    knowledge = load_knowledge(project)
    expansion = expand(explanation, 1, project.root / GLOSSARY_NAME, knowledge, easy=True)
    problems = expansion.problems + use_problems(
        expansion.uses, knowledge, doc.fields.as_of, doc.historical
    )
    errors = [p for p in problems if p.is_error]
    if errors:
        raise RenderError(errors)
    return expansion.text


def fold_parts(
    intro: bool,
    sections: Sequence[tuple[Any, str]],
    glossary: Sequence[tuple[Any, str, str]],
    offices: bool = False,
    asides: dict[str, list[tuple[Any, str, str]]] | None = None,
) -> list[dict[str, Any]]:
    """The flyer's text in the pieces a folded flyer may put into different panels.

    An explanation beside a section (``erklärungen: am_rand``) is a piece of its own right
    after that section, so that a long section and its boxes may go to the next panel.
    """
    asides = asides or {}
    parts: list[dict[str, Any]] = [{"kind": "intro", "name": "Einleitung"}] if intro else []
    parts += [
        {"kind": "aside", "name": f"Erklärung: {e.word}", "item": (e, x, p)}
        for e, x, p in asides.get("", [])
    ]
    for section, html in sections:
        parts.append({"kind": "section", "name": section.title, "section": section, "html": html})
        parts += [
            {"kind": "aside", "name": f"Erklärung: {e.word}", "item": (e, x, p)}
            for e, x, p in asides.get(section.slug, [])
        ]
    if offices:
        parts.append({"kind": "offices", "name": "Wo stellen Sie den Antrag?"})
    parts += [
        {
            "kind": "glossary",
            "name": f"Wörter-Buch: {entry.word}",
            "first": n == 0,
            "entry": entry,
            "explanation": explanation,
            "picture": picture,
        }
        for n, (entry, explanation, picture) in enumerate(glossary)
    ]
    return parts


def _uses(entry: Entry) -> Callable[[str], bool]:
    """Whether a text uses the glossary entry's word (in any of its forms)."""
    one = Glossary((entry,))
    return lambda text: bool(one.used_in(text))
