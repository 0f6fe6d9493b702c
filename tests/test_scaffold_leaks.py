"""Scaffolds that cannot leak (#29): every instruction in a skeleton is a placeholder «…»,
so ``check`` and ``build`` refuse it until a person replaced it, and ``init`` names
nothing that later counts as a person."""

from __future__ import annotations

import re
from collections.abc import Callable
from importlib import resources
from pathlib import Path

import pytest
from click.testing import Result

from kimdocs.kinds.minutes import project_people
from kimdocs.project import load_project
from tests.skeletons import PLACEHOLDER, fill, fill_project, placeholder_fields

SKELETONS = resources.files("kimdocs") / "skeletons"
DOCUMENTS = sorted(p.name for p in SKELETONS.iterdir() if p.name.endswith(".md"))


def _body(text: str) -> list[str]:
    return text.split("---\n", 2)[2].split("\n") if text.startswith("---\n") else []


@pytest.mark.parametrize("name", [n for n in DOCUMENTS if n != "templates_README.md"])
def test_every_line_of_a_skeletons_text_is_a_heading_or_a_placeholder(name: str) -> None:
    text = (SKELETONS / name).read_text(encoding="utf-8")
    loose = [
        line
        for line in _body(text)
        if line.strip() and not line.startswith("#") and not PLACEHOLDER.search(line)
    ]
    assert loose == [], name


def test_a_line_of_guidance_without_guillemets_would_be_found() -> None:
    text = "---\nart: bericht\n---\n\nWie sind die Zahlen zu lesen?\n"
    assert [ln for ln in _body(text) if ln.strip() and not PLACEHOLDER.search(ln)]


def test_new_report_then_check_names_every_line_of_guidance(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    assert cli(tmp_path, "init", "p").exit_code == 0
    root = tmp_path / "p"
    created = cli(root, "new", "bericht")
    assert created.exit_code == 0, created.output
    # The message of a case document's prefilled form is not the report's.
    assert "Die Angaben stammen aus dem Fall" not in created.output
    [report] = (root / "content" / "berichte").glob("*.md")
    checked = cli(root, "check", str(report))
    assert checked.exit_code == 1
    lines = [ln for ln in checked.output.splitlines() if "Platzhalter ersetzen" in ln]
    guidance = sorted(f for f in placeholder_fields(report) if f.startswith("Text:"))
    assert len(guidance) == 3
    for field in guidance:
        assert any(f":{field.split(':')[1]}: " in ln for ln in lines), (field, checked.output)
    for words in ("Wie sind die Zahlen zu lesen?", "für das nächste Halbjahr geplant"):
        assert any(words in ln for ln in lines)


def test_init_names_no_person_and_a_reconstruction_passes_with_its_own_scaffold(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    assert cli(tmp_path, "init", "p").exit_code == 0
    root = tmp_path / "p"
    config = (root / "kimdocs.toml").read_text(encoding="utf-8")
    assert "\n[datenschutz]\n" in config and "\n[datenschutz.beauftragte]\n" in config
    assert "\n[aufbewahrung]\n" in config
    assert project_people(load_project(root)) == []
    assert cli(root, "new", "fallrekonstruktion").exit_code == 0
    fill_project(root)
    # As the sample writes it: the coordination office is no person.
    [rek] = (root / "content" / "protokolle").glob("REK-*.md")
    with rek.open("a", encoding="utf-8") as text:
        text.write(
            "\nDie Koordinierungsstelle legt einen Entwurf vor; die Koordination Mitte lädt ein.\n"
        )
    checked = cli(root, "check")
    errors = [ln for ln in checked.output.splitlines() if "Fehler:" in ln]
    assert errors == [], checked.output


def test_a_person_named_in_kimdocs_toml_still_counts(
    tmp_path: Path, cli: Callable[..., Result]
) -> None:
    assert cli(tmp_path, "init", "p").exit_code == 0
    config = tmp_path / "p" / "kimdocs.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace('name = "Koordination Mitte"', 'name = "Kora Koordinationsprobe"'),
        encoding="utf-8",
    )
    assert project_people(load_project(tmp_path / "p")) == ["Kora Koordinationsprobe"]


def test_a_consent_form_is_refused_while_kimdocs_toml_has_placeholders(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    assert cli(tmp_path, "init", "p").exit_code == 0
    root = tmp_path / "p"
    assert cli(root, "new", "einwilligung", "KIM-MI-2026-0001-einwilligung").exit_code == 0
    [form] = (root / "content" / "einwilligungen").glob("*.md")
    fill(form)
    checked = cli(root, "check", str(form))
    assert checked.exit_code == 1
    assert re.search(
        r"unter \[datenschutz\] noch Platzhalter «…» \(speicherdauer, ", checked.output
    )
    assert "beauftragte.name" in checked.output
