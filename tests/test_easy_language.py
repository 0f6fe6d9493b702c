"""The Leichte-Sprache checker: every rule, glossary, acceptances, configuration, fixes, CLI."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pdfplumber
import pytest
from click.testing import Result
from hypothesis import given, settings
from hypothesis import strategies as st

from kimdocs.base.errors import ProjectError, Severity
from kimdocs.build.run import build
from kimdocs.checking.easy_checker import check_body, check_file, glossary_words
from kimdocs.easy_language import corpus, explained
from kimdocs.easy_language.config import DEFAULT_FILE, FileRules, ProjectRules, Settings
from kimdocs.easy_language.rule_table import BY_ID, RULES
from kimdocs.project import load_project
from kimdocs.text.sentences import ABBREVIATIONS, BEFORE_NUMBER
from tests.conftest import REPO, copy_sample_project
from tests.outputs import draft_warning

FLYERS = sorted((REPO / "content" / "flyer").glob("*.md"))


def rules_in(text: str, glossary: frozenset[str] = frozenset()) -> set[str]:
    return {f.rule for f in check_body(Path("t.md"), text, 1, glossary).findings}


# Per rule: sentences that must trigger it, and sentences that must not.
CASES: dict[str, tuple[list[str], list[str]]] = {
    "LS-WORT-LANG": (
        ["Sie brauchen die Staatsangehörigkeit."],
        ["Sie brauchen die Staats·angehörigkeit.", "Sie haben ein Haus."],
    ),
    "LS-WORT-SELTEN": (
        ["Die Prolongation ist möglich."],
        [
            "Sie haben ein Haus.",
            "Die Prolongation ist möglich.\nDas heißt: Sie dürfen bleiben.",
            "Schreiben Sie an kim@kreis.example eine Nachricht.",
        ],
    ),
    "LS-WORT-ABK": (
        ["Sie brauchen z. B. einen Pass.", "Das regelt das BAMF.", "Das steht in Art. 3."],
        [
            "Sie brauchen zum Beispiel einen Pass.",
            "Das ist eine neue Art.",
            "Das Kommunale Integrations·management (KIM) hilft.\nKIM ist für Sie da.",
        ],
    ),
    "LS-WORT-ZAHLWORT": (["Sie brauchen zwei Fotos."], ["Sie brauchen 2 Fotos."]),
    "LS-WORT-ZAHL": (
        ["Das sind 25 % der Menschen.", "Es kostet 3,50 Euro.", "Es leben 12000 Menschen hier."],
        [
            "Es kostet 4 Euro.",
            "Das war im Jahr 2024.",
            "Rufen Sie an: 02581 000-000.",
            "Das Amt ist in 48231 Warendorf.",
        ],
    ),
    "LS-WORT-DATUM": (["Der Termin ist am 01.02.2026."], ["Der Termin ist am 1. Februar 2026."]),
    "LS-WORT-FALL": (
        [
            "Sind Sie 16 Jahren alt oder älter?",
            "Sie leben seit 3 Jahre hier.",
            "Sie sind 6 Monaten hier.",
        ],
        [
            "Sind Sie 16 Jahre alt oder älter?",
            "Ab 16 Jahren stellen Sie den Antrag selbst.",
            "Sie leben seit mindestens 3 Jahren hier.",
            "Die Karte gilt höchstens 10 Jahre.",
            "Mit einem Kind unter 18 Jahren reichen 4 Jahre.",
        ],
    ),
    "LS-WORT-ZEICHEN": (
        ["Das steht in § 10.", "Sie brauchen Pass & Foto.", "Das Amt (Behörde) hilft."],
        ["Das steht im Paragraf 10.", "Sie finden uns unter www.kreis.example/kim im Netz."],
    ),
    "LS-SATZ-LANG": (
        ["Sie müssen für den Antrag auf Einbürgerung viele Papiere und Fotos zum Amt bringen."],
        ["Sie bringen den Antrag zum Amt."],
    ),
    "LS-SATZ-AUSSAGE": (
        [
            "Sie bekommen den Pass, wenn Sie den Test bestehen.",
            "Er ging und sie blieb.",
            "Das ist gut ich komme morgen.",
            "Sie haben das Recht zu arbeiten.",
        ],
        [
            "Sie möchten Deutsche oder Deutscher werden.",
            "Sie bestehen den Test.",
            "Das Amt sagt Ihnen: Diese Papiere brauchen Sie.",
        ],
    ),
    "LS-SATZ-PASSIV": (
        ["Der Antrag wird vom Amt geprüft.", "Der Antrag wurde abgelehnt."],
        [
            "Sie werden morgen kommen.",
            "Das Amt prüft den Antrag.",
            "Wenn Sie den Test bestanden haben, werden Sie Deutsche.",
        ],
    ),
    "LS-SATZ-GENITIV": (
        ["Das ist das Haus des Vaters.", "Wegen des Wetters bleiben Sie zu Hause."],
        ["Das ist das Haus von dem Vater.", "Sie kommen innerhalb von 2 Wochen."],
    ),
    "LS-SATZ-KONJUNKTIV": (
        ["Sie könnten einen Antrag stellen.", "Das wäre gut."],
        ["Sie können einen Antrag stellen.", "Sie möchten einen Pass."],
    ),
    "LS-SATZ-VERNEINUNG": (["Das geht nicht."], ["Das geht."]),
    "LS-SATZ-PRAETERITUM": (
        ["Er ging nach Hause.", "Sie machten einen Test."],
        ["Er geht nach Hause.", "Es gilt für alle.", "Sie war krank."],
    ),
    "LS-TEXT-MAN": (["Man braucht einen Pass."], ["Sie brauchen einen Pass."]),
    "LS-TEXT-VERWEIS": (["Siehe Seite 3."], ["Auf Seite 3 steht mehr."]),
    "LS-TEXT-STRUKTUR": (
        ["Sie brauchen einen Pass, ein Foto, einen Antrag und das Geld."],
        [
            "Sie brauchen einen Pass und ein Foto.",
            "Sie brauchen einen Pass, weil das Amt ihn sehen will, und ein Foto, und Geld.",
        ],
    ),
    # Needs the project's facts: the cases that trigger it are in test_flyer_facts.py.
    "LS-TEXT-FAKT": ([], ["Die Gebühr kostet 255 Euro.", "Bis zum 30. Juni 2027."]),
    # Rare words here; Wörter-Buch words: test_flyer_facts.py.
    "LS-TEXT-ERKLAERT": (
        [
            "Das Fallmanagement hilft Ihnen. Sie bekommen einen Termin. "
            "Das Fallmanagement heißt: Menschen vom Amt helfen Ihnen."
        ],
        [
            "Das Fallmanagement heißt: Menschen vom Amt helfen Ihnen.",
            "Das Fallmanagement hilft Ihnen. Das heißt: Menschen vom Amt helfen Ihnen.",
            "Das Fallmanagement hilft Ihnen. Sie bekommen einen Termin.",
        ],
    ),
    "LS-TEXT-LEICHTER": (
        [
            "Sie sprechen einfaches Deutsch. Das heißt: Sprach·niveau A2.",
            "Dann stellen Sie einen Antrag. Das heißt: Einbürgerung.",
        ],
        [
            "Sie sprechen einfaches Deutsch. Das schwere Wort dafür ist: Sprach·niveau A2.",
            "Die Einbürgerung heißt: Sie bekommen den deutschen Pass.",
            "B1 heißt: Sie können sich im Alltag gut unterhalten.",
        ],
    ),
}


def test_words_the_text_explains_need_no_box() -> None:
    words = explained.terms([("Gebühr", ()), ("Duldung", ())])
    text = (
        "## Was kostet das?\n\nSie bezahlen eine Gebühr.\nDas heißt: Sie bezahlen Geld "
        "an das Amt.\nSie bezahlen vorher.\n\nSie haben eine Duldung.\nDann bekommen Sie einen "
        "Termin.\n\n"
        "Sie haben eine Duldung.\nDas heißt: Das Amt schiebt Sie nicht ab."
    )
    # Gebühr is explained at its first use; Duldung only later: it keeps its box.
    assert explained.explained_in_text(text, words) == {"Gebühr"}
    assert explained.explained_in_text("Die Gebühr kostet Geld.", words) == set()


def test_every_rule_has_cases() -> None:
    assert set(CASES) == set(BY_ID)


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule_triggers(rule_id: str) -> None:
    must, must_not = CASES[rule_id]
    for text in must:
        assert rule_id in rules_in(text), text
    for text in must_not:
        assert rule_id not in rules_in(text), text


@pytest.mark.parametrize("form", sorted(ABBREVIATIONS))
def test_every_abbreviation_of_the_splitter_is_flagged(form: str) -> None:
    number = " 3" if form in BEFORE_NUMBER else ""
    findings = check_body(Path("t.md"), f"Sie lesen {form}{number} heute.", 1).findings
    [found] = [f for f in findings if f.rule == "LS-WORT-ABK"]
    assert found.message == f"Die Abkürzung „{form}“ ist schwer.", found.message
    assert found.suggestion.startswith("Schreiben Sie: ")


def test_long_paragraph_and_missing_headings_are_structure_findings() -> None:
    body = "\n".join(f"Sie lesen Satz {n}." for n in range(1, 13))
    findings = [f for f in check_body(Path("t.md"), body, 1).findings]
    messages = [f.message for f in findings if f.rule == "LS-TEXT-STRUKTUR"]
    assert any("Absatz hat 12 Sätze" in m for m in messages)
    assert any("keine Überschrift" in m for m in messages)


def test_findings_point_into_the_markdown_source() -> None:
    body = "## Titel\n\nSie lesen **das** hier.\n- Der Antrag wird geprüft.\n"
    findings = check_body(Path("t.md"), body, 10).findings
    passive = next(f for f in findings if f.rule == "LS-SATZ-PASSIV")
    assert (passive.line, passive.col) == (13, 14)  # "wird" in "- Der Antrag wird geprüft."


def test_code_and_link_addresses_are_not_checked() -> None:
    body = "Sie lesen [die Seite](https://example.org/a_b;c&d).\n\n```\nz. B. § 10\n```\n"
    assert not rules_in(body) & {"LS-WORT-ZEICHEN", "LS-WORT-ABK"}


def test_suggestions_are_concrete() -> None:
    findings = check_body(Path("t.md"), "Sie brauchen zwei Fotos bis zum 01.02.2026.", 1).findings
    by_rule = {f.rule: f for f in findings}
    assert by_rule["LS-WORT-ZAHLWORT"].suggestion == "Schreiben Sie: 2"
    assert by_rule["LS-WORT-DATUM"].suggestion == "Schreiben Sie: 1. Februar 2026"
    long_word = check_body(Path("t.md"), "Sie brauchen die Staatsangehörigkeit.", 1).findings[0]
    assert "Staats·angehörigkeit" in long_word.suggestion
    man = check_body(Path("t.md"), "Man braucht einen Pass.", 1).findings
    assert any("„Sie“ statt „man“" in f.suggestion for f in man)


def test_glossary_counts_as_explanation() -> None:
    text = "Die Prolongation ist möglich."
    assert "LS-WORT-SELTEN" in rules_in(text)
    assert "LS-WORT-SELTEN" not in rules_in(text, glossary_words(["Prolongation"]))


def test_project_glossary_is_used(tmp_path: Path) -> None:
    root = copy_sample_project(tmp_path / "p")
    path = root / "content" / "flyer" / "x.md"
    path.write_text(
        "Sie haben eine Duldung.\nSie bekommen eine Fiktionsbescheinigung.\n", encoding="utf-8"
    )
    rare = [f for f in check_file(path, load_project(root)).findings if f.rule == "LS-WORT-SELTEN"]
    assert [f.line for f in rare] == [2]


def test_project_config_switches_rules_off_and_changes_severity() -> None:
    project = ProjectRules.model_validate(
        {"aus": ["LS-SATZ-VERNEINUNG"], "schwere": {"LS-WORT-ZAHLWORT": "Fehler"}}
    )
    findings = check_body(
        Path("t.md"), "Das geht nicht mit zwei Fotos.", 1, settings=Settings(project, DEFAULT_FILE)
    ).findings
    assert {f.rule: f.severity for f in findings} == {"LS-WORT-ZAHLWORT": Severity.ERROR}


def test_unknown_rule_in_kimdocs_toml_is_a_german_error(tmp_path: Path) -> None:
    root = copy_sample_project(tmp_path / "p")
    toml = root / "kimdocs.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8") + '\n[leichte_sprache]\naus = ["LS-SATZ-PASIV"]\n',
        encoding="utf-8",
    )
    with pytest.raises(ProjectError) as caught:
        load_project(root)
    assert "Unbekannte Regel „LS-SATZ-PASIV“. Meinten Sie „LS-SATZ-PASSIV“?" in str(caught.value)


def test_acceptance_for_one_place_and_for_the_whole_file() -> None:
    body = "Der Antrag wird geprüft.\nDer Pass wird gedruckt.\nDas geht nicht.\n"
    place = FileRules.model_validate(
        {"akzeptiert": [{"regel": "LS-SATZ-PASSIV", "stelle": "Antrag wird"}]}
    )
    report = check_body(Path("t.md"), body, 1, settings=Settings(ProjectRules(), place))
    assert [f.line for f in report.findings if f.rule == "LS-SATZ-PASSIV"] == [2]
    assert report.accepted == 1
    whole = FileRules.model_validate({"akzeptiert": ["LS-SATZ-PASSIV", "ls-satz-verneinung"]})
    report = check_body(Path("t.md"), body, 1, settings=Settings(ProjectRules(), whole))
    assert not report.findings and report.accepted == 3


def test_acceptance_in_a_flyer_is_valid_and_not_in_the_outputs(tmp_path: Path) -> None:
    root = copy_sample_project(tmp_path / "p")
    path = root / "content" / "flyer" / "einbuergerung.md"
    text = path.read_text(encoding="utf-8")
    marker = (
        "leichte_sprache:\n  akzeptiert:\n    - regel: LS-SATZ-VERNEINUNG\n"
        "      stelle: Das geht seit\n"
    )
    path.write_text(text.replace("---\n", "---\n" + marker, 1), encoding="utf-8")
    project = load_project(root)
    report = check_file(path, project)
    assert report.accepted == 1
    results = build(project, [path], ["html", "pdf"])
    others = [p for r in results for p in r.problems if not draft_warning(p)]
    assert all(r.ok for r in results) and not others, [p.format() for p in others]
    html = (root / "output" / "flyer" / "einbuergerung.html").read_text(encoding="utf-8")
    assert "akzeptiert" not in html and "LS-SATZ" not in html
    with pdfplumber.open(root / "output" / "flyer" / "einbuergerung.pdf") as pdf:
        text = "".join(page.extract_text() or "" for page in pdf.pages)
    assert "nicht mehr." in " ".join(text.split())
    assert "akzeptiert" not in text and "LS-SATZ" not in text


def test_unknown_rule_in_front_matter_is_reported(
    tmp_path: Path, cli: Callable[..., Result]
) -> None:
    root = copy_sample_project(tmp_path / "p")
    path = root / "content" / "flyer" / "einbuergerung.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("---\n", "---\nleichte_sprache:\n  akzeptiert: [LS-XY]\n", 1), encoding="utf-8"
    )
    result = cli(root, "check", str(path))
    assert result.exit_code == 1
    assert "Unbekannte Regel „LS-XY“" in result.output


@pytest.mark.parametrize("path", FLYERS, ids=lambda p: p.name)
def test_sample_flyers_have_no_errors(path: Path) -> None:
    report = check_file(path, load_project(REPO))
    assert not [f.format(path.name) for f in report.findings if f.is_error]


OFFICIAL = """\
Die Erteilung einer Niederlassungserlaubnis setzt voraus, dass der Ausländer seit fünf Jahren \
die Aufenthaltserlaubnis besitzt.
Der Antrag ist unter Beifügung der erforderlichen Unterlagen bei der zuständigen Behörde \
einzureichen.
Wird die Frist versäumt, so kann der Antrag gemäß § 82 Abs. 1 AufenthG zurückgewiesen werden.
Die Gebühr wird mit der Bekanntgabe des Bescheids fällig; eine Erstattung ist ausgeschlossen.
Sofern Sie Einwendungen gegen diesen Bescheid erheben möchten, können Sie innerhalb eines \
Monats nach Zustellung Widerspruch einlegen.
Aufgrund der Änderung des Staatsangehörigkeitsgesetzes wurden die Voraussetzungen der \
Einbürgerung neu geregelt.
"""


def test_official_prose_gets_at_least_one_error_per_sentence() -> None:
    findings = check_body(Path("t.md"), OFFICIAL, 1).findings
    sentences = OFFICIAL.count("\n")
    assert sum(f.is_error for f in findings) / sentences >= 1.0


def test_stage_error_share_is_at_most_15_percent() -> None:
    folder = corpus.stage_dir(REPO)
    if not (folder / "test.csv").is_file():
        pytest.skip(corpus.MISSING.format(path=folder))
    phrases = corpus.load(folder, "test")
    share, _flagged = corpus.error_share(corpus.rules_hit(p.text) for p in phrases)
    assert share <= 0.15


# --- CLI ---------------------------------------------------------------------------------


def test_check_runs_on_flyers_and_prints_summary(cli: Callable[..., Result]) -> None:
    result = cli(REPO, "check", "content/flyer/einbuergerung.md")
    assert result.exit_code == 0, result.output
    assert re.search(r"einbuergerung.md:\d+:\d+: LS-SATZ-VERNEINUNG Warnung ", result.output)
    assert "Leichte Sprache: 0 Fehler" in result.output
    assert "Flesch-Amstad" in result.output and "LIX" in result.output


def test_check_any_markdown_file_exits_1_on_errors(
    tmp_path: Path, cli: Callable[..., Result]
) -> None:
    path = tmp_path / "brief.md"
    path.write_text(OFFICIAL, encoding="utf-8")
    result = cli(tmp_path, "check", "--leichte-sprache", str(path))
    assert result.exit_code == 1
    assert "brief.md:1:" in result.output and "LS-SATZ-LANG Fehler" in result.output
    good = tmp_path / "gut.md"
    good.write_text("## Der Pass\n\nSie bekommen einen Pass.\n", encoding="utf-8")
    assert cli(tmp_path, "check", "-l", str(good)).exit_code == 0


def test_check_json(tmp_path: Path, cli: Callable[..., Result]) -> None:
    path = tmp_path / "a.md"
    path.write_text("Man braucht z. B. einen Pass.\n", encoding="utf-8")
    result = cli(tmp_path, "check", "-l", "--format", "json", str(path))
    assert result.exit_code == 1
    data = json.loads(result.output)
    found = data["leichte_sprache"][0]["befunde"]
    assert {"regel": "LS-WORT-ABK", "zeile": 1, "spalte": 13, "schwere": "Fehler"}.items() <= (
        next(f for f in found if f["regel"] == "LS-WORT-ABK").items()
    )
    assert data["fehler"] >= 1 and data["leichte_sprache"][0]["lesbarkeit"]["lix"] > 0


def test_fix_shows_a_diff_and_writes_only_when_told(
    tmp_path: Path, cli: Callable[..., Result]
) -> None:
    path = tmp_path / "a.md"
    original = "## Termin\n\nSie brauchen zwei Fotos.\nDer Termin ist am 01.02.2026.\n"
    path.write_text(original, encoding="utf-8")
    shown = cli(tmp_path, "check", "-l", "--fix", str(path))
    assert "-Sie brauchen zwei Fotos." in shown.output
    assert "+Sie brauchen 2 Fotos." in shown.output
    assert "+Der Termin ist am 1. Februar 2026." in shown.output
    assert path.read_text(encoding="utf-8") == original
    cli(tmp_path, "check", "-l", "--fix", "--schreiben", str(path))
    assert path.read_text(encoding="utf-8") == (
        "## Termin\n\nSie brauchen 2 Fotos.\nDer Termin ist am 1. Februar 2026.\n"
    )


def test_fix_splits_words_in_the_style_of_the_text(tmp_path: Path) -> None:
    from kimdocs.checking.easy_fix import fixed_text

    path = tmp_path / "a.md"
    path.write_text(
        "Das Sprach-Niveau ist wichtig.\nSie brauchen die Staatsangehörigkeit.\n", encoding="utf-8"
    )
    report = check_file(path)
    _before, after = fixed_text(path, report.findings)
    assert "Staats-Angehörigkeit" in after


def test_rule_table_has_german_titles_and_levels() -> None:
    assert len({r.id for r in RULES}) == len(RULES)
    assert all(r.id.startswith("LS-") and r.title for r in RULES)


@pytest.mark.parametrize("args", [["--help"], ["check", "--help"], ["check"]])
def test_language_models_load_only_when_text_is_checked(basic: Path, args: list[str]) -> None:
    import subprocess
    import sys

    code = (
        "import sys; from kimdocs.cli.commands import main\n"
        f"try:\n    main({args!r})\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in ('HanTa', 'wordfreq', 'compound_split') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=basic
    ).stdout
    assert out.strip().endswith("[]"), out


def test_rules_configured_in_kimdocs_toml(tmp_path: Path, cli: Callable[..., Result]) -> None:
    path = tmp_path / "a.md"
    path.write_text("## Pass\n\nMan braucht einen Pass, der gilt.\n", encoding="utf-8")
    (tmp_path / "kimdocs.toml").write_text(
        (REPO / "kimdocs.toml").read_text(encoding="utf-8")
        + '\n[leichte_sprache]\naus = ["LS-SATZ-AUSSAGE"]\n'
        + '[leichte_sprache.schwere]\nLS-TEXT-MAN = "Fehler"\n',
        encoding="utf-8",
    )
    result = cli(tmp_path, "check", "-l", str(path))
    assert result.exit_code == 1
    assert "LS-TEXT-MAN Fehler" in result.output
    assert "LS-SATZ-AUSSAGE" not in result.output


def test_title_subtitle_and_alt_texts_are_checked_in_place(tmp_path: Path) -> None:
    path = tmp_path / "f.md"
    path.write_text(
        "---\nart: flyer\ntitel: Hilfe z. B. beim Antrag\nbilder:\n  - datei: piktogramm:amt\n"
        "    alt: Das Gebäude des Amtes.\n---\n\nSie bekommen Hilfe.\n",
        encoding="utf-8",
    )
    found = {(f.rule, f.line, f.col) for f in check_file(path).findings}
    assert ("LS-WORT-ABK", 3, 14) in found
    assert ("LS-SATZ-GENITIV", 6, 22) in found


def test_long_compounds_are_split_into_all_their_parts() -> None:
    from kimdocs.easy_language.rules import split_suggestion

    assert split_suggestion("Staatsangehörigkeitsgesetz", "·") == "Staats·angehörigkeits·gesetz"
    assert split_suggestion("Krankenversicherung", "-") == "Kranken-Versicherung"


def test_facts_read_as_one_word_and_blocks_of_flyers_are_checked(
    tmp_path: Path, cli: Callable[..., Result]
) -> None:
    root = copy_sample_project(tmp_path / "p")
    flyer = root / "content" / "flyer" / "einbuergerung.md"
    report = check_file(flyer, load_project(root))
    assert not [f for f in report.findings if f.rule in ("LS-WORT-ZEICHEN", "LS-WORT-SELTEN")]
    block = root / "content" / "bausteine" / "hilfe-leicht.md"
    block.write_text(
        block.read_text(encoding="utf-8") + "Der Antrag wird vom Amt geprüft.\n", encoding="utf-8"
    )
    result = cli(root, "check", "content/flyer")
    assert result.exit_code == 1
    assert re.search(
        r"content/bausteine/hilfe-leicht.md:\d+:\d+: LS-SATZ-PASSIV Fehler", result.output
    )


_WORDS = [
    "Sie",
    "brauchen",
    "zwei",
    "Fotos",
    "am",
    "01.02.2026",
    "**drei**",
    "[Pass](https://example.org/a)",
    "Staatsangehörigkeit",
    "des",
    "Vaters",
    "`code`",
    "z. B.",
    "wird",
    "geprüft",
    "§",
    "[[fakt:x.y]]",
    "nicht",
    "man",
]
_LINE = st.lists(st.sampled_from(_WORDS), min_size=1, max_size=8).map(lambda w: " ".join(w) + ".")
_DOC = st.lists(
    st.tuples(st.sampled_from(["", "- ", "## ", "> ", "1. ", "  "]), _LINE), min_size=1, max_size=6
).map(lambda lines: "\n".join(p + line for p, line in lines))


@settings(max_examples=60, deadline=None)
@given(_DOC)
def test_findings_and_fixes_always_point_at_the_source(body: str) -> None:
    lines = body.split("\n")
    for f in check_body(Path("t.md"), body, 1).findings:
        assert 1 <= f.line <= len(lines)
        assert 1 <= f.col <= len(lines[f.line - 1]) + 1
        if f.edit is not None:
            source = lines[f.edit.line - 1]
            assert source[f.edit.col - 1 : f.edit.col - 1 + len(f.edit.old)] == f.edit.old


def test_an_acceptance_whose_place_is_gone_is_a_warning(
    tmp_path: Path, cli: Callable[..., Result]
) -> None:
    path = tmp_path / "a.md"
    path.write_text(
        "---\nleichte_sprache:\n  akzeptiert:\n    - regel: LS-SATZ-PASSIV\n"
        "      stelle: wird geprüft\n---\n## Antrag\n\nDas Amt prüft den Antrag.\n",
        encoding="utf-8",
    )
    result = cli(tmp_path, "check", "-l", str(path))
    assert result.exit_code == 0
    assert "a.md:4: Warnung: Feld „leichte_sprache.akzeptiert[1]“: Die Stelle „wird geprüft“" in (
        result.output
    )


def test_in_flyers_every_line_is_a_sentence(tmp_path: Path) -> None:
    """Outside a project only the declared kind tells a flyer (no folder to go by)."""
    text = "## Kontakt\n\nDie Adresse ist: kim@kreis.example\nWir sind von Montag bis Freitag da.\n"
    flyer, other = tmp_path / "flyer.md", tmp_path / "a.md"
    flyer.write_text("---\nart: Faltblatt\ntitel: Kontakt\n---\n" + text, encoding="utf-8")
    other.write_text(text, encoding="utf-8")
    assert check_file(flyer).readability.sentences == 2  # type: ignore[union-attr]
    assert check_file(other).readability.sentences == 1  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("word", "count"),
    [
        ("Haus", 1),
        ("Kind", 1),
        ("Abend", 2),
        ("Oper", 2),
        ("Idee", 2),
        ("Feuer", 2),
        ("Theater", 3),
        ("Museum", 3),
        ("Einbürgerung", 4),
        ("Aufenthalts·erlaubnis", 6),
    ],
)
def test_syllables(word: str, count: int) -> None:
    from kimdocs.easy_language.readability import syllables

    assert syllables(word) == count


def test_readability_figures() -> None:
    from kimdocs.easy_language.readability import readability

    figures = readability([["Sie", "haben", "ein", "Haus"], ["Das", "Haus", "ist", "groß"]])
    assert figures is not None
    # 8 words, 2 sentences, 9 syllables, no word longer than 6 letters.
    assert figures.flesch_amstad == pytest.approx(180 - 4 - 58.5 * 9 / 8)
    assert figures.lix == pytest.approx(4.0)


def test_preview_gets_the_findings_of_flyers_only(tmp_path: Path) -> None:
    from kimdocs.preview.easy_marks import easy_language_findings

    root = copy_sample_project(tmp_path / "p")
    project = load_project(root)
    flyer = root / "content" / "flyer" / "einbuergerung.md"
    flyer.write_text(
        flyer.read_text(encoding="utf-8") + "\nDer Antrag wird geprüft.\n", encoding="utf-8"
    )
    found = easy_language_findings(project, flyer)
    passive = next(f for f in found if f.rule == "LS-SATZ-PASSIV")
    assert passive.severity == "Fehler" and passive.col == 12 and passive.suggestion
    press = sorted((root / "content" / "presse").glob("*.md"))[0]
    assert easy_language_findings(project, press) == []


def test_readme_lists_every_rule_with_its_severity() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for rule in RULES:
        assert f"| `{rule.id}` | {rule.level.value} |" in readme, rule.id
