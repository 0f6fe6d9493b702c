"""The ``kimdocs`` command: parse options, call one library function, show the outcome.

Every KimdocsError becomes one German line per problem and exit status 1.
"""

from __future__ import annotations

import datetime as dt
import functools
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from kimdocs import __version__, kind_names
from kimdocs import formats as registry
from kimdocs.base.errors import KimdocsError, Problem, display_path
from kimdocs.base.output_files import Allowed
from kimdocs.cli import click_german

if TYPE_CHECKING:
    from kimdocs.cases.scaffold import Created

click_german.install()

F = TypeVar("F", bound=Callable[..., Any])
CONTEXT = {"help_option_names": ["-h", "--help"]}


def _echo_problems(
    problems: Sequence[Problem], root: Path | None, warnings: int | None = None
) -> None:
    """Every problem; with ``warnings``, a document's first warnings and a count of the rest."""
    from kimdocs.cli.terminal import abridged, style

    rest = ""
    if warnings is not None:
        problems, rest = abridged(problems, warnings, root or Path.cwd())
    for problem in problems:
        label = f"{problem.severity.value}:"
        coloured = style(label, fg="red" if problem.is_error else "yellow", bold=True)
        click.echo(problem.format(root).replace(label, coloured, 1), err=True)
    if rest:
        click.echo(rest, err=True)


# A build names a document's first warnings only (often overdue steps of a case, which
# ``check`` and ``aktionen`` list in full): the list of what was built stays readable.
BUILD_WARNINGS = 3


QUIET = click.option(
    "--quiet",
    "--leise",
    "-q",
    "quiet",
    is_flag=True,
    help="Nur Fehler und Warnungen ausgeben (für Skripte).",
)


def _user_errors(func: F) -> F:
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except KimdocsError as exc:
            # The one place where kimdocs' errors become German lines and exit status 1.
            _echo_problems(exc.problems, Path.cwd())
            _exit(True)

    return wrapper  # type: ignore[return-value]


def _project() -> Any:
    from kimdocs.project import load_project

    return load_project(Path.cwd())


OVERVIEW = """\
kimdocs – Dokumente für das Kommunale Integrationsmanagement (KIM)

Befehle:
  init ORDNER          neues Projekt anlegen
  new ART [NAME]       neues Dokument: vereinbarung, protokoll, fallrekonstruktion,
                       einwilligung, presse, flyer, bericht, perspektive
  check                alle Dateien prüfen, nichts erzeugen
  build                Dokumente nach output/ bauen (PDF, DOCX, HTML, Text, PNG)
  vorschau             Vorschau im Browser, baut bei jeder Änderung neu
  aktionen             vereinbarte Maßnahmen aller Fälle
  einwilligungen       Einwilligungen aller Fälle: Umfang, Ablauf, Widerruf
  wege                 Wege zum Bleiberecht aller Fälle: grün, gelb, rot und Fristen
  wissen               Textbausteine und Fakten: Zustand und wo sie stehen
  pseudonymisieren     Protokoll für Planungskonferenzen pseudonymisieren
  löschfristen         Falldokumente nach Ablauf der Aufbewahrung finden und löschen
  vorlage prüfen       eigene DOCX- und HTML-Vorlagen prüfen
  übersetzung          Flyer und Kopien für Klientinnen und Klienten übersetzen (PO)

Beispiele:
  Fallmanagement:
    kimdocs new vereinbarung && kimdocs check
  Ausländer- und Einbürgerungsbehörde:
    kimdocs new flyer einbuergerung && kimdocs vorschau
  Öffentlichkeitsarbeit:
    kimdocs new presse jahresbericht && kimdocs build -f pdf,txt,html
  Vorlagen:
    kimdocs vorlage kopieren agreement.docx && kimdocs vorlage prüfen templates/agreement.docx

Mehr zu jedem Befehl: kimdocs BEFEHL --help
"""


