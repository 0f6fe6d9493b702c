"""A new user's first steps, exactly as the README's "Ein eigenes Projekt" writes them.

The shell blocks of that section run line by line in a temporary folder, through a
``kimdocs`` on the PATH whose clock stands on 15 April 2026, the day the README's
examples are written for. The first block ends with a check that must name every
placeholder the skeletons left; the test then fills them in as an office would and runs
the second block, which must succeed without a single warning.
"""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from click.testing import Result

from tests.conftest import REPO
from tests.skeletons import fill_project, placeholder_fields

SECTION = "## Ein eigenes Projekt"
DAY = (2026, 4, 15)


def readme_blocks() -> list[list[str]]:
    """The shell blocks of the section, before its first subsection, as command lines."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split(SECTION, 1)[1].split("\n### ", 1)[0].split("\n## ", 1)[0]
    blocks = re.findall(r"```sh\n(.*?)```", section, re.DOTALL)
    return [[ln for ln in block.splitlines() if ln.strip()] for block in blocks]


@pytest.fixture
def shell(tmp_path: Path) -> Callable[[str, Path], subprocess.CompletedProcess[str]]:
    """Run one README line with bash, with a ``kimdocs`` whose day is fixed."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    wrapper = bin_dir / "kimdocs"
    wrapper.write_text(
        # Guarded like an installed console script: worker processes import it again.
        f"#!{sys.executable}\n"
        "import datetime\n"
        "from kimdocs.base import dates\n"
        "from kimdocs.cli.commands import main\n"
        "if __name__ == '__main__':\n"
        f"    dates.today = lambda: datetime.date{DAY}\n"
        "    main(prog_name='kimdocs')\n",
        encoding="utf-8",
    )
    wrapper.chmod(wrapper.stat().st_mode | stat.S_IXUSR)
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    env.pop("NO_COLOR", None)

    def run(line: str, cwd: Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["bash", "-c", line], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
        )

    return run


def _run_block(
    lines: list[str],
    cwd: Path,
    shell: Callable[[str, Path], subprocess.CompletedProcess[str]],
) -> tuple[Path, list[tuple[str, subprocess.CompletedProcess[str]]]]:
    done = []
    for line in lines:
        command = line.split("#", 1)[0].strip()
        if command.startswith("cd "):
            cwd = cwd / command.removeprefix("cd ").strip()
            continue
        done.append((command, shell(line, cwd)))
    return cwd, done


def test_readme_first_steps_run_as_written(
    tmp_path: Path, shell: Callable[[str, Path], subprocess.CompletedProcess[str]]
) -> None:
    first, second = readme_blocks()
    work = tmp_path / "arbeit"
    work.mkdir()
    root, done = _run_block(first, work, shell)
    *steps, (last, check) = done
    for command, result in steps:
        assert result.returncode == 0, (command, result.stdout, result.stderr)
        assert "Traceback" not in result.stdout + result.stderr
    assert last == "kimdocs check"

    # Without the placeholders filled in: one message per field and per line of text.
    assert check.returncode == 1
    messages = re.findall(
        r"^(\S+?):(\d+): Fehler: Feld „(.+?)“: Platzhalter ersetzen", check.stderr, re.MULTILINE
    )
    files = sorted(p for p in (root / "content").rglob("*.md"))
    assert len(files) == 6  # init's first case, two more, minutes, press release, flyer
    for path in files:
        rel = path.relative_to(root).as_posix()
        reported = [
            f"Text:{line}" if field == "Text" else field
            for shown, line, field in messages
            if shown == rel
        ]
        assert sorted(reported) == sorted(placeholder_fields(path)), rel
    other_errors = [
        ln for ln in check.stderr.splitlines() if "Fehler:" in ln and "Platzhalter" not in ln
    ]
    assert not other_errors

    filled = fill_project(root)
    assert set(filled) == set(files)
    _, done = _run_block(second, root, shell)
    for command, result in done:
        assert result.returncode == 0, (command, result.stdout, result.stderr)
        assert "Traceback" not in result.stdout + result.stderr
    checked = dict(done)["kimdocs check"]
    # A new flyer is a draft until readers of the target group have checked it, and a legal
    # draft until its statements are reviewed (NAME.rechtspruefung.yaml beside it).
    assert "6 Dateien geprüft: 0 Fehler, 2 Warnungen." in checked.stdout, checked.stderr
    legal, draft = sorted(
        checked.stderr.splitlines(), key=lambda line: "rechtspruefung" not in line
    )
    assert "Warnung" in draft and "Entwurf – noch nicht geprüft" in draft
    assert "Warnung" in legal and "Entwurf – rechtlich nicht geprüft" in legal

    case_ids = []
    for path in sorted((root / "content" / "vereinbarungen").glob("*.md")):
        meta = yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])
        assert path.stem == meta["fall_id"]
        case_ids.append(meta["fall_id"])
    assert case_ids == ["KIM-MI-2026-0001", "KIM-MI-2026-0002", "KIM-MI-2026-0003"]
    out = root / "output"
    for stem in case_ids:
        assert (out / "vereinbarungen" / f"{stem}.pdf").is_file()
        assert (out / "vereinbarungen" / f"{stem}.docx").is_file()
    assert (out / "presse" / "jahresbericht.json").is_file()
    assert (out / "flyer" / "einbuergerung.pdf").is_file()
    assert list((root / "content" / "protokolle").glob("*-pseudonymisiert.md"))


def test_new_never_gives_an_agreement_an_id_the_project_has(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    assert cli(tmp_path, "init", "p").exit_code == 0
    root = tmp_path / "p"
    taken = cli(root, "new", "vereinbarung", "KIM-MI-2026-0001")
    assert taken.exit_code == 1
    assert "Die Fall-ID „KIM-MI-2026-0001“ gibt es schon" in taken.output
    assert "andere Klientin" in taken.output and "„version“" in taken.output
    assert len(list((root / "content" / "vereinbarungen").glob("*.md"))) == 1

    named = cli(root, "new", "vereinbarung", "frau-x")
    assert named.exit_code == 0, named.output
    again = cli(root, "new", "vereinbarung", "frau-x")
    assert again.exit_code == 1 and "gibt es schon; nichts überschrieben" in again.output
    ids = {
        yaml.safe_load(p.read_text(encoding="utf-8").split("---\n")[1])["fall_id"]
        for p in (root / "content" / "vereinbarungen").glob("*.md")
    }
    assert len(ids) == 2

    # A broken file keeps its id taken: its name says which.
    broken = root / "content" / "vereinbarungen" / "KIM-MI-2026-0007.md"
    broken.write_text("---\nfall_id: [kaputt\n---\n", encoding="utf-8")
    created = cli(root, "new", "vereinbarung")
    assert created.exit_code == 0, created.output
    assert "KIM-MI-2026-0008" in created.output


def test_a_duplicate_says_what_to_do_for_two_clients_and_for_two_versions(
    cli: Callable[..., Result], basic: Path, write_agreement: Callable[..., Path]
) -> None:
    write_agreement("zwilling-a", {"fall_id: ZWILLING-A": "fall_id: T-0009"})
    write_agreement("zwilling-b", {"fall_id: ZWILLING-B": "fall_id: t-0009"})
    result = cli(basic, "check")
    assert result.exit_code == 1
    message = next(
        ln for ln in result.output.splitlines() if "zwilling-a.md" in ln and "Dasselbe" in ln
    )
    assert "andere Fall-ID" in message and "Version oder Datum" in message
