"""One locator for every YAML file: each field on its own line, spelled like ``ziele[3].frist``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from kimdocs.base.errors import ContentError, Edit, Problem, Severity
from kimdocs.base.yaml_lines import Lines, format_field, parse
from kimdocs.content import read_source
from kimdocs.knowledge.facts import load_facts
from kimdocs.knowledge.glossary import load_glossary
from kimdocs.project import load_project
from tests.conftest import copy_sample_project

FILE = Path("x.yaml")


def lines_of(text: str) -> Lines:
    return parse(text, FILE)[1]


def problems_of(text: str, front_matter: bool = False) -> list[Problem]:
    with pytest.raises(ContentError) as info:
        parse(text, FILE, front_matter=front_matter)
    return info.value.problems


def line_with(path: Path, text: str) -> int:
    return path.read_text(encoding="utf-8").split("\n").index(text) + 1


# --- the locator itself -------------------------------------------------------------------

TRICKY = """\
# Kommentar vor allem anderen
titel: Flyer  # Kommentar hinter dem Wert
straße: Hauptstraße 1
formen: [a, b, {c: 1}]
text: |
  Zeile eins
  Zeile zwei
gefaltet: >-
  ein
  Text
basis: &basis
  ort: Teststadt
  plz: "12345"
kopie:
  <<: *basis
  ort: Andere Stadt
verweis: *basis
liste:
  - name: A

    wert: 1
  - [x, y]