NEW_HELP = f"""Ein neues Dokument der ART aus einem kommentierten Gerüst anlegen.

ART ist {", ".join(f"„{k.name}“" for k in kind_names.ALL)}. Die Datei kommt in den Ordner
der Art unter content/. NAME ist ein Dateiname ohne Ordner. Ohne NAME heißt eine
Vereinbarung oder ein Protokoll nach der nächsten freien Fall-ID des Projekts; beginnt
NAME mit einer Fall-ID, gehört das Dokument zu diesem Fall (siehe Beispiele). Alles in
«…» ist ein Platzhalter: check und build lehnen die Datei ab, solange einer übrig ist.

\b
Beispiele:
  kimdocs new vereinbarung
      nächster Fall, z. B. content/vereinbarungen/KIM-MI-2026-0002.md
  kimdocs new protokoll KIM-MI-2026-0002-fallkonferenz-2026-04-15
      Fallkonferenz zu diesem Fall am 15.04.2026
  kimdocs new fallrekonstruktion
      anonymisierte Fallrekonstruktion mit eigener Nummer, z. B. REK-2026-001
  kimdocs new presse jahresbericht
  kimdocs new flyer einbuergerung
"""


@click.group(cls=click_german.Group, context_settings=CONTEXT, invoke_without_command=True)
@click.version_option(__version__, "--version", prog_name="kimdocs", message="%(prog)s %(version)s")
@click.pass_context
def main(ctx: click.Context) -> None:
    """kimdocs – Dokumente für das Kommunale Integrationsmanagement (KIM).

    Aus Markdown-Dateien mit Kopfdaten entstehen Integrationsvereinbarungen,
    Schweigepflichtentbindungen, Fallkonferenz-Protokolle, Pressemitteilungen,
    Flyer in Leichter Sprache und Berichte als DOCX, barrierearmes PDF, HTML,
    Text und Tabellen – auf Wunsch auch in den Sprachen der Klientinnen und Klienten.

    \b
    Beispiele:
      kimdocs init mein-projekt        neues Projekt anlegen
      kimdocs new vereinbarung         neue Vereinbarung aus der Vorlage
      kimdocs new protokoll            neues Fallkonferenz-Protokoll
      kimdocs check                    alle Dateien prüfen, nichts erzeugen
      kimdocs build                    alle Dokumente nach output/ bauen
      kimdocs vorschau                 Vorschau im Browser
      kimdocs aktionen --überfällig    überfällige Maßnahmen aller Fälle
    """
    if ctx.invoked_subcommand is None:
        click.echo(OVERVIEW, nl=False)


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
    from kimdocs.cases.scaffold import init_project

    written = init_project(folder, name)
    for created in written:
        _echo_created(created)
    first = _rel(written[-1].path, folder)
    click.echo(
        f"Fertig. Weiter mit: cd {folder}, in {first} jeden Platzhalter «…» ersetzen, "
        "dann kimdocs check und kimdocs build."
    )


def _echo_created(created: Created) -> None:
    case = f" (Fall-ID {created.case_id})" if created.case_id else ""
    click.echo(f"angelegt: {_rel(created.path, Path.cwd())}{case}")


@main.command(context_settings=CONTEXT, help=NEW_HELP)
@click.argument("kind", metavar="ART")
@click.argument("name", required=False, metavar="[NAME]")
@_user_errors
def new(kind: str, name: str | None) -> None:
    from kimdocs.cases.scaffold import new_document

    created = new_document(_project(), kind, name)
    _echo_created(created)
    if created.complete:
        click.echo("Die Angaben stammen aus dem Fall: bitte mit der Person prüfen, dann bauen.")
    else:
        click.echo("Bitte jeden Platzhalter «…» ersetzen; „kimdocs check“ nennt die übrigen.")


