from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kimdocs.cli.commands import main
from kimdocs.project import Project, load_project

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
PROJECTS = TESTS / "projects"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="Golden-Dateien aus der aktuellen Ausgabe neu schreiben.",
    )


# The day the test documents are written for: reviews and steps in them are not yet due.
# kimdocs asks one clock (kimdocs.base.dates.today); tests that need another day set their own.
TEST_DAY = dt.date(2026, 3, 16)


@pytest.fixture(autouse=True)
def test_day(monkeypatch: pytest.MonkeyPatch) -> dt.date:
    monkeypatch.setattr("kimdocs.base.dates.today", lambda: TEST_DAY)
    return TEST_DAY


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


def copy_sample_project(target: Path) -> Path:
    """The repository's sample project without code, tests and outputs."""
    shutil.copytree(
        REPO,
        target,
        ignore=shutil.ignore_patterns(
            ".git",
            ".venv",
            "output",
            "tests",
            "benchmarks",
            "kimdocs",
            "tools",
            "*.egg-info",
            ".*cache",
        ),
    )
    return target


@pytest.fixture
def basic(tmp_path: Path) -> Path:
    """A writable copy of the small test project."""
    target = tmp_path / "basic"
    shutil.copytree(PROJECTS / "basic", target)
    return target


@pytest.fixture
def basic_project(basic: Path) -> Project:
    return load_project(basic)


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch) -> Callable[..., Result]:
    """Run the CLI in a folder, as a user would from a shell there."""

    def run(cwd: Path, *args: str) -> Result:
        monkeypatch.chdir(cwd)
        return CliRunner().invoke(main, list(args), catch_exceptions=False)

    return run


AGREEMENT = """---
art: vereinbarung
fall_id: {case_id}
bezirk: mitte
datum: 2026-03-02
überprüfung: 2026-06-02
klient:
  name: Test Person (fiktiv)
fallmanagement:
  name: Frida Fallbeispiel
ziele:
  - ziel: Ein Ziel
    handlungsfeld: Sprache
    indikator: Ein Nachweis
    frist: 2026-05-01
    schritte:
      - was: Ein Schritt
        wer: Klient
        bis: 2026-04-01
datenschutz:
  informiert_am: 2026-03-02
---

## Ausgangslage

Text.
"""


@pytest.fixture
def write_agreement(basic: Path) -> Callable[..., Path]:
    """Write an agreement into the basic project; ``replace`` edits the valid default."""

    def write(name: str, replace: dict[str, str] | None = None, text: str | None = None) -> Path:
        body = text if text is not None else AGREEMENT.format(case_id=name.upper())
        for old, new in (replace or {}).items():
            assert old in body, old
            body = body.replace(old, new)
        path = basic / "content" / "vereinbarungen" / f"{name}.md"
        path.write_text(body, encoding="utf-8")
        return path

    return write
