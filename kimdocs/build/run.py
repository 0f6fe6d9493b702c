"""Find content files, validate them, render what changed, write atomically, report.

A document that fails writes nothing, so its last good output stays in place;
the other documents still build. A document's files change together: all of its formats
or none (a full disk fails the document, not the build). Unchanged documents are not
rendered again, and the outputs of deleted sources are removed on the next full build.

``build`` runs in named phases: read (:mod:`kimdocs.build.prepare`, shared with ``check``
and the preview), plan, check the templates, make the contexts, render (here or in
workers, which get the prepared documents), write and record.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from kimdocs.base.errors import KimdocsError
from kimdocs.base.files import project_lock, write_together
from kimdocs.build.manifest import Manifest
from kimdocs.build.prepare import PreparedDocument, Reading, make_context, plan, read
from kimdocs.build.results import BUILT, FAILED, REMOVED, UNCHANGED, BuildReport, Result
from kimdocs.build.workers import Rendered, default_jobs, render_many, time_budget
from kimdocs.catalog import walked
from kimdocs.kinds import Document
from kimdocs.project import Project

__all__ = [
    "BUILT",
    "FAILED",
    "REMOVED",
    "UNCHANGED",
    "BuildReport",
    "Result",
    "build",
    "check",
    "checked",
]


def check(project: Project, paths: Sequence[Path] = ()) -> list[Result]:
    return checked(project, paths)[0]


def checked(
    project: Project, paths: Sequence[Path] = ()
) -> tuple[list[Result], list[Document[Any]]]:
    """:func:`check`'s results and the documents it loaded, for checks that read them on
    (``kimdocs check`` reads the Leichte Sprache of consent forms): each file is read and
    loaded once."""
    with walked(project):
        reading = read(project, paths)
    return _sorted(reading.results), [p.doc for p in reading.documents]


def _sorted(results: list[Result]) -> list[Result]:
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
    budget: float | None = None,
) -> BuildReport:
    """Build documents; return one result per source in a stable order.

    ``progress(done, total)`` is called before the first and after each rendered document.
    ``historical`` also builds documents that state facts outside their validity.
    ``budget``: seconds a document may take in a worker process (default: the environment
    variable ``KIMDOCS_DOCUMENT_TIMEOUT``, else 300).
    """
    seconds = time_budget(budget)
    with project_lock(project.output_dir), walked(project):  # case digests ask the walk
        manifest = Manifest.load(project)
        reading = read(project, paths, historical)
        todo = plan(reading, project, manifest, formats, force)
        _fail_broken_templates(project, todo)
        for prepared in todo:
            if prepared.result.status != FAILED:
                make_context(prepared, project)
        todo = [p for p in todo if p.result.status != FAILED]
        try:
            _render_and_write(project, manifest, reading, todo, jobs, progress, seconds)
            if not paths:
                present = {p.source for p in reading.documents}
                present |= {r.source for r in reading.results}
                reading.results.extend(_remove_deleted(project, manifest, present))
        finally:
            # What was written is recorded even when the build stops early.
            manifest.save()
    results = reading.results
    return BuildReport(sorted(results, key=lambda r: (r.status == REMOVED, str(r.source))))


def _render_and_write(
    project: Project,
    manifest: Manifest,
    reading: Reading,
    todo: list[PreparedDocument],
    jobs: int | None,
    progress: Callable[[int, int], None] | None,
    seconds: float,
) -> None:
    """Render the planned documents (the pool when it pays), write each one's files
    together and record them."""
    if progress is not None:
        progress(0, len(todo))
    by_source = {p.source: p for p in todo}
    stream = render_many(project.root, todo, jobs or default_jobs(), seconds)
    try:
        for done, rendered in enumerate(stream, start=1):
            if progress is not None:
                progress(done, len(todo))
            prepared = by_source[rendered.source]
            result = prepared.result
            result.problems += rendered.problems
            if rendered.problems and any(p.is_error for p in rendered.problems):
                result.status = FAILED
                continue
            if not _write(project, rendered, result):
                continue
            entry = manifest.key(rendered.source, project)
            _remove_stale_pages(project, manifest, entry, rendered.outputs, reading.kept)
            manifest.record(entry, prepared.fingerprint, rendered.outputs, project.root)
    finally:
        stream.close()  # ends the workers now, also after Ctrl+C


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


def _fail_broken_templates(project: Project, todo: list[PreparedDocument]) -> None:
    """Check the project's templates of the kinds and formats about to be rendered; fail
    their documents.

    Unchanged documents need no check: a changed template changes their fingerprint.
    """
    kinds = {p.doc.kind.id for p in todo}
    if not kinds:
        return
    from kimdocs.checking.templates import check_project_templates

    formats = {f for p in todo for f in p.formats}
    broken = check_project_templates(project, kinds, formats)
    for prepared in todo:
        if prepared.doc.kind.id in broken:
            prepared.result.problems += broken[prepared.doc.kind.id]
            prepared.result.status = FAILED


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
