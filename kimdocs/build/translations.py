"""How far each translation is: for ``build``, ``check`` and ``kimdocs übersetzung status``,
and exporting a translation file to translate. Which kinds are translated, and what of
them, the table of document types says."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kimdocs.base.errors import ContentError, KimdocsError, Problem
from kimdocs.base.files import write_atomic
from kimdocs.base.wording import counted
from kimdocs.catalog import translation_file, translation_stem, walked
from kimdocs.document_types import translation_of
from kimdocs.kinds import KINDS, Document, load_document
from kimdocs.project import Project
from kimdocs.translation import fixed
from kimdocs.translation.copies import Prepared
from kimdocs.translation.document import STALE_FIELD, prepare, published, unknown_languages
from kimdocs.translation.languages import LANGUAGES, language
from kimdocs.translation.po import read_po, write_po


@dataclass
class Translations:
    """One document's translations, each file read once: those to publish, the warnings
    to show on the document, the files that fail, and the stems whose last good output
    stays (a translation that failed to build; one refused as stale must not stay)."""

    publishable: list[Prepared] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    failing: dict[Path, list[Problem]] = field(default_factory=dict)
    kept: set[Path] = field(default_factory=set)


def read_translations(doc: Document[Any], project: Project) -> Translations:
    """Every translation file of ``doc`` in the languages the project publishes."""
    found = Translations()
    translation = translation_of(doc.kind)
    if translation is None:
        return found
    found.warnings += unknown_languages(doc, project)
    for lang, path in published(doc, project).items():
        prepared = prepare(doc, project, lang, path, translation)
        if prepared.failed:
            found.failing[path] = prepared.problems
            if any(p.is_error for p in prepared.problems if p.field != STALE_FIELD):
                stem = translation_stem(doc.output_stem, lang.code)
                found.kept.add(project.output_dir / stem)
        else:
            found.warnings += prepared.problems
            found.publishable.append(prepared)
    return found


@dataclass(frozen=True)
class LanguageState:
    """One document in one language, for ``kimdocs übersetzung status``."""

    document: Path
    language: str
    file: Path
    total: int
    translated: int  # translated and up to date
    stale: list[str]
    missing: list[str]
    problems: list[Problem]

    @property
    def share(self) -> float:
        return self.translated / self.total if self.total else 1.0


def status(project: Project, paths: Sequence[Path] = ()) -> list[LanguageState]:
    states: list[LanguageState] = []
    with walked(project) as catalog:
        for entry in catalog.select(tuple(paths)):
            if entry.refusal is not None or entry.kind is None:
                continue
            translation = translation_of(KINDS[entry.kind])
            if translation is None:
                continue
            try:
                doc = load_document(entry.path, project)
            except KimdocsError:
                continue  # "kimdocs check" reports the document's own problems
            for lang, path in published(doc, project).items():
                p = prepare(doc, project, lang, path, translation)
                done = len(p.segments) - len(p.stale) - len(p.missing)
                states.append(
                    LanguageState(
                        entry.path,
                        lang.code,
                        path,
                        len(p.segments),
                        done if not p.failed or p.file is not None else 0,
                        [s.key for s in p.stale],
                        [s.key for s in p.missing],
                        [x for x in p.problems if x.is_error],
                    )
                )
    return states


def status_text(states: list[LanguageState], root: Path) -> str:
    if not states:
        return "Keine Übersetzungen gefunden."
    lines: list[str] = []
    for s in states:
        name = LANGUAGES[s.language].name
        lines.append(
            f"{s.document.relative_to(root) if s.document.is_relative_to(root) else s.document}"
            f" – {name} ({s.language}): {round(s.share * 100)} % übersetzt "
            f"({s.translated} von {s.total} Abschnitten), "
            f"{counted(len(s.stale), 'veralteter', 'veraltete')}, "
            f"{len(s.missing)} fehlend"
        )
        if s.stale:
            lines.append(f"  veraltet: {', '.join(s.stale)}")
        if s.missing:
            lines.append(f"  fehlend: {', '.join(s.missing)}")
        lines += [f"  Fehler: {p.message}" for p in s.problems]
    return "\n".join(lines)


def export(project: Project, source: Path, code: str) -> tuple[Path, int, int]:
    """Write or update the translation file of ``source`` in language ``code``.

    Returns the file, the number of segments and how many of them need translating.
    """
    lang = language(code)
    if lang is None:
        raise KimdocsError(
            Problem(
                f"Unbekannte Sprache „{code}“. Bekannt sind: {', '.join(LANGUAGES)}.",
                field="--sprache",
            )
        )
    try:
        doc = load_document(source, project)
    except ContentError as exc:
        hint = [Problem("Erst die Fehler im deutschen Text beheben, dann exportieren.")]
        raise KimdocsError(exc.problems + (hint if source.is_file() else [])) from None
    translation = translation_of(doc.kind)
    if translation is None:
        raise KimdocsError(
            Problem(
                f"Dokumente der Art „{doc.kind.label}“ werden nicht übersetzt. Übersetzen "
                "lassen sich Flyer, die Kopie einer Vereinbarung für die Klientin oder den "
                "Klienten, Einwilligungen und die Kopie eines Arbeitsblatts zur "
                "Bleibeperspektive in Leichter Sprache.",
                file=doc.source.path,
            )
        )
    segments = translation.segments(doc, project)
    path = translation_file(doc.source.path, lang.code)
    if os.path.lexists(path):
        read_po(path, project.root)  # a broken file is reported with its line, never rewritten
    catalog = write_po(path, lang, doc.title, segments, fixed.shipped(lang.code))
    write_atomic(path, str(catalog).encode("utf-8") + b"\n")
    open_ = sum(1 for e in catalog if not e.obsolete and (not e.msgstr or e.fuzzy))
    return path, len(segments), open_
