"""A document's translations: each translation file read against the German text as it is
now, and the translated document the build renders.

What of a kind is translated, and what its translation makes, is the kind's own
:class:`~kimdocs.translation.copies.Translation` (``flyer_translation.py``,
``agreement_copy.py``, ``consent_copy.py``), which the table of document types names;
nothing here asks which kind a document is.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from kimdocs.base.errors import ContentError, Problem, Severity
from kimdocs.catalog import translations_of
from kimdocs.kinds import Document
from kimdocs.knowledge.store import Knowledge, load_knowledge
from kimdocs.project import Project
from kimdocs.templating.data import functions
from kimdocs.text.html_text import map_text
from kimdocs.translation import fixed
from kimdocs.translation.copies import Prepared, Translated, TranslationInfo
from kimdocs.translation.languages import LANGUAGES, Language, language
from kimdocs.translation.po import read_po
from kimdocs.translation.segments import (
    PLACEHOLDER,
    Piece,
    Segment,
    body_pieces,
    placeholders,
    raw_body,
    template_key,
)

if TYPE_CHECKING:
    from kimdocs.translation.copies import Translation

STALE_REFUSED = "ablehnen"
STALE_FIELD = "veraltet"  # the field of the staleness finding
_FACT = re.compile(r"\{fakt:([^{}\s]+)\}")


def body_segments(doc: Document[Any], project: Project) -> list[Piece]:
    """The document's body as it is written (blocks in place, facts as placeholders), cut
    into translatable segments and the Markdown around them."""
    body = raw_body(doc.source.written or doc.source.body, load_knowledge(project))
    return body_pieces(body, doc.source.body_line, doc.kind.easy_language)


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


def prepare(
    doc: Document[Any], project: Project, lang: Language, path: Path, translation: Translation
) -> Prepared:
    """Read one translation file against the document as it is now."""
    prepared = Prepared(lang, path, translation.segments(doc, project))
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


def fallbacks_marked(prepared: Prepared) -> dict[str, str]:
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


def translated(
    doc: Document[Any],
    project: Project,
    prepared: Prepared,
    translation: Translation,
    german: Mapping[str, Any],
) -> Translated:
    """The document in ``prepared``'s language, ready for the renderers. ``german`` is the
    German document's kind context: what it states, the translation states too."""
    from kimdocs.catalog import translation_stem

    lang, texts = prepared.language, prepared.texts
    stem = translation_stem(doc.output_stem, lang.code)
    info = TranslationInfo(
        language=lang,
        revised=prepared.file.revised if prepared.file else None,
        note=prepared.file.note if prepared.file else "",
        source_date=doc.date,
    )
    context: dict[str, Any] = {
        "lang": lang.code,
        "dir": lang.direction,
        **functions(t=text_function(lang, texts), term=german_term(lang)),
        "translation": info,
        "title": texts.get("titel", doc.title),
    }
    return translation.translate(doc, project, prepared, stem, context, german)


def translations(
    doc: Document[Any], project: Project, translation: Translation | None
) -> list[Translated]:
    """Every publishable translation of ``doc`` (broken or refused ones are left out: the
    build reports them on their files)."""
    if translation is None:
        return []
    german = doc.kind.context(doc, project)
    found = []
    for lang, path in published(doc, project).items():
        prepared = prepare(doc, project, lang, path, translation)
        if not prepared.failed:
            found.append(translated(doc, project, prepared, translation, german))
    return found
