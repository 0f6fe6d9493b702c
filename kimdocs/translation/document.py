"""What of a document is translated, and the translated document the build renders.

The flyer is translated whole. Of an agreement only the client's copy is: goals, steps,
dates, voluntariness and data protection; the German agreement stays the signed original.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

from kimdocs.catalog import translations_of
from kimdocs.errors import ContentError, Problem, Severity
from kimdocs.html_text import map_text
from kimdocs.kind_names import AGREEMENT, CONSENT, FLYER
from kimdocs.kinds import Document
from kimdocs.kinds.flyer import DRAFT_LABEL, EASY_LABEL, NOT_CHECKED, shown_words
from kimdocs.kinds.flyer_offices import TEXTS as OFFICE_TEXTS
from kimdocs.knowledge.base import Knowledge, load_knowledge
from kimdocs.knowledge.review_record import DRAFT as LEGAL_DRAFT
from kimdocs.knowledge.review_record import SIGNED as LEGAL_SIGNED
from kimdocs.markdown import split_sections
from kimdocs.project import Project
from kimdocs.translation import fixed
from kimdocs.translation.languages import LANGUAGES, Language, language
from kimdocs.translation.po import TranslationFile, read_po
from kimdocs.translation.segments import (
    PLACEHOLDER,
    Piece,
    Segment,
    assemble,
    body_pieces,
    fixed_texts,
    placeholders,
    raw_body,
    template_key,
    with_placeholders,
)

STALE_REFUSED = "ablehnen"
STALE_FIELD = "veraltet"  # the field of the staleness finding
# The kinds with a translation: the flyer whole, the agreement as the client's copy, the
# consent form as a copy to read (the German form is the one signed).
TRANSLATABLE = (FLYER.id, AGREEMENT.id, CONSENT.id)
_FACT = re.compile(r"\{fakt:([^{}\s]+)\}")

FLYER_TEMPLATES = ("flyer.html", "flyer-teile.html", "flyer-faltblatt.html", "base.css")
COPY_TEMPLATES = ("kopie-vereinbarung.html", "base.css")
CONSENT_TEMPLATES = ("consent.html", "consent.css", "base.css")
_STATES = ("offen", "begonnen", "erledigt", "entfällt")
_PRIORITIES = ("hoch", "mittel", "niedrig")


def translatable(doc: Document[Any], project: Project) -> list[Segment]:
    """Every segment of the document that a translation may translate, in reading order."""
    if doc.kind.id == FLYER.id:
        return _flyer_segments(doc, project)
    if doc.kind.id == AGREEMENT.id:
        return _copy_segments(doc)
    if doc.kind.id == CONSENT.id:
        return _consent_segments(doc, project)
    raise ContentError(
        Problem(
            f"Dokumente der Art „{doc.kind.label}“ werden nicht übersetzt. Übersetzen lassen "
            "sich Flyer, die Kopie einer Vereinbarung für die Klientin oder den Klienten und "
            "Einwilligungen.",
            file=doc.source.path,
        )
    )


def _pieces(doc: Document[Any], project: Project) -> list[Piece]:
    body = raw_body(doc.source.path, load_knowledge(project))
    return body_pieces(body, doc.source.body_line, doc.kind.easy_language)


def _flyer_segments(doc: Document[Any], project: Project) -> list[Segment]:
    f = doc.fields
    found = [Segment("titel", f.title, "Titel", doc.source.lines.get(("titel",)))]
    if f.subtitle:
        found.append(Segment("untertitel", f.subtitle, "Untertitel"))
    if f.note:
        found.append(Segment("hinweis", f.note, "Hinweis auf dem Titelblatt"))
    found += [p for p in _pieces(doc, project) if isinstance(p, Segment)]
    found += [
        Segment(f"bild-{n}.alt", p.alt, "Bildbeschreibung (für Vorlese-Programme)")
        for n, p in enumerate(f.pictures, start=1)
    ]
    for entry in shown_words(doc, project):
        key = f"wort.{template_key(entry.word).removeprefix('vorlage.')}"
        found.append(
            Segment(key, entry.word, "Wort aus dem Wörter-Buch: das deutsche Wort bleibt stehen")
        )
        found.append(
            Segment(
                f"{key}.erklärung",
                with_placeholders(entry.explanation.strip()),
                "Erklärung des Wortes",
            )
        )
    # Texts the templates show through a variable: the labels and the offices' sentences.
    shown = (
        EASY_LABEL,
        DRAFT_LABEL,
        NOT_CHECKED,
        LEGAL_DRAFT,
        LEGAL_SIGNED,
        *OFFICE_TEXTS.values(),
    )
    return found + fixed_texts(FLYER_TEMPLATES, shown)


def _copy_segments(doc: Document[Any]) -> list[Segment]:
    f = doc.fields
    found = [Segment("titel", f.type, "Art der Vereinbarung")]
    for g, goal in enumerate(f.goals, start=1):
        found.append(Segment(f"ziel-{g}", goal.goal, "Ziel"))
        found.append(Segment(f"ziel-{g}.handlungsfeld", goal.life_area, "Handlungsfeld"))
        found.append(Segment(f"ziel-{g}.indikator", goal.indicator, "Woran das Ziel erkannt wird"))
        for s, step in enumerate(goal.steps, start=1):
            found.append(Segment(f"ziel-{g}.schritt-{s}", step.what, "Schritt"))
            found.append(Segment(f"ziel-{g}.schritt-{s}.wer", step.who, "Wer den Schritt tut"))
    return found + fixed_texts(COPY_TEMPLATES, _STATES + _PRIORITIES)


def _consent_parts(doc: Document[Any], project: Project) -> dict[str, Any]:
    """The consent form's heading, parts and signature lines, as the German form has them."""
    return doc.kind.context(doc, project)