"""


def test_every_field_of_tricky_yaml_is_on_its_line() -> None:
    data, lines = parse(TRICKY, FILE)
    assert data["kopie"] == {"ort": "Andere Stadt", "plz": "12345"}
    expected = {
        ("titel",): 2,
        ("straße",): 3,
        ("formen",): 4,
        ("formen", 1): 4,  # flow style: every entry on the line of the brackets
        ("formen", 2, "c"): 4,
        ("text",): 5,  # block scalars: the line of the key, not of the text
        ("gefaltet",): 8,
        ("basis", "plz"): 13,
        ("kopie", "ort"): 16,
        ("verweis",): 17,
        ("liste", 0): 19,
        ("liste", 0, "wert"): 21,  # after an empty line
        ("liste", 1): 22,
        ("liste", 1, 1): 22,
    }
    assert {loc: lines.get(loc) for loc in expected} == expected


def test_fields_without_a_line_of_their_own_fall_back_to_the_nearest_parent() -> None:
    lines = lines_of(TRICKY)
    assert lines.get(("kopie", "plz")) is None
    assert lines.line_of(("kopie", "plz")) == 14  # merged in with "<<:"
    assert lines.line_of(("verweis", "ort")) == 17  # reached through an alias
    assert lines.line_of(("liste", 0, "fehlt")) == 19  # a missing field
    assert lines.line_of(("gibt_es_nicht",)) == 1


def test_first_line_shifts_every_line_and_front_matter_falls_back_to_its_opening() -> None:
    _, lines = parse("a: 1\nb:\n  - c: 2\n", FILE, first_line=2, front_matter=True)
    assert (lines.get(("a",)), lines.get(("b", 0, "c"))) == (2, 4)
    assert lines.line_of(("fehlt",)) == 1  # the "---" line


def test_a_problem_names_its_line_and_the_common_spelling() -> None:
    problem = lines_of(TRICKY).problem(("liste", 0, "wert"), "Falsch.", Severity.WARNING)
    assert problem == Problem(
        "Falsch.", file=FILE, line=21, field="liste[1].wert", severity=Severity.WARNING
    )
    assert problem.format() == "x.yaml:21: Warnung: Feld „liste[1].wert“: Falsch."


def test_field_spelling_counts_list_entries_from_one() -> None:
    assert format_field(("ziele", 2, "frist")) == "ziele[3].frist"
    assert format_field(("bilder", 0, "alt")) == "bilder[1].alt"
    assert format_field(("wörter", 0)) == "wörter[1]"
    assert format_field(()) == ""


def test_keys_with_umlauts_are_found() -> None:
    lines = lines_of("überprüfung: 2026-01-01\nprüfen_bis:\n  größe: 3\n")
    assert lines.get(("prüfen_bis", "größe")) == 3


def test_a_key_written_twice_is_reported_on_its_second_line() -> None:
    [problem] = problems_of("a: 1\nb:\n  c: 1\n  d: 2\n  c: 3\n")
    assert (problem.line, problem.field) == (5, "b.c")
    assert problem.message == "Dieses Feld steht zweimal in der Datei; es gilt nur eines."
    [problem] = problems_of("a: 1\na: 2\n", front_matter=True)
    assert problem.message == "Dieses Feld steht zweimal in den Kopfdaten; es gilt nur eines."


def test_many_aliases_of_aliases_are_located_without_walking_each_path() -> None:
    # Each level has nine times the paths of the one before; a walk into every alias
    # takes exponentially long (the "billion laughs" file has nine levels).
    def level(n: int) -> str:
        value = f"*a{n - 1}" if n else "x"
        return f"a{n}: &a{n} {{{', '.join(f'k{k}: {value}' for k in range(9))}}}\n"

    _, lines = parse("".join(level(n) for n in range(4)), FILE)
    assert lines.get(("a3", "k3")) == 4
    assert lines.line_of(("a3", "k3", "k4", "k5")) == 4
    assert len(lines.by_field) < 100
    # One level more would be about 130,000 values written out: refused, on its line.
    with pytest.raises(ContentError) as refused:
        parse("".join(level(n) for n in range(5)), FILE)
    [problem] = refused.value.problems
    assert problem.line == 5 and "mehr als 50.000 Werte" in problem.message


@pytest.mark.parametrize(
    ("text", "line", "hint"),
    [
        ('art: flyer\ntitel: "Einbürgerung\nlayout: a4\n', 2, "Anführungszeichen"),
        ("art: flyer\ntitel: 'Einbürgerung\nlayout: a4\n", 2, "Anführungszeichen"),
        # The next quote closes the open one; PyYAML then complains a line later.
        ('art: flyer\ntitel: "Einbürgerung\nuntertitel: "Etwas"\n', 2, "Anführungszeichen"),
        ('art: flyer\ntitel: "Das "Haus" hier"\nlayout: a4\n', 2, "Anführungszeichen"),
        ("art: flyer\nliste: [a, b\nlayout: a4\n", 2, "Klammer „[“ oder „{“"),
        ("art: flyer\nkontakt: {bezirk: a\nlayout: a4\n", 2, "Klammer „[“ oder „{“"),
        ("art: flyer\ntitel Einbürgerung\nlayout: a4\n", 2, "fehlt ein Doppelpunkt"),
        ("art: flyer\ntitel: a: b\nlayout: a4\n", 2, "Doppelpunkt an unerwarteter Stelle"),
        # A quoted text over two lines is fine: the error is where the indentation is wrong.
        ('titel: "lang\n  weiter"\nx: 1\n  y: 2\n', 4, "Doppelpunkt an unerwarteter Stelle"),
    ],
)
def test_a_syntax_error_is_reported_where_it_starts(text: str, line: int, hint: str) -> None:
    [problem] = problems_of(text)
    assert problem.line == line, problem
    assert problem.message.startswith("Die Datei ist kein gültiges YAML: ")
    assert hint in problem.message


def test_a_control_character_is_reported_on_its_line() -> None:
    [problem] = problems_of("a: 1\nb: Text mit \x07 Klingel\n")
    assert problem.line == 2
    assert "Steuerzeichen (#x0007)" in problem.message


# --- the files that use it ----------------------------------------------------------------


def test_unclosed_quote_on_line_2_of_the_front_matter_is_reported_on_line_2(
    tmp_path: Path,
) -> None:
    path = tmp_path / "a.md"
    path.write_text('---\ntitel: "Einbürgerung\nart: flyer\nlayout: a4\n---\nText.\n')
    with pytest.raises(ContentError) as info:
        read_source(path)
    assert [p.format(tmp_path) for p in info.value.problems] == [
        "a.md:2: Fehler: Die Kopfdaten sind kein gültiges YAML: "
        "Ein Anführungszeichen oder eine Klammer wird nicht geschlossen."
    ]


def test_unclosed_quote_in_a_flyer_is_reported_by_check_on_its_line(
    tmp_path: Path, cli: Callable[..., Result]
) -> None:
    root = copy_sample_project(tmp_path / "p")
    flyer = root / "content" / "flyer" / "einbuergerung.md"
    text = flyer.read_text(encoding="utf-8")
    flyer.write_text(text.replace("titel: Einbürgerung\n", 'titel: "Einbürgerung\n'), "utf-8")
    result = cli(root, "check", str(flyer))
    assert result.exit_code == 1
    assert (
        "content/flyer/einbuergerung.md:3: Fehler: Die Kopfdaten sind kein gültiges YAML: "
        "Ein Anführungszeichen" in result.output
    ), result.output


def test_unclosed_quote_on_line_2_of_the_facts_is_reported_on_line_2(tmp_path: Path) -> None:
    path = tmp_path / "fakten.yaml"
    path.write_text('gebuehr:\n  wert: "255\n  quelle: § 38 StAG\n', encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load_facts(path)
    [problem] = info.value.problems
    assert (problem.file, problem.line) == (path, 2)
    assert problem.message.startswith("Die Datei ist kein gültiges YAML: Ein Anführungszeichen")


def test_unclosed_quote_in_the_glossary_is_reported_on_its_line(basic: Path) -> None:
    (basic / "glossar.yaml").write_text(
        "wörter:\n  - wort: Amt\n    erklärung: 'Ein Haus.\n  - wort: Pass\n    erklärung: 'x'\n",
        encoding="utf-8",
    )
    with pytest.raises(ContentError) as info:
        load_glossary(load_project(basic))
    [problem] = info.value.problems
    assert problem.line == 3
    assert "Anführungszeichen" in problem.message


GLOSSARY = """\
# Wörter-Buch
wörter:
  - wort: Amt
    erklärung: Ein Haus mit Menschen, die für den Staat arbeiten.
  - wort: Aufenthalts·erlaubnis
    formen: Aufenthaltserlaubnis
    erklärung: Ein Papier vom Amt.
  - wort: Pass
