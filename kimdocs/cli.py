"""The ``kimdocs`` command: parse options, call one library function, show the outcome.

Every KimdocsError becomes one German line per problem and exit status 1.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click

from kimdocs import __version__, click_german
from kimdocs.errors import KimdocsError, Problem

click_german.install()

F = TypeVar("F", bound=Callable[..., Any])
FORMATS = ("pdf", "docx", "html")
CONTEXT = {"help_option_names": ["-h", "--help"]}


def _echo_problems(problems: Sequence[Problem], root: Path | None) -> None:
    for problem in problems:
        click.echo(problem.format(root), err=True)


def _user_errors(func: F) -> F:
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except KimdocsError as exc:
            _echo_problems(exc.problems, Path.cwd())
            sys.exit(1)

    return wrapper  # type: ignore[return-value]


def _project() -> Any:
    from kimdocs.project import load_project

    return load_project(Path.cwd())


@click.group(context_settings=CONTEXT)
@click.version_option(__version__, "--version", prog_name="kimdocs", message="%(prog)s %(version)s")
def main() -> None:
    """kimdocs – Dokumente für das Kommunale Integrationsmanagement (KIM).

    Aus Markdown-Dateien mit Kopfdaten entstehen Integrationsvereinbarungen als
    DOCX zum Unterschreiben und als barrierearmes PDF.

    \b
    Beispiele:
      kimdocs init mein-projekt        neues Projekt anlegen
      kimdocs new agreement            neue Vereinbarung aus der Vorlage
      kimdocs check                    alle Dateien prüfen, nichts erzeugen
      kimdocs build                    alle Dokumente nach output/ bauen
    """


@main.command(context_settings=CONTEXT)
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path), metavar="ORDNER")
@click.option(
    "--name",
    default="Kreis Musterstadt",
    show_default=True,
    help="Name der Organisation in kimdocs.toml.",
)
@_user_errors
def init(folder: Path, name: str) -> None:
    """Ein neues Projekt in ORDNER anlegen (mit Beispiel und .gitignore)."""
    from kimdocs.scaffold import init_project

    written = init_project(folder, name)
    for path in written:
        click.echo(f"angelegt: {path}")
    click.echo(f"Fertig. Weiter mit: cd {folder} && kimdocs build")


@main.command(context_settings=CONTEXT)
@click.argument("kind", metavar="ART")
@click.argument("name", required=False, metavar="[NAME]")
@_user_errors
def new(kind: str, name: str | None) -> None:
    """Ein neues Dokument der ART (agreement/vereinbarung) aus einem Gerüst anlegen."""
    from kimdocs.scaffold import new_document

    path = new_document(_project(), kind, name)
    click.echo(f"angelegt: {path}")


def _parse_formats(
    _ctx: click.Context, _param: click.Parameter, value: str | None
) -> list[str] | None:
    if value is None:
        return None
    formats = [f.strip().lower() for f in value.split(",") if f.strip()]
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise click.BadParameter(
            f"„{', '.join(unknown) or value}“ – erlaubt sind {', '.join(FORMATS)}."
        )
    return formats


@main.command(context_settings=CONTEXT)
@click.argument(
    "paths", nargs=-1, type=click.Path(exists=True, path_type=Path), metavar="[PFAD]..."
)
@click.option(
    "--format",
    "-f",
    "formats",
    callback=_parse_formats,
    metavar="LISTE",
    help="Ausgabeformate, mit Komma getrennt: pdf,docx,html (Standard: „formate“ in kimdocs.toml).",
)
@_user_errors
def build(paths: tuple[Path, ...], formats: list[str] | None) -> None:
    """Dokumente bauen: alle unter content/ oder die angegebenen Dateien und Ordner."""
    from kimdocs.build import build as run_build

    project = _project()
    results = run_build(project, paths, formats)
    failed = 0
    for result in results:
        _echo_problems(result.problems, project.root)
        if not result.ok:
            failed += 1
            click.echo(f"FEHLGESCHLAGEN {_rel(result.source, project.root)}", err=True)
        else:
            for out in result.outputs:
                click.echo(f"erzeugt  {_rel(out, project.root)}")
    built = len(results) - failed
    click.echo(
        f"{built} von {len(results)} Dokumenten gebaut"
        + (f", {failed} fehlgeschlagen." if failed else ".")
    )
    if failed:
        sys.exit(1)


@main.command(context_settings=CONTEXT)
@click.argument(
    "paths", nargs=-1, type=click.Path(exists=True, path_type=Path), metavar="[PFAD]..."
)
@_user_errors
def check(paths: tuple[Path, ...]) -> None:
    """Dateien prüfen, ohne etwas zu erzeugen: Kopfdaten, Pflichtfelder, Links."""
    from kimdocs.build import check as run_check

    project = _project()
    results = run_check(project, paths)
    errors = warnings = 0
    for result in results:
        _echo_problems(result.problems, project.root)
        errors += sum(p.is_error for p in result.problems)
        warnings += sum(not p.is_error for p in result.problems)
    click.echo(f"{len(results)} Dateien geprüft: {errors} Fehler, {warnings} Warnungen.")
    if errors:
        sys.exit(1)


@main.group(context_settings=CONTEXT)
def vorlage() -> None:
    """Vorlagen verwalten."""


@vorlage.command("kopieren", context_settings=CONTEXT)
@click.argument("name", metavar="NAME")
@_user_errors
def copy_template(name: str) -> None:
    """Eine mitgelieferte Vorlage (z. B. agreement.docx) nach templates/ kopieren."""
    from kimdocs.scaffold import copy_template as run_copy

    click.echo(f"kopiert: {run_copy(_project(), name)}")


def _rel(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)
