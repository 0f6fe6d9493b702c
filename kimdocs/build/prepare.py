"""One read phase for ``check``, ``build`` and the preview, then the build's plan.

Every document is loaded once (fields, the kind's checks, the case-file warnings), its
translation files are read once, duplicates are found across all of them. The build then
plans once (fingerprint, stale formats, fresh files to reuse) and makes the context of each
document it renders once, here, with the walk of ``content/`` at hand (the case index, the
report's figures). The write phase, in this process or in a worker, gets the prepared
document: nothing is loaded or read again there.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kimdocs import formats as registry
from kimdocs.base.errors import ContentError, KimdocsError, Problem
from kimdocs.build.manifest import (
    Manifest,
    fingerprint,
    local_pictures,
    templates_digest,
    templates_knowledge,
)
from kimdocs.build.results import FAILED, UNCHANGED, Result
from kimdocs.build.translations import read_translations
from kimdocs.catalog import current_catalog, translations_of
from kimdocs.document_types import document_type
from kimdocs.kinds import Document, load_document
from kimdocs.kinds import consents as consent
from kimdocs.knowledge.store import Knowledge, load_knowledge
from kimdocs.project import Project
from kimdocs.render.outputs import first_files, wanted_formats
from kimdocs.translation.copies import Prepared


@dataclass
class PreparedDocument:
    """A document as the write phase gets it: loaded, checked, its translations read, its
    stale formats planned and (for rendering) its context made."""

    doc: Document[Any]
    result: Result
    translations: list[Prepared] = field(default_factory=list)  # publishable ones
    fingerprint: str = ""
    formats: tuple[str, ...] = ()  # the stale formats to render
    reuse: dict[str, Path] = field(default_factory=dict)  # fresh files they may be made from
    context: dict[str, Any] | None = None  # the kind's template context and its extras

    @property
    def source(self) -> Path:
        return self.doc.source.path


@dataclass
class Reading:
    results: list[Result]  # one per source: documents, failures, broken shared files
    documents: list[PreparedDocument]
    knowledge: Knowledge
    kept: set[Path] = field(default_factory=set)  # stems of translations that failed


def read(project: Project, paths: Sequence[Path] = (), historical: bool = False) -> Reading:
    """Load and check every document once; within ``walked(project)``."""
    catalog = current_catalog(project)
    chosen = catalog.select(tuple(paths))
    clashes = catalog.clashes(chosen)  # before anything is written: both sources fail
    results: list[Result] = []
    docs: list[Document[Any]] = []
    for entry in chosen:
        if entry.refusal is not None:
            results.append(Result(entry.path, problems=[entry.refusal], status=FAILED))
            continue
        clash = [clashes[entry.path]] if entry.path in clashes else []
        try:
            doc = load_document(entry.path, project, historical=historical)
        except KimdocsError as exc:
            results.append(Result(entry.path, problems=exc.problems + clash, status=FAILED))
            continue
        if clash:
            problems = doc.warnings + clash
            results.append(Result(entry.path, problems=problems, status=FAILED, kind=doc.kind.id))
        else:
            docs.append(doc)
    knowledge, broken = shared_files(project)
    results += broken
    duplicates = _duplicates(docs)
    reading = Reading(results, [], knowledge)
    for doc in docs:
        result = Result(
            doc.source.path,
            problems=list(doc.warnings),
            facts=doc.kind.facts(doc),
            kind=doc.kind.id,
            title=doc.title,
            inputs=[*local_pictures(doc), *doc.kind.files(doc)],
        )
        translations = read_translations(doc, project)
        result.problems += translations.warnings
        results += [Result(f, problems=p, status=FAILED) for f, p in translations.failing.items()]
        reading.kept |= translations.kept
        if doc.source.path in duplicates:
            result.problems.append(duplicates[doc.source.path])
            result.status = FAILED
        results.append(result)
        reading.documents.append(PreparedDocument(doc, result, translations.publishable))
    return reading


def plan(
    reading: Reading,
    project: Project,
    manifest: Manifest,
    formats: Iterable[str] | None,
    force: bool,
) -> list[PreparedDocument]:
    """The documents to render, with their stale formats; the others are unchanged."""
    wanted_ids = tuple(formats) if formats is not None else None
    shared = templates_digest(project)
    in_templates = templates_knowledge(project)  # once: fingerprints hash what each uses
    todo = []
    for prepared in reading.documents:
        doc, result = prepared.doc, prepared.result
        if result.status == FAILED:
            continue
        wanted = wanted_formats(doc, project, wanted_ids)
        prepared.fingerprint = fingerprint(
            doc,
            shared + _case_inputs(doc, project),
            reading.knowledge,
            in_templates,
            translations_of(doc.source.path, project),
        )
        entry = manifest.key(doc.source.path, project)
        stale = (
            wanted if force else manifest.stale(entry, prepared.fingerprint, wanted, project.root)
        )
        if not stale:
            result.status, result.outputs = UNCHANGED, first_files(doc, project, wanted)
            continue
        # Fresh files of other formats that a stale one can be made from (PNG from PDF).
        for base in {registry.get(f).made_from for f in stale}:
            if base is not None and base not in stale:
                made = manifest.fresh_files(entry, base, prepared.fingerprint, project.root)
                if made:
                    prepared.reuse[base] = made[0]
        prepared.formats = tuple(stale)
        todo.append(prepared)
    return todo


def make_context(prepared: PreparedDocument, project: Project) -> None:
    """The document's template context beyond the common names, made once here: what its
    kind states (consents from the case index) and what its type adds (a report's figures).
    A document whose context fails, fails."""
    doc = prepared.doc
    try:
        prepared.context = doc.kind.context(doc, project) | document_type(doc.kind).extra_context(
            doc, project
        )
    except KimdocsError as exc:
        prepared.result.problems += exc.problems
        prepared.result.status = FAILED


def _case_inputs(doc: Document[Any], project: Project) -> str:
    """What a case document shows from the case's other documents (its consents)."""
    case_id = str(getattr(doc.fields, "case_id", "") or "")
    if not doc.kind.names.case_data or not case_id:
        return ""
    return consent.case_digest(project, case_id, doc.source.path)


def _duplicates(docs: Sequence[Document[Any]]) -> dict[Path, Problem]:
    """Two documents that claim the same case (or title), kind and version or date.

    Names count regardless of case, as everywhere users type ids: ``t-0009`` is ``T-0009``.
    """
    seen: dict[tuple[str, ...], Document[Any]] = {}
    problems: dict[Path, Problem] = {}
    for doc in docs:
        key = doc.kind.identity(doc.fields)
        first = seen.setdefault(tuple(part.casefold() for part in key), doc)
        if first is not doc:
            for one, other in ((doc, first), (first, doc)):
                problems[one.source.path] = _duplicate(one, other, key)
    return problems


def _duplicate(doc: Document[Any], other: Document[Any], key: tuple[str, str, str]) -> Problem:
    kind = doc.kind
    where = f"„{other.source.path.name}“"
    if kind.names.case_data:
        return doc.source.problem(
            ("fall_id",),
            f"Dasselbe Dokument (Fall-ID „{key[1]}“, {key[2]}) steht auch in {where}. "
            "Zwei verschiedene Klientinnen oder Klienten: bitte in einer der Dateien eine "
            f"andere Fall-ID eintragen („kimdocs new {kind.names.name}“ ohne Namen vergibt die "
            f"nächste freie). Zwei Fassungen desselben Falls: bitte {kind.distinct_by} "
            "unterscheiden.",
        )
    return doc.source.problem(
        ("titel",),
        f"Dasselbe Dokument („{key[1]}“, {key[2]}) steht auch in {where}. Bitte "
        f"{kind.distinct_by} unterscheiden.",
    )


def shared_files(project: Project) -> tuple[Knowledge, list[Result]]:
    """Facts, text blocks and the word list, which many documents share.

    A broken one is a failure of its own, named by its file; the documents that use it
    fail with it, and the others still build.
    """
    from kimdocs.knowledge.glossary import load_glossary

    knowledge, failed = Knowledge({}, {}, {}), []
    try:
        knowledge = load_knowledge(project)
    except ContentError as exc:
        failed += _by_file(exc.problems, project)
    try:
        load_glossary(project)
    except ContentError as exc:
        failed += _by_file(exc.problems, project)
    return knowledge, failed


def _by_file(problems: Sequence[Problem], project: Project) -> list[Result]:
    files = dict.fromkeys(p.file or project.root for p in problems)
    return [
        Result(f, problems=[p for p in problems if (p.file or project.root) == f], status=FAILED)
        for f in files
    ]
