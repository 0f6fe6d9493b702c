"""Press releases: consent per person and item, five formats, embargo on top of each."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import Result
from docx import Document
from lxml import html as lxml_html

from kimdocs.build.run import build
from kimdocs.project import load_project
from tests.conftest import REPO, copy_sample_project
from tests.outputs import docx_text, pdf_text, pdffonts, pdfinfo
from tests.skeletons import fill

PRESS = sorted((REPO / "content" / "presse").glob("*.md"))
APPRENTICESHIP = "2026-09-ausbildung.md"
CEREMONY = "2026-06-einbuergerungsfeier.md"


@pytest.fixture(scope="module")
def press_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_sample_project(tmp_path_factory.mktemp("presse") / "p")
    results = build(load_project(root), [root / "content" / "presse"])
    assert all(r.ok for r in results), [p.format() for r in results for p in r.problems]
    return root / "output" / "presse"


def test_three_samples_in_five_formats(press_output: Path) -> None:
    assert len(PRESS) == 3
    for source in PRESS:
        for suffix in (".pdf", ".docx", ".txt", ".html", ".json"):
            assert (press_output / f"{source.stem}{suffix}").is_file(), (source.stem, suffix)


@pytest.mark.parametrize("source", PRESS, ids=lambda p: p.stem)
def test_text_export_has_no_markdown_left(press_output: Path, source: Path) -> None:
    text = (press_output / f"{source.stem}.txt").read_text(encoding="utf-8")
    assert "*" not in text and "#" not in text
    assert not re.search(r"\[[^\]]*\]\(", text)
    assert "&amp;" not in text and "&#" not in text


@pytest.mark.parametrize("source", PRESS, ids=lambda p: p.stem)
def test_html_fragment_is_semantic_with_alt_and_credit(press_output: Path, source: Path) -> None:
    markup = (press_output / f"{source.stem}.html").read_text(encoding="utf-8")
    tree = lxml_html.fragment_fromstring(markup)
    assert tree.tag == "article"
    assert not tree.xpath("//*[@style]") and not tree.xpath("//style")
    for img in tree.xpath("//img"):
        assert img.get("alt"), "jedes Bild braucht alt"
        caption = img.getparent().find("figcaption")
        assert caption is not None and "Foto:" in caption.text_content()
    assert tree.xpath("//h1")


@pytest.mark.parametrize("source", PRESS, ids=lambda p: p.stem)
def test_json_validates_against_the_shipped_schema(press_output: Path, source: Path) -> None:
    schema = json.loads(
        (resources.files("kimdocs") / "schemas" / "press.schema.json").read_text(encoding="utf-8")
    )
    data = json.loads((press_output / f"{source.stem}.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    assert data["zeichen"]["mit_leerzeichen"] > data["zeichen"]["ohne_leerzeichen"] > 0


@pytest.mark.parametrize("source", PRESS, ids=lambda p: p.stem)
def test_pdf_and_docx_are_complete(press_output: Path, source: Path) -> None:
    data = json.loads((press_output / f"{source.stem}.json").read_text(encoding="utf-8"))
    pdf = press_output / f"{source.stem}.pdf"
    assert pdfinfo(pdf)["Tagged"] == "yes"
    assert all(f["emb"] == "yes" for f in pdffonts(pdf))
    flat = "".join(pdf_text(pdf).split())
    docx = docx_text(press_output / f"{source.stem}.docx")
    for expected in (data["titel"], *(q["text"] for q in data["zitate"])):
        assert "".join(expected.split()) in flat
        assert expected in docx
    # The character count is for the press office: the JSON has it, the public PDF not.
    assert data["zeichen"]["mit_leerzeichen"] > 0
    assert "Zeichen" not in pdf_text(pdf)


def test_embargo_is_on_top_of_every_format(press_output: Path) -> None:
    stem = CEREMONY.removesuffix(".md")
    top = "Sperrfrist: 19.06.2026, 18:00 Uhr"
    assert (
        pdf_text(press_output / f"{stem}.pdf").startswith("Kreis Warendorf")
        and top in pdf_text(press_output / f"{stem}.pdf").split("\n")[3]
    )
    assert Document(str(press_output / f"{stem}.docx")).paragraphs[0].text.startswith(top)
    text = (press_output / f"{stem}.txt").read_text(encoding="utf-8")
    assert text.startswith("SPERRFRIST: 19.06.2026, 18:00 Uhr")
    fragment = lxml_html.fragment_fromstring(
        (press_output / f"{stem}.html").read_text(encoding="utf-8")
    )
    assert fragment[0].text_content().startswith(top)
    assert (
        json.loads((press_output / f"{stem}.json").read_text(encoding="utf-8"))["sperrfrist"]
        == "2026-06-19T18:00"
    )
    other = (press_output / "2026-09-ausbildung.txt").read_text(encoding="utf-8")
    assert "SPERRFRIST" not in other


@pytest.fixture
def sample_copy(tmp_path: Path) -> Path:
    return copy_sample_project(tmp_path / "p")


def _edit(root: Path, name: str, old: str, new: str) -> Path:
    path = root / "content" / "presse" / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_surname_beyond_consent_fails(sample_copy: Path, cli: Callable[..., Result]) -> None:
    path = _edit(
        sample_copy,
        APPRENTICESHIP,
        "Samir kam vor vier Jahren",
        "Samir Erfunden kam vor vier Jahren",
    )
    for command in ("check", "build"):
        result = cli(sample_copy, command, str(path))
        assert result.exit_code == 1
        assert (
            "Samir Erfunden (fiktiv): Die Mitteilung zeigt den vollständigen Namen, die "
            "Einwilligung erlaubt das nicht."
        ) in result.output


def test_initials_need_their_own_consent(sample_copy: Path, cli: Callable[..., Result]) -> None:
    path = _edit(
        sample_copy, APPRENTICESHIP, "Samir kam vor vier Jahren", "S. E. kam vor vier Jahren"
    )
    result = cli(sample_copy, "check", str(path))
    assert "Samir Erfunden (fiktiv): Die Mitteilung zeigt die Initialen" in result.output
    _edit(
        sample_copy,
        APPRENTICESHIP,
        "zeigen: [vorname, zitat]",
        "zeigen: [initialen, vorname, zitat]",
    )
    assert cli(sample_copy, "check", str(path)).exit_code == 0


def test_photo_beyond_consent_fails(sample_copy: Path, cli: Callable[..., Result]) -> None:
    path = _edit(
        sample_copy,
        APPRENTICESHIP,
        "---\n\nSamir kam",
        (
            "fotos:\n  - datei: bilder/jahresbericht-team.png\n"
            "    bildunterschrift: Samir im Betrieb"
            '\n    foto: "Foto: Kreis"\n    alt: Ein Auszubildender\n    nutzung: frei\n'
            "    personen: [samir]\n---\n\nSamir kam"
        ),
    )
    for command in ("check", "build"):
        result = cli(sample_copy, command, str(path))
        assert result.exit_code == 1
        assert "Samir Erfunden (fiktiv): Die Mitteilung zeigt ein Foto" in result.output
        assert "fotos[1].personen" in result.output
    assert not (sample_copy / "output" / "presse" / "2026-09-ausbildung.pdf").exists()


def test_status_channel_validity_and_quote_rules(
    sample_copy: Path, cli: Callable[..., Result]
) -> None:
    path = _edit(
        sample_copy,
        APPRENTICESHIP,
        "Samir kam vor vier Jahren in den Kreis.",
        "Samir kam vor vier Jahren als Geflüchteter in den Kreis.",
    )
    _edit(
        sample_copy,
        APPRENTICESHIP,
        "      kanäle: [print, web, social_media]",
        "      kanäle: [print]",
    )
    _edit(sample_copy, APPRENTICESHIP, "gültig_bis: 2027-08-31", "gültig_bis: 2026-08-31")
    _edit(
        sample_copy,
        APPRENTICESHIP,
        "    freigegeben: ja\n    person_id: samir",
        "    freigegeben: nein\n    person_id: samir",
    )
    output = cli(sample_copy, "check", str(path)).output
    assert "Angaben zum Aufenthaltsstatus" in output
    assert "nicht in die Veröffentlichung über web, social_media eingewilligt" in output
    assert "gilt nur bis 31.08.2026" in output
    assert "Das Zitat von Samir ist nicht freigegeben" in output


def test_photo_needs_credit_and_alt_text(sample_copy: Path, cli: Callable[..., Result]) -> None:
    name = "2026-11-jahresbericht.md"
    _edit(sample_copy, name, '    foto: "Foto: Kreis Warendorf (Beispielbild)"\n', "")
    path = _edit(sample_copy, name, "    alt: Drei Personen", "    alt: ''\n    x: Drei Personen")
    output = cli(sample_copy, "check", str(path)).output
    assert "Feld „fotos[1].foto“: Der Bildnachweis fehlt" in output
    assert "Feld „fotos[1].alt“: Der Alternativtext fehlt" in output


def test_check_shows_the_character_count(sample_copy: Path, cli: Callable[..., Result]) -> None:
    result = cli(sample_copy, "check", "content/presse")
    assert result.exit_code == 0
    for source in PRESS:
        assert re.search(
            rf"content/presse/{source.name}: \d+ Zeichen mit Leerzeichen, \d+ ohne", result.output
        )


def test_long_release_warns_with_character_count(
    sample_copy: Path, cli: Callable[..., Result]
) -> None:
    path = _edit(
        sample_copy,
        APPRENTICESHIP,
        "## So arbeitet",
        "Ein sehr langer Absatz. " * 150 + "\n\n## So arbeitet",
    )
    result = cli(sample_copy, "check", str(path))
    assert result.exit_code == 0
    assert re.search(r"Warnung: Feld „Text“: Der Text hat \d{4} Zeichen", result.output)


def test_new_press_skeleton_builds(basic: Path, cli: Callable[..., Result]) -> None:
    assert cli(basic, "new", "presse", "meldung").exit_code == 0
    refused = cli(basic, "build", "content/presse/meldung.md")
    assert refused.exit_code == 1 and "Platzhalter ersetzen" in refused.output
    fill(basic / "content" / "presse" / "meldung.md")
    result = cli(basic, "build", "content/presse/meldung.md")
    assert result.exit_code == 0, result.output
    assert len(list((basic / "output" / "presse").glob("meldung.*"))) == 5


def test_docx_embeds_photos_with_alt_text(press_output: Path) -> None:
    from docx.oxml.ns import qn

    doc = Document(str(press_output / "2026-11-jahresbericht.docx"))
    [doc_pr] = doc.element.body.findall(".//" + qn("wp:docPr"))
    assert doc_pr.get("descr", "").startswith("Drei Personen stehen vor einem Schild")
    captions = [p.text for p in doc.paragraphs if p.style.name == "Caption"]
    assert captions and "Foto: Kreis Warendorf (Beispielbild)" in captions[0]


def test_contact_and_boilerplate_come_from_the_project_unless_overridden(
    press_output: Path, sample_copy: Path, cli: Callable[..., Result]
) -> None:
    data = json.loads((press_output / "2026-09-ausbildung.json").read_text(encoding="utf-8"))
    assert data["pressekontakt"]["name"] == "Petra Pressebeispiel (fiktiv), Pressestelle"
    assert data["über_uns"].startswith("Das Kommunale Integrationsmanagement (KIM) im Kreis")
    path = _edit(
        sample_copy,
        APPRENTICESHIP,
        "kanäle: [print, web, social_media]\nzitate:",
        (
            "kanäle: [print, web, social_media]\npressekontakt:\n  name: Eigene Stelle (fiktiv)\n"
            "über_uns: Eigener Absatz.\nzitate:"
        ),
    )
    assert cli(sample_copy, "build", str(path), "-f", "json").exit_code == 0
    own = json.loads(
        (sample_copy / "output" / "presse" / "2026-09-ausbildung.json").read_text(encoding="utf-8")
    )
    assert own["pressekontakt"]["name"] == "Eigene Stelle (fiktiv)"
    assert own["über_uns"] == "Eigener Absatz."


def _source_paragraphs(source: Path) -> list[str]:
    """The release's running-text paragraphs as one line each (lead and body)."""
    front, body = source.read_text(encoding="utf-8").split("---\n", 2)[1:]
    lead = " ".join(yaml.safe_load(front)["vorspann"].split())
    paragraphs = [" ".join(block.split()) for block in body.split("\n\n")]
    plain = [p for p in paragraphs if p and "[[" not in p and not re.match(r"[#|>*-]|\d+\.", p)]
    # Links are spelled out in plain text: "Text (adresse)"; emphasis marks disappear.
    plain = [re.sub(r"\[([^\]]+)\]\(([^)]+)\)", r"\1 (\2)", p).replace("**", "") for p in plain]
    return [lead, *plain]


