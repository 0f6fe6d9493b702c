"""Find content files, validate them, render what changed, write atomically, report.

A document that fails writes nothing, so its last good output stays in place;
the other documents still build. A document's files change together: all of its formats
or none (a full disk fails the document, not the build). Unchanged documents are not
rendered again, and the outputs of deleted sources are removed on the next full build.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from kimdocs.kinds import consents as consent
from kimdocs import formats as registry
from kimdocs.kinds.case_files import case_file_warnings
from kimdocs.catalog import translations_of, walked
from kimdocs.base.errors import ContentError, KimdocsError, Problem
from kimdocs.base.files import project_lock, write_together
from kimdocs.kinds import Document, load_document
from kimdocs.knowledge.store import Knowledge, load_knowledge
from kimdocs.build.manifest import Manifest, fingerprint, templates_digest, templates_knowledge
from kimdocs.project import Project
from kimdocs.render.outputs import first_files, wanted_formats
from kimdocs.build.translations import translation_findings
from kimdocs.base.wording import counted
from kimdocs.build.workers import Plan, Rendered, default_jobs, render_many, time_budget

BUILT, UNCHANGED, FAILED, REMOVED = "erzeugt", "unverändert", "fehlgeschlagen", "entfernt"

__all__ = ["BuildReport", "Result", "build", "check"]


@dataclass
class Result:
    source: Path
    outputs: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    status: str = BUILT
    facts: list[str] = field(default_factory=list)  # what check reports besides problems
    kind: str = ""  # document kind id, where the file could be loaded

    @property
    def ok(self) -> bool:
        return not any(p.is_error for p in self.problems)


class BuildReport(list[Result]):
    """One result per source, in a stable order, and what they add up to."""

    def with_status(self, status: str) -> int:
        return sum(r.status == status for r in self)

    @property
    def failed(self) -> bool:
        return self.with_status(FAILED) > 0

    def summary(self) -> str:
        built, unchanged = self.with_status(BUILT), self.with_status(UNCHANGED)
        removed = self.with_status(REMOVED)
        return (
            f"Dokumente: {built} erzeugt, {unchanged} unverändert, "
            f"{self.with_status(FAILED)} fehlgeschlagen"
            + (
                f"; Ausgaben von {counted(removed, 'gelöschten Quelle', 'gelöschten Quellen')} "
                "entfernt."
                if removed
                else "."
            )
        )


def _load_all(
    project: Project, paths: Sequence[Path], historical: bool = False
) -> tuple[list[Document[Any]], list[Result]]:
    docs, failed = [], []
    with walked(project) as catalog:  # one walk for all documents' checks
        chosen = catalog.select(tuple(paths))
        clashes = catalog.clashes(chosen)  # before anything is written: both sources fail
        for entry in chosen:
            if entry.refusal is not None:
                failed.append(Result(entry.path, problems=[entry.refusal], status=FAILED))
                continue
            clash = [clashes[entry.path]] if entry.path in clashes else []
            try:
                doc = load_document(entry.path, project, historical=historical)
            except KimdocsError as exc:
                failed.append(Result(entry.path, problems=exc.problems + clash, status=FAILED))
                continue
            if clash:
                problems = doc.warnings + clash
                failed.append(
                    Result(entry.path, problems=problems, status=FAILED, kind=doc.kind.id)
                )
            else:
                docs.append(doc)
    return docs, failed


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


def check(project: Project, paths: Sequence[Path] = ()) -> list[Result]:
    return checked(project, paths)[0]


def checked(
    project: Project, paths: Sequence[Path] = ()
) -> tuple[list[Result], list[Document[Any]]]:
    """:func:`check`'s results and the documents it loaded, for checks that read them on
    (``kimdocs check`` reads consent forms in Leichte Sprache): each file is loaded once."""
    docs, results = _load_all(project, paths)
    results += shared_files(project)[1]
    translated = translation_findings(docs, project)
    results += [Result(f, problems=p, status=FAILED) for f, p in translated.on_files.items()]
    duplicates = _duplicates(docs)
    for doc in docs:
        problems = list(doc.warnings) + translated.on_documents.get(doc.source.path, [])
        if doc.source.path in duplicates:
            problems.append(duplicates[doc.source.path])
        results.append(
            Result(doc.source.path, problems=problems, facts=doc.kind.facts(doc), kind=doc.kind.id)
        )
    return sorted(results, key=lambda r: str(r.source)), docs


def build(
    project: Project,
    paths: Sequence[Path] = (),
    formats: Iterable[str] | None = None,
    *,
    force: bool = False,
    jobs: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    historical: bool = False,
    budget: float | None = None,
) -> BuildReport:
    """Build documents; return one result per source in a stable order.

    ``progress(done, total)`` is called before the first and after each rendered document.
    ``historical`` also builds documents that state facts outside their validity.
    ``budget``: seconds a document may take in a worker process (default: the environment
    variable ``KIMDOCS_DOCUMENT_TIMEOUT``, else 300).
    """
    fmt = tuple(formats) if formats is not None else None
    seconds = time_budget(budget)
    with project_lock(project.output_dir), walked(project):  # case digests ask the walk
        manifest = Manifest.load(project)
        docs, results = _load_all(project, paths, historical)
        duplicates = _duplicates(docs)
        shared = templates_digest(project)
        in_templates = templates_knowledge(project)
        # Once: fingerprints hash what each document uses.
        knowledge, broken = shared_files(project)
        results += broken
        translated = translation_findings(docs, project)
        results += [Result(f, problems=p, status=FAILED) for f, p in translated.on_files.items()]
        todo: dict[Path, tuple[Document[Any], str, Plan]] = {}
        for doc in docs:
            result = Result(doc.source.path, problems=list(doc.warnings))
            result.problems += translated.on_documents.get(doc.source.path, [])
            results.append(result)
            if doc.source.path in duplicates:
                result.problems.append(duplicates[doc.source.path])
                result.status = FAILED
                continue
            wanted = wanted_formats(doc, project, fmt)
            key = fingerprint(
                doc,
                shared + _case_inputs(doc, project),
                knowledge,
                in_templates,
                translations_of(doc.source.path, project),
            )
            entry = manifest.key(doc.source.path, project)
            stale = wanted if force else manifest.stale(entry, key, wanted, project.root)
            if not stale:
                result.status, result.outputs = UNCHANGED, first_files(doc, project, wanted)
                continue
            # Fresh files of other formats that a stale one can be made from (PNG from PDF).
            reuse: dict[str, Path] = {}
            for base in {registry.get(f).made_from for f in stale}:
                if base is not None and base not in stale:
                    made = manifest.fresh_files(entry, base, key, project.root)
                    if made:
                        reuse[base] = made[0]
            todo[doc.source.path] = (doc, key, Plan(doc.source.path, tuple(stale), reuse))
        by_source = {r.source: r for r in results}
        _fail_broken_templates(project, todo, by_source)
        if progress is not None:
            progress(0, len(todo))
        jobs = jobs or default_jobs()
        loaded = {source: doc for source, (doc, _, _) in todo.items()}
        plans = [plan for _, _, plan in todo.values()]
        rendered_stream = render_many(project.root, plans, jobs, historical, loaded, seconds)
        try:
            for done, rendered in enumerate(rendered_stream, start=1):
                if progress is not None:
                    progress(done, len(todo))
                result = by_source[rendered.source]
                result.problems += rendered.problems
                if rendered.problems and any(p.is_error for p in rendered.problems):
                    result.status = FAILED
                    continue
                _, key, _ = todo[rendered.source]
                if not _write(project, rendered, result):
                    continue
                entry = manifest.key(rendered.source, project)
                _remove_stale_pages(project, manifest, entry, rendered.outputs, translated.kept)
                manifest.record(entry, key, rendered.outputs, project.root)
            if not paths:
                results += _remove_deleted(
                    project, manifest, {d.source.path for d in docs} | {r.source for r in results}
                )
        finally:
            rendered_stream.close()  # ends the workers now, also after Ctrl+C
            # What was written is recorded even when the build stops early.
            manifest.save()
    return BuildReport(sorted(results, key=lambda r: (r.status == REMOVED, str(r.source))))


def _write(project: Project, rendered: Rendered, result: Result) -> bool:
    """Write all files of one document or none; a full disk fails this document only."""
    files = {t: d for by_format in rendered.outputs.values() for t, d in by_format.items()}
    try:
        write_together(files, project.root)
    except KimdocsError as exc:
        # Named on the document: the message itself names the folder and the space.
        result.problems += [replace(p, file=rendered.source) for p in exc.problems]
        result.status = FAILED
        return False
    result.outputs += files
    return True


def _fail_broken_templates(
    project: Project,
    todo: dict[Path, tuple[Document[Any], str, Plan]],
    by_source: dict[Path, Result],
) -> None:
    """Check the project's templates of the kinds and formats about to be rendered; fail
    their documents.

    Unchanged documents need no check: a changed template changes their fingerprint.
    """
    kinds = {doc.kind.id for doc, _, _ in todo.values()}
    if not kinds:
        return
    from kimdocs.checking.templates import check_project_templates

    formats = {f for _, _, plan in todo.values() for f in plan.formats}
    broken = check_project_templates(project, kinds, formats)
    for source, (doc, _, _) in list(todo.items()):
        if doc.kind.id in broken:
            by_source[source].problems += broken[doc.kind.id]
            by_source[source].status = FAILED
            del todo[source]


def _remove_stale_pages(
    project: Project,
    manifest: Manifest,
    entry: str,
    outputs: dict[str, dict[Path, bytes]],
    kept: Collection[Path] = (),
) -> None:
    """Files a format wrote before and no longer writes: pictures of pages the document no
    longer has, the print sheet of a flyer that is no longer an A5 booklet, and the files of
    translations it no longer publishes (deleted, not listed, refused as stale); those
    of a translation that failed to build (``kept``) stay, like any last good output."""
    for fmt, files in outputs.items():
        for rel in manifest.files(entry, fmt):
            target = project.root / rel
            if target not in files and target.is_file() and not _kept(target, kept):
                target.unlink()


def _kept(target: Path, stems: Collection[Path]) -> bool:
    return any(
        target.parent == stem.parent and target.name.startswith((f"{stem.name}.", f"{stem.name}-"))
        for stem in stems
    )


def _remove_deleted(project: Project, manifest: Manifest, present: set[Path]) -> list[Result]:
    """Outputs whose source is gone: delete them and say so."""
    removed = []
    for key in sorted(manifest.entries):
        source = project.root / key
        if source.resolve() in present or source.is_file():
            continue
        result = Result(source, status=REMOVED)
        for rel in manifest.forget(key):
            target = project.root / rel
            if target.is_file():
                target.unlink()
                result.outputs.append(target)
        removed.append(result)
    return removed
