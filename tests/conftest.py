from __future__ import annotations

import datetime as dt
import os
import pickle
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from filelock import FileLock

from kimdocs.build.run import build
from kimdocs.cli.commands import main
from kimdocs.project import Project, load_project
from tests import outputs

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


# --- What the test run shares: slow tests, test processes, builds, LibreOffice -----------

# Fixtures whose tests are slow (they render PDFs, start LibreOffice or a browser, or build
# the whole sample project); a test that does so itself is marked ``slow`` where it is written.
SLOW_FIXTURES = {"built_sample", "built_flyers", "built_for_preview"}


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if SLOW_FIXTURES.intersection(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)
    if hasattr(config, "workerinput"):
        # pytest-xdist hands out whole files (``--dist loadfile``, so that a module-scoped
        # fixture is made once) in this order: the files with slow tests first, so that the
        # last ones to start are short and no process waits long for the other at the end.
        slow_files = {item.path for item in items if item.get_closest_marker("slow")}
        items.sort(key=lambda item: item.path not in slow_files)


def shared_folder(factory: pytest.TempPathFactory) -> Path:
    """A folder of this test run that all its processes see (pytest-xdist gives each worker
    its own temporary folder below the run's)."""
    base = factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@pytest.fixture(scope="session", autouse=True)
def _libreoffice(tmp_path_factory: pytest.TempPathFactory) -> None:
    """LibreOffice converts each file once per test run, from one profile per process."""
    outputs.LIBREOFFICE.cache = shared_folder(tmp_path_factory) / "libreoffice"
    outputs.LIBREOFFICE.profile = tmp_path_factory.getbasetemp() / "libreoffice-profil"


@dataclass(frozen=True)
class SharedBuild:
    """A project built once per test run; read-only (a test that changes files copies it)."""

    root: Path
    results: Any  # what the build reported (a BuildReport; the preview's: its snapshot)
    files: dict[str, tuple[int, int]]  # what the build left, for the check that nobody wrote

    @property
    def output(self) -> Path:
        return self.root / "output"

    def copy(self, target: Path) -> Path:
        """A writable copy with its outputs and manifest: a build there renders what changed."""
        shutil.copytree(self.root, target)
        return target


def _files(root: Path) -> dict[str, tuple[int, int]]:
    return {
        p.relative_to(root).as_posix(): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def build_once(
    factory: pytest.TempPathFactory, name: str, day: dt.date, make: Callable[[Path], Any]
) -> Iterator[SharedBuild]:
    """Copy the sample project and ``make`` it on ``day``, once per test run: the first
    process that asks builds, the others wait for it and read the same folder. At the end
    of the session, nothing in it may have changed."""
    shared = shared_folder(factory)
    root, record = shared / name, shared / f"{name}.pickle"
    with FileLock(shared / f"{name}.lock"):
        if not record.is_file():
            if root.exists():  # an earlier attempt that failed
                shutil.rmtree(root)
            copy_sample_project(root)
            with pytest.MonkeyPatch.context() as patch:
                patch.setattr("kimdocs.base.dates.today", lambda: day)
                results = make(root)
            record.write_bytes(pickle.dumps(SharedBuild(root, results, _files(root))))
        built: SharedBuild = pickle.loads(record.read_bytes())
    yield built
    assert _files(root) == built.files, f"Ein Test hat den gemeinsamen Bau {root} verändert."


# The day on which the samples' cases are current: review dates and steps do not age them
# into warnings (that they do later is tested with the basic project).
SAMPLE_DAY = dt.date(2026, 3, 5)


@pytest.fixture(scope="session")
def built_sample(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SharedBuild]:
    """Every document of the sample project in the project's formats, built on SAMPLE_DAY
    by two worker processes."""
    yield from build_once(
        tmp_path_factory, "beispiel", SAMPLE_DAY, lambda root: build(load_project(root), jobs=2)
    )


@pytest.fixture(scope="session")
def built_for_preview(
    tmp_path_factory: pytest.TempPathFactory, built_sample: SharedBuild
) -> Iterator[SharedBuild]:
    """The shared sample build and what the preview adds to it (web pages, page pictures),
    made by the preview itself: a preview started on a copy renders only what changes."""
    from kimdocs.preview.model import Preview

    def make(root: Path) -> Any:
        shutil.copytree(built_sample.output, root / "output", dirs_exist_ok=True)
        return Preview(root).rebuild()

    yield from build_once(tmp_path_factory, "vorschau", SAMPLE_DAY, make)


# The flyers are read on a day before their review date.
FLYER_DAY = dt.date(2026, 1, 1)


@pytest.fixture(scope="session")
def built_flyers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SharedBuild]:
    """The sample project's flyers, built on FLYER_DAY."""
    yield from build_once(
        tmp_path_factory,
        "flyer",
        FLYER_DAY,
        lambda root: build(load_project(root), [root / "content" / "flyer"]),
    )


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


# The signed release the small test project's agreement needs for its network partners: a
# DOCX of its own, from the shipped consent template, when a project's agreement template
# is refused.
BASIC_RELEASE_DOCX = "einwilligungen/T-0001-einwilligung-2026-03-02.docx"


def docx_written(root: Path) -> list[str]:
    """The DOCX files a build wrote into a project's output, relative and sorted."""
    output = root / "output"
    return sorted(p.relative_to(output).as_posix() for p in output.rglob("*.docx"))


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