def _parse_formats(
    _ctx: click.Context, _param: click.Parameter, value: str | None
) -> list[str] | None:
    if value is None:
        return None
    formats = [f.strip().lower() for f in value.split(",") if f.strip()]
    unknown = [f for f in formats if f not in registry.FORMATS]
    if unknown or not formats:
        raise click.BadParameter(
            f"„{', '.join(unknown) or value}“ – erlaubt sind {', '.join(registry.names())}."
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
    help="Ausgabeformate, mit Komma getrennt: "
    + ", ".join(f"{f.id} ({f.label})" for f in registry.FORMATS.values())
    + " (Standard: „formate“ in kimdocs.toml).",
)
@click.option(
    "--force",
    "--alles-neu",
    "force",
    is_flag=True,
    help="Auch unveränderte Dokumente neu erzeugen.",
)
@click.option(
    "--prozesse",
    "-j",
    "jobs",
    type=click.IntRange(1, 64),
    metavar="ANZAHL",
    help="Wie viele Dokumente gleichzeitig erzeugt werden (Standard: je Kern eins).",
)
@click.option(
    "--historisch",
    "historical",
    is_flag=True,
    help="Auch Dokumente bauen, die Fakten außerhalb ihrer Gültigkeit nennen (Archivfassung).",
)
@QUIET
@_user_errors
def build(
    paths: tuple[Path, ...],
    formats: list[str] | None,
    force: bool,
    jobs: int | None,
    historical: bool,
    quiet: bool,
) -> None:
    """Dokumente bauen: alle unter content/ oder die angegebenen Dateien und Ordner.

    Unveränderte Dokumente werden übersprungen; die Ausgaben gelöschter Quellen
    werden beim Bauen des ganzen Projekts entfernt.
    """
    from kimdocs.build.run import BUILT, FAILED, REMOVED
    from kimdocs.build.run import build as run_build
    from kimdocs.cli.terminal import Progress, style

    project = _project()
    bar = Progress("Erzeuge", quiet=quiet)
    try:
        report = run_build(
            project,
            paths,
            formats,
            force=force,
            jobs=jobs,
            progress=bar,
            historical=historical,
        )
    finally:
        bar.close()
    for result in report:
        _echo_problems(result.problems, project.root, BUILD_WARNINGS)
        if result.status == FAILED:
            failed = style(f"{FAILED:15}", fg="red", bold=True)
            click.echo(f"{failed} {_rel(result.source, project.root)}", err=True)
        elif result.status in (BUILT, REMOVED) and not quiet:
            note = " (Quelle gelöscht)" if result.status == REMOVED else ""
            status = style(f"{result.status:15}", fg="green" if result.status == BUILT else None)
            for out in result.outputs:
                click.echo(f"{status} {_rel(out, project.root)}{note}")
    if not quiet:
        click.echo(report.summary())
    _exit(report.failed)


@main.command(context_settings=CONTEXT)
@click.argument(
    "paths", nargs=-1, type=click.Path(exists=True, path_type=Path), metavar="[PFAD]..."
)
@click.option(
    "--leichte-sprache",
    "-l",
    "easy_only",
    is_flag=True,
    help="Die angegebenen Markdown-Dateien (beliebige, nicht nur Flyer) nur auf Leichte "
    "Sprache prüfen.",
)
@click.option(
    "--format",
    "-f",
    "output_format",
    default="text",
    show_default=True,
    type=click.Choice(["text", "json"]),
    help="Ausgabe als Text oder als JSON für Werkzeuge.",
)
@click.option(
    "--fix",
    "--korrigieren",
    "fix",
    is_flag=True,
    help="Sichere Korrekturen (Trennungen, Zahlen, Daten) als Unterschied zeigen.",
)
@click.option(
    "--schreiben",
    is_flag=True,
    help="Mit --fix: die Korrekturen in die Dateien schreiben.",
)
@QUIET
@_user_errors
def check(
    paths: tuple[Path, ...],
    easy_only: bool,
    output_format: str,
    fix: bool,
    schreiben: bool,
    quiet: bool,
) -> None:
    """Dateien prüfen, ohne etwas zu erzeugen: Kopfdaten, Pflichtfelder, Links, bei Flyern
    auch die Regeln der Leichten Sprache.

    \b
    Beispiele:
      kimdocs check                              alle Dateien unter content/
      kimdocs check -l text.md                   eine beliebige Markdown-Datei
      kimdocs check content/flyer --fix          Korrekturen ansehen
      kimdocs check content/flyer --fix --schreiben
    """
    if schreiben and not fix:
        raise click.UsageError("--schreiben gilt nur zusammen mit --fix.")
    from kimdocs.build import check as checking
    from kimdocs.checking.output import summary

    if easy_only:
        if not paths:
            raise click.UsageError("Mit --leichte-sprache bitte eine oder mehrere Dateien angeben.")
        report = checking.check_markdown(paths, _project_or_none(), Path.cwd())
    else:
        project = _project()
        report = checking.check_project(project, paths)
    if fix:
        _fix(report.easy, report.root, schreiben, to_stderr=output_format == "json")
    if output_format == "json":
        click.echo(report.as_json())
    else:
        for result in report.results:
            _echo_problems(result.problems, report.root)
            for fact in result.facts if not quiet else []:
                click.echo(f"{report.shown(result.source)}: {fact}")
        for easy in report.easy:
            _echo_problems(easy.problems, report.root)
            for finding in easy.findings:
                click.echo(finding.format(report.root))
            if not quiet:
                click.echo(summary(easy, report.shown(easy.file)))
        if not quiet:
            click.echo(report.summary())
    _exit(report.errors > 0)


