"""Retention and deletion: ``aufbewahrung`` as a period, ``kimdocs löschfristen``, the log."""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from click.testing import Result

from kimdocs.base.dates import add_months, month_end
from kimdocs.base.errors import KimdocsError
from kimdocs.build.run import build
from kimdocs.cases import deletion
from kimdocs.kinds.retention import parse_retention
from kimdocs.project import load_project
from tests.conftest import copy_sample_project

AGREEMENT = "content/vereinbarungen/suedkreis/KIM-SK-2026-0031.md"
MINUTES = "content/protokolle/suedkreis/KIM-SK-2026-0031-fallkonferenz-2026-03-18.md"
RECONSTRUCTION = "content/protokolle/nordkreis/REK-2026-001-fallrekonstruktion-2026-05-06.md"


@pytest.mark.parametrize(
    ("text", "described", "ends"),
    [
        ("3 Jahre nach Abschluss", "3 Jahre nach Abschluss", dt.date(2029, 5, 1)),
        ("3 Jahre nach Abschluss des Falls, danach löschen", "3 Jahre nach Abschluss", None),
        ("6 Monate nach der Konferenz", "6 Monate nach Konferenz", dt.date(2026, 9, 18)),
        ("ein Jahr nach dem Dokumentdatum. Dann löschen.", "1 Jahr nach Dokumentdatum", None),
        ("bis 31.12.2029", "bis 31.12.2029", dt.date(2029, 12, 31)),
        ("bis 2029-12-31; danach löschen", "bis 31.12.2029", dt.date(2029, 12, 31)),
    ],
)
def test_retention_is_parsed_into_a_period(text: str, described: str, ends: dt.date | None) -> None:
    rule = parse_retention(text)
    assert rule.describe() == described
    assert str(rule) == text  # the documents print it as written
    events = {
        "Abschluss": dt.date(2026, 5, 1),
        "Konferenz": dt.date(2026, 3, 18),
        "Dokumentdatum": dt.date(2026, 3, 18),
    }
    if ends is not None:
        assert rule.ends(events) == ends
    assert rule.ends({}) == rule.until  # an event that has not happened: not due


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("3 Jahre", "„3 Jahre“ ist keine Aufbewahrungsfrist, die kimdocs versteht."),
        ("3 Jahre nach Umzug", "„Umzug“ ist kein Ereignis, nach dem eine Frist laufen kann."),
        ("bis 31.02.2029", "„31.02.2029“ ist kein gültiges Datum."),
        ("viele Jahre nach Abschluss", "„viele“ ist keine Anzahl"),
        ({"jahre": 3}, "Bitte die Frist als einen Text schreiben"),
        (None, "Bitte eine Aufbewahrungsfrist angeben"),
    ],
)
def test_unparseable_retention_gets_a_german_message(text: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_retention(text)


def test_months_are_added_as_on_a_calendar() -> None:
    assert add_months(dt.date(2024, 2, 29), 12) == dt.date(2025, 2, 28)
    assert add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert add_months(dt.date(2026, 11, 5), 3) == dt.date(2027, 2, 5)


def test_a_month_ends_on_its_last_calendar_day() -> None:
    assert month_end(dt.date(2024, 2, 10)) == dt.date(2024, 2, 29)
    assert month_end(dt.date(2026, 2, 28)) == dt.date(2026, 2, 28)
    assert month_end(dt.date(2026, 12, 1)) == dt.date(2026, 12, 31)
    assert month_end(dt.date(2026, 4, 30)) == dt.date(2026, 4, 30)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def closed_case(tmp_path: Path) -> Path:
    """The sample with the Südkreis case closed on 1 May 2026 and its agreement kept for six
    months after, and the Nordkreis reconstruction kept until the end of 2026; built."""
    project = copy_sample_project(tmp_path / "sample")
    _edit(
        project / AGREEMENT,
        "überprüfung: 2026-04-21\n",
        "überprüfung: 2026-04-21\nabgeschlossen_am: 2026-05-01\n"
        "aufbewahrung: 6 Monate nach Abschluss\n",
    )
    report = build(
        load_project(project),
        [project / "content" / "vereinbarungen", project / "content" / "protokolle"],
        ["pdf", "docx"],
    )
    assert not report.failed
    return project


def _files(root: Path) -> set[Path]:
    return {p.relative_to(root) for p in root.rglob("*") if p.is_file()}


def _names_in_sample(project: Path) -> list[str]:
    """Every person named in the sample's case documents."""
    names: list[str] = []
    paths = [*(project / "content" / "vereinbarungen").rglob("*.md")]
    for path in [*paths, *(project / "content" / "protokolle").rglob("*.md")]:
        meta = yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1]) or {}
        client = meta.get("klient") or {}
        names += [client.get("name", "")] if isinstance(client, dict) else []
        names += [p["name"] for p in meta.get("teilnehmende", []) if isinstance(p, dict)]
        names += [meta.get("moderation", ""), meta.get("protokoll", "")]
        names += [(meta.get("fallmanagement") or {}).get("name", "")]
    return [n.replace(" (fiktiv)", "") for n in names if n]