@pytest.mark.parametrize("source", PRESS, ids=lambda p: p.stem)
def test_plain_text_has_one_line_per_paragraph(press_output: Path, source: Path) -> None:
    text = (press_output / f"{source.stem}.txt").read_text(encoding="utf-8")
    lines = text.split("\n")
    data = json.loads((press_output / f"{source.stem}.json").read_text(encoding="utf-8"))
    json_blocks = data["text"].split("\n\n")
    paragraphs = _source_paragraphs(source)
    assert len(paragraphs) >= 2
    for paragraph in paragraphs:
        # The whole paragraph on one line, with a blank line before and after it.
        (n,) = [n for n, line in enumerate(lines) if line.endswith(paragraph)]
        assert lines[n - 1] == "" and lines[n + 1] == "", paragraph
        if paragraph != paragraphs[0]:  # the lead is a field of its own in the JSON
            assert paragraph in json_blocks
    assert "\n\n\n" not in text and "\n\n\n" not in data["text"]


def test_character_count_stays_in_check_and_the_preview(press_output: Path) -> None:
    from kimdocs.build.run import Result as BuildResult
    from kimdocs.build.run import check
    from kimdocs.preview.model import _entry

    root = press_output.parent.parent
    project = load_project(root)
    source = root / "content" / "presse" / APPRENTICESHIP
    data = json.loads((press_output / "2026-09-ausbildung.json").read_text(encoding="utf-8"))
    count = f"{data['zeichen']['mit_leerzeichen']} Zeichen mit Leerzeichen"
    (result,) = check(project, [source])
    assert any(count in fact for fact in result.facts)
    # The preview shows what the build (or check) found, without loading again.
    assert any(count in fact for fact in _entry(project, result).facts)
    assert _entry(project, BuildResult(source)).facts == []
