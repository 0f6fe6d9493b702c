"""One decision, one place, read from the code: each rule below has one home module.

- dates as German readers write them: ``kimdocs.base.dates`` (``german_date``, ``MONTHS``);
- month arithmetic (a month added, a month's last day): ``kimdocs.base.dates``;
- a CSV for people (semicolons, byte order mark for Excel): ``kimdocs.base.tables.excel_csv``;
- an overview shown or written to ``-o`` DATEI, with the files it left out: one helper of
  ``kimdocs.cli.commands``;
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from pathlib import Path

from tests.conftest import REPO

PACKAGE = REPO / "kimdocs"


def _strings(text: str) -> list[tuple[int, str]]:
    """Every string constant with its line, the format specs of f-strings included."""
    return [
        (node.lineno, node.value)
        for node in ast.walk(ast.parse(text))
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    ]


def _offenders(home: set[Path], found: Callable[[str], list[int]]) -> list[str]:
    """``module:line`` of every module outside ``home`` where ``found(text)`` has lines."""
    return [
        f"{path.relative_to(REPO)}:{line}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if path not in home
        for line in found(path.read_text(encoding="utf-8"))
    ]


def _date_formats(text: str) -> list[int]:
    """Lines that write a date as ``02.03.2026`` or name a German month themselves."""
    return sorted(
        line
        for line, value in _strings(text)
        if "%d.%m" in value or "%m.%Y" in value or "Dezember" in value
    )


def test_only_kimdocs_dates_writes_german_dates() -> None:
    assert _offenders({PACKAGE / "base" / "dates.py"}, _date_formats) == []


def test_a_date_written_elsewhere_would_be_found() -> None:
    code = (
        'a = f"Datum {day:%d.%m.%Y}"\n'
        'b = day.strftime("%d.%m.%Y")\n'
        'c = "Januar|Dezember"\n'
        "d = german_date(day)\n"
    )
    assert _date_formats(code) == [1, 2, 3]


def _month_arithmetic(text: str) -> list[int]:
    """Lines that count in months themselves: ``calendar``, ``% 12``, ``divmod(…, 12)``,
    ``day.replace(day=…)``."""
    lines = []
    for node in ast.walk(ast.parse(text)):
        twelve = [isinstance(n, ast.Constant) and n.value == 12 for n in ast.iter_child_nodes(node)]
        if (
            (
                isinstance(node, ast.BinOp)
                and isinstance(node.op, ast.FloorDiv | ast.Mod)
                and any(twelve)
            )
            or (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", "") == "divmod"
                and any(twelve)
            )
            or (
                isinstance(node, ast.Call)
                and getattr(node.func, "attr", "") == "replace"
                and any(k.arg == "day" for k in node.keywords)
            )
            or (
                isinstance(node, ast.Import | ast.ImportFrom)
                and "calendar"
                in {
                    getattr(node, "module", None),
                    *(a.name for a in node.names),
                }
            )
        ):
            lines.append(node.lineno)
    return sorted(lines)


def test_only_kimdocs_dates_counts_in_months() -> None:
    assert _offenders({PACKAGE / "base" / "dates.py"}, _month_arithmetic) == []


def test_month_arithmetic_elsewhere_would_be_found() -> None:
    code = (
        "import calendar\n"
        "end = day.replace(day=28) + dt.timedelta(days=4)\n"
        "y, m = divmod(n, 12)\n"
        "e = dt.date(y + last // 12, last % 12 + 1, 1)\n"
        "later = add_months(day, 12)\n"
    )
    assert _month_arithmetic(code) == [1, 2, 3, 4, 4]


def _csv_writers(text: str) -> list[int]:
    """Lines that make a CSV writer of their own."""
    return sorted(
        node.lineno
        for node in ast.walk(ast.parse(text))
        if isinstance(node, ast.Call) and getattr(node.func, "attr", "") in {"writer", "DictWriter"}
    )


def test_only_kimdocs_tables_writes_csv() -> None:
    # The deletion log is appended to line by line, each line on disk before the next file
    # goes; it is no table handed out whole.
    home = {PACKAGE / "base" / "tables.py", PACKAGE / "kinds" / "deletion_log.py"}
    assert _offenders(home, _csv_writers) == []


def test_a_csv_writer_elsewhere_would_be_found() -> None:
    code = "w = csv.writer(out, delimiter=';')\nd = csv.DictWriter(out, fieldnames=c)\n"
    assert _csv_writers(code) == [1, 2]


def test_the_cli_shows_overviews_in_one_helper() -> None:
    text = (PACKAGE / "cli" / "commands.py").read_text(encoding="utf-8")
    tree = ast.parse(text)
    exports = [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "export"
    ]
    left_out = [line for line, value in _strings(text) if "fehlen in der" in value]
    assert len(exports) == 1, f"kimdocs/cli/commands.py writes an overview to -o in lines {exports}"
    assert len(left_out) == 1


def _suggestions(text: str) -> list[int]:
    """Lines that find close names or word a suggestion themselves."""
    tree = ast.parse(text)
    close = [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr == "get_close_matches"
    ]
    worded = [line for line, value in _strings(text) if "Meinten Sie" in value]
    return sorted(close + worded)


def test_only_kimdocs_wording_suggests_names() -> None:
    """One measure of "close" and one wording („Meinten Sie „x“?“) for every suggestion:
    districts, fields, facts, rules, kinds, template variables, commands."""
    assert _offenders({PACKAGE / "base" / "wording.py"}, _suggestions) == []


def test_a_suggestion_worded_elsewhere_would_be_found() -> None:
    text = 'near = difflib.get_close_matches(x, y)\nhint = f" Meinten Sie „{near}“?"\n'
    assert _suggestions(text) == [1, 2]
