"""Names and places: one source per output, inputs only from inside the project."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from kimdocs.build import FAILED
from kimdocs.build import Result as BuildResult
from kimdocs.catalog import Role, load_catalog
from kimdocs.project import load_project
from tests.conftest import AGREEMENT

Cli = Callable[..., Result]
VEREINBARUNGEN = Path("content") / "vereinbarungen"


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
    assert "Dokumente: 1 erzeugt, 0 unverändert, 4 fehlgeschlagen." in out
    built = {p.name for p in (basic / "output" / "vereinbarungen").iterdir()}
    assert built == {"sonderzeichen.html"}  # nothing of the four was written

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
    assert (basic / "output" / "vereinbarungen" / "sonderzeichen.html") in outputs
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
    assert "Dokumente: 2 erzeugt" in result.output  # the linked file once, not twice
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
