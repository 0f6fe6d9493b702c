"""Progress bar only on a terminal, ``--quiet`` for scripts, colours never with NO_COLOR."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kimdocs.cli.commands import main
from kimdocs.cli.terminal import Progress

ANSI = "\x1b["


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_draws_on_a_terminal_and_clears_its_line() -> None:
    screen = Terminal()
    bar = Progress("Erzeuge", stream=screen, delay=0)
    for done in range(3):
        bar(done, 2)
    bar.close()
    text = screen.getvalue()
    assert "\rErzeuge " + "░" * 30 + " 0/2" in text
    assert "\rErzeuge " + "█" * 15 + "░" * 15 + " 1/2" in text
    assert text.endswith("\r\x1b[K")


def test_no_progress_bar_off_a_terminal_or_when_quiet() -> None:
    pipe = io.StringIO()
    Progress("Erzeuge", stream=pipe, delay=0)(1, 2)
    screen = Terminal()
    Progress("Erzeuge", stream=screen, delay=0, quiet=True)(1, 2)
    assert pipe.getvalue() == screen.getvalue() == ""


def test_build_output_for_scripts_is_plain(basic: Path, cli: Callable[..., Result]) -> None:
    result = cli(basic, "build", "-f", "html")
    assert result.exit_code == 0
    assert ANSI not in result.output and "█" not in result.output and "\r" not in result.output
    assert "erzeugt         output/" in result.output


def test_quiet_build_prints_nothing_when_all_is_well(
    basic: Path, cli: Callable[..., Result]
) -> None:
    result = cli(basic, "build", "-f", "html", "--quiet")
    assert result.exit_code == 0 and result.output == ""
    (basic / "content" / "vereinbarungen" / "kaputt.md").write_text(
        "---\nart: vereinbarung\n---\n", encoding="utf-8"
    )
    failed = cli(basic, "build", "-f", "html", "-q")
    assert failed.exit_code == 1
    assert "kaputt.md" in failed.output and "Dokumente:" not in failed.output


def test_check_quiet(basic: Path, cli: Callable[..., Result]) -> None:
    assert cli(basic, "check", "-q").output == ""


def _coloured_run(basic: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.chdir(basic)
    (basic / "content" / "vereinbarungen" / "kaputt.md").write_text(
        "---\nart: vereinbarung\n---\n", encoding="utf-8"
    )
    # color=True: CliRunner then keeps colour codes as a terminal would get them.
    return CliRunner().invoke(main, ["build", "-f", "html"], color=True).output


def test_colours_on_a_terminal(basic: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    output = _coloured_run(basic, monkeypatch)
    assert "\x1b[31m\x1b[1mFehler:\x1b[0m" in output
    assert "\x1b[32merzeugt" in output


def test_no_colour_with_no_color(basic: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    output = _coloured_run(basic, monkeypatch)
    assert "Fehler:" in output and ANSI not in output
