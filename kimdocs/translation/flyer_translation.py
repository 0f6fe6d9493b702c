"""The flyer's translation: the whole flyer in the reader's language, German terms kept.

Its segments are the title, the text, the pictures' descriptions, the Wörter-Buch words it
shows and the fixed texts of its templates; facts stay placeholders, filled when it is made.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

from kimdocs.kinds import Document, flyer_pages
from kimdocs.kinds.flyer import (
    DRAFT_LABEL,
    EASY_LABEL,
    NOT_CHECKED,
    fold_parts,
    shown_words,
    word_forms,
)
from kimdocs.kinds.flyer_offices import TEXTS as OFFICE_TEXTS
from kimdocs.knowledge.review_record import DRAFT as LEGAL_DRAFT
from kimdocs.knowledge.review_record import SIGNED as LEGAL_SIGNED
from kimdocs.project import Project
from kimdocs.text.easy_text import easy_html
from kimdocs.text.html_text import map_text
from kimdocs.text.markdown import split_sections
from kimdocs.translation.copies import Prepared, Translated, Translation
from kimdocs.translation.document import body_segments, fallbacks_marked
from kimdocs.translation.segments import (
    Segment,
    assemble,
    fixed_texts,
    template_key,
    with_placeholders,
)

FLYER_TEMPLATES = ("flyer.html", "flyer-teile.html", "flyer-faltblatt.html", "base.css")


def _flyer_segments(doc: Document[Any], project: Project) -> list[Segment]:
    f = doc.fields
    found = [Segment("titel", f.title, "Titel", doc.source.lines.get(("titel",)))]
    if f.subtitle:
        found.append(Segment("untertitel", f.subtitle, "Untertitel"))
    if f.note:
        found.append(Segment("hinweis", f.note, "Hinweis auf dem Titelblatt"))
    found += [p for p in body_segments(doc, project) if isinstance(p, Segment)]
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


# A character reference in HTML text ("&amp;" for "&"): its letters are no German word.
_REFERENCE = re.compile(r"(&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);)")


def mark_german(html: Markup | str, german: re.Pattern[str] | None) -> Markup:
    """German words inside translated HTML marked ``lang="de"`` and isolated for the bidi order.

    Character references stay whole: "&amp;" marked as a Latin word "amp" showed as "&amp;"
    in the page, as if the text had been escaped twice.
    """
    if german is None:
        return Markup(html)

    def mark(part: str) -> str:
        pieces = _REFERENCE.split(part)
        pieces[::2] = [
            german.sub(lambda m: f'<bdi lang="de" dir="ltr">{m.group(0)}</bdi>', piece)
            for piece in pieces[::2]
        ]
        return "".join(pieces)

    return Markup(map_text(str(html), mark))


@dataclass(frozen=True)
class GlossaryWord:
    """A glossary entry in a translation: the German word, its translation, its picture."""

    word: str
    native: str
    picture: str


def _flyer(
    doc: Document[Any],
    project: Project,
    prepared: Prepared,
    stem: Path,
    context: dict[str, Any],
    german: Mapping[str, Any],
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
    marked = fallbacks_marked(prepared)
    markdown = assemble(body_segments(doc, project), marked)
    body = split_sections(markdown, doc.source.body_line)
    # Pictures belong to sections by their German names.
    german_sections = doc.body.sections
    sections = tuple(
        replace(s, slug=german_sections[n].slug) if n < len(german_sections) else s
        for n, s in enumerate(body.sections)
    )
    body = replace(body, sections=sections)
    new = replace(doc, fields=fields, body=body, output_stem=stem)
    t = context["t"]
    # Which explanation stands beside which part is found in the German: the German word
    # is not in the translated sentences.
    source = german
    context |= doc.kind.context(new, project)  # the translated flyer's own context

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
    _boxes_where_the_german_has_them(new, context, source, word, words_re)

    context["glossary"] = [
        (_marked_word(w, words_re), mark_german(h, words_re), p) for w, h, p in glossary
    ]
    context["asides"] = {
        slug: [(_marked_word(w, words_re), mark_german(h, words_re), p) for w, h, p in items]
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


def _marked_word(word: GlossaryWord, german: re.Pattern[str] | None) -> GlossaryWord:
    """The word's translation with its German words marked and isolated ("مستوى اللغة B1"):
    in the glossary and in every explanation box alike."""
    return replace(word, native=mark_german(escape(word.native), german) if word.native else "")


def _boxes_where_the_german_has_them(
    doc: Document[Any],
    context: dict[str, Any],
    german: Mapping[str, Any],
    word: Callable[[Any, str], tuple[GlossaryWord, Markup, str]],
    german_words: re.Pattern[str] | None,
) -> None:
    """The explanation boxes of a translation at the pieces where the German has them: a
    translated paragraph or list item is the German one's. The first use is marked where
    the German word stands in the translation, else at the start of its piece."""
    pieces = flyer_pages.cut(
        [("", doc.body.intro)] + [(s.slug, s.markdown) for s in doc.body.sections]
    )
    placed = []
    for p in german["placed"]:
        items = pieces.get(p.text, [])
        if len(items) < 2:
            continue
        entry, explanation, picture = word(p.box.entry, p.box.picture)
        entry = _marked_word(entry, german_words)
        explanation = mark_german(explanation, german_words)
        box = replace(p.box, entry=entry, explanation=explanation, picture=picture)
        # Pieces of a translation match the German's; if a translator joined two, the
        # box goes with the last piece there is.
        use = min(p.piece, len(items) - 1)
        placed.append(flyer_pages.Placed(box, p.text, use, flyer_pages.choices(items, use)))
    pieces = flyer_pages.mark_uses(
        pieces,
        placed,
        {p.box.number: flyer_pages.word_pattern(word_forms(p.box.entry)) for p in placed},
    )
    marked = {
        key: [replace(piece, html=mark_german(piece.html, german_words)) for piece in items]
        for key, items in pieces.items()
    }
    beside = [] if doc.fields.layout == "din-lang" else placed
    context["easy_parts"] = flyer_pages.template_parts(marked)
    context["boxes_at"] = flyer_pages.boxes_at(beside)
    context["page_starts"] = flyer_pages.page_starts(beside)
    context["placed"] = beside


FLYER_TRANSLATION = Translation(segments=_flyer_segments, translate=_flyer)