def test_deleting_removes_exactly_the_due_sources_and_outputs_and_logs_no_name(
    closed_case: Path, cli: Callable[..., Result]
) -> None:
    project = closed_case
    before = _files(project)
    listed = cli(project, "löschfristen", "--stichtag", "2027-06-01")
    assert listed.exit_code == 0, listed.output
    assert "Fällig zur Löschung: 2 Dokumente (6 Dateien)" in listed.output
    assert before == _files(project)  # listing deletes nothing

    result = cli(project, "löschfristen", "--stichtag", "2027-06-01", "--löschen", "--ja")
    assert result.exit_code == 0, result.output
    assert "Gelöscht: 6 Dateien von 2 Dokumenten; vermerkt in löschprotokoll.csv." in result.output
    gone = before - _files(project)
    expected = {
        Path(AGREEMENT),
        Path("output/vereinbarungen/suedkreis/KIM-SK-2026-0031.pdf"),
        Path("output/vereinbarungen/suedkreis/KIM-SK-2026-0031.docx"),
        Path(RECONSTRUCTION),
        Path("output/protokolle/nordkreis/REK-2026-001-fallrekonstruktion-2026-05-06.pdf"),
        Path("output/protokolle/nordkreis/REK-2026-001-fallrekonstruktion-2026-05-06.docx"),
    }
    assert gone == expected
    # The minutes of the closed case are kept 3 years after the closing: still there.
    assert (project / MINUTES).is_file()
    manifest = json.loads((project / "output" / ".kimdocs-manifest.json").read_text("utf-8"))
    assert AGREEMENT not in manifest["dokumente"] and MINUTES in manifest["dokumente"]

    raw = (project / "löschprotokoll.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and raw.count(b"\xef\xbb\xbf") == 1  # Excel: UTF-8
    log = raw.decode("utf-8-sig")
    rows = list(csv.DictReader(log.splitlines(), delimiter=";"))
    assert [(r["fall_id"], r["gelöscht"]) for r in rows] == [
        ("KIM-SK-2026-0031", "DOCX"),
        ("KIM-SK-2026-0031", "PDF"),
        ("KIM-SK-2026-0031", "Quelle"),
        ("REK-2026-001", "DOCX"),
        ("REK-2026-001", "PDF"),
        ("REK-2026-001", "Quelle"),
    ]
    assert rows[0]["dokumentart"] == "Integrationsvereinbarung"
    assert rows[0]["dokumentdatum"] == "2026-01-20" and rows[0]["aufbewahrung_bis"] == "2026-11-01"
    assert rows[0]["abschluss"] == "2026-05-01"
    names = _names_in_sample(copy_sample_project(project.parent / "original"))
    assert "Yonas Ausgedachtmann" in names
    for name in names:
        for part in name.split():
            assert part not in log, part
    assert ".md" not in log and ".pdf" not in log  # no file names: they might carry a name

    # Three years after the closing the minutes are due too: the closing date comes from the
    # log now that the agreement is gone.
    later = cli(project, "löschfristen", "--stichtag", "2029-05-02", "--löschen", "--ja")
    assert later.exit_code == 0, later.output
    assert not (project / MINUTES).exists()


def test_deleting_asks_first_and_no_deletes_nothing(
    closed_case: Path, cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from kimdocs.cli.commands import main

    before = _files(closed_case)
    monkeypatch.chdir(closed_case)
    args = ["löschfristen", "--stichtag", "2027-06-01", "--löschen"]
    refused = CliRunner().invoke(main, args, input="nein\n")
    assert refused.exit_code == 1 and "6 Dateien endgültig löschen? [ja/nein]" in refused.output
    assert "Nichts gelöscht." in refused.output and before == _files(closed_case)
    agreed = CliRunner().invoke(main, args, input="ja\n")
    assert agreed.exit_code == 0, agreed.output
    assert len(before - _files(closed_case)) == 6


def test_a_failure_midway_leaves_a_clear_state_and_the_log_says_what_went(
    closed_case: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = load_project(closed_case)
    found = deletion.overview(project, dt.date(2027, 6, 1))
    stuck = closed_case / RECONSTRUCTION
    unlink = Path.unlink

    def failing(self: Path, missing_ok: bool = False) -> None:
        if self == stuck:
            raise PermissionError(13, "Keine Berechtigung")
        unlink(self, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", failing)
    with pytest.raises(KimdocsError) as info:
        deletion.delete(project, found, dt.date(2027, 6, 1))
    message = info.value.problems[0].message
    assert "konnte nicht gelöscht werden (Keine Berechtigung)" in message
    assert "Alles davor ist gelöscht und in löschprotokoll.csv vermerkt" in message
    log = (closed_case / "löschprotokoll.csv").read_text(encoding="utf-8-sig")
    assert [line.split(";")[-1] for line in log.splitlines()[1:]] == [
        "DOCX",
        "PDF",
        "Quelle",
        "DOCX",
        "PDF",
    ]
    assert stuck.is_file() and not (closed_case / AGREEMENT).exists()
    monkeypatch.setattr(Path, "unlink", unlink)
    # The next run finds what is left: the reconstruction's source, due as before.
    again = deletion.overview(project, dt.date(2027, 6, 1))
    assert [d.source for d in again.due] == [stuck] and again.due[0].outputs == ()
