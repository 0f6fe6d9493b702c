"""Loading a content file as a document of its kind: read, validated, checked, once per walk."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any, cast

from kimdocs.base.errors import ContentError, KimdocsError, Problem, Severity
from kimdocs.catalog import Catalog, active, classify, read_content, using
from kimdocs.kind_names import known_names, suggestion
from kimdocs.kinds import consents
from kimdocs.kinds.case_files import case_file_warnings
from kimdocs.kinds.kind import Document
from kimdocs.kinds.registry import KINDS
from kimdocs.knowledge import expand, load_knowledge
from kimdocs.knowledge.validity import use_problems
from kimdocs.project import Project
from kimdocs.schema import Unavailable, validate, validate_partial
from kimdocs.text.markdown import link_problems, split_sections
from kimdocs.text.placeholders import placeholder_problems

_LOADED = "kinds.loaded"


def load_document(path: Path, project: Project, *, historical: bool = False) -> Document[Any]:
    """Read, validate and check one content file; raise ContentError with every problem.

    Within a walk of ``content/`` (one command) a document is loaded once: the read phase
    loads it, and the report's figures or a case's other documents get the same one.
    """
    catalog = active(project)
    if catalog is None:
        return _load(path, project, historical)
    loaded: dict[tuple[str, bool], Document[Any] | ContentError] = catalog.derived.setdefault(
        _LOADED, {}
    )
    key = (os.path.abspath(path), historical)
    found = loaded.get(key)
    if found is None:
        try:
            found = _load(path, project, historical)
        except ContentError as exc:
            found = exc
        loaded[key] = found
    if isinstance(found, ContentError):
        raise ContentError(found.problems)
    return found


def _load(path: Path, project: Project, historical: bool) -> Document[Any]:
    """Read, validate and check one content file; raise ContentError with every problem.

    Every check that can run does: when fields have errors, the kind's checks still run on
    the fields that validated, so that a file shows all its problems in one run.
    ``historical`` builds a document that states facts outside their validity (with a
    warning instead of an error), for archived versions.
    """
    entry = classify(path.resolve(), project)
    source = read_content(path, project)
    key = "kind" if "kind" in source.meta and "art" not in source.meta else "art"
    if entry.unknown_kind:
        raise ContentError(
            source.problem(
                (key,),
                f"Unbekannte Dokumentart „{entry.declared}“."
                f"{suggestion(entry.declared or '')} Bekannt sind: "
                f"{', '.join(known_names())}.",
            )
        )
    if entry.kind is None:
        raise ContentError(
            source.problem(
                ("art",),
                "Die Dokumentart fehlt. Bitte „art: vereinbarung“ (oder eine andere "
                f"Art: {', '.join(known_names())}) in die Kopfdaten schreiben.",
            )
        )
    kind = KINDS[entry.kind]
    meta = {k: v for k, v in source.meta.items() if k != "kind"}
    problems = placeholder_problems(source)
    knowledge, expansion = None, None
    if "[[" in source.body:
        knowledge = load_knowledge(project)
        expansion = expand(source.body, source.body_line, path, knowledge, easy=kind.easy_language)
        source = replace(source, body=expansion.text, body_lines=expansion.lines)

    def locate(loc: tuple[str | int, ...], message: str, severity: Severity) -> Problem:
        return source.problem(loc, message, severity=severity)

    fields, found = validate(kind.model, meta, locate)
    problems += found
    problems += link_problems(source, project.root)
    if expansion is not None:
        problems += expansion.problems
    doc = Document(
        source=source,
        kind=kind,
        # What validated, if not everything did: the checks that need only that still run.
        fields=fields if fields is not None else cast(Any, validate_partial(kind.model, meta)),
        body=split_sections(source.body, source.body_line),
        output_stem=entry.stem,
        warnings=problems,
        uses=expansion.uses if expansion is not None else [],
        historical=historical,
    )
    if knowledge is not None and expansion is not None:
        problems += _guarded(
            lambda: use_problems(expansion.uses, knowledge, kind.date(doc.fields), historical)
        )
    for check in kind.checks():
        problems += _guarded(lambda check=check: check(doc, project))  # type: ignore[misc]
    # Where a case document lies and how it is named, for every case kind alike.
    problems += _guarded(lambda: case_file_warnings(doc, project))
    if fields is None or any(p.is_error for p in problems):
        raise ContentError(problems)
    return doc


def _guarded(check: Callable[[], list[Problem]]) -> list[Problem]:
    """A check's problems, or none if it needs a field that did not validate."""
    try:
        return check()
    except Unavailable:
        return []


def _loads_without_error(path: Path, catalog: Catalog) -> bool:
    """Whether a document of this walk passes its own check (a consent form counts as a
    signed act only then)."""
    try:
        with using(catalog):
            load_document(path, catalog.project)
    except KimdocsError:
        return False
    return True


consents.install_form_check(_loads_without_error)