"""


def test_a_bad_glossary_entry_is_reported_on_its_own_line(
    tmp_path: Path, cli: Callable[..., Result]
) -> None:
    root = copy_sample_project(tmp_path / "p")
    glossary = root / "glossar.yaml"
    glossary.write_text(GLOSSARY, encoding="utf-8")
    result = cli(root, "check", "content/flyer")
    assert result.exit_code == 1
    assert (
        "glossar.yaml:6: Fehler: Feld „wörter[2].formen“: Hier wird eine Liste erwartet"
        in result.output
    ), result.output
    # A missing field is reported on the line of its entry.
    assert "glossar.yaml:8: Fehler: Feld „wörter[3].erklärung“: Pflichtfeld fehlt." in (
        result.output
    )


def test_an_empty_glossary_has_no_words(basic: Path) -> None:
    (basic / "glossar.yaml").write_text("# noch leer\n", encoding="utf-8")
    assert load_glossary(load_project(basic)).entries == ()


SECOND_GOAL = """\
  - ziel: Eine Wohnung
    handlungsfeld: Wohnen
    indikator: Ein Mietvertrag
    frist: 2026-05-01
    schritte:
      - was: Wohnungen suchen
        wer: Klient
        bis: 2026-13-45
datenschutz:
"""


def test_a_wrong_value_in_a_nested_list_of_an_agreement_names_its_line_and_field(
    basic: Path, write_agreement: Callable[..., Path], cli: Callable[..., Result]
) -> None:
    path = write_agreement("zwei-ziele", {"datenschutz:\n": SECOND_GOAL})
    result = cli(basic, "check", str(path))
    assert result.exit_code == 1
    line = line_with(path, "        bis: 2026-13-45")
    assert (
        f"content/vereinbarungen/zwei-ziele.md:{line}: Fehler: Feld „ziele[2].schritte[1].bis“: "
        "„2026-13-45“ ist kein gültiges Datum" in result.output
    ), result.output


ACCEPTED = """\
layout: a4
leichte_sprache:
  akzeptiert:
    - regel: LS-GIBT-ES-NICHT
      stelle: Pass
    - LS-AUCH-NICHT
