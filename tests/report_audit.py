"""Read built reports back (JSON, XLSX, CSV) as a reader has them, and audit what they
publish against the counted cells (kimdocs.controlling.cells): independent of the
tables the build made, from the files only."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from kimdocs.controlling.audit import PRIMARY, SECONDARY, Shown
from kimdocs.controlling.cells import ALL, TOTAL_LABEL, Key, Master, project_measures
from kimdocs.controlling.figures import ACHIEVEMENT
from kimdocs.controlling.periods import Period, grid_key
from kimdocs.kinds.report import grid_size
from kimdocs.project import Project

_LABELS = {
    "Fälle mit Datum der Erstberatung": 0,  # the count of the duration table
}


def _key(period: Period) -> str:
    size = grid_size(period.start, period.end)
    assert size is not None
    return grid_key(period, size)


def _shown(value: Any) -> Shown | None:
    if value is None or value == "–":
        return None
    if value == "x":
        return SECONDARY
    if isinstance(value, str) and value.startswith("<"):
        return PRIMARY
    assert float(value) == int(value), value
    return int(value)


def publication(data: dict[str, Any], project: Project) -> dict[Key, Shown]:
    """Every counted cell a report's JSON publishes: tables, the series, as shown."""
    ids = {d.name: d.id for d in project.config.districts} | {TOTAL_LABEL: ALL}
    period = Period(
        dt.date.fromisoformat(data["zeitraum"]["von"]),
        dt.date.fromisoformat(data["zeitraum"]["bis"]),
        "",
    )
    # The fixed tables and the project's residence routes ("ampel", "wege").
    measures = {m.id: m for m in project_measures(project)}
    found: dict[Key, Shown] = {}
    for table in data["tabellen"]:
        if table["id"] == "personal":
            continue  # posts are no counts; cases per post are shown with the cases only
        for row in table["werte"]:
            label = row["zeile"]
            if table["id"] == "dauer" and label not in _LABELS:
                continue  # the median: no count
            for column in table["spalten"]:
                shown = _shown(row[column])
                if shown is None:
                    continue
                if table["id"] == "zielerreichung_verlauf":
                    key = _series_key(label, column, data, ids)
                elif table["id"] == "dauer":
                    key = Key("dauer", _LABELS[label], ids[column], _key(period))
                else:
                    r = measures[table["id"]].labels.index(label)
                    key = Key(table["id"], r, ids[column], _key(period))
                assert found.get(key, shown) == shown, (key, found[key], shown)
                found[key] = shown
    return found


def _series_key(label: str, column: str, data: dict[str, Any], ids: dict[str, str]) -> Key:
    names = data["bezirke"]
    if " · " in label:
        name, half = label.split(" · ")
        district = ids[name]
    else:
        half = label
        district = ALL if len(names) == len(ids) - 1 else ids[names[0]]
    if half.startswith(("1. HJ", "2. HJ")):
        year = int(half[-4:])
        start = dt.date(year, 1 if half.startswith("1.") else 7, 1)
        end = dt.date(year, 6, 30) if half.startswith("1.") else dt.date(year, 12, 31)
    else:
        start, end = dt.date(int(half), 1, 1), dt.date(int(half), 12, 31)
    r = (*ACHIEVEMENT, TOTAL_LABEL).index(column)
    return Key("zielerreichung", r, district, _key(Period(start, end, "")))


def read_json(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text("utf-8"))
    return data


def cells_of_json(data: dict[str, Any]) -> dict[tuple[str, str, str], Any]:
    return {
        (t["id"], row["zeile"], column): row[column]
        for t in data["tabellen"]
        for row in t["werte"]
        for column in t["spalten"]
    }


def cells_of_xlsx(path: Path) -> dict[tuple[str, str, str], Any]:
    book = load_workbook(path)
    found: dict[tuple[str, str, str], Any] = {}
    for sheet in book.worksheets:
        if sheet.title == "meilensteine":
            continue
        rows = list(sheet.iter_rows(values_only=True))
        header = [str(h).rsplit(" (", 1)[0] for h in rows[1][1:]]
        for row in rows[2:]:
            if all(v is None for v in row):
                break  # the notes below the table, after an empty row
            for column, value in zip(header, row[1:], strict=False):
                found[(sheet.title, str(row[0]), column)] = value
    return found


def cells_of_csv(path: Path) -> dict[tuple[str, str, str], str]:
    rows = csv.DictReader(io.StringIO(path.read_text("utf-8-sig")), delimiter=";")
    return {(r["tabelle"], r["zeile"], r["spalte"]): r["wert"] for r in rows}


def same_everywhere(json_path: Path) -> None:
    """JSON, XLSX and CSV of one report publish the same cells with the same values."""
    data = read_json(json_path)
    cells = cells_of_json(data)
    xlsx = cells_of_xlsx(json_path.with_suffix(".xlsx"))
    text = cells_of_csv(json_path.with_suffix(".csv"))
    assert set(xlsx) == set(cells) == set(text), (set(cells) ^ set(xlsx)) | (set(cells) ^ set(text))
    for where, value in cells.items():
        assert xlsx[where] == value, (where, xlsx[where], value)
        if isinstance(value, str) or value is None:
            assert text[where] == (value or "–"), (where, text[where], value)
        else:
            number = float(text[where].replace(".", "").replace(",", "."))
            assert number == value, (where, text[where], value)


def master_of(project: Project, data: dict[str, Any]) -> Master:
    from kimdocs.controlling.report_data import report_master

    day = dt.date.fromisoformat(data["stand"])
    year = dt.date.fromisoformat(data["zeitraum"]["von"]).year
    return report_master(project, year, day)[0]