def _project_or_none() -> Any:
    """The project here, or ``None`` outside one (``check -l`` works on any file)."""
    from kimdocs.base.errors import ProjectError

    try:
        return _project()
    except ProjectError:
        return None


def _fix(reports: Sequence[Any], root: Path, write: bool, to_stderr: bool) -> None:
    from kimdocs.base.files import write_atomic
    from kimdocs.checking.easy_fix import diff
    from kimdocs.checking.easy_run import fixes

    changes = fixes(reports)
    for path, before, after in changes:
        if write:
            write_atomic(path, after.encode("utf-8"))
            click.echo(f"korrigiert: {_rel(path, root)}", err=True)
        else:
            # The diff goes to standard output, so that it can be saved as a patch.
            click.echo(diff(before, after, _rel(path, root)), err=to_stderr, nl=False)
    if not changes:
        click.echo("Keine sicheren Korrekturen gefunden.", err=True)
    elif not write:
        click.echo("Mit „--fix --schreiben“ werden diese Korrekturen gespeichert.", err=True)


def _parse_date_option(
    _ctx: click.Context, _param: click.Parameter, value: str | None
) -> dt.date | None:
    if value is None:
        return None
    from kimdocs.schema import parse_date

    try:
        parsed: dt.date = parse_date(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None
    return parsed


def _export_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Where ``--ausgabe`` may write: the same two permissions for every overview."""
    command = click.option(
        "--überschreiben",
        "--ueberschreiben",
        "overwrite",
        is_flag=True,
        help="--ausgabe darf eine Datei ersetzen, die kimdocs nicht selbst geschrieben hat.",
    )(command)
    return click.option(
        "--außerhalb",
        "--ausserhalb",
        "elsewhere",
        is_flag=True,
        help="--ausgabe darf außerhalb von output/ liegen (Ordner werden nur im Projekt angelegt).",
    )(command)


@main.command(context_settings=CONTEXT)
@click.argument(
    "paths", nargs=-1, type=click.Path(exists=True, path_type=Path), metavar="[PFAD]..."
)
@click.option(
    "--verantwortlich",
    "-v",
    metavar="TEXT",
    help="Nur Maßnahmen, deren Verantwortliche diesen Text enthalten.",
)
@click.option("--bezirk", "-b", metavar="ID", help="Nur Maßnahmen dieses Bezirks.")
@click.option(
    "--status",
    "-s",
    "statuses",
    multiple=True,
    type=click.Choice(["offen", "begonnen", "erledigt", "entfällt"]),
    help="Nur Maßnahmen mit diesem Stand (mehrfach möglich).",
)
@click.option(
    "--fällig-bis",
    "--faellig-bis",
    "due_until",
    callback=_parse_date_option,
    metavar="DATUM",
    help="Nur Maßnahmen mit Frist bis zu diesem Datum.",
)
@click.option(
    "--überfällig",
    "--ueberfaellig",
    "only_overdue",
    is_flag=True,
    help="Nur überfällige Maßnahmen.",
)
@click.option(
    "--stichtag",
    callback=_parse_date_option,
    metavar="DATUM",
    help="Bezugsdatum für „überfällig“ (Standard: heute).",
)
@click.option(
    "--format",
    "-f",
    "output_format",
    default="tabelle",
    show_default=True,
    type=click.Choice(["tabelle", "csv", "json"]),
    help="Ausgabeformat.",
)
@click.option(
    "--ausgabe",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="DATEI",
    help="In eine Datei schreiben statt auf den Bildschirm (ein Name ohne Ordner: in output/).",
)
@_export_options
@_user_errors
def aktionen(
    paths: tuple[Path, ...],
    verantwortlich: str | None,
    bezirk: str | None,
    statuses: tuple[str, ...],
    due_until: dt.date | None,
    only_overdue: bool,
    stichtag: dt.date | None,
    output_format: str,
    ausgabe: Path | None,
    elsewhere: bool,
    overwrite: bool,
) -> None:
    """Alle vereinbarten Maßnahmen und Schritte des Projekts, mit überfälligen markiert."""
    from kimdocs.cases import actions

    project = _project()
    wanted = actions.Filter(verantwortlich, bezirk, statuses, due_until, only_overdue)
    found = actions.overview(project, paths, wanted, stichtag or _today())
    allowed = Allowed(elsewhere, overwrite)
    _show_overview(
        project, found.render(output_format), ausgabe, allowed, found.problems, "Dateien"
    )


def _show_overview(
    project: Any,
    text: str,
    ausgabe: Path | None,
    allowed: Allowed,
    problems: Sequence[Problem],
    entries: str,
) -> None:
    """An overview (``aktionen``, ``einwilligungen``) on screen or into ``-o`` DATEI; then
    the files it had to leave out, and the exit status."""
    from kimdocs.cases import actions

    if ausgabe is not None:
        target, notes = actions.export(project, ausgabe, text, allowed)
        click.echo(f"geschrieben: {_rel(target, Path.cwd())}")
        _echo_problems(notes, Path.cwd())
    else:
        click.echo(text, nl=False)
    if problems:
        _echo_problems(problems, project.root)
        click.echo(f"{entries} mit Fehlern fehlen in der Übersicht (siehe oben).", err=True)
    _exit(bool(problems))


@main.command(context_settings=CONTEXT)
@click.argument(
    "paths", nargs=-1, type=click.Path(exists=True, path_type=Path), metavar="[PFAD]..."
)
@click.option("--bezirk", "-b", metavar="ID", help="Nur Einwilligungen dieses Bezirks.")
@click.option(
    "--stichtag",
    callback=_parse_date_option,
    metavar="DATUM",
    help="Bezugsdatum für „läuft bald ab“ und „abgelaufen“ (Standard: heute).",
)
@click.option(
    "--format",
    "-f",
    "output_format",
    default="tabelle",
    show_default=True,
    type=click.Choice(["tabelle", "csv", "json"]),
    help="Ausgabeformat.",
)
@click.option(
    "--ausgabe",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="DATEI",
    help="In eine Datei schreiben statt auf den Bildschirm (ein Name ohne Ordner: in output/).",
)
@_export_options
@_user_errors
def einwilligungen(
    paths: tuple[Path, ...],
    bezirk: str | None,
    stichtag: dt.date | None,
    output_format: str,
    ausgabe: Path | None,
    elsewhere: bool,
    overwrite: bool,
) -> None:
    """Alle Einwilligungen und Schweigepflichtentbindungen der Fälle: wofür, an wen,
    gültig bis, widerrufen; bald ablaufende (30 Tage) und abgelaufene markiert."""
    from kimdocs.cases.consent_register import register

    project = _project()
    found = register(project, paths, stichtag or _today(), bezirk)
    allowed = Allowed(elsewhere, overwrite)
    _show_overview(
        project, found.render(output_format), ausgabe, allowed, found.problems, "Einwilligungen"
    )


@main.command(context_settings=CONTEXT)
@click.argument(
    "paths", nargs=-1, type=click.Path(exists=True, path_type=Path), metavar="[PFAD]..."
)
@click.option("--bezirk", "-b", metavar="ID", help="Nur Klientinnen und Klienten dieses Bezirks.")
@click.option(
    "--ampel",
    "colours",
    multiple=True,
    type=click.Choice(["grün", "gelb", "rot"]),
    help="Nur diese Farbe (mehrfach möglich).",
)
@click.option(
    "--stichtag",
    callback=_parse_date_option,
    metavar="DATUM",
    help="Tag, für den die Wege geprüft werden (Standard: heute).",
)
@click.option(
    "--format",
    "-f",
    "output_format",
    default="tabelle",
    show_default=True,
    type=click.Choice(["tabelle", "csv", "json"]),
    help="Ausgabeformat.",
)
@click.option(
    "--ausgabe",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="DATEI",
    help="In eine Datei schreiben statt auf den Bildschirm (ein Name ohne Ordner: in output/).",
)
@_export_options
@_user_errors
def wege(
    paths: tuple[Path, ...],
    bezirk: str | None,
    colours: tuple[str, ...],
    stichtag: dt.date | None,
    output_format: str,
    ausgabe: Path | None,
    elsewhere: bool,
    overwrite: bool,
) -> None:
    """Wege zum Bleiberecht aller Fälle: jede Klientin und jeder Klient grün, gelb oder rot,
    mit dem nächsten Tag, an dem sich das ändert, und den Fristen für den Antrag.

    \b
    grün: ein Weg ist erfüllt oder wird es in drei Monaten
    gelb: ein Weg ist in Reichweite, es fehlen Angaben oder die Behörde entscheidet
    rot:  im Moment kein Weg
    """
    from kimdocs.cases.residence_triage import triage

    project = _project()
    found = triage(project, stichtag or _today(), paths, bezirk, colours)
    allowed = Allowed(elsewhere, overwrite)
    _show_overview(
        project, found.render(output_format), ausgabe, allowed, found.problems, "Dateien"
    )


main.add_command(
    click.Command(
        "bleibeperspektive",
        callback=wege.callback,
        params=wege.params,
        hidden=True,
        context_settings=CONTEXT,
        help=wege.help,
    )
)


@main.command(context_settings=CONTEXT)
@click.argument(
    "file", type=click.Path(exists=True, dir_okay=False, path_type=Path), metavar="DATEI"
)
@click.option(
    "--ausgabe",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="DATEI",
    help="Ziel der Kopie (Standard: REK-JAHR-NNN-pseudonymisiert.md neben DATEI).",
)
@_user_errors
def pseudonymisieren(file: Path, ausgabe: Path | None) -> None:
    """Eine pseudonymisierte Kopie eines Protokolls für Planungskonferenzen anlegen.

    Die Kopie ist eine anonymisierte Fallrekonstruktion mit eigener Rekonstruktions-ID.
    Der Bericht nennt jede Ersetzung und alles, was noch zu prüfen ist; die Quelle bleibt
    unverändert.
    """
    from kimdocs.cases.pseudonymise import pseudonymise

    report = pseudonymise(file, _project(), ausgabe)
    click.echo(f"angelegt: {report.target}")
    click.echo("\n".join(report.lines()))


@main.command("löschfristen", context_settings=CONTEXT)
@click.option(
    "--stichtag",
    callback=_parse_date_option,
    metavar="DATUM",
    help="Bezugstag: fällig ist, was davor aufzubewahren war (Standard: heute).",
)
@click.option(
    "--löschen",
    "--loeschen",
    "remove",
    is_flag=True,
    help="Die fälligen Quellen und Ausgaben nach Rückfrage löschen; löschprotokoll.csv ergänzen.",
)
@click.option("--ja", is_flag=True, help="Ohne Rückfrage löschen (für Skripte).")
@_user_errors
def loeschfristen(stichtag: dt.date | None, remove: bool, ja: bool) -> None:
    """Falldokumente, deren Aufbewahrungsfrist abgelaufen ist, mit ihren Ausgaben zeigen.

    Die Frist steht in „aufbewahrung“ („3 Jahre nach Abschluss“, „6 Monate nach der
    Konferenz“, „bis 31.12.2029“) oder für die Art in kimdocs.toml unter [aufbewahrung]; der
    Abschluss eines Falls ist „abgeschlossen_am“ jeder Fassung seiner Vereinbarung. Offene
    Fälle erscheinen nie. Mit --löschen werden genau diese Dateien gelöscht, jede einzeln
    vorher im Löschprotokoll vermerkt (Fall-ID, Dokumentart, Daten – keine Namen); ein
    Stichtag in der Zukunft zeigt nur, was dann fällig wird.
    """
    from kimdocs.base import dates
    from kimdocs.cases import deletion

    project = _project()
    today = dates.today()
    found = deletion.overview(project, stichtag or today, today)
    click.echo("\n".join(found.lines(Path.cwd())))
    _echo_problems(found.problems, Path.cwd())
    if remove and found.ahead:
        click.echo(
            "Nichts gelöscht: mit einem Stichtag in der Zukunft zeigt „kimdocs löschfristen“ "
            "nur, was dann fällig wird. Zum Löschen ohne --stichtag aufrufen.",
            err=True,
        )
        _exit(True)
    if remove and found.due:
        if not ja and not _agree(found.question()):
            click.echo("Nichts gelöscht.")
            _exit(True)

        def deleted(_due: Any, _what: str, path: Path) -> None:
            click.echo(f"gelöscht: {_rel(path, Path.cwd())}")

        report = deletion.delete(project, found, today, deleted)
        _echo_problems(report.refused, Path.cwd())
        click.echo(report.summary(Path.cwd()))
        _exit(bool(found.problems or report.refused))
    _exit(bool(found.problems))


@main.command(context_settings=CONTEXT)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["tabelle", "json"]),
    default="tabelle",
    show_default=True,
    help="Tabelle zum Lesen oder JSON für andere Programme.",
)
@click.option(
    "--stichtag",
    callback=_parse_date_option,
    metavar="DATUM",
    help="Zustand an diesem Tag (Standard: heute).",
)
@_user_errors
def wissen(output_format: str, stichtag: dt.date | None) -> None:
    """Textbausteine und Fakten: Zustand, Quelle und welche Dateien sie nutzen."""
    from kimdocs.knowledge.overview import as_json, as_text, report

    items = report(_project(), stichtag or _today())
    click.echo(as_json(items) if output_format == "json" else as_text(items), nl=False)


@main.command(context_settings=CONTEXT)
@click.option(
    "--port",
    "-p",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="Port der Vorschau (0: ein freier).",
)
@click.option(
    "--adresse",
    "--host",
    "host",
    default="127.0.0.1",
    show_default=True,
    metavar="ADRESSE",
    help="Adresse, auf der die Vorschau lauscht.",
)
@click.option(
    "--offen",
    "allow_network",
    is_flag=True,
    help="Auch eine Adresse außerhalb dieses Rechners erlauben (andere im Netz sehen dann "
    "die Dokumente).",
)
@click.option("--browser/--kein-browser", default=False, help="Die Vorschau im Browser öffnen.")
@_user_errors
def vorschau(port: int, host: str, allow_network: bool, browser: bool) -> None:
    """Vorschau im Browser: alle Dokumente mit Zustand, Seitenbildern und Befunden.

    Baut bei jeder Änderung an content/, templates/, kimdocs.toml, glossar.yaml oder
    fakten.yaml neu
    und lädt die Seite neu. Beenden mit Strg+C.
    """
    import time

    from kimdocs.preview.easy_marks import install
    from kimdocs.preview.server import serve
    from kimdocs.project import find_root

    install()  # flyers show their Leichte-Sprache findings on the text
    root = find_root(Path.cwd())
    click.echo("Baue das Projekt für die Vorschau …")
    try:
        server = serve(root, host, port, allow_network=allow_network)
    except OSError as exc:
        raise click.ClickException(
            f"Die Vorschau kann nicht auf {host}:{port} lauschen ({exc.strerror}). "
            "Anderen Port mit --port wählen."
        ) from None
    click.echo(f"Vorschau: {server.url} – beenden mit Strg+C")
    if browser:
        import webbrowser

        webbrowser.open(server.url)
    try:
        while True:
            time.sleep(0.5)
    except KeyboardInterrupt:
        click.echo("\nVorschau wird beendet …")
    finally:
        server.stop()
    click.echo("Vorschau beendet.")


main.add_command(
    click.Command(
        "preview",
        callback=vorschau.callback,
        params=vorschau.params,
        hidden=True,
        context_settings=CONTEXT,
        help=vorschau.help,
    )
)


@main.group(context_settings=CONTEXT)
def vorlage() -> None:
    """Vorlagen verwalten."""


@vorlage.command("kopieren", context_settings=CONTEXT)
@click.argument("name", metavar="NAME")
@_user_errors
def copy_template(name: str) -> None:
    """Eine mitgelieferte Vorlage (z. B. agreement.docx) nach templates/ kopieren."""
    from kimdocs.cases.scaffold import copy_template as run_copy

    click.echo(f"kopiert: {run_copy(_project(), name)}")


@vorlage.command("prüfen", context_settings=CONTEXT)
@click.argument(
    "files",
    nargs=-1,
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    metavar="DATEI...",
)
@click.option(
    "--art",
    "kind_name",
    metavar="ART",
    help="Dokumentart der Vorlage (Standard: aus dem Dateinamen, z. B. agreement.docx).",
)
@_user_errors
def check_template_command(files: tuple[Path, ...], kind_name: str | None) -> None:
    """DOCX- und HTML-Vorlagen prüfen: Syntax, zerteilte Platzhalter, unbekannte Werte.

    \b
    Beispiel:
      kimdocs vorlage prüfen templates/agreement.docx
    """
    from kimdocs.checking.templates import check_templates

    # Outside a project: syntax and names only, looked up without the project's templates.
    report = check_templates(files, _project_or_none(), kind_name)
    for file, problems in report.problems.items():
        _echo_problems(problems, Path.cwd())
        if not problems:
            click.echo(f"in Ordnung: {file}")
    if report.errors:
        click.echo(report.summary(), err=True)
    _exit(report.errors > 0)


vorlage.add_command(
    click.Command(
        "pruefen",
        callback=check_template_command.callback,
        params=check_template_command.params,
        hidden=True,
        context_settings=CONTEXT,
        help=check_template_command.help,
    )
)


def _today() -> dt.date:
    from kimdocs.base import dates

    return dates.today()


def _german_usage(command: click.Command) -> None:
    """click writes "[OPTIONS]" and "COMMAND" into usage lines without asking its translations."""
    command.options_metavar = "[OPTIONEN]"
    if isinstance(command, click.Group):
        command.subcommand_metavar = "BEFEHL [ARGUMENTE]..."
        for sub in command.commands.values():
            _german_usage(sub)


_german_usage(main)


def _rel(path: Path, root: Path) -> str:
    return display_path(path, root)


def _agree(question: str) -> bool:
    """Ask a yes/no question in German; anything but "ja" (or "j") is no."""
    answer = click.prompt(f"{question} [ja/nein]", default="nein", show_default=False)
    return str(answer).strip().lower() in ("ja", "j")


def _exit(failed: bool) -> None:
    """The one place where a finished command decides its exit status."""
    sys.exit(1 if failed else 0)


@main.group("übersetzung", context_settings=CONTEXT)
def translation() -> None:
    """Dokumente in den Sprachen der Klientinnen und Klienten (Flyer, Kopie der Vereinbarung)."""


@translation.command("exportieren", context_settings=CONTEXT)
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path), metavar="DOKUMENT")
@click.option("--sprache", "code", required=True, metavar="SPRACHE", help="z. B. ar, fa, uk.")
@_user_errors
def export_translation(file: Path, code: str) -> None:
    """Übersetzungsdatei (PO) neben dem Dokument schreiben oder auf den neuen Stand bringen.

    \b
    Beispiel:
      kimdocs übersetzung exportieren content/flyer/einbuergerung.md --sprache ar
    """
    from kimdocs.build.translations import export

    project = _project()
    path, total, open_ = export(project, file, code)
    click.echo(
        f"geschrieben: {_rel(path, project.root)} ({total} Abschnitte, davon {open_} "
        "zu übersetzen oder zu prüfen)"
    )


@translation.command("status", context_settings=CONTEXT)
@click.argument(
    "paths", nargs=-1, type=click.Path(exists=True, path_type=Path), metavar="[DATEI...]"
)
@_user_errors
def translation_status(paths: tuple[Path, ...]) -> None:
    """Je Dokument und Sprache: Anteil übersetzt, veraltete und fehlende Abschnitte."""
    from kimdocs.build.translations import status, status_text

    project = _project()
    states = status(project, paths)
    click.echo(status_text(states, project.root))
    _exit(any(s.problems for s in states))


main.add_command(
    click.Group(
        "uebersetzung",
        commands=translation.commands,
        hidden=True,
        context_settings=CONTEXT,
        help=translation.help,
    )
)
_german_usage(translation)
_german_usage(main.commands["uebersetzung"])