"""


@pytest.mark.parametrize("args", [(), ("-l",)], ids=["projekt", "leichte-sprache"])
def test_a_wrong_acceptance_rule_in_a_flyer_names_its_line_and_field(
    tmp_path: Path, cli: Callable[..., Result], args: tuple[str, ...]
) -> None:
    root = copy_sample_project(tmp_path / "p")
    flyer = root / "content" / "flyer" / "einbuergerung.md"
    text = flyer.read_text(encoding="utf-8")
    flyer.write_text(text.replace("layout: a4\n", ACCEPTED, 1), encoding="utf-8")
    result = cli(root, "check", *args, str(flyer))
    assert result.exit_code == 1
    long_form = line_with(flyer, "    - regel: LS-GIBT-ES-NICHT")
    short_form = line_with(flyer, "    - LS-AUCH-NICHT")
    where = "content/flyer/einbuergerung.md"
    assert (
        f"{where}:{long_form}: Fehler: Feld „leichte_sprache.akzeptiert[1].regel“: "
        "Unbekannte Regel „LS-GIBT-ES-NICHT“" in result.output
    ), result.output
    assert (
        f"{where}:{short_form}: Fehler: Feld „leichte_sprache.akzeptiert[2].regel“: "
        "Unbekannte Regel „LS-AUCH-NICHT“" in result.output
    ), result.output


SECOND_DISTRICT = """
[[bezirke]]
id = "Nord Kreis"
name = "Nord"
gemeinden = ["Nordstadt"]

[bezirke.fallmanagement]
name = "Nora Nordprobe"

[bezirke.koordination]
name = "Kai Koordinationsprobe"
"""


def test_toml_fields_are_spelled_like_yaml_fields(basic: Path, cli: Callable[..., Result]) -> None:
    config = basic / "kimdocs.toml"
    config.write_text(config.read_text(encoding="utf-8") + SECOND_DISTRICT, encoding="utf-8")
    result = cli(basic, "check")
    assert result.exit_code == 1
    line = line_with(config, 'id = "Nord Kreis"')
    assert f"kimdocs.toml:{line}: Fehler: Feld „bezirke[2].id“: " in result.output, result.output


# --- the one finding type -----------------------------------------------------------------


def test_a_rule_finding_keeps_its_format_with_column_rule_and_suggestion(tmp_path: Path) -> None:
    finding = Problem(
        "Das Wort ist lang.",
        file=tmp_path / "a.md",
        line=3,
        col=7,
        rule="LS-WORT-LANG",
        severity=Severity.WARNING,
        suggestion="Staats·angehörigkeit",
        edit=Edit(3, 7, "Staatsangehörigkeit", "Staats·angehörigkeit"),
    )
    assert finding.format(tmp_path) == (
        "a.md:3:7: LS-WORT-LANG Warnung Das Wort ist lang. [Staats·angehörigkeit]"
    )
    assert not finding.is_error
    field_problem = Problem("Pflichtfeld fehlt.", file=tmp_path / "a.md", line=1, field="art")
    assert field_problem.format(tmp_path) == "a.md:1: Fehler: Feld „art“: Pflichtfeld fehlt."
    assert field_problem.detail == "Feld „art“: Pflichtfeld fehlt."
