"""Find content files, validate them, render what changed, write atomically, report.

A document that fails writes nothing, so its last good output stays in place;
the other documents still build. Unchanged documents are not rendered again,
and the outputs of deleted sources are removed on the next full build.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kimdocs import formats as registry
from kimdocs.catalog import walked
from kimdocs.errors import KimdocsError, Problem
from kimdocs.files import project_lock, write_atomic
from kimdocs.kinds import Document, load_document
from kimdocs.knowledge.base import load_knowledge
from kimdocs.manifest import Manifest, fingerprint, templates_digest, templates_knowledge
from kimdocs.project import Project
from kimdocs.render.outputs import first_files, wanted_formats
from kimdocs.workers import Plan, default_jobs, render_many

BUILT, UNCHANGED, FAILED, REMOVED = "erzeugt", "unverändert", "fehlgeschlagen", "entfernt"

__all__ = ["Result", "build", "check"]


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


def _load_all(
    project: Project, paths: Sequence[Path], historical: bool = False
) -> tuple[list[Document], list[Result]]:
    docs, failed = [], []
    with walked(project) as catalog:  # one walk for all documents' checks
        for entry in catalog.select(tuple(paths)):
            try:
                docs.append(load_document(entry.path, project, historical=historical))
            except KimdocsError as exc:
                failed.append(Result(entry.path, problems=exc.problems, status=FAILED))
    return docs, failed


def _duplicates(docs: Sequence[Document]) -> dict[Path, Problem]:
    """Two documents that claim the same case, kind and version/date."""
    seen: dict[tuple[str, ...], Document] = {}
    problems: dict[Path, Problem] = {}
    for doc in docs:
        key = doc.kind.identity(doc.fields)
        first = seen.setdefault(key, doc)
        if first is not doc:
            for one, other in ((doc, first), (first, doc)):
                problems[one.source.path] = one.source.problem(
                    ("fall_id",),
                    f"Dasselbe Dokument (Fall-ID „{key[1]}“, {key[2]}) steht auch "
                    f"in „{other.source.path.name}“. Bitte Version oder Datum unterscheiden.",
                )
    return problems


def check(project: Project, paths: Sequence[Path] = ()) -> list[Result]:
    docs, results = _load_all(project, paths)
    duplicates = _duplicates(docs)
    for doc in docs:
        problems = list(doc.warnings)
        if doc.source.path in duplicates:
            problems.append(duplicates[doc.source.path])
        results.append(
            Result(doc.source.path, problems=problems, facts=doc.kind.facts(doc), kind=doc.kind.id)
        )
    return sorted(results, key=lambda r: str(r.source))


def build(
    project: Project,
    paths: Sequence[Path] = (),
    formats: Iterable[str] | None = None,
    *,
    force: bool = False,
    jobs: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    historical: bool = False,
) -> list[Result]:
    """Build documents; return one result per source in a stable order.

    ``progress(done, total)`` is called before the first and after each rendered document.
    ``historical`` also builds documents that state facts outside their validity.
    """
    fmt = tuple(formats) if formats is not None else None
    with project_lock(project.output_dir):
        manifest = Manifest.load(project)
        docs, results = _load_all(project, paths, historical)
        duplicates = _duplicates(docs)
        shared = templates_digest(project)
        in_templates = templates_knowledge(project)
        knowledge = load_knowledge(project)  # once: fingerprints hash what each document uses
        todo: dict[Path, tuple[Document, str, Plan]] = {}
        for doc in docs:
            result = Result(doc.source.path, problems=list(doc.warnings))
            results.append(result)
            if doc.source.path in duplicates:
                result.problems.append(duplicates[doc.source.path])
                result.status = FAILED
                continue
            wanted = wanted_formats(doc, project, fmt)
            key = fingerprint(doc, shared, knowledge, in_templates)
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
        rendered_stream = render_many(project.root, plans, jobs, historical, loaded)
        for done, rendered in enumerate(rendered_stream, start=1):
            if progress is not None:
                progress(done, len(todo))
            result = by_source[rendered.source]
            result.problems += rendered.problems
            if rendered.problems and any(p.is_error for p in rendered.problems):
                result.status = FAILED
                continue
            doc, key, _ = todo[rendered.source]
            for files in rendered.outputs.values():
                for target, data in files.items():
                    write_atomic(target, data)
                    result.outputs.append(target)
            entry = manifest.key(rendered.source, project)
            _remove_stale_pages(project, manifest, entry, rendered.outputs)
            manifest.record(entry, key, rendered.outputs, project.root)
        if not paths:
            results += _remove_deleted(
                project, manifest, {d.source.path for d in docs} | {r.source for r in results}
            )
        manifest.save()
    return sorted(results, key=lambda r: (r.status == REMOVED, str(r.source)))


def _fail_broken_templates(
    project: Project,
    todo: dict[Path, tuple[Document, str, Plan]],
    by_source: dict[Path, Result],
) -> None:
    """Check the project's templates of the kinds and formats about to be rendered; fail
    their documents.

    Unchanged documents need no check: a changed template changes their fingerprint.
    """
    kinds = {doc.kind.id for doc, _, _ in todo.values()}
    if not kinds:
        return
    from kimdocs.template_check import check_project_templates

    formats = {f for _, _, plan in todo.values() for f in plan.formats}
    broken = check_project_templates(project, kinds, formats)
    for source, (doc, _, _) in list(todo.items()):
        if doc.kind.id in broken:
            by_source[source].problems += broken[doc.kind.id]
            by_source[source].status = FAILED
            del todo[source]


def _remove_stale_pages(
    project: Project, manifest: Manifest, entry: str, outputs: dict[str, dict[Path, bytes]]
) -> None:
    """Pages (PNG pictures) of pages the document no longer has."""
    for fmt, files in outputs.items():
        if not registry.get(fmt).pages:
            continue
        for rel in manifest.files(entry, fmt):
            target = project.root / rel
            if target not in files and target.is_file():
                target.unlink()


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