def _consent_segments(doc: Document[Any], project: Project) -> list[Segment]:
    form = _consent_parts(doc, project)
    found = [Segment("titel", form["heading"], "Überschrift")]
    for n, part in enumerate([*form["parts"], *form["information"]], start=1):
        if part.kind == "ul":
            found += [
                Segment(f"teil-{n}.{i}", item, "Aufzählungspunkt")
                for i, item in enumerate(part.items, start=1)
            ]
        else:
            found.append(
                Segment(f"teil-{n}", part.text, "Überschrift" if part.kind != "p" else "Absatz")
            )
    found += [
        Segment(f"unterschrift-{i}", role, "Unterschriftszeile")
        for i, role in enumerate(form["signers"], start=1)
    ]
    return found + fixed_texts(CONSENT_TEMPLATES)


@dataclass
class Prepared:
    """One language of one document: what can be used, and what is wrong or behind."""

    language: Language
    path: Path
    segments: list[Segment]
    file: TranslationFile | None = None
    texts: dict[str, str] = field(default_factory=dict)  # usable translations, facts in
    stale: list[Segment] = field(default_factory=list)
    missing: list[Segment] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return any(p.is_error for p in self.problems)


def published(doc: Document[Any], project: Project) -> dict[Language, Path]:
    """The document's translation files in the languages the project publishes."""
    wanted = set(project.config.languages)
    found: dict[Language, Path] = {}
    for code, path in translations_of(doc.source.path, project).items():
        lang = language(code)
        if lang is not None and (not wanted or code in wanted):
            found[lang] = path
    return found


def unknown_languages(doc: Document[Any], project: Project) -> list[Problem]:
    return [
        Problem(
            f"Unbekannte Sprache „{code}“ im Dateinamen. Bekannt sind: {', '.join(LANGUAGES)}.",
            file=path,
            severity=Severity.WARNING,
        )
        for code, path in translations_of(doc.source.path, project).items()
        if language(code) is None
    ]


def prepare(doc: Document[Any], project: Project, lang: Language, path: Path) -> Prepared:
    """Read one translation file against the document as it is now."""
    prepared = Prepared(lang, path, translatable(doc, project))
    try:
        prepared.file = read_po(path)
    except ContentError as exc:
        prepared.problems += exc.problems
        return prepared
    entries = prepared.file.entries
    shipped = fixed.shipped(lang.code)
    knowledge = load_knowledge(project)
    refuse = project.config.translation.stale == STALE_REFUSED
    for segment in prepared.segments:
        entry = entries.get(segment.key)
        if entry is None or not entry.text.strip():
            if segment.key in shipped:  # a fixed text the project did not translate itself
                prepared.texts[segment.key] = shipped[segment.key]
            else:
                prepared.missing.append(segment)
                # The German stands in, its facts in their German wording.
                prepared.texts[segment.key] = fill_facts(
                    segment.text, knowledge, path, 0, [], german=doc.kind.easy_language
                )
            continue
        if placeholders(entry.text) != placeholders(entry.source):
            prepared.problems.append(_placeholder_problem(path, entry.line, segment, entry.text))
            continue
        if entry.stale_for(segment.text):
            prepared.stale.append(segment)
        filled = fill_facts(entry.text, knowledge, path, entry.line, prepared.problems)
        prepared.texts[segment.key] = filled
    if prepared.stale:
        keys = ", ".join(s.key for s in prepared.stale)
        prepared.problems.append(
            Problem(
                f"Die Übersetzung ({lang.name}) ist veraltet: der deutsche Text hat sich "
                f"geändert bei {keys}."
                + (
                    " Sie wird nicht veröffentlicht (kimdocs.toml: [übersetzung] veraltete = "
                    "„ablehnen“)."
                    if refuse
                    else ""
                )
                + " Bitte neu exportieren und übersetzen lassen.",
                file=path,
                field=STALE_FIELD,
                severity=Severity.ERROR if refuse else Severity.WARNING,
            )
        )
    if prepared.missing:
        keys = ", ".join(s.key for s in prepared.missing[:8])
        more = f" und {len(prepared.missing) - 8} weitere" if len(prepared.missing) > 8 else ""
        prepared.problems.append(
            Problem(
                f"Nicht übersetzt ({lang.name}): {keys}{more}. Dort steht der deutsche Text.",
                file=path,
                severity=Severity.WARNING,
            )
        )
    return prepared


