"""Find content files, validate them, render what changed, write atomically, report.

A document that fails writes nothing, so its last good output stays in place;
the other documents still build. Unchanged documents are not rendered again,
and the outputs of deleted sources are removed on the next full build.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kimdocs.errors import ContentError, KimdocsError, Problem
from kimdocs.files import project_lock, write_atomic
from kimdocs.kinds import Document, load_document
from kimdocs.knowledge.base import blocks_dir, load_knowledge
from kimdocs.manifest import Manifest, fingerprint, templates_digest, templates_knowledge
from kimdocs.project import Project
from kimdocs.render.outputs import targets, wanted_formats
from kimdocs.workers import default_jobs, render_many

BUILT, UNCHANGED, FAILED, REMOVED = "erzeugt", "unverändert", "fehlgeschlagen", "entfernt"

__all__ = ["Result", "build", "check", "discover"]


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


def discover(project: Project, paths: Sequence[Path] = ()) -> list[Path]:
    """Content files to work on: the given files and folders, or all of ``content/``."""
    roots = list(paths) or [project.content_dir]
    blocks = blocks_dir(project).resolve()  # text blocks are parts of documents, not documents
    found: list[Path] = []
    for root in roots:
        if root.is_dir():
            found += sorted(
                p
                for p in root.rglob("*.md")
                if not _hidden(p, root) and not p.resolve().is_relative_to(blocks)
            )
        elif root.is_file():
            found.append(root)
        elif root != project.content_dir:
            raise ContentError(Problem(f"„{root}“ gibt es nicht.", file=root))
    return list(dict.fromkeys(p.resolve() for p in found))


def _hidden(path: Path, root: Path) -> bool:
    # "_entwurf.md", ".obsidian/…" and README files are notes, not documents.
    rel = path.relative_to(root)
    return path.name.lower() == "readme.md" or any(
        part.startswith(("_", ".")) for part in rel.parts
    )


def _load_all(
    project: Project, paths: Sequence[Path], historical: bool = False
) -> tuple[list[Document], list[Result]]:
    docs, failed = [], []
    for path in discover(project, paths):
        try:
            docs.append(load_document(path, project, historical=historical))
        except KimdocsError as exc:
            failed.append(Result(path, problems=exc.problems, status=FAILED))
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
        todo: dict[Path, tuple[Document, str]] = {}
        for doc in docs:
            result = Result(doc.source.path, problems=list(doc.warnings))
            results.append(result)
            if doc.source.path in duplicates:
                result.problems.append(duplicates[doc.source.path])
                result.status = FAILED
                continue
            formats_ = wanted_formats(doc, project, fmt)
            key = fingerprint(doc, shared, formats_, knowledge, in_templates)
            outputs = targets(doc, project, fmt)
            if not force and manifest.is_fresh(
                manifest.key(doc.source.path, project), key, outputs, project.root
            ):
                result.status, result.outputs = UNCHANGED, outputs
                continue
            todo[doc.source.path] = (doc, key)
        by_source = {r.source: r for r in results}
        _fail_broken_templates(project, docs, todo, by_source, fmt)
        if progress is not None:
            progress(0, len(todo))
        jobs = jobs or default_jobs()
        loaded = {source: doc for source, (doc, _) in todo.items()}
        rendered_stream = render_many(project.root, list(todo), fmt, jobs, historical, loaded)
        for done, rendered in enumerate(rendered_stream, start=1):
            if progress is not None:
                progress(done, len(todo))
            result = by_source[rendered.source]
            result.problems += rendered.problems
            if rendered.problems and any(p.is_error for p in rendered.problems):
                result.status = FAILED
                continue
            for target, data in rendered.outputs.items():
                write_atomic(target, data)
                result.outputs.append(target)
            _remove_stale_pages(project, manifest, rendered.source, rendered.outputs)
            manifest.record(
                manifest.key(rendered.source, project),
                todo[rendered.source][1],
                rendered.outputs,
                project.root,
            )
        if not paths:
            results += _remove_deleted(
                project, manifest, {d.source.path for d in docs} | {r.source for r in results}
            )
        manifest.save()
    return sorted(results, key=lambda r: (r.status == REMOVED, str(r.source)))


def _fail_broken_templates(
    project: Project,
    docs: Sequence[Document],
    todo: dict[Path, tuple[Document, str]],
    by_source: dict[Path, Result],
    fmt: tuple[str, ...] | None,
) -> None:
    """Check the project's templates of the kinds about to be rendered; fail their documents.

    Unchanged documents need no check: a changed template changes their fingerprint.
    """
    kinds = {doc.kind.id for doc, _ in todo.values()}
    if not kinds:
        return
    from kimdocs.template_check import check_project_templates

    samples = {d.kind.id: d for d in reversed(docs) if d.kind.id in kinds}
    broken = check_project_templates(project, samples, fmt)
    for source, (doc, _) in list(todo.items()):
        if doc.kind.id in broken:
            by_source[source].problems += broken[doc.kind.id]
            by_source[source].status = FAILED
            del todo[source]


def _remove_stale_pages(
    project: Project, manifest: Manifest, source: Path, outputs: dict[Path, bytes]
) -> None:
    """Page pictures of pages the document no longer has."""
    entry = manifest.entries.get(manifest.key(source, project), {})
    for rel in entry.get("ausgaben", {}):
        target = project.root / rel
        if rel.endswith(".png") and target not in outputs and target.is_file():
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
