"""Knowledge base: text blocks and legal facts, used by documents, checked for validity."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from click.testing import Result

from kimdocs.build.run import build
from kimdocs.project import load_project
from tests.conftest import REPO, SharedBuild, copy_sample_project
from tests.outputs import docx_text, pdf_text

BLOCK = """---
titel: {title}
verantwortlich: Test-Team (fiktiv)
stand: 2026-01-01
prüfen_bis: {review}
---
{body}
"""
FACTS = """
gebuehr:
  wert: 255
  einheit: Euro
  text: 255 €
  leicht: 255 Euro
  quelle: § 38 StAG
  gültig_ab: 2024-06-27
  stand: 2025-11-01
alt-regel:
  wert: 8
  einheit: Jahre
  quelle: § 10 StAG (alte Fassung)
  gültig_ab: 2000-01-01
  gültig_bis: 2024-06-26
  nachfolger: keiner
  stand: 2025-11-01
"""
RICH = "Bitte **beachten**:\n\n- erster Punkt\n- zweiter Punkt mit [Link](https://example.org)\n"


def squash(text: str) -> str:
    """Text with each run of white space as one space: PDF lines break anywhere."""
    return " ".join(text.split())


def write_block(root: Path, name: str, body: str, review: str = "2099-01-01") -> Path:
    folder = root / "content" / "bausteine"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.md"
    path.write_text(BLOCK.format(title=name, review=review, body=body), encoding="utf-8")
    return path


@pytest.fixture
def knowledge(basic: Path) -> Path:
    (basic / "fakten.yaml").write_text(FACTS, encoding="utf-8")
    write_block(basic, "hinweis", RICH)
    return basic


def _line_of(path: Path, text: str) -> int:
    return path.read_text(encoding="utf-8").split("\n").index(text) + 1


@pytest.mark.slow
def test_included_block_renders_exactly_like_text_written_in_place(
    knowledge: Path, write_agreement: Callable[..., Path], cli: Callable[..., Result]
) -> None:
    write_agreement("mit", {"Text.": "Text.\n\n[[baustein:hinweis]]\n\nEnde."})
    write_agreement("ohne", {"Text.": f"Text.\n\n{RICH}\nEnde."})
    assert cli(knowledge, "build", "-f", "pdf,docx,html").exit_code == 0
    out = knowledge / "output" / "vereinbarungen"
    assert docx_text(out / "mit.docx") == docx_text(out / "ohne.docx").replace("OHNE", "MIT")
    assert "erster Punkt" in docx_text(out / "mit.docx")
    mit = docx.Document(str(out / "mit.docx"))
    styles = [p.style.name for p in mit.paragraphs if "Punkt" in p.text]
    assert styles == ["List Bullet", "List Bullet"]
    assert any(r.bold and r.text == "beachten" for p in mit.paragraphs for r in p.runs)
    html = (out / "mit.html").read_text(encoding="utf-8")
    assert '<li>zweiter Punkt mit <a href="https://example.org">Link</a></li>' in html
    assert "[[baustein" not in html and "<strong>beachten</strong>" in html
    assert "erster Punkt" in pdf_text(out / "mit.pdf")


@pytest.mark.slow
def test_facts_use_the_leichte_sprache_wording_in_flyers(tmp_path: Path) -> None:
    root = copy_sample_project(tmp_path / "p")
    results = build(load_project(root), [root / "content" / "flyer" / "einbuergerung.md"])
    assert all(r.ok for r in results)
    flyer = squash(pdf_text(root / "output" / "flyer" / "einbuergerung.pdf"))
    assert "Für jede Person ist die Gebühr 255 Euro" in flyer and "[[fakt" not in flyer
    build(load_project(root), [root / "content" / "presse"])
    press = (root / "output" / "presse" / "2026-06-einbuergerungsfeier.txt").read_text()
    assert "Die Gebühr beträgt 255 € je Person" in squash(press)


@pytest.mark.slow
def test_changing_the_fee_rerenders_exactly_the_documents_that_state_it(
    tmp_path: Path, built_sample: SharedBuild
) -> None:
    root = built_sample.copy(tmp_path / "p")  # its first build here renders nothing
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("kimdocs.base.dates.today", lambda: dt.date(2026, 1, 1))
        assert all(r.ok for r in build(load_project(root)))
        facts = root / "fakten.yaml"
        text = facts.read_text(encoding="utf-8")
        changed = text.replace("gebuehr:\n  wert: 255\n", "gebuehr:\n  wert: 300\n")
        assert changed != text
        facts.write_text(changed, encoding="utf-8")
        results = build(load_project(root))
    rebuilt = sorted(
        r.source.relative_to(root).as_posix() for r in results if r.status == "erzeugt"
    )
    mentions = sorted(
        p.relative_to(root).as_posix()
        for p in (root / "content").rglob("*.md")
        if "bausteine" not in p.parts
        and re.search(
            r"\[\[(fakt:einbuergerung\.gebuehr|baustein:einbuergerung-kurz)\]\]", p.read_text()
        )
    )
    assert (
        rebuilt
        == mentions
        == [
            "content/flyer/einbuergerung.md",
            "content/presse/2026-06-einbuergerungsfeier.md",
        ]
    )
    assert all(r.status == "unverändert" for r in results if r.status != "erzeugt")
    out = root / "output"
    assert "Für jede Person ist die Gebühr 300 Euro" in squash(
        pdf_text(out / "flyer" / "einbuergerung.pdf")
    )
    press = squash((out / "presse" / "2026-06-einbuergerungsfeier.txt").read_text())
    assert "Die Gebühr beträgt 300 € je Person" in press
    assert "300 €" in squash(pdf_text(out / "presse" / "2026-06-einbuergerungsfeier.pdf"))


@pytest.mark.slow
def test_changing_a_block_used_by_a_template_rerenders_its_documents_only(
    tmp_path: Path, built_sample: SharedBuild
) -> None:
    root = built_sample.copy(tmp_path / "p")  # its first build here renders nothing
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("kimdocs.base.dates.today", lambda: dt.date(2026, 1, 1))
        build(load_project(root))
        block = root / "content" / "bausteine" / "sprechzeiten.md"
        block.write_text(block.read_text().replace("dienstags", "mittwochs"), encoding="utf-8")
        results = build(load_project(root))
    rebuilt = sorted(r.source.relative_to(root) for r in results if r.status == "erzeugt")
    # The project's agreement template shows the block: every agreement, and nothing else.
    agreements = sorted(
        p.relative_to(root) for p in (root / "content" / "vereinbarungen").rglob("*.md")
    )
    assert len(agreements) >= 4
    assert rebuilt == agreements
    pdf = root / "output" / "vereinbarungen" / "ahlen" / "KIM-AH-2026-0007.pdf"
    assert "mittwochs 9 bis 12 Uhr" in squash(pdf_text(pdf))


@pytest.mark.slow
def test_expired_fact_fails_check_and_build_with_name_end_date_and_place(
    tmp_path: Path, cli: Callable[..., Result]
) -> None:
    root = copy_sample_project(tmp_path / "p")
    path = root / "content" / "flyer" / "einbuergerung.md"
    text = path.read_text(encoding="utf-8")
    sentence = "Früher gab es das [[fakt:chancen-aufenthaltsrecht]]."
    path.write_text(
        text.replace("Hier stehen nur die wichtigsten Regeln.", sentence), encoding="utf-8"
    )
    line = _line_of(path, sentence)
    expected = (
        rf"einbuergerung.md:{line}: Fehler: Feld „Text“: Der Fakt „chancen-aufenthaltsrecht“ "
        r"gilt nur bis 30\.12\.2025 \(§ 104c AufenthG.*\); "
        r"das Dokument hat das Datum 07\.12\.2026\. "
        r"Danach gilt „chancen-aufenthaltsrecht\.uebergang“ \(ab 31\.12\.2025\)\."
    )
    for command in ("check", "build"):
        result = cli(root, command, str(path))
        assert result.exit_code == 1, result.output
        assert re.search(expected, squash(result.output)), result.output
    assert not (root / "output" / "flyer" / "einbuergerung.pdf").exists()
    result = cli(root, "build", "--historisch", str(path))
    assert result.exit_code == 0, result.output
    assert "Warnung: Feld „Text“: Der Fakt „chancen-aufenthaltsrecht“" in result.output
    assert "Chancen-Aufenthalts·recht für 18 Monate" in pdf_text(
        root / "output" / "flyer" / "einbuergerung.pdf"
    ).replace("\n", " ")


def test_fact_not_yet_valid_on_the_document_date(
    knowledge: Path, write_agreement: Callable[..., Path], cli: Callable[..., Result]
) -> None:
    path = write_agreement(
        "frueh",
        {"Text.": "Die Gebühr: [[fakt:gebuehr]].", "datum: 2026-03-02": "datum: 2023-03-02"},
    )
    result = cli(knowledge, "check", str(path))
    assert result.exit_code == 1
    assert "Der Fakt „gebuehr“ gilt erst ab 27.06.2024" in squash(result.output)


def test_unknown_names_suggest_the_nearest_known_ones(
    knowledge: Path, write_agreement: Callable[..., Path], cli: Callable[..., Result]
) -> None:
    path = write_agreement(
        "tippfehler", {"Text.": "Kosten: [[fakt:gebuhr]].\n\n[[baustein:hinwies]]"}
    )
    result = cli(knowledge, "check", str(path))
    assert result.exit_code == 1
    out = squash(result.output)
    fact_line = _line_of(path, "Kosten: [[fakt:gebuhr]].")
    assert (
        f"tippfehler.md:{fact_line}: Fehler: Feld „Text“: Unbekannter Fakt „gebuhr“. "
        "Meinten Sie „gebuehr“?" in out
    )
    assert (
        f"tippfehler.md:{fact_line + 2}: Fehler: Feld „Text“: Unbekannter Baustein „hinwies“. "
        "Meinten Sie „hinweis“?" in out
    )


def test_blocks_that_include_each_other_are_an_error_with_file_and_line(
    knowledge: Path, write_agreement: Callable[..., Path], cli: Callable[..., Result]
) -> None:
    write_block(knowledge, "a", "Teil A.\n\n[[baustein:b]]")
    b = write_block(knowledge, "b", "Teil B.\n\n[[baustein:a]]")
    path = write_agreement("kreis", {"Text.": "[[baustein:a]]"})
    for command in ("check", "build"):
        result = cli(knowledge, command, str(path))
        assert result.exit_code == 1
        line = _line_of(b, "[[baustein:a]]")
        assert (
            f"content/bausteine/b.md:{line}: Fehler: Feld „Text“: Die Bausteine binden sich "
            "gegenseitig ein: „a“ → „b“ → „a“." in squash(result.output)
        ), result.output


def test_blocks_that_multiply_each_other_stop_with_their_chain(
    knowledge: Path, write_agreement: Callable[..., Path], cli: Callable[..., Result]
) -> None:
    """Each block includes the next one twice: 2^20 copies would never finish."""
    for n in range(20):
        write_block(
            knowledge, f"b{n}", f"Zeile {n}.\n\n[[baustein:b{n + 1}]]\n\n[[baustein:b{n + 1}]]"
        )
    write_block(knowledge, "b20", "Ende. " * 2000)
    path = write_agreement("lawine", {"Text.": "[[baustein:b0]]"})
    result = cli(knowledge, "check", str(path))
    assert result.exit_code == 1
    out = squash(result.output)
    assert "Fehler: Feld „Text“: Die Bausteine sind mehr als 8-fach ineinander eingebunden" in out
    assert "(Kette: „b0“ → „b1“ → „b2“ → „b3“ → „b4“ → „b5“ → „b6“ → „b7“ → „b8“)" in out


def test_blocks_that_grow_too_long_stop_with_their_chain(
    knowledge: Path, write_agreement: Callable[..., Path], cli: Callable[..., Result]
) -> None:
    for n in range(6):
        write_block(knowledge, f"b{n}", "\n\n".join([f"[[baustein:b{n + 1}]]"] * 10))
    write_block(knowledge, "b6", "Ein langer Satz. " * 200)
    path = write_agreement("lang", {"Text.": "[[baustein:b0]]"})
    result = cli(knowledge, "build", str(path))
    assert result.exit_code == 1
    out = squash(result.output)
    assert "würde der Text länger als 2 Millionen Zeichen (Kette: „b0“ → „b1“" in out


def test_block_and_fact_past_their_review_date_are_warnings(
    knowledge: Path, write_agreement: Callable[..., Path], cli: Callable[..., Result]
) -> None:
    write_block(knowledge, "alt", "Alter Text.", review="2020-01-01")
    facts = knowledge / "fakten.yaml"
    facts.write_text(
        facts.read_text().replace(
            "  stand: 2025-11-01\nalt-regel",
            "  stand: 2025-11-01\n  prüfen_bis: 2021-01-01\nalt-regel",
        ),
        encoding="utf-8",
    )
    path = write_agreement("pruefen", {"Text.": "[[baustein:alt]]\n\nKosten: [[fakt:gebuehr]]."})
    result = cli(knowledge, "check", str(path))
    assert result.exit_code == 0, result.output
    out = squash(result.output)
    assert "Warnung: Feld „Text“: Der Baustein „alt“ sollte bis 01.01.2020 geprüft werden" in out
    assert "Der Fakt „gebuehr“ (fakten.yaml, Zeile 2) sollte bis 01.01.2021 geprüft werden" in out


@pytest.mark.slow
def test_docx_and_html_templates_place_blocks_and_facts_by_name(
    knowledge: Path, write_agreement: Callable[..., Path], cli: Callable[..., Result]
) -> None:
    from docx import Document as Docx

    templates = knowledge / "templates"
    templates.mkdir()
    (templates / "agreement.html").write_text(
        '{% extends "default/agreement.html" %}{% block closing_note %}'
        '<div id="vorlage">{{ baustein("hinweis") }}<p>Gebühr: {{ fakt("gebuehr") }}</p></div>'
        "{% endblock %}",
        encoding="utf-8",
    )
    shutil.copy(REPO / "kimdocs" / "templates" / "default" / "agreement.docx", templates)
    word = Docx(str(templates / "agreement.docx"))
    word.add_paragraph('{{p baustein("hinweis") }}')
    word.add_paragraph('Gebühr: {{ fakt("gebuehr") }}')
    word.save(str(templates / "agreement.docx"))
    write_agreement("vorlage")
    result = cli(knowledge, "build", "-f", "pdf,docx,html")
    assert result.exit_code == 0, result.output
    out = knowledge / "output" / "vereinbarungen"
    html = (out / "vorlage.html").read_text(encoding="utf-8")
    # The amount is one unbreakable value on the page (render/keep_values.py).
    assert "<li>erster Punkt</li>" in html
    assert 'Gebühr: <span class="keep-value">255 €</span>' in html
    made = docx.Document(str(out / "vorlage.docx"))
    styles = [p.style.name for p in made.paragraphs if "Punkt" in p.text]
    # Twice: where the copied default places the HTML template's closing_note block, and
    # where this DOCX template names the block itself.
    assert styles == ["List Bullet"] * 4
    assert "Gebühr: 255 €" in docx_text(out / "vorlage.docx")


def test_wissen_json_lists_every_fact_and_block_with_the_users_grep_finds(
    cli: Callable[..., Result],
) -> None:
    result = cli(REPO, "wissen", "--format", "json", "--stichtag", "2026-11-25")
    assert result.exit_code == 0, result.output
    items = json.loads(result.output)
    facts_file = (REPO / "fakten.yaml").read_text(encoding="utf-8")
    fact_names = re.findall(r"^([a-z0-9.-]+):$", facts_file, re.M)
    block_names = [
        p.stem for p in (REPO / "content" / "bausteine").glob("*.md") if p.stem != "README"
    ]
    assert sorted((i["art"], i["name"]) for i in items) == sorted(
        [("fakt", n) for n in fact_names] + [("baustein", n) for n in block_names]
    )
    for item in items:
        # A fact may be used in a case form: [[fakt:name:dativ]].
        pattern = re.compile(rf"\[\[{item['art']}:{re.escape(item['name'])}(?::[a-z]+)?\]\]")
        grep = sorted(
            f"{p.relative_to(REPO).as_posix()}:{n}"
            for p in [*(REPO / "content").rglob("*.md"), REPO / "glossar.yaml"]
            for n, line in enumerate(p.read_text(encoding="utf-8").split("\n"), start=1)
            if pattern.search(line)
        )
        users = sorted(u for u in item["genutzt_von"] if not u.endswith("(Vorlage)"))
        assert users == grep, item["name"]
    by_name = {i["name"]: i for i in items}
    assert by_name["chancen-aufenthaltsrecht"]["zustand"] == "abgelaufen"
    assert by_name["chancen-aufenthaltsrecht"]["genutzt_von"] == []
    assert by_name["einbuergerung.gebuehr"]["zustand"] == "gültig"
    assert "templates/agreement.html (Vorlage)" in by_name["sprechzeiten"]["genutzt_von"]


def test_wissen_marks_facts_expiring_within_90_days(cli: Callable[..., Result]) -> None:
    result = cli(REPO, "wissen", "--stichtag", "2025-11-15")
    assert result.exit_code == 0
    assert (
        "chancen-aufenthaltsrecht: Chancen-Aufenthaltsrecht für 18 Monate – läuft in 90 Tagen ab"
        in result.output
    )


def test_broken_facts_file_names_file_line_and_field(
    knowledge: Path, write_agreement: Callable[..., Path], cli: Callable[..., Result]
) -> None:
    facts = knowledge / "fakten.yaml"
    broken = facts.read_text().replace("gültig_ab: 2024-06-27\n", "gültig_ab: 2024-13-01\n")
    facts.write_text(broken, encoding="utf-8")
    path = write_agreement("kaputt", {"Text.": "Kosten: [[fakt:gebuehr]]."})
    result = cli(knowledge, "check", str(path))
    assert result.exit_code == 1
    line = _line_of(facts, "  gültig_ab: 2024-13-01")
    expected = (
        f"fakten.yaml:{line}: Fehler: Feld „gebuehr.gültig_ab“: „2024-13-01“ ist kein gültiges "
        "Datum"
    )
    assert expected in result.output, result.output