def _placeholder_problem(path: Path, line: int, segment: Segment, text: str) -> Problem:
    german, translated = placeholders(segment.text), placeholders(text)
    lost = [p for p in german if p not in translated]
    added = [p for p in translated if p not in german]
    what = "; ".join(
        part
        for part in (
            f"fehlt: {', '.join(lost)}" if lost else "",
            f"nicht im deutschen Text: {', '.join(added)}" if added else "",
        )
        if part
    )
    return Problem(
        f"Die Übersetzung von „{segment.key}“ verändert die Platzhalter ({what}). "
        "Platzhalter wie {fakt:name} bitte genau so übernehmen: sie werden beim Erzeugen "
        "mit den aktuellen Fakten gefüllt.",
        file=path,
        line=line,
        field=segment.key,
    )


def fill_facts(
    text: str,
    knowledge: Knowledge,
    path: Path,
    line: int,
    problems: list[Problem],
    german: bool | None = None,
) -> str:
    """Placeholders filled: in a neutral form, or (``german``: easy or not) in German words."""

    def fill(match: re.Match[str]) -> str:
        # ``{fakt:name:dativ}``: the case matters only where the German stands in.
        name, _, form = match.group(1).partition(":")
        fact = knowledge.facts.get(name)
        if fact is None:
            problems.append(
                Problem(
                    f"Unbekannter Fakt „{name}“.{knowledge.suggest('fakt', name)}",
                    file=path,
                    line=line,
                )
            )
            return match.group(0)
        if german is None:
            return fact.neutral()
        return fact.render(german, form if form and fact.form_problem(form) is None else "")

    return _FACT.sub(fill, text)


# Around the German that stands in for an untranslated sentence, until the page is made.
FALLBACK_OPEN, FALLBACK_CLOSE = "\ue000", "\ue001"


def _fallbacks_marked(prepared: Prepared) -> dict[str, str]:
    """The texts, with the German that stands in for a missing translation marked for
    ``mark_fallbacks`` (which sets it off as German when the page is made)."""
    missing = {s.key for s in prepared.missing}
    return {
        k: f"{FALLBACK_OPEN}{v}{FALLBACK_CLOSE}" if k in missing else v
        for k, v in prepared.texts.items()
    }


def mark_fallbacks(html: str) -> str:
    """The German standing in for a missing translation marked German and bidi-isolated.

    In tags (an alt text) and raw elements (the title) the marks are only removed.
    """
    if FALLBACK_OPEN not in html:
        return html
    return map_text(
        html,
        lambda part: part.replace(FALLBACK_OPEN, '<bdi lang="de" dir="ltr">').replace(
            FALLBACK_CLOSE, "</bdi>"
        ),
        lambda part: part.replace(FALLBACK_OPEN, "").replace(FALLBACK_CLOSE, ""),
    )


_LATIN = "A-Za-z\u00c0-\u024f"
_LATIN_WORD = rf"[{_LATIN}][{_LATIN}0-9·'’/@+-]*(?:[.:][{_LATIN}0-9]+)*"
# A run of Latin-script words (a German term, "B1", an address, an office's name) in a
# right-to-left translation: isolated whole, so that its words keep their order.
LATIN_RUN = re.compile(
    rf"(?<![{_LATIN}0-9·]){_LATIN_WORD}(?:[ ]+(?:{_LATIN_WORD}|[0-9]+(?:[.,:/-][0-9]+)*))*"
)


