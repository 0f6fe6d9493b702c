"""The CLI as staff use it, through click's CliRunner."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from kimdocs import __version__
from kimdocs.cli.commands import main
from tests.conftest import REPO
from tests.skeletons import fill, fill_project

Cli = Callable[..., Result]


def test_version(cli: Cli, tmp_path: Path) -> None:
    result = cli(tmp_path, "--version")
    assert result.exit_code == 0
    assert result.output.strip() == f"kimdocs {__version__}"


def test_help_is_german(cli: Cli, tmp_path: Path) -> None:
    result = cli(tmp_path, "--help")
    assert result.exit_code == 0
    for word in ("Aufruf:", "Optionen", "Befehle", "Diese Hilfe anzeigen", "Beispiele"):
        assert word in result.output
    build_help = cli(tmp_path, "build", "--help").output
    assert "Ausgabeformate" in build_help


def test_usage_error_is_german(cli: Cli, tmp_path: Path) -> None:
    result = cli(tmp_path, "build", "--gibtsnicht")
    assert result.exit_code == 2
    assert "Fehler: Unbekannte Option „--gibtsnicht“." in result.output


def test_outside_a_project(cli: Cli, tmp_path: Path) -> None:
    result = cli(tmp_path, "build")
    assert result.exit_code == 1
    assert "Kein kimdocs-Projekt gefunden" in result.output
    assert "Traceback" not in result.output


@pytest.mark.slow
def test_init_creates_a_project_that_builds(cli: Cli, tmp_path: Path) -> None:
    result = cli(tmp_path, "init", "neu")
    assert result.exit_code == 0, result.output
    root = tmp_path / "neu"
    gitignore = (root / ".gitignore").read_text(encoding="utf-8")
    assert "output/" in gitignore and "content/vereinbarungen/" in gitignore
    [first] = (root / "content" / "vereinbarungen").glob("*.md")
    assert f"(Fall-ID {first.stem})" in result.output
    refused = cli(root, "build")
    assert refused.exit_code == 1 and "Platzhalter ersetzen" in refused.output
    fill_project(root)
    built = cli(root, "build")
    assert built.exit_code == 0, built.output
    assert (root / "output" / "vereinbarungen" / f"{first.stem}.pdf").is_file()
    assert (root / "output" / "vereinbarungen" / f"{first.stem}.docx").is_file()
    again = cli(tmp_path, "init", "neu")
    assert again.exit_code == 1 and "schon ein kimdocs-Projekt" in again.output


def test_gitignore_of_init_keeps_case_files_out_of_git(cli: Cli, tmp_path: Path) -> None:
    if shutil.which("git") is None:
        return
    cli(tmp_path, "init", "p")
    root = tmp_path / "p"
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    cli(root, "build")
    tracked = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=all"],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "kimdocs.toml" in tracked
    assert "vereinbarungen" not in tracked and "output/" not in tracked


def test_new_agreement_skeleton_builds_from_a_subfolder(cli: Cli, basic: Path) -> None:
    sub = basic / "content"
    result = cli(sub, "new", "vereinbarung", "frau-x")
    assert result.exit_code == 0, result.output
    path = basic / "content" / "vereinbarungen" / "frau-x.md"
    assert path.is_file()
    text = path.read_text(encoding="utf-8")
    assert "# " in text and "fall_id:" in text  # commented skeleton
    assert cli(sub, "check", str(path)).exit_code == 1  # placeholders left
    fill(path)
    assert cli(sub, "check", str(path)).exit_code == 0
    built = cli(sub, "build", str(path), "--format", "docx")
    assert built.exit_code == 0, built.output
    assert (basic / "output" / "vereinbarungen" / "frau-x.docx").is_file()
    second = cli(sub, "new", "agreement", "frau-x")
    assert second.exit_code == 1 and "gibt es schon; nichts überschrieben" in second.output
    assert not (basic / "content" / "vereinbarungen" / "frau-x-2.md").exists()


def test_new_unknown_kind(cli: Cli, basic: Path) -> None:
    result = cli(basic, "new", "rechnung")
    assert result.exit_code == 1
    assert "Unbekannte Dokumentart „rechnung“" in result.output


def test_bad_files_fail_with_file_line_field_and_others_still_build(
    cli: Cli, basic: Path, write_agreement: Callable[..., Path]
) -> None:
    write_agreement("kaputt-yaml", {"klient:\n": "klient:\n\t"})
    write_agreement("ohne-pflichtfeld", {"fall_id: OHNE-PFLICHTFELD\n": ""})
    write_agreement("falsches-datum", {"datum: 2026-03-02": "datum: 31.02.2026"})
    write_agreement("unbekannte-art", {"art: vereinbarung": "art: brief"})
    write_agreement("gut")
    result = cli(basic, "build", "--format", "docx")
    assert result.exit_code == 1
    out = result.output
    assert "Traceback" not in out
    assert "content/vereinbarungen/kaputt-yaml.md:8: Fehler:" in out
    assert (
        "content/vereinbarungen/ohne-pflichtfeld.md:1: Fehler: Feld „fall_id“: Pflichtfeld" in out
    )
    assert (
        "content/vereinbarungen/falsches-datum.md:5: Fehler: Feld „datum“: "
        "„31.02.2026“ ist kein gültiges Datum"
    ) in out
    assert "content/vereinbarungen/unbekannte-art.md:2: Fehler: Feld „art“: Unbekannte" in out
    assert "erzeugt         output/vereinbarungen/gut.docx" in out
    assert "erzeugt         output/vereinbarungen/T-0001-sonderzeichen.docx" in out
    assert "Dokumente: 3 erzeugt, 0 unverändert, 4 fehlgeschlagen." in out  # and the form
    assert (basic / "output" / "vereinbarungen" / "gut.docx").is_file()


def test_check_reports_warnings_without_failing(
    cli: Cli, basic: Path, write_agreement: Callable[..., Path]
) -> None:
    write_agreement("warnung", {"datum: 2026-03-02": "datum: 2026-03-02\nverison: 2"})
    result = cli(basic, "check")
    assert result.exit_code == 0, result.output
    assert "warnung.md:6: Warnung: Feld „verison“: Unbekanntes Feld" in result.output
    assert "Meinten Sie „version“?" in result.output
    assert "3 Dateien geprüft: 0 Fehler, 1 Warnung." in result.output  # and the form
    assert not (basic / "output" / "vereinbarungen").exists()


def test_invalid_format_option(cli: Cli, basic: Path) -> None:
    result = cli(basic, "build", "--format", "pdf,odt")
    assert result.exit_code == 2
    assert "„odt“ – erlaubt sind pdf, docx, html, txt, json" in result.output


def test_invalid_project_config_names_key_and_line(cli: Cli, basic: Path) -> None:
    config = basic / "kimdocs.toml"
    config.write_text(
        config.read_text(encoding="utf-8").replace('gemeinden = ["Teststadt"]', "gemeinden = []"),
        encoding="utf-8",
    )
    result = cli(basic, "check")
    assert result.exit_code == 1
    assert "kimdocs.toml:17: Fehler: Feld „bezirke[1].gemeinden“" in result.output


def test_copy_template_into_project(cli: Cli, basic: Path) -> None:
    result = cli(basic, "vorlage", "kopieren", "agreement.docx")
    assert result.exit_code == 0, result.output
    assert (basic / "templates" / "agreement.docx").is_file()
    assert cli(basic, "vorlage", "kopieren", "agreement.docx").exit_code == 1
    assert "Vorhanden:" in cli(basic, "vorlage", "kopieren", "../x").output


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["--help"],
        ["--version"],
        ["check"],
        ["new", "protokoll", "schnell"],
        ["build", "--help"],
    ],
)
def test_fast_commands_do_not_import_heavy_renderers(basic: Path, args: list[str]) -> None:
    code = (
        "import sys; from kimdocs.cli.commands import main\n"
        f"try:\n    main({args!r})\nexcept SystemExit:\n    pass\n"
        "heavy = ('weasyprint', 'docxtpl', 'docx', 'playwright', 'pypdfium2', 'watchfiles')\n"
        "print(sorted(m for m in heavy if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=basic
    ).stdout
    assert out.strip().endswith("[]"), out


def test_without_arguments_a_short_german_overview(tmp_path: Path, cli: Cli) -> None:
    result = cli(tmp_path)
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert len(lines) <= 30  # an overview, not the whole help
    groups = ("Fallmanagement:", "Ausländer- und Einbürgerungsbehörde:", "Öffentlichkeitsarbeit:")
    for group in groups:
        example = lines[lines.index(f"  {group}") + 1]
        assert example.strip().startswith("kimdocs ")
    for name, command in main.commands.items():
        assert command.hidden or f"  {name}" in result.output, name


def test_readme_documents_shell_completion() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for shell in ("bash", "zsh", "fish"):
        assert f"_KIMDOCS_COMPLETE={shell}_source kimdocs" in readme


def test_shell_completion_script_is_generated(tmp_path: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-c", "from kimdocs.cli.commands import main; main(prog_name='kimdocs')"],
        env={**os.environ, "_KIMDOCS_COMPLETE": "bash_source"},
        capture_output=True,
        text=True,
        cwd=tmp_path,
    ).stdout
    assert "_kimdocs_completion()" in out and "complete -o nosort -F _kimdocs_completion" in out


# ------------------------------------------------------------------ Ctrl+C and option values


@pytest.mark.slow
def test_ctrl_c_during_a_build_is_abgebrochen(basic: Path) -> None:
    import signal
    import time

    from tests.conftest import AGREEMENT

    folder = basic / "content" / "vereinbarungen"
    for n in range(60):
        (folder / f"fall-{n}.md").write_text(AGREEMENT.format(case_id=f"K-{n}"), "utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "kimdocs", "build"],
        cwd=basic,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # A group of its own, signalled as a whole: Ctrl+C in a terminal reaches the
        # workers too, not only the main process.
        start_new_session=True,
    )
    try:
        output = basic / "output"
        for _ in range(3000):  # until the first document is written (bounded)
            if process.poll() is not None or any(output.rglob("*.pdf")):
                break
            time.sleep(0.05)
        assert process.poll() is None, "Der Build war vor Strg+C fertig."
        os.killpg(process.pid, signal.SIGINT)
        out, err = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 130, (out, err)
    assert err.strip() == "Abgebrochen.", err
    assert "Aborted!" not in out + err and "Traceback" not in out + err


def test_ctrl_c_in_any_command(cli: Cli, basic: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import kimdocs.build.check

    def interrupted(*_args: object, **_kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(kimdocs.build.check, "check_project", interrupted)
    result = cli(basic, "check")
    assert result.exit_code == 130
    assert result.output.strip() == "Abgebrochen."


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["build", "--prozesse", "0"],
            "Ungültiger Wert für '--prozesse' / '-j': Der Wert 0 liegt nicht im erlaubten "
            "Bereich (1 bis 64).",
        ),
        (
            ["build", "-j", "viele"],
            "Ungültiger Wert für '--prozesse' / '-j': „viele“ ist keine Zahl.",
        ),
        (
            ["vorschau", "--port", "70000"],
            "Der Wert 70000 liegt nicht im erlaubten Bereich (0 bis 65535).",
        ),
        (
            ["check", "--format", "xml"],
            "„xml“ ist nicht erlaubt; möglich sind 'text', 'json'.",
        ),
        (["build", "--prozesse"], "Option „--prozesse“ braucht einen Wert."),
        (["build", "--alles-neu=ja"], "Option „--alles-neu“ nimmt keinen Wert."),
        (["buil"], "Unbekannter Befehl „buil“. Meinten Sie „build“?"),
    ],
)
def test_option_value_errors_are_german(
    cli: Cli, basic: Path, args: list[str], message: str
) -> None:
    result = cli(basic, *args)
    assert result.exit_code == 2
    assert message in result.output, result.output
    for english in ("is not", "range", "requires", "does not", "Did you mean"):
        assert english not in result.output


def test_ranges_read_as_german_in_help(cli: Cli, tmp_path: Path) -> None:
    import click

    assert "[1 bis 64]" in cli(tmp_path, "build", "--help").output
    for kind, text in [
        (click.IntRange(min=1), "mindestens 1"),
        (click.IntRange(max=9), "höchstens 9"),
        (click.FloatRange(0, 1, min_open=True), "über 0 bis 1"),
        (click.FloatRange(0, 1, max_open=True), "0 bis unter 1"),
        (click.FloatRange(min=0, min_open=True), "über 0"),
        (click.IntRange(max=9, max_open=True), "unter 9"),
    ]:
        assert kind._describe_range() == text


def test_a_config_saved_as_utf16_is_a_german_error(cli: Cli, basic: Path) -> None:
    config = basic / "kimdocs.toml"
    config.write_text(config.read_text(encoding="utf-8"), encoding="utf-16")
    result = cli(basic, "build")
    assert result.exit_code == 1
    assert "kimdocs.toml:1: Fehler: Die Datei ist als UTF-16 („Unicode“) gespeichert" in (
        result.output
    )
    assert "Traceback" not in result.output


def test_build_names_a_documents_first_warnings_and_check_lists_them_all(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A case file with many overdue steps: the build's output stays a list of what was
    built; the count of the rest points to the command that lists every warning."""
    import datetime as dt

    from tests.conftest import copy_sample_project

    root = copy_sample_project(tmp_path / "p")
    source = "content/vereinbarungen/suedkreis/KIM-SK-2026-0031.md"
    monkeypatch.setattr("kimdocs.base.dates.today", lambda: dt.date(2026, 12, 1))
    checked = cli(root, "check", source)
    every = [line for line in checked.output.splitlines() if ": Warnung: Feld" in line]
    assert len(every) > 5, checked.output
    built = cli(root, "build", "-f", "html", source)
    assert built.exit_code == 0, built.output
    shown = [line for line in built.output.splitlines() if ": Warnung: Feld" in line]
    assert shown == every[:3]
    rest = len(every) - 3
    assert (
        f"{source}: {rest} weitere Warnungen – alle zeigt „kimdocs check {source}“."
    ) in built.output
