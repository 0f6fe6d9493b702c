from __future__ import annotations

from pathlib import Path

import pytest

from kimdocs.base.errors import ContentError
from kimdocs.content import read_source, slugify


def write(tmp_path: Path, text: str | bytes, name: str = "a.md") -> Path:
    path = tmp_path / name
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8", newline="")
    else:
        path.write_bytes(text)
    return path


def error_of(path: Path) -> ContentError:
    with pytest.raises(ContentError) as info:
        read_source(path)
    return info.value


def test_front_matter_keeps_line_numbers_of_nested_fields(tmp_path: Path) -> None:
    src = read_source(
        write(tmp_path, "---\na: 1\nziele:\n  - ziel: x\n    frist: 2026-01-01\n---\nText\n")
    )
    assert src.meta["ziele"][0]["ziel"] == "x"
    assert src.lines.line_of(("ziele", 0, "frist")) == 5
    assert src.lines.line_of(("ziele", 0, "unbekannt")) == 4  # nearest parent
    assert src.body == "Text\n"
    assert src.body_line == 7


def test_dates_stay_strings_so_the_schema_can_report_them(tmp_path: Path) -> None:
    src = read_source(write(tmp_path, "---\ndatum: 2026-02-30\n---\n"))
    assert src.meta["datum"] == "2026-02-30"


def test_bom_and_crlf_are_accepted(tmp_path: Path) -> None:
    src = read_source(write(tmp_path, "\ufeff---\r\nname: x\r\n---\r\nText\r\n"))
    assert src.meta == {"name": "x"}
    assert src.body == "Text\n"


def test_tab_indentation_gives_german_hint_with_line(tmp_path: Path) -> None:
    exc = error_of(write(tmp_path, "---\nklient:\n\tname: x\n---\n"))
    [problem] = exc.problems
    assert problem.line == 3
    assert "Tabulatorzeichen" in problem.message


def test_colon_in_value_names_the_line(tmp_path: Path) -> None:
    exc = error_of(write(tmp_path, "---\na: 1\nziel: Termin: morgen\n---\n"))
    assert exc.problems[0].line == 3
    assert "Doppelpunkt" in exc.problems[0].message


def test_latin1_file_is_reported_with_line(tmp_path: Path) -> None:
    exc = error_of(write(tmp_path, "---\nname: x\n---\nGr\xfc\xdfe\n".encode("latin-1")))
    assert exc.problems[0].line == 4
    assert "UTF-8" in exc.problems[0].message


@pytest.mark.parametrize(
    "text, needle",
    [
        ("", "leer"),
        ("Nur Text\n", "Kopfdaten"),
        ("---\nname: x\n", "abgeschlossen"),
        ("---\n- a\n- b\n---\n", "name: wert"),
        ("---\n---\n", "leer"),
    ],
)
def test_structural_problems(tmp_path: Path, text: str, needle: str) -> None:
    exc = error_of(write(tmp_path, text))
    assert needle in exc.problems[0].message
    assert exc.problems[0].file is not None


def test_duplicate_key_is_an_error(tmp_path: Path) -> None:
    exc = error_of(write(tmp_path, "---\nname: a\nname: b\n---\n"))
    assert exc.problems[0].line == 3
    assert exc.problems[0].field == "name"


def test_slugify_german_titles() -> None:
    assert slugify("Stärken und Ressourcen") == "staerken_und_ressourcen"
    assert slugify("Wünsche & eigene Ziele!") == "wuensche_eigene_ziele"
    assert slugify("???") == "abschnitt"
