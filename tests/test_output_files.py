"""Outputs only where asked (#28, point 5): ``--ausgabe`` writes into output/ unless
``--außerhalb`` allows elsewhere, replaces only what kimdocs wrote (or with
``--überschreiben``) and makes folders inside the project only."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

CASE_FILE = "content/vereinbarungen/T-0001-sonderzeichen.md"


@pytest.fixture
def case_file(basic: Path) -> tuple[Path, bytes]:
    path = basic / CASE_FILE
    return path, path.read_bytes()


@pytest.mark.parametrize("command", ["aktionen", "einwilligungen"])
def test_a_case_file_is_never_replaced_by_an_overview(
    basic: Path, cli: Callable[..., Result], case_file: tuple[Path, bytes], command: str
) -> None:
    path, before = case_file
    result = cli(basic, command, "--format", "csv", "--ausgabe", CASE_FILE)
    assert result.exit_code == 1, result.output
    assert f"{CASE_FILE}: Fehler: „{CASE_FILE}“ liegt nicht in output/" in result.output
    assert "bitte --außerhalb angeben" in result.output
    # Allowed elsewhere, it is still a file kimdocs did not write.
    again = cli(basic, command, "-f", "csv", "-o", CASE_FILE, "--außerhalb")
    assert again.exit_code == 1 and "kimdocs hat diese Datei nicht geschrieben" in again.output
    assert "mit --überschreiben ersetzen" in again.output
    assert path.read_bytes() == before
    assert "Traceback" not in result.output + again.output


def test_overwriting_needs_both_flags_outside_output(
    basic: Path, cli: Callable[..., Result], case_file: tuple[Path, bytes]
) -> None:
    path, _ = case_file
    result = cli(basic, "aktionen", "-f", "csv", "-o", CASE_FILE, "--außerhalb", "--überschreiben")
    assert result.exit_code == 0, result.output
    assert path.read_text(encoding="utf-8-sig").startswith("Überfällig;Frist;Fall-ID")


def test_no_folder_is_made_outside_the_project(
    basic: Path, cli: Callable[..., Result], tmp_path: Path
) -> None:
    missing = tmp_path / "gibt-es-nicht" / "tiefer" / "x.csv"
    for extra in ([], ["--außerhalb"]):
        result = cli(basic, "aktionen", "-f", "csv", "-o", str(missing), *extra)
        assert result.exit_code == 1, result.output
        assert "Traceback" not in result.output
    assert f"Den Ordner „{tmp_path / 'gibt-es-nicht'}“ gibt es nicht" in result.output
    assert not (tmp_path / "gibt-es-nicht").exists()
    # Folders inside output/ are made.
    inside = cli(basic, "aktionen", "-f", "csv", "-o", "output/listen/neu/x.csv")
    assert inside.exit_code == 0, inside.output
    assert (basic / "output" / "listen" / "neu" / "x.csv").is_file()


def test_relative_paths_out_of_the_project(
    basic: Path, cli: Callable[..., Result], tmp_path: Path
) -> None:
    result = cli(basic / "content", "aktionen", "-f", "csv", "-o", "../../x.csv")
    assert result.exit_code == 1 and "liegt nicht in output/" in result.output
    assert not (tmp_path / "x.csv").exists()
    allowed = cli(basic / "content", "aktionen", "-f", "csv", "-o", "../../x.csv", "--außerhalb")
    assert allowed.exit_code == 0, allowed.output
    assert (tmp_path / "x.csv").is_file()


def test_what_kimdocs_wrote_it_may_write_again_unless_changed(
    basic: Path, cli: Callable[..., Result]
) -> None:
    target = basic / "output" / "liste.csv"
    assert cli(basic, "aktionen", "-f", "csv", "-o", "liste.csv").exit_code == 0
    assert cli(basic, "aktionen", "-f", "json", "-o", "liste.csv").exit_code == 0
    assert target.read_text(encoding="utf-8").startswith("{")
    target.write_text("von Hand ergänzt\n", encoding="utf-8")
    changed = cli(basic, "aktionen", "-f", "csv", "-o", "liste.csv")
    assert changed.exit_code == 1 and "seitdem geändert" in changed.output
    assert target.read_text(encoding="utf-8") == "von Hand ergänzt\n"
    assert cli(basic, "aktionen", "-f", "csv", "-o", "liste.csv", "--überschreiben").exit_code == 0


def test_links_inside_output_do_not_lead_out(
    basic: Path, cli: Callable[..., Result], tmp_path: Path
) -> None:
    outside = tmp_path / "fremd"
    outside.mkdir()
    (outside / "wichtig.txt").write_text("bleibt\n", encoding="utf-8")
    output = basic / "output"
    output.mkdir(exist_ok=True)
    (output / "ordner").symlink_to(outside)
    (output / "datei.csv").symlink_to(outside / "wichtig.txt")
    via_folder = cli(basic, "aktionen", "-f", "csv", "-o", "output/ordner/x.csv")
    assert via_folder.exit_code == 1 and "liegt nicht in output/" in via_folder.output
    via_file = cli(basic, "aktionen", "-f", "csv", "-o", "datei.csv")
    assert via_file.exit_code == 1 and "nicht geschrieben" in via_file.output
    assert sorted(p.name for p in outside.iterdir()) == ["wichtig.txt"]
    assert (outside / "wichtig.txt").read_text(encoding="utf-8") == "bleibt\n"


@pytest.mark.parametrize("name", ["x" * 300 + ".csv", "output"])
def test_unusable_names_are_german_errors(
    basic: Path, cli: Callable[..., Result], name: str
) -> None:
    (basic / "output").mkdir(exist_ok=True)
    result = cli(basic, "aktionen", "-f", "csv", "-o", name)
    assert result.exit_code in (1, 2), result.output  # 2: click refuses the folder itself
    assert "Traceback" not in result.output and "Fehler: " in result.output
