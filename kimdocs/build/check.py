"""``kimdocs check``: front matter and rules of every document, Leichte Sprache of the
documents written in it, counted once for text and JSON alike."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kimdocs.base.errors import Problem, display_path
from kimdocs.base.wording import counted
from kimdocs.build.run import Result, checked
from kimdocs.catalog import walked
from kimdocs.easy_language.findings import Report
from kimdocs.project import Project


@dataclass
class CheckReport:
    root: Path
    results: list[Result] = field(default_factory=list)  # documents: fields, links, rules
    easy: list[Report] = field(default_factory=list)  # Leichte Sprache, per file

    @property
    def problems(self) -> list[Problem]:
        return [p for r in self.results for p in r.problems] + [
            p for r in self.easy for p in r.problems
        ]

    @property
    def files(self) -> list[Path]:
        return [r.source for r in self.results] or [r.file for r in self.easy]

    @property
    def errors(self) -> int:
        return sum(p.is_error for p in self.problems) + sum(r.errors for r in self.easy)

    @property
    def warnings(self) -> int:
        problems = sum(not p.is_error for p in self.problems)
        return problems + sum(len(r.findings) - r.errors for r in self.easy)

    def shown(self, path: Path) -> str:
        return display_path(path, self.root)

    def summary(self) -> str:
        files = counted(len(self.files), "Datei", "Dateien")
        warnings = counted(self.warnings, "Warnung", "Warnungen")
        return f"{files} geprüft: {self.errors} Fehler, {warnings}."

    def as_json(self) -> str:
        from kimdocs.checking.output import as_json

        return as_json(self.files, self.problems, self.easy, self, self.shown, self.root)


def check_project(project: Project, paths: Sequence[Path] = ()) -> CheckReport:
    """Every document (or those in ``paths``); Leichte Sprache where its kind is written in
    it. One walk: every file is read and loaded once, and the Leichte-Sprache checks read
    the documents the check has loaded."""
    with walked(project):
        results, docs = checked(project, paths)
        _report_templates(project, results)
        valid = {r.source for r in results if r.ok}
        loaded = [d for d in docs if d.source.path in valid]
        # Clients whose residence routes changed since the last check (rules, the day).
        from kimdocs.checking.residence_changes import changed_results

        changed = changed_results(loaded, project, whole=not paths)
        for result in results:
            result.problems += changed.get(result.source, [])
        # Text kimdocs writes in Leichte Sprache (consent forms) is checked as it is printed.
        from kimdocs.checking.written_text import written_reports

        reports = written_reports(loaded, project)
        easy = [d for d in loaded if d.kind.easy_language]
        if not easy:
            return CheckReport(project.root, results, reports)  # no language model needed
        from kimdocs.checking.easy_run import check_flyers

        return CheckReport(project.root, results, check_flyers(easy, project) + reports)


def _report_templates(project: Project, results: list[Result]) -> None:
    """A report's own templates are checked with it: one that prints a per-case field
    would put a single case into a report across cases."""
    from kimdocs.kinds import KINDS

    reports = [r for r in results if r.kind and KINDS[r.kind].aggregates]
    if not reports:
        return
    from kimdocs.checking.templates import check_project_templates

    broken = check_project_templates(project, {r.kind for r in reports if r.kind})
    for result in reports:
        result.problems += broken.get(result.kind or "", [])


def check_markdown(paths: Sequence[Path], project: Project | None, root: Path) -> CheckReport:
    """Any Markdown files, only for Leichte Sprache (``check -l``)."""
    from kimdocs.checking.easy_run import check_markdown as check_easy

    return CheckReport(root, [], check_easy(paths, project))
