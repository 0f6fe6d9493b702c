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
CONSENT_FORM = "content/einwilligungen/suedkreis/KIM-SK-2026-0031-einwilligung-2026-01-20.md"


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
    months after, and the Nordkreis reconstruction kept until the end of 2026; built, with
    the Südkreis case's signed consent form."""
    project = copy_sample_project(tmp_path / "sample")
    _edit(
        project / AGREEMENT,
        "überprüfung: 2026-04-21\n",
        "überprüfung: 2026-04-21\nabgeschlossen_am: 2026-05-01\n"
        "aufbewahrung: 6 Monate nach Abschluss\n",
    )
    report = build(
        load_project(project),
        [
            project / "content" / "vereinbarungen",
            project / "content" / "protokolle",
            project / CONSENT_FORM,
        ],
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


def _today(monkeypatch: pytest.MonkeyPatch, day: dt.date) -> None:
    monkeypatch.setattr("kimdocs.base.dates.today", lambda: day)


def _log_rows(project: Path) -> list[dict[str, str]]:
    log = (project / "löschprotokoll.csv").read_text(encoding="utf-8-sig")
    return list(csv.DictReader(log.splitlines(), delimiter=";"))


@pytest.mark.slow
def test_deleting_removes_exactly_the_due_sources_and_outputs_and_logs_no_name(
    closed_case: Path, cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    project = closed_case
    _today(monkeypatch, dt.date(2027, 6, 1))
    before = _files(project)
    listed = cli(project, "löschfristen")
    assert listed.exit_code == 0, listed.output
    # The agreement's six months have passed, but it holds the closing date of its case:
    # it goes only with the minutes, which are kept three years after the closing.
    assert "Fällig zur Löschung: 1 Dokument (3 Dateien)" in listed.output
    assert f"werden (sie tragen das Abschlussdatum):\n  {AGREEMENT}" in listed.output
    assert before == _files(project)  # listing deletes nothing

    result = cli(project, "löschfristen", "--löschen", "--ja")
    assert result.exit_code == 0, result.output
    assert "Gelöscht: 3 Dateien von 1 Dokument; vermerkt in löschprotokoll.csv." in result.output
    assert f"gelöscht: {RECONSTRUCTION}" in result.output  # it says what it deletes
    gone = before - _files(project)
    assert gone == {
        Path(RECONSTRUCTION),
        Path("output/protokolle/nordkreis/REK-2026-001-fallrekonstruktion-2026-05-06.pdf"),
        Path("output/protokolle/nordkreis/REK-2026-001-fallrekonstruktion-2026-05-06.docx"),
    }
    manifest = json.loads((project / "output" / ".kimdocs-manifest.json").read_text("utf-8"))
    assert RECONSTRUCTION not in manifest["dokumente"] and MINUTES in manifest["dokumente"]

    raw = (project / "löschprotokoll.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and raw.count(b"\xef\xbb\xbf") == 1  # Excel: UTF-8
    rows = _log_rows(project)
    assert [(r["fall_id"], r["gelöscht"]) for r in rows] == [
        ("REK-2026-001", "DOCX"),
        ("REK-2026-001", "PDF"),
        ("REK-2026-001", "Quelle"),
    ]

    # When the minutes are due, the whole case goes; the closing date comes from the
    # agreement itself, which is still there until then.
    _today(monkeypatch, dt.date(2029, 5, 2))
    later = cli(project, "löschfristen", "--löschen", "--ja")
    assert later.exit_code == 0, later.output
    assert not (project / MINUTES).exists() and not (project / AGREEMENT).exists()
    rows = _log_rows(project)
    agreement = next(r for r in rows if r["dokumentart"] == "Integrationsvereinbarung")
    assert agreement["fall_id"] == "KIM-SK-2026-0031"
    assert agreement["dokumentdatum"] == "2026-01-20"
    assert agreement["aufbewahrung_bis"] == "2026-11-01"
    assert agreement["abschluss"] == "2026-05-01"
    log = (project / "löschprotokoll.csv").read_text(encoding="utf-8-sig")
    names = _names_in_sample(copy_sample_project(project.parent / "original"))
    assert "Yonas Ausgedachtmann" in names
    for name in names:
        for part in name.split():
            assert part not in log, part
    assert ".md" not in log and ".pdf" not in log  # no file names: they might carry a name


@pytest.mark.slow
def test_deleting_asks_first_and_no_deletes_nothing(
    closed_case: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from kimdocs.cli.commands import main

    _today(monkeypatch, dt.date(2027, 6, 1))
    before = _files(closed_case)
    monkeypatch.chdir(closed_case)
    args = ["löschfristen", "--löschen"]
    refused = CliRunner().invoke(main, args, input="nein\n")
    assert refused.exit_code == 1 and "3 Dateien endgültig löschen? [ja/nein]" in refused.output
    assert "Nichts gelöscht." in refused.output and before == _files(closed_case)
    agreed = CliRunner().invoke(main, args, input="ja\n")
    assert agreed.exit_code == 0, agreed.output
    assert len(before - _files(closed_case)) == 3


@pytest.fixture
def closed_whole(closed_case: Path) -> Path:
    """The closed Südkreis case with its minutes and consent form kept only a month after
    the closing: on 1 June 2027 agreement, consent form, minutes and reconstruction are due
    (12 files)."""
    _edit(
        closed_case / MINUTES,
        "  3 Jahre nach Abschluss des Falls. Bis dahin",
        "  1 Monat nach Abschluss des Falls. Bis dahin",
    )
    _edit(
        closed_case / CONSENT_FORM,
        "sprache: standard\n",
        "sprache: standard\naufbewahrung: 1 Monat nach Abschluss\n",
    )
    return closed_case


@pytest.mark.slow
def test_a_failure_midway_leaves_a_clear_state_and_the_log_says_what_went(
    closed_whole: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    day = dt.date(2027, 6, 1)
    project = load_project(closed_whole)
    found = deletion.overview(project, day, day)
    assert [d.reference for d in found.due] == ["KIM-SK-2026-0031"] * 3 + ["REK-2026-001"]
    stuck = closed_whole / RECONSTRUCTION
    unlink = Path.unlink

    def failing(self: Path, missing_ok: bool = False) -> None:
        if self == stuck:
            raise PermissionError(13, "Keine Berechtigung")
        unlink(self, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", failing)
    with pytest.raises(KimdocsError) as info:
        deletion.delete(project, found, day)
    message = info.value.problems[0].message
    assert "konnte nicht gelöscht werden (Keine Berechtigung)" in message
    assert "Alles davor ist gelöscht und in löschprotokoll.csv vermerkt" in message
    # Each line is written before its file goes; the one that stayed says so.
    rows = _log_rows(closed_whole)
    assert [r["gelöscht"] for r in rows] == [
        *["DOCX", "PDF", "Quelle"] * 4,
        "Quelle (nicht gelöscht)",
    ]
    assert rows[-2]["gelöscht"] == "Quelle" and rows[-2]["fall_id"] == "REK-2026-001"
    assert rows[-1]["gelöscht"] == "Quelle (nicht gelöscht)"
    assert stuck.is_file() and not (closed_whole / AGREEMENT).exists()
    monkeypatch.setattr(Path, "unlink", unlink)
    # The next run finds what is left: the reconstruction's source, due as before.
    again = deletion.overview(project, day, day)
    assert [d.source for d in again.due] == [stuck] and again.due[0].outputs == ()


def test_a_key_day_in_the_future_lists_but_never_deletes(
    closed_whole: Path, cli: Callable[..., Result]
) -> None:
    before = _files(closed_whole)
    # Today is 16 March 2026: nothing is due yet; in 2035 everything of the closed case is.
    result = cli(closed_whole, "löschfristen", "--stichtag", "2035-01-01", "--löschen", "--ja")
    assert result.exit_code == 1
    assert "Fällig zur Löschung: 4 Dokumente (12 Dateien)" in result.output
    assert "Nichts gelöscht: mit einem Stichtag in der Zukunft" in result.output
    assert before == _files(closed_whole)
    assert not (closed_whole / "löschprotokoll.csv").exists()
    # The library refuses too, whoever calls it.
    project = load_project(closed_whole)
    ahead = deletion.overview(project, dt.date(2035, 1, 1), dt.date(2026, 3, 16))
    with pytest.raises(KimdocsError, match="liegt nach heute"):
        deletion.delete(project, ahead, dt.date(2026, 3, 16))
    assert before == _files(closed_whole)


def test_a_reopened_case_is_open_and_nothing_of_it_is_listed(
    closed_whole: Path, cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Version 2 of the agreement, without abgeschlossen_am: the case is open again.
    first = (closed_whole / AGREEMENT).read_text(encoding="utf-8")
    second = first.replace("version: 1\n", "version: 2\n").replace(
        "abgeschlossen_am: 2026-05-01\n", ""
    )
    second = second.replace("datum: 2026-01-20\n", "datum: 2026-01-21\n", 1)
    reopened = closed_whole / AGREEMENT.replace(".md", "-v2.md")
    reopened.write_text(second, encoding="utf-8")
    _today(monkeypatch, dt.date(2035, 1, 1))
    before = _files(closed_whole)
    result = cli(closed_whole, "löschfristen", "--löschen", "--ja")
    assert "Fehler" not in result.output  # both versions are valid documents
    assert "KIM-SK-2026-0031" not in result.output.split("Fällig zur Löschung")[0]
    assert (closed_whole / MINUTES).is_file() and (closed_whole / AGREEMENT).is_file()
    assert {p for p in before - _files(closed_whole)} <= {
        Path(RECONSTRUCTION),
        Path("output/protokolle/nordkreis/REK-2026-001-fallrekonstruktion-2026-05-06.pdf"),
        Path("output/protokolle/nordkreis/REK-2026-001-fallrekonstruktion-2026-05-06.docx"),
    }


def test_a_forged_log_line_makes_nothing_due(
    tmp_path: Path, cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    project = copy_sample_project(tmp_path / "sample")
    _edit(
        project / AGREEMENT,
        "überprüfung: 2026-04-21\n",
        "überprüfung: 2026-04-21\naufbewahrung: 1 Monat nach Abschluss\n",
    )
    (project / "löschprotokoll.csv").write_text(
        "\ufeffgelöscht_am;fall_id;dokumentart;dokumentdatum;aufbewahrung_bis;abschluss;"
        "gelöscht\n2026-02-01;KIM-SK-2026-0031;Integrationsvereinbarung;2026-01-20;"
        "2026-02-01;2026-01-01;Quelle\n",
        encoding="utf-8",
    )
    _today(monkeypatch, dt.date(2040, 1, 1))
    before = _files(project)
    result = cli(project, "löschfristen", "--löschen", "--ja")
    assert "KIM-SK-2026-0031" not in result.output.split("Fällig zur Löschung")[0]
    assert (project / AGREEMENT).is_file() and (project / MINUTES).is_file()
    assert all(
        "vereinbarungen" not in str(p) and "suedkreis" not in str(p)
        for p in before - _files(project)
    )


def test_a_symlinked_case_file_or_folder_deletes_nothing(
    closed_whole: Path, tmp_path: Path, cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    outside = tmp_path / "anderswo"
    outside.mkdir()
    # The reconstruction is a link to a file outside the project.
    target = outside / "rek.md"
    (closed_whole / RECONSTRUCTION).rename(target)
    (closed_whole / RECONSTRUCTION).symlink_to(target)
    # The minutes' folder is a link to a folder outside the project.
    folder = (closed_whole / MINUTES).parent
    moved = outside / "suedkreis"
    folder.rename(moved)
    folder.symlink_to(moved, target_is_directory=True)
    _today(monkeypatch, dt.date(2027, 6, 1))
    result = cli(closed_whole, "löschfristen", "--löschen", "--ja")
    assert result.exit_code == 1, result.output
    assert "rek.md" not in result.output
    links = [ln for ln in result.output.splitlines() if "Verknüpfung" in ln]
    assert len(links) == 2, result.output
    assert target.is_file() and (moved / Path(MINUTES).name).is_file()
    assert (closed_whole / RECONSTRUCTION).is_symlink()
    # The agreement holds the closing date: it waits for its minutes, which stayed.
    assert (closed_whole / AGREEMENT).is_file()


def test_a_file_changed_since_the_listing_is_refused(
    closed_whole: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    day = dt.date(2027, 6, 1)
    project = load_project(closed_whole)
    found = deletion.overview(project, day, day)
    rek = closed_whole / RECONSTRUCTION
    rek.write_text(rek.read_text(encoding="utf-8") + "\nNachtrag.\n", encoding="utf-8")
    report = deletion.delete(project, found, day)
    assert rek.is_file()
    [refused] = report.refused
    assert "wurde seit der Auflistung geändert" in refused.message
    assert "REK-2026-001 bleibt ganz erhalten" in refused.message
    assert all(r["fall_id"] != "REK-2026-001" for r in _log_rows(closed_whole))
    assert not (closed_whole / MINUTES).exists()  # the others went


@pytest.mark.parametrize("how", ["link", "folder", "unwritable"])
def test_a_linked_or_unwritable_log_stops_before_the_first_file(
    closed_whole: Path, cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    log = closed_whole / "löschprotokoll.csv"
    config = closed_whole / "kimdocs.toml"
    original = config.read_bytes()
    if how == "link":
        log.symlink_to(config)
    elif how == "folder":
        log.mkdir()
    else:
        import os

        real_open = os.open

        def refusing(path: object, flags: int, *args: object) -> int:
            if str(path).endswith("löschprotokoll.csv"):
                raise PermissionError(13, "Keine Berechtigung")
            return real_open(path, flags, *args)  # type: ignore[arg-type]

        monkeypatch.setattr(os, "open", refusing)
    _today(monkeypatch, dt.date(2027, 6, 1))
    before = _files(closed_whole)
    result = cli(closed_whole, "löschfristen", "--löschen", "--ja")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    expected = {
        "link": "ist eine Verknüpfung (symbolischer Link)",
        "folder": "ist keine gewöhnliche Datei",
        "unwritable": "lässt sich nicht schreiben (Keine Berechtigung)",
    }[how]
    assert f"Das Löschprotokoll „löschprotokoll.csv“ {expected}" in result.output
    assert before == _files(closed_whole)
    assert config.read_bytes() == original


def test_retention_comes_from_kimdocs_toml_and_documents_without_one_are_named(
    tmp_path: Path, cli: Callable[..., Result]
) -> None:
    project = copy_sample_project(tmp_path / "sample")
    listed = cli(project, "löschfristen")
    assert listed.exit_code == 0, listed.output
    # Every agreement, consent form and worksheet gets the default of [aufbewahrung].
    assert "ohne Aufbewahrungsfrist: 0." in listed.output
    config = project / "kimdocs.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.split("\n[aufbewahrung]")[0] + "\n", encoding="utf-8")
    listed = cli(project, "löschfristen")
    # The sample's agreements, consent forms and worksheets name no period of their own.
    expected = sorted(
        path.relative_to(project).as_posix()
        for folder in ("vereinbarungen", "einwilligungen", "perspektiven")
        for path in (project / "content" / folder).rglob("*.md")
    )
    assert len(expected) >= 6
    assert f"ohne Aufbewahrungsfrist: {len(expected)}." in listed.output
    named = listed.output.split("[aufbewahrung] eine Frist für die Art setzen):\n")[1]
    assert [line.strip() for line in named.splitlines()] == expected


def test_a_deleted_case_id_is_never_issued_again(
    tmp_path: Path, cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.skeletons import fill, fill_project

    assert cli(tmp_path, "init", "p").exit_code == 0
    root = tmp_path / "p"
    assert "/löschprotokoll.csv" in (root / ".gitignore").read_text(encoding="utf-8")
    created = cli(root, "new", "vereinbarung")
    assert "KIM-MI-2026-0002" in created.output
    fill_project(root)
    closed = root / "content" / "vereinbarungen" / "KIM-MI-2026-0002.md"
    _edit(
        closed,
        "version: 1\n",
        "version: 1\nabgeschlossen_am: 2026-03-16\naufbewahrung: 1 Monat nach Abschluss\n",
    )
    _today(monkeypatch, dt.date(2026, 12, 1))
    deleted = cli(root, "löschfristen", "--löschen", "--ja")
    assert deleted.exit_code == 0, deleted.output
    assert "gelöscht: content/vereinbarungen/KIM-MI-2026-0002.md" in deleted.output
    assert not closed.exists()
    # The open first case stays: it has no abgeschlossen_am.
    assert (root / "content" / "vereinbarungen" / "KIM-MI-2026-0001.md").is_file()

    again = cli(root, "new", "vereinbarung")
    assert again.exit_code == 0, again.output
    assert "KIM-MI-2026-0003" in again.output and "KIM-MI-2026-0002" not in again.output
    named = cli(root, "new", "vereinbarung", "KIM-MI-2026-0002")
    assert named.exit_code == 1 and "ihr Fall ist gelöscht" in named.output
    minutes = cli(root, "new", "protokoll", "KIM-MI-2026-0002-fallkonferenz-2026-12-01")
    assert minutes.exit_code == 1 and "nie zweimal vergeben" in minutes.output
    fill(root / "content" / "vereinbarungen" / "KIM-MI-2026-0003.md")
    # Open cases are never listed, however far ahead one looks.
    ahead = cli(root, "löschfristen", "--stichtag", "2099-01-01")
    assert "Fällig zur Löschung: 0 Dokumente" in ahead.output, ahead.output
