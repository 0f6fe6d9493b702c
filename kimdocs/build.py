"""Find content files, validate them, render every format, write atomically, report.

A document that fails writes nothing, so its last good output stays in place;
the other documents still build.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from kimdocs.errors import ContentError, KimdocsError, Problem
from kimdocs.kinds import Document, load_document
from kimdocs.project import Project
from kimdocs.templates import SHIPPED_DIR, html_environment


@dataclass
class Result:
    source: Path
    outputs: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(p.is_error for p in self.problems)


def discover(project: Project, paths: Sequence[Path] = ()) -> list[Path]:
    """Content files to work on: the given files and folders, or all of ``content/``."""
    roots = list(paths) or [project.content_dir]
    found: list[Path] = []
    for root in roots:
        if root.is_dir():
            found += sorted(p for p in root.rglob("*.md") if not _hidden(p, root))
        elif root.is_file():
            found.append(root)
        else:
            raise ContentError(Problem(f"„{root}“ gibt es nicht.", file=root))
    return list(dict.fromkeys(p.resolve() for p in found))


def _hidden(path: Path, root: Path) -> bool:
    # "_entwurf.md", ".obsidian/…" and README files are notes, not documents.
    rel = path.relative_to(root)
    return path.name.lower() == "readme.md" or any(
        part.startswith(("_", ".")) for part in rel.parts
    )


def check(project: Project, paths: Sequence[Path] = ()) -> list[Result]:
    results = []
    for path in discover(project, paths):
        result = Result(path)
        try:
            result.problems += load_document(path, project).warnings
        except KimdocsError as exc:
            result.problems += exc.problems
        results.append(result)
    return results


def build(
    project: Project, paths: Sequence[Path] = (), formats: Iterable[str] | None = None
) -> list[Result]:
    env = html_environment(project)
    results = []
    for path in discover(project, paths):
        result = Result(path)
        results.append(result)
        try:
            doc = load_document(path, project)
            result.problems += doc.warnings
            rendered = render_all(doc, project, env, formats)
        except KimdocsError as exc:
            result.problems += exc.problems
            continue
        except Exception as exc:  # a library bug must not stop the other documents
            result.problems.append(
                Problem(
                    f"Unerwarteter Fehler beim Erzeugen ({type(exc).__name__}: {exc}). Bitte mit "
                    "dieser Meldung an die Betreuung von kimdocs wenden.",
                    file=path,
                )
            )
            continue
        for target, data in rendered.items():
            write_atomic(target, data)
            result.outputs.append(target)
    return results


def render_all(
    doc: Document, project: Project, env: jinja2.Environment, formats: Iterable[str] | None
) -> dict[Path, bytes]:
    """Every requested format in memory first: all or nothing for one document."""
    from kimdocs.render.docx import render_docx
    from kimdocs.render.html import render_html

    wanted = [f for f in (formats or project.config.formats) if f in doc.kind.formats]
    stem = project.output_dir / doc.output_stem
    out: dict[Path, bytes] = {}
    html: str | None = None
    for fmt in wanted:
        if fmt in ("html", "pdf") and html is None:
            html = render_html(doc, project, env)
        if fmt == "html":
            assert html is not None
            out[stem.with_suffix(".html")] = html.encode("utf-8")
        elif fmt == "pdf":
            from kimdocs.render.pdf import render_pdf

            assert html is not None
            out[stem.with_suffix(".pdf")] = render_pdf(
                html,
                base_dir=doc.source.path.parent,
                allowed=[project.root, SHIPPED_DIR],
                source=doc.source.path,
            )
        elif fmt == "docx":
            out[stem.with_suffix(".docx")] = render_docx(doc, project)
    return out


def write_atomic(target: Path, data: bytes) -> None:
    """Write to a temporary file beside the target, then rename: never a half file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
