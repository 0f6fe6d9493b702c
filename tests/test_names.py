"""Names and places: one source per output, inputs only from inside the project, and case
documents (personal data) where version control does not see them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from kimdocs.build.run import FAILED
from kimdocs.build.run import Result as BuildResult
from kimdocs.catalog import Role, load_catalog
from kimdocs.project import load_project
from tests.conftest import AGREEMENT
from tests.skeletons import fill_project

Cli = Callable[..., Result]
VEREINBARUNGEN = Path("content") / "vereinbarungen"
CASE_KINDS = ("agreement", "minutes")


def _agreement(case_id: str, client: str = "Test Person (fiktiv)") -> str:
    return AGREEMENT.format(case_id=case_id).replace("Test Person (fiktiv)", client)


def _tree(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*")}


def _case_sensitive(folder: Path) -> bool:
    probe = folder / "Gross-klein-probe"
    probe.write_text("", encoding="utf-8")
    try:
        return not (folder / "gross-klein-probe").exists()
    finally:
        probe.unlink()


# --- one source, one output -------------------------------------------------------------


def test_sources_with_the_same_output_name_both_fail_and_the_others_build(
    cli: Cli, basic: Path
) -> None:
    folder = basic / VEREINBARUNGEN
    if not _case_sensitive(folder):
        pytest.skip("Dateisystem unterscheidet Groß- und Kleinschreibung nicht")
    for name, case_id in (("a:b", "A-B-1"), ("a_b", "A-B-2"), ("X", "X-1"), ("x", "X-2")):
        (folder / f"{name}.md").write_text(_agreement(case_id), encoding="utf-8")
    result = cli(basic, "build", "--format", "html")
    out = result.output
    assert result.exit_code == 1, out
    assert "Traceback" not in out
    for name, other in (("a:b", "a_b"), ("a_b", "a:b"), ("X", "x"), ("x", "X")):
        assert (
            f"content/vereinbarungen/{name}.md: Fehler: Diese Datei und "
            f"„content/vereinbarungen/{other}.md“ ergäben dieselben Ausgaben"
        ) in out, out
        assert f"fehlgeschlagen  content/vereinbarungen/{name}.md" in out
    # T-0001 and its signed consent form build; the four do not.
    assert "Dokumente: 2 erzeugt, 0 unverändert, 4 fehlgeschlagen." in out
    built = {p.name for p in (basic / "output" / "vereinbarungen").iterdir()}
    assert built == {"T-0001-sonderzeichen.html"}  # nothing of the four was written

    # Building one of them alone still fails: it would overwrite the other's outputs.
    alone = cli(basic, "build", "--format", "html", "content/vereinbarungen/a_b.md")
    assert alone.exit_code == 1 and "„content/vereinbarungen/a:b.md“" in alone.output
    assert not (basic / "output" / "vereinbarungen" / "a_b.html").exists()

    checked = cli(basic, "check")
    assert checked.exit_code == 1
    assert "content/vereinbarungen/x.md: Fehler: Diese Datei und" in checked.output


def test_space_accents_and_dots_in_names(basic: Path) -> None:
    folder = basic / VEREINBARUNGEN
    names = {
        "y .md": "y",  # Windows drops the space: the same file as y.md
        "y.md": "y",
        unicodedata.normalize("NFC", "müller.md"): "m",  # macOS: one file, two spellings
        unicodedata.normalize("NFD", "müller.md"): "m",
        "bericht.v1.md": "",  # with_suffix would cut both to bericht.pdf
        "bericht.v2.md": "",
    }
    for i, name in enumerate(names):
        (folder / name).write_text(_agreement(f"F-{i}"), encoding="utf-8")
    catalog = load_catalog(load_project(basic))
    clashes = catalog.clashes(catalog.documents())
    by_name = {e.path.name: e for e in catalog.documents()}
    if len(by_name) < 7:
        pytest.skip("Dateisystem vereinheitlicht die Schreibweise von „ü“ schon selbst")
    for name, group in names.items():
        assert (by_name[name].path in clashes) == bool(group), name
    assert {by_name["bericht.v1.md"].stem.name, by_name["bericht.v2.md"].stem.name} == {
        "bericht_v1",
        "bericht_v2",
    }


# --- inside the project only ------------------------------------------------------------


@pytest.fixture
def outside_link(basic: Path) -> Path:
    """A valid agreement outside the project, linked from its case folder."""
    outside = basic.parent / "draussen.md"
    outside.write_text(_agreement("GEHEIM-1", client="Geheime Person"), encoding="utf-8")
    link = basic / VEREINBARUNGEN / "GEHEIM-1.md"
    try:
        link.symlink_to(outside)
    except OSError:
        pytest.skip("Verknüpfungen werden hier nicht unterstützt")
    return link


REFUSED = (
    "content/vereinbarungen/GEHEIM-1.md: Fehler: „GEHEIM-1.md“ ist eine Verknüpfung auf eine "
    "Datei außerhalb des Projekts"
)


def test_link_to_a_file_outside_the_project_is_refused(
    cli: Cli, basic: Path, outside_link: Path
) -> None:
    for args in (("build", "-f", "html"), ("check",), ("build", "-f", "html", str(outside_link))):
        result = cli(basic, *args)
        assert result.exit_code == 1, (args, result.output)
        assert REFUSED in result.output, (args, result.output)
        assert "Geheime Person" not in result.output
    actions = cli(basic, "aktionen")
    assert actions.exit_code == 1 and REFUSED in actions.output
    assert "GEHEIM-1" not in actions.output.split(REFUSED)[0]  # no row of its actions
    outputs = [p for p in (basic / "output").rglob("*") if p.is_file()]
    assert (basic / "output" / "vereinbarungen" / "T-0001-sonderzeichen.html") in outputs
    assert not any("GEHEIM" in p.name or "draussen" in p.name for p in outputs)
    assert not any(b"Geheime Person" in p.read_bytes() for p in outputs)
    catalog = load_catalog(load_project(basic))
    assert [e.path for e in catalog.refused()] == [outside_link]
    assert outside_link not in [e.path for e in catalog.documents()]


def test_preview_shows_a_refused_link_without_reading_it(basic: Path, outside_link: Path) -> None:
    from kimdocs.preview.model import _entry

    problem = load_catalog(load_project(basic)).refused()[0].refusal
    assert problem is not None
    shown = _entry(load_project(basic), BuildResult(outside_link, [], [problem], FAILED))
    assert shown.source == VEREINBARUNGEN / "GEHEIM-1.md"
    assert shown.lines == [] and shown.title == "GEHEIM-1.md"
    assert [f.message for f in shown.findings] == [problem.message]


def test_link_inside_the_project_is_its_target(cli: Cli, basic: Path) -> None:
    other = basic / "content" / "vereinbarungen" / "nord" / "T-0009.md"
    other.parent.mkdir()
    other.write_text(_agreement("T-0009"), encoding="utf-8")
    try:
        (basic / VEREINBARUNGEN / "T-0009.md").symlink_to(Path("nord") / "T-0009.md")
    except OSError:
        pytest.skip("Verknüpfungen werden hier nicht unterstützt")
    result = cli(basic, "build", "-f", "html")
    assert result.exit_code == 0, result.output
    # T-0001, its consent form and the linked file once, not twice.
    assert "Dokumente: 3 erzeugt" in result.output
    assert (basic / "output" / "vereinbarungen" / "nord" / "T-0009.html").is_file()


def test_catalog_keeps_notes_that_link_outside_as_notes(basic: Path) -> None:
    outside = basic.parent / "notiz.md"
    outside.write_text("# Notiz\n", encoding="utf-8")
    try:
        (basic / VEREINBARUNGEN / "_notiz.md").symlink_to(outside)
    except OSError:
        pytest.skip("Verknüpfungen werden hier nicht unterstützt")
    roles = {e.path.name: e.role for e in load_catalog(load_project(basic)).entries}
    assert roles["_notiz.md"] is Role.NOTE  # never read, so nothing to refuse


@pytest.mark.parametrize("name", ["../x", "a/b", "..", "../../../../x", "a\\b", "/tmp/x", "_x"])
def test_new_refuses_paths_and_writes_nothing(cli: Cli, basic: Path, name: str) -> None:
    before = _tree(basic.parent)
    result = cli(basic / "content", "new", "vereinbarung", name)
    assert result.exit_code == 1, result.output
    assert f"Fehler: „{name}“" in result.output
    assert "kein Dateiname" in result.output or "Notiz" in result.output
    assert "Traceback" not in result.output
    assert _tree(basic.parent) == before
    assert not (basic.parent.parent / "x.md").exists()


def test_new_refuses_names_windows_cannot_store(cli: Cli, basic: Path) -> None:
    result = cli(basic, "new", "vereinbarung", "a:b")
    assert result.exit_code == 1
    assert "geht unter Windows nicht als Dateiname" in result.output
    assert "Vorschlag: „a_b“" in result.output


# --- personal data stays out of version control -----------------------------------------


def test_case_document_outside_the_case_folders_is_warned_about(cli: Cli, basic: Path) -> None:
    misplaced = basic / "content" / "allgemein" / "KIM-X-0001.md"
    misplaced.parent.mkdir()
    misplaced.write_text(_agreement("KIM-X-0001"), encoding="utf-8")
    result = cli(basic, "check", "content/allgemein")
    assert result.exit_code == 0, result.output
    assert (
        "content/allgemein/KIM-X-0001.md: Warnung: Integrationsvereinbarung mit "
        "personenbezogenen Daten außerhalb der Fallordner: bitte nach "
        "„content/vereinbarungen/“ verschieben."
    ) in result.output
    assert "1 Datei geprüft: 0 Fehler, 1 Warnung." in result.output


def test_file_name_without_the_case_id_is_warned_about(cli: Cli, basic: Path) -> None:
    folder = basic / VEREINBARUNGEN
    (folder / "mueller-ayse.md").write_text(_agreement("KIM-X-0002"), encoding="utf-8")
    (folder / "kim-x-0003-neu.md").write_text(_agreement("KIM-X-0003"), encoding="utf-8")
    result = cli(basic, "check", "content/vereinbarungen/mueller-ayse.md")
    assert (
        "content/vereinbarungen/mueller-ayse.md:3: Warnung: Feld „fall_id“: Der Dateiname "
        "„mueller-ayse.md“ enthält die Fall-ID „KIM-X-0002“ nicht."
    ) in result.output
    assert "„KIM-X-0002.md“" in result.output
    named = cli(basic, "check", "content/vereinbarungen/kim-x-0003-neu.md")
    assert "Warnung:" not in named.output, named.output


def test_sample_case_documents_are_named_by_their_case_id(sample_root: Path) -> None:
    from kimdocs.build.run import check

    project = load_project(sample_root)
    cases = [r for r in check(project, [project.content_dir]) if r.kind in CASE_KINDS]
    assert len(cases) == 9  # seven agreements, two minutes
    about_names = ("außerhalb der Fallordner", "enthält die Fall-ID")
    assert not [p for r in cases for p in r.problems if any(a in p.message for a in about_names)]


@pytest.fixture(scope="module")
def sample_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.conftest import copy_sample_project

    return copy_sample_project(tmp_path_factory.mktemp("namen") / "p")


def test_gitignore_of_init_keeps_case_documents_out_wherever_they_are(
    cli: Cli, tmp_path: Path
) -> None:
    if shutil.which("git") is None:
        pytest.skip("git fehlt")
    assert cli(tmp_path, "init", "p").exit_code == 0
    root = tmp_path / "p"
    fill_project(root)
    fresh = cli(root, "check")
    assert fresh.exit_code == 0 and "Warnung:" not in fresh.output, fresh.output
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    ignored = [
        "content/vereinbarungen/KIM-MI-2026-0001.md",
        "content/vereinbarungen/nord/KIM-X-0001.md",
        "content/protokolle/KIM-X-0001-fallkonferenz.md",
        "content/allgemein/KIM-X-0001.md",  # a case document outside its folder
        "content/mueller-ayse.md",
        "output/massnahmen.csv",
    ]
    tracked = [
        "kimdocs.toml",
        "content/flyer/einbuergerung.md",
        "content/presse/2026-jahresbericht.md",
        "content/presse/bilder/team.png",
        "content/bausteine/sprechzeiten.md",
        "templates/agreement.html",
    ]
    for rel in ignored + tracked:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).touch()
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    for rel in ignored + tracked:
        check = subprocess.run(["git", "check-ignore", "-q", rel], cwd=root, env=env)
        assert check.returncode == (0 if rel in ignored else 1), rel


def test_export_with_a_bare_name_goes_to_output(
    cli: Cli, basic: Path, write_agreement: Callable[..., Path]
) -> None:
    write_agreement("KIM-X-0004")
    result = cli(basic / "content", "aktionen", "--format", "csv", "--ausgabe", "x.csv")
    assert result.exit_code == 0, result.output
    target = basic / "output" / "x.csv"
    assert target.is_file() and "KIM-X-0004" in target.read_text(encoding="utf-8-sig")
    assert not (basic / "content" / "x.csv").exists() and not (basic / "x.csv").exists()
    assert f"geschrieben: {target.resolve()}" in result.output  # outside the working folder
    here = cli(basic, "aktionen", "--ausgabe", "y.txt")
    assert "geschrieben: output/y.txt" in here.output
    refused = cli(basic, "aktionen", "--ausgabe", "content/z.txt")
    assert refused.exit_code == 1 and "bitte --außerhalb angeben" in refused.output
    assert not (basic / "content" / "z.txt").exists()
    beside = cli(basic, "aktionen", "--ausgabe", "content/z.txt", "--außerhalb")
    assert (basic / "content" / "z.txt").is_file()
    assert "content/z.txt: Warnung: Die Übersicht enthält Falldaten" in beside.output