def _german_words(
    words: list[tuple[GlossaryWord, Markup, str]], rtl: bool = False
) -> re.Pattern[str] | None:
    """German glossary words as written in a translation, with or without the middle dot;
    in a right-to-left translation every run of Latin script."""
    if rtl:
        return LATIN_RUN
    forms = sorted({w.word for w, _, _ in words}, key=len, reverse=True)
    if not forms:
        return None
    alternatives = ["·?".join(re.escape(p) for p in form.split("·")) for form in forms]
    return re.compile(rf"(?<![\w·])(?:{'|'.join(alternatives)})(?![\w·])")


def mark_german(html: Markup | str, german: re.Pattern[str] | None) -> Markup:
    """German words inside translated HTML marked ``lang="de"`` and isolated for the bidi order."""
    if german is None:
        return Markup(html)
    return Markup(
        map_text(
            str(html),
            lambda part: german.sub(lambda m: f'<bdi lang="de" dir="ltr">{m.group(0)}</bdi>', part),
        )
    )


@dataclass(frozen=True)
class GlossaryWord:
    """A glossary entry in a translation: the German word, its translation, its picture."""

    word: str
    native: str
    picture: str


def text_function(lang: Language, texts: dict[str, str]) -> Callable[..., str]:
    """``t("Wörter-Buch")`` in templates: the fixed text in the document's language."""

    def t(german: str, **values: Any) -> str:
        text = texts.get(template_key(german), german)
        return PLACEHOLDER.sub(lambda m: str(values.get(m.group(0)[1:-1], m.group(0))), text)

    return t


def german_term(lang: Language) -> Callable[[str], Markup]:
    """A German word inside a translation: marked German and isolated from the bidi order."""

    def term(word: str) -> Markup:
        return Markup('<bdi lang="de" dir="ltr">{}</bdi>').format(word)

    return term


TRANSLATION_NAMES = frozenset({"dir", "t", "term", "translation"})


def german_context() -> dict[str, Any]:
    """What every German document adds to the template variables (``base_context``)."""
    return {
        "dir": "ltr",
        "t": lambda german, **values: PLACEHOLDER.sub(
            lambda m: str(values.get(m.group(0)[1:-1], m.group(0))), german
        ),
        "term": lambda word: escape(word),
        "translation": None,
    }


@dataclass(frozen=True)
class Translated:
    doc: Document[Any]
    context: dict[str, Any]  # what replaces the German template variables


def translated(doc: Document[Any], project: Project, prepared: Prepared) -> Translated:
    """The document in ``prepared``'s language, ready for the renderers."""
    from kimdocs.catalog import translation_stem

    lang, texts = prepared.language, prepared.texts
    stem = translation_stem(doc.output_stem, lang.code)
    info = {
        "language": lang,
        "revised": prepared.file.revised if prepared.file else None,
        "note": prepared.file.note if prepared.file else "",
        "source_date": doc.date,
    }
    context: dict[str, Any] = {
        "lang": lang.code,
        "dir": lang.direction,
        "t": text_function(lang, texts),
        "term": german_term(lang),
        "translation": info,
        "title": texts.get("titel", doc.title),
    }
    if doc.kind.id == FLYER.id:
        return _flyer(doc, project, prepared, stem, context)
    if doc.kind.id == CONSENT.id:
        return _consent(doc, project, prepared, stem, context)
    return _client_copy(doc, project, prepared, stem, context)


def _consent(
    doc: Document[Any], project: Project, prepared: Prepared, stem: Path, context: dict[str, Any]
) -> Translated:
    """A consent form to read in the client's language; the German form is the one signed."""
    from kimdocs.translation.client_copy import CONSENT_COPY

    texts, form = _fallbacks_marked(prepared), _consent_parts(doc, project)
    parts: list[Any] = []
    information: list[Any] = []
    for n, part in enumerate([*form["parts"], *form["information"]], start=1):
        if part.kind == "ul":
            items = tuple(
                texts.get(f"teil-{n}.{i}", item) for i, item in enumerate(part.items, start=1)
            )
            translated_part = replace(part, items=items)
        else:
            translated_part = replace(part, text=texts.get(f"teil-{n}", part.text))
        (parts if n <= len(form["parts"]) else information).append(translated_part)
    context |= form
    context |= {
        "heading": texts.get("titel", form["heading"]),
        "parts": parts,
        "information": information,
        "signers": [
            texts.get(f"unterschrift-{i}", role) for i, role in enumerate(form["signers"], 1)
        ],
    }
    new = replace(doc, kind=CONSENT_COPY, output_stem=stem)
    return Translated(new, context)


