"""An installed wheel carries its templates and skeletons and works outside the repository."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.skeletons import fill

pytestmark = pytest.mark.slow  # builds a wheel, and a project from it


def test_wheel_builds_a_project_outside_the_repository(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--quiet",
            "-w",
            str(wheels),
            str(REPO),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    [wheel] = wheels.glob("kimdocs-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for needed in (
        "kimdocs/templates/default/agreement.docx",
        "kimdocs/templates/default/agreement.html",
        "kimdocs/templates/default/base.css",
        "kimdocs/skeletons/agreement.md",
        "kimdocs/skeletons/glossar.yaml",
        "kimdocs/skeletons/fakten.yaml",
        "kimdocs/py.typed",
    ):
        assert needed in names, needed
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    work = tmp_path / "elsewhere"
    work.mkdir()
    # Only the unpacked wheel provides kimdocs: the repository is not on the path.
    env = {**os.environ, "PYTHONPATH": str(site), "PYTHONSAFEPATH": "1"}
    run = [sys.executable, "-P", "-m", "kimdocs"]
    subprocess.run([*run, "init", "p"], cwd=work, env=env, check=True, capture_output=True)
    [first] = (work / "p" / "content" / "vereinbarungen").glob("*.md")
    fill(first)  # the skeleton's placeholders, as a user fills them in
    result = subprocess.run(
        [*run, "build"], cwd=work / "p", env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert (work / "p" / "output" / "vereinbarungen" / f"{first.stem}.pdf").is_file()
    where = subprocess.run(
        [*run[:-2], "-c", "import kimdocs; print(kimdocs.__file__)"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert where.stdout.startswith(str(site))