def _flyer(
    doc: Document[Any], project: Project, prepared: Prepared, stem: Path, context: dict[str, Any]
) -> Translated:
    texts = prepared.texts
    f = doc.fields
    pictures = [
        p.model_copy(update={"alt": texts.get(f"bild-{n}.alt", p.alt)})
        for n, p in enumerate(f.pictures, start=1)
    ]
    fields = f.model_copy(
        update={
            "title": texts.get("titel", f.title),
            "subtitle": texts.get("untertitel", f.subtitle),
            "note": texts.get("hinweis", f.note),
            "pictures": pictures,
        }
    )
    marked = _fallbacks_marked(prepared)
    markdown = assemble(_pieces(doc, project), marked)
    body = split_sections(markdown, doc.source.body_line)
    # Pictures belong to sections by their German names.
    german = doc.body.sections
    sections = tuple(
        replace(s, slug=german[n].slug) if n < len(german) else s
        for n, s in enumerate(body.sections)
    )
    body = replace(body, sections=sections)
    new = replace(doc, fields=fields, body=body, output_stem=stem)
    t = context["t"]
    # Which explanation stands beside which part is found in the German: the German word
    # is not in the translated sentences.
    source = doc.kind.context(doc, project)
    context |= doc.kind.context(new, project)
    from kimdocs.easy_text import easy_html
    from kimdocs.kinds.flyer import fold_parts

    def word(entry: Any, picture: str) -> tuple[GlossaryWord, Markup, str]:
        key = f"wort.{template_key(entry.word).removeprefix('vorlage.')}"
        explanation = marked.get(f"{key}.erklärung", entry.explanation)
        native = texts.get(key, "")  # not repeated where the German stands in for it
        native = "" if native == entry.word else native
        return GlossaryWord(entry.word, native, picture), easy_html(explanation), picture

    glossary = [word(e, p) for e, _, p in source["glossary"]]
    asides = {slug: [word(e, p) for e, _, p in items] for slug, items in source["asides"].items()}
    words_re = _german_words(
        glossary + [w for items in asides.values() for w in items], prepared.language.rtl
    )
    context["easy_sections"] = [(s, mark_german(h, words_re)) for s, h in context["easy_sections"]]
    context["easy_intro"] = mark_german(context["easy_intro"], words_re)

    def marked_word(w: GlossaryWord) -> GlossaryWord:
        return replace(w, native=mark_german(escape(w.native), words_re) if w.native else "")

    context["glossary"] = [(marked_word(w), mark_german(h, words_re), p) for w, h, p in glossary]
    context["asides"] = {
        slug: [(marked_word(w), mark_german(h, words_re), p) for w, h, p in items]
        for slug, items in asides.items()
    }
    context["fold_parts"] = fold_parts(
        bool(new.body.intro),
        context["easy_sections"],
        context["glossary"],
        f.authority is not None,
        context["asides"],
    )
    context["review_label"] = t(context["review_label"])
    # The legal review is of the German flyer: a translation says what the German says.
    context["legal_label"] = source["legal_label"]
    return Translated(new, context)


def _client_copy(
    doc: Document[Any], project: Project, prepared: Prepared, stem: Path, context: dict[str, Any]
) -> Translated:
    from kimdocs.translation.client_copy import CLIENT_COPY

    texts, f = prepared.texts, doc.fields
    goals = [
        {
            "goal": texts.get(f"ziel-{g}", goal.goal),
            "life_area": texts.get(f"ziel-{g}.handlungsfeld", goal.life_area),
            "indicator": texts.get(f"ziel-{g}.indikator", goal.indicator),
            "priority": goal.priority,
            "deadline": goal.deadline,
            "steps": [
                {
                    "what": texts.get(f"ziel-{g}.schritt-{s}", step.what),
                    "who": texts.get(f"ziel-{g}.schritt-{s}.wer", step.who),
                    "due": step.due,
                    "status": step.status,
                }
                for s, step in enumerate(goal.steps, start=1)
            ],
        }
        for g, goal in enumerate(f.goals, start=1)
    ]
    new = replace(doc, kind=CLIENT_COPY, output_stem=stem)
    context |= doc.kind.context(doc, project)
    context["client_goals"] = goals
    # Which renderer writes the copy in which format, the format registry says.
    return Translated(new, context)


def translations(doc: Document[Any], project: Project) -> list[Translated]:
    """Every publishable translation of ``doc`` (broken or refused ones are left out: the
    build reports them on their files)."""
    if doc.kind.id not in TRANSLATABLE:
        return []
    found = []
    for lang, path in published(doc, project).items():
        prepared = prepare(doc, project, lang, path)
        if not prepared.failed:
            found.append(translated(doc, project, prepared))
    return found
