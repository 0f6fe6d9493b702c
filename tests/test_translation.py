"""Documents in the clients' languages (issue 20): translation files, building each
language, staleness, scripts and direction, read back from the real outputs."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pdfplumber
import pikepdf
import polib
import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from kimdocs.build.run import FAILED, build
from kimdocs.build.translations import export, status
from kimdocs.catalog import is_input, load_catalog, translation_files
from kimdocs.project import load_project
from kimdocs.translation.segments import PLACEHOLDER
from tests.conftest import TEST_DAY, copy_sample_project
from tests.outputs import libreoffice_to_pdf, tool
from tests.outputs import pdf_text_both_ways as _pdf_text
from tests.outputs import visible_letters as _visible

FLYER = Path("content/flyer/einbuergerung.md")
AGREEMENT = Path("content/vereinbarungen/nordkreis/KIM-NK-2026-0112.md")
SAMPLES = [(FLYER, "ar"), (FLYER, "uk"), (AGREEMENT, "ar")]
SAMPLE_MARK = "Beispielübersetzung – vor Verwendung prüfen lassen"
ARABIC = re.compile(r"[\u0600-\u06ff]")
# Texts the reader does not see as text: pictures' descriptions (checked in the HTML), the
# label of a flyer that readers of the target group checked, and what the sample agreement
# has no case for (no step cancelled, no low priority, no consent to share data), and what
# the sample flyer has not: a Wörter-Buch list (every explanation stands beside the text),
# notes pages (it is A4), an office that tells its hours only by phone, the immigration
# office taking the application.
NOT_SHOWN = re.compile(
    r"^bild-\d+\.alt$|^vorlage\.(leichte_sprache|bild_zum_wort|entfaellt|niedrig|die_einwilligung"
    r"|woerter_buch|notizen|die_sprech_zeiten_sagt|sie_entscheidet|sie_stellen_den_antrag"
    r"|eine_einwilligung|netzwerkpartner"
    # The other wordings of the offices box (a city's office, an immigration office) and
    # the label of a signed legal review: the county's unsigned sample shows none of them.
    r"|rechtlich_geprueft_von|sie_geben_den_antrag_hier_ab|ueber_ihren_antrag_entscheidet_das"
    r"|die_gebuehr_bekommt_das_amt|die_auslaender_behoerde|ihre_auslaender_behoerde"
    r"|das_amt_gehoert_zu_ihrer_stadt|dieses_amt_entscheidet_ueber|die_sprech_zeiten_erfahren)"
)


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The sample project with its sample translations, built once for the read-back tests."""
    root = copy_sample_project(tmp_path_factory.mktemp("i18n") / "projekt")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("kimdocs.base.dates.today", lambda: TEST_DAY)
        report = build(load_project(root), [root / FLYER, root / AGREEMENT], jobs=1)
    assert not report.failed, [p.message for r in report for p in r.problems if p.is_error]
    yield root


def _output(root: Path, source: Path, lang: str, suffix: str) -> Path:
    stem = source.with_suffix("").relative_to("content")
    return root / "output" / stem.parent / f"{stem.name}.{lang}{suffix}"


def _words(text: str) -> list[str]:
    text = re.sub(r"\{[^{}]*\}", " ", text)  # placeholders are filled with facts
    return re.findall(r"[^\W\d_]+", text)


@pytest.mark.slow
@pytest.mark.parametrize(("source", "lang"), SAMPLES)
def test_pdf_shows_every_translated_segment(sample: Path, source: Path, lang: str) -> None:
    pdf = _output(sample, source, lang, ".pdf")
    ltr, rtl = _pdf_text(pdf)
    words_ltr = {_visible(w) for w in re.findall(r"[^\W\d_]+", ltr)}
    catalog = polib.pofile(str(sample / source.with_suffix(f".{lang}.po")))
    missing = []
    checked = 0
    for entry in catalog:
        if entry.obsolete or NOT_SHOWN.match(entry.msgctxt or ""):
            continue
        assert entry.msgstr, f"{entry.msgctxt} ist in der Beispielübersetzung leer"
        for word in _words(entry.msgstr):
            checked += 1
            found = _visible(word) in rtl if ARABIC.search(word) else _visible(word) in words_ltr
            if not found:
                missing.append((entry.msgctxt, word))
    assert checked > 100
    assert missing == [], missing
    assert SAMPLE_MARK in ltr.replace("\n", " ")


@pytest.mark.slow
@pytest.mark.parametrize(("source", "lang"), SAMPLES)
def test_every_character_has_a_glyph_in_an_embedded_font(
    sample: Path, source: Path, lang: str
) -> None:
    pdf = _output(sample, source, lang, ".pdf")
    fonts = subprocess.run(
        [tool("pdffonts"), str(pdf)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert fonts
    assert all(line.split()[-5] == "yes" for line in fonts), fonts  # the "emb" column
    ltr, _ = _pdf_text(pdf)
    # A character without a glyph comes back as (cid:0) or the replacement character.
    assert "(cid:" not in ltr
    assert "\ufffd" not in ltr
    script = {"ar": ARABIC, "uk": re.compile(r"[\u0400-\u04ff]")}[lang]
    assert len(script.findall(ltr)) > 200


@pytest.mark.slow
@pytest.mark.parametrize(("source", "lang"), SAMPLES)
def test_pdf_and_html_carry_the_language_and_direction(
    sample: Path, source: Path, lang: str
) -> None:
    with pikepdf.open(_output(sample, source, lang, ".pdf")) as pdf:
        assert str(pdf.Root.Lang) == lang
    html = _output(sample, source, lang, ".html")
    if html.exists():
        text = html.read_text(encoding="utf-8")
        direction = "rtl" if lang == "ar" else "ltr"
        assert re.search(rf'<html lang="{lang}" dir="{direction}">', text)
        # German words kept in the translation: marked German, isolated from the bidi order.
        assert '<bdi lang="de" dir="ltr">' in text


@pytest.mark.slow
def test_html_keeps_the_translated_picture_descriptions(sample: Path) -> None:
    html = _output(sample, FLYER, "ar", ".html").read_text(encoding="utf-8")
    catalog = polib.pofile(str(sample / FLYER.with_suffix(".ar.po")))
    alts = [e.msgstr for e in catalog if re.match(r"bild-\d+\.alt$", e.msgctxt or "")]
    assert alts
    for alt in alts:
        assert f'alt="{alt}"' in html


@pytest.mark.slow
def test_client_copy_docx_is_marked_right_to_left_and_opens_in_libreoffice(
    sample: Path, tmp_path: Path
) -> None:
    docx = _output(sample, AGREEMENT, "ar", ".docx")
    document = Document(str(docx))
    paragraphs = [p for p in document.paragraphs if p.text.strip()]
    cells = [p for t in document.tables for r in t.rows for c in r.cells for p in c.paragraphs]
    assert paragraphs
    for paragraph in paragraphs + [p for p in cells if p.text.strip()]:
        arabic = bool(ARABIC.search(paragraph.text))
        # Arabic text reads right to left; a line of names, numbers and addresses only is
        # one left-to-right piece at the right-hand edge (bidi would reorder its parts).
        assert (paragraph._p.pPr.find(qn("w:bidi")) is not None) == arabic, paragraph.text
        if not arabic:
            assert paragraph.alignment == WD_ALIGN_PARAGRAPH.RIGHT, paragraph.text
        for run in paragraph.runs:
            rtl = run._r.rPr.find(qn("w:rtl")) is not None
            assert rtl == bool(ARABIC.search(run.text)), run.text
            assert run._r.rPr.find(qn("w:lang")).get(qn("w:bidi")) == "ar-SA"
    assert any(ARABIC.search(p.text) for p in paragraphs)
    assert document.core_properties.language == "ar-SA"
    [converted] = libreoffice_to_pdf([docx], tmp_path)
    with pdfplumber.open(converted) as pdf:
        text = "".join(page.extract_text() or "" for page in pdf.pages)
    assert "KIM-NK-2026-0112" in text
    assert ARABIC.search(text)
    # The contact line in its own order, as LibreOffice shows it (was "(fiktiv) 000-401 02581").
    assert "02581 000-401 (fiktiv), fallmanagement.nordkreis@kreis" in text


@pytest.mark.slow
def test_the_german_agreement_stays_the_signed_original(sample: Path) -> None:
    original = Document(str(sample / "output/vereinbarungen/nordkreis/KIM-NK-2026-0112.docx"))
    assert not any(
        p._p.pPr is not None and p._p.pPr.find(qn("w:bidi")) is not None
        for p in original.paragraphs
    )
    copy = _output(sample, AGREEMENT, "ar", ".pdf")
    with pdfplumber.open(copy) as pdf:
        text = "".join(page.extract_text() or "" for page in pdf.pages)
    assert "Unterschriften" not in text


# ------------------------------------------------------------------ files and staleness


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    return copy_sample_project(tmp_path / "projekt")


def test_export_writes_a_po_file_next_to_the_source_that_is_no_document(
    project_copy: Path,
) -> None:
    project = load_project(project_copy)
    (project_copy / FLYER.with_suffix(".ar.po")).unlink()
    path, total, open_ = export(project, project_copy / FLYER, "ar")
    assert path == project_copy / FLYER.with_suffix(".ar.po")
    assert open_ < total  # the template's fixed texts ship translated
    catalog = polib.pofile(str(path))
    by_key = {e.msgctxt: e for e in catalog}
    assert by_key["titel"].msgid == "Einbürgerung"
    assert by_key["abschnitt-1.1"].msgid == "Sie leben schon lange in Deutschland."
    assert "quelle-hash:" in by_key["abschnitt-1.1"].comment
    fee = next(e for e in catalog if "{fakt:einbuergerung.gebuehr}" in e.msgid)
    assert "255" not in fee.msgid
    assert by_key["vorlage.woerter_buch"].msgstr == "قاموس الكلمات"
    assert "ungeprüft" in by_key["vorlage.woerter_buch"].tcomment
    assert "wort.aufenthalts_erlaubnis.erklärung" in by_key
    # The text explains „Einbürgerung“ itself („Das schwere Wort dafür ist: …“): no box, and
    # so nothing to translate for it.
    assert "wort.einbuergerung.erklärung" not in by_key
    # The catalog takes it as a translation of the flyer, not as a document of its own.
    catalog_ = load_catalog(project)
    assert path not in {e.path for e in catalog_.entries}
    assert translation_files(project_copy / FLYER)["ar"] == path
    assert is_input(path, project)  # the preview rebuilds when a translation changes


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.mark.slow
def test_one_changed_german_sentence_is_stale_in_every_language(project_copy: Path) -> None:
    project = load_project(project_copy)
    before = {(s.language, s.document.name): s for s in status(project)}
    assert all(not s.stale and not s.missing for s in before.values())
    _edit(
        project_copy / FLYER,
        "Dann können Sie einen Antrag stellen.",
        "Dann dürfen Sie einen Antrag stellen.",
    )
    after = [s for s in status(project) if s.document.name == FLYER.name]
    assert {s.language for s in after} == {"ar", "uk"}
    for state in after:
        assert state.stale == ["abschnitt-1.3"]
        assert state.missing == []
    report = build(project, [project_copy / FLYER], jobs=1)
    warnings = [p.message for r in report for p in r.problems]
    assert any("abschnitt-1.3" in m and "veraltet" in m for m in warnings)
    assert not report.failed
    # Exported again, the old German stays beside the translation and the entry is fuzzy.
    export(project, project_copy / FLYER, "ar")
    entry = polib.pofile(str(project_copy / FLYER.with_suffix(".ar.po"))).find(
        "Dann dürfen Sie einen Antrag stellen.", msgctxt="abschnitt-1.3"
    )
    assert entry is not None and entry.fuzzy and entry.msgstr
    assert entry.previous_msgid == "Dann können Sie einen Antrag stellen."


@pytest.mark.slow
def test_the_project_can_refuse_stale_translations(project_copy: Path) -> None:
    config = project_copy / "kimdocs.toml"
    config.write_text(
        config.read_text(encoding="utf-8") + '\n["übersetzung"]\nveraltete = "ablehnen"\n',
        encoding="utf-8",
    )
    project = load_project(project_copy)
    out = project_copy / "output"
    build(project, [project_copy / FLYER], jobs=1, formats=["pdf"])
    assert (out / "flyer/einbuergerung.ar.pdf").exists()
    _edit(
        project_copy / FLYER,
        "Fragen Sie uns dazu.",
        "Fragen Sie das Fall·management dazu.",
    )
    report = build(project, [project_copy / FLYER, project_copy / AGREEMENT], jobs=1)
    failed = {r.source.name: r for r in report if r.status == FAILED}
    assert set(failed) == {"einbuergerung.ar.po", "einbuergerung.uk.po"}
    message = failed["einbuergerung.ar.po"].problems[0].message
    assert "abschnitt-8.3" in message and "nicht veröffentlicht" in message
    # The stale translation is no longer published; the German still builds.
    assert not (out / "flyer/einbuergerung.ar.pdf").exists()
    assert (out / "flyer/einbuergerung.pdf").exists()
    assert (out / "vereinbarungen/nordkreis/KIM-NK-2026-0112.ar.pdf").exists()


@pytest.mark.slow
def test_a_new_fee_reaches_every_language_without_a_stale_segment(project_copy: Path) -> None:
    _edit(
        project_copy / "fakten.yaml",
        "gebuehr:\n  wert: 255\n",
        "gebuehr:\n  wert: 298\n",
    )
    project = load_project(project_copy)
    report = build(project, [project_copy / FLYER], jobs=1)
    assert not report.failed
    for lang in ("ar", "uk"):
        with pdfplumber.open(_output(project_copy, FLYER, lang, ".pdf")) as pdf:
            text = "".join(page.extract_text() or "" for page in pdf.pages)
        assert "298" in text and "255" not in text
    assert all(not s.stale for s in status(project))


@pytest.mark.slow
def test_a_dropped_placeholder_fails_naming_the_segment(project_copy: Path) -> None:
    po = project_copy / FLYER.with_suffix(".uk.po")
    _edit(po, "становить {fakt:einbuergerung.gebuehr}.", "становить 255 €.")
    project = load_project(project_copy)
    report = build(project, [project_copy / FLYER, project_copy / AGREEMENT], jobs=1)
    failed = [r for r in report if r.status == FAILED]
    assert [r.source for r in failed] == [po]
    problem = failed[0].problems[0]
    assert problem.file == po and problem.line is not None
    assert "abschnitt-7.3" in problem.message and "{fakt:einbuergerung.gebuehr}" in problem.message
    lines = po.read_text(encoding="utf-8").splitlines()
    assert lines[problem.line - 1] == 'msgstr "Для кожної особи збір становить 255 €."'
    assert lines[problem.line - 3] == 'msgctxt "abschnitt-7.3"'
    assert (project_copy / "output/flyer/einbuergerung.ar.pdf").exists()
    assert not (project_copy / "output/flyer/einbuergerung.uk.pdf").exists()


@pytest.mark.slow
def test_broken_po_syntax_names_file_and_line_and_the_rest_builds(project_copy: Path) -> None:
    po = project_copy / FLYER.with_suffix(".ar.po")
    lines = po.read_text(encoding="utf-8").splitlines()
    at = next(n for n, line in enumerate(lines) if line.startswith('msgctxt "abschnitt-2.1"'))
    lines.insert(at + 1, 'msgid "kaputt')  # an unclosed string
    project = load_project(project_copy)
    build(project, [project_copy / FLYER], jobs=1, formats=["pdf"])
    last_good = (project_copy / "output/flyer/einbuergerung.ar.pdf").read_bytes()
    po.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = build(project, [project_copy / FLYER, project_copy / AGREEMENT], jobs=1)
    failed = [r for r in report if r.status == FAILED]
    assert [r.source for r in failed] == [po]
    problem = failed[0].problems[0]
    assert "kein gültiges PO-Format" in problem.message
    assert problem.line is not None and abs(problem.line - (at + 2)) <= 1
    out = project_copy / "output"
    assert (out / "flyer/einbuergerung.pdf").exists()
    assert (out / "flyer/einbuergerung.uk.pdf").exists()
    assert (out / "vereinbarungen/nordkreis/KIM-NK-2026-0112.ar.pdf").exists()
    assert (out / "flyer/einbuergerung.ar.pdf").read_bytes() == last_good


@pytest.mark.slow
def test_a_deleted_translation_takes_its_outputs_along(project_copy: Path) -> None:
    project = load_project(project_copy)
    build(project, [project_copy / FLYER], jobs=1)
    out = project_copy / "output/flyer"
    assert (out / "einbuergerung.uk.html").exists()
    (project_copy / FLYER.with_suffix(".uk.po")).unlink()
    report = build(project, [project_copy / FLYER], jobs=1)
    assert not report.failed
    assert not (out / "einbuergerung.uk.pdf").exists()
    assert not (out / "einbuergerung.uk.html").exists()
    assert (out / "einbuergerung.ar.pdf").exists() and (out / "einbuergerung.pdf").exists()


@pytest.mark.slow
def test_a_project_publishes_only_the_languages_it_lists(project_copy: Path) -> None:
    config = project_copy / "kimdocs.toml"
    _edit(config, 'sprache = "de"\n', 'sprache = "de"\nsprachen = ["uk"]\n')
    report = build(load_project(project_copy), [project_copy / FLYER], jobs=1)
    assert not report.failed
    out = project_copy / "output/flyer"
    assert (out / "einbuergerung.uk.pdf").exists()
    assert not (out / "einbuergerung.ar.pdf").exists()


def test_translation_commands_speak_german(project_copy: Path, cli) -> None:  # type: ignore[no-untyped-def]
    result = cli(project_copy, "übersetzung", "status")
    assert result.exit_code == 0, result.output
    assert "einbuergerung.md – Arabisch (ar): 100 % übersetzt" in result.output
    result = cli(project_copy, "übersetzung", "exportieren", str(FLYER), "--sprache", "xx")
    assert result.exit_code == 1
    assert "Unbekannte Sprache „xx“" in result.output


@pytest.mark.slow
@pytest.mark.parametrize(
    ("lang", "title", "direction"),
    [("fa", "شهروندی آلمان", "rtl"), ("ti", "ዜግነት ጀርመን", "ltr"), ("tr", "Vatandaşlık", "ltr")],
)
def test_persian_tigrinya_and_turkish_letters_have_glyphs(
    project_copy: Path, lang: str, title: str, direction: str
) -> None:
    project = load_project(project_copy)
    path, _, _ = export(project, project_copy / FLYER, lang)
    catalog = polib.pofile(str(path))
    catalog.find("Einbürgerung", msgctxt="titel").msgstr = title
    catalog.save(str(path))
    report = build(project, [project_copy / FLYER], formats=["pdf", "html"], jobs=1)
    assert not report.failed
    pdf = _output(project_copy, FLYER, lang, ".pdf")
    ltr, rtl = _pdf_text(pdf)
    assert "(cid:" not in ltr and "\ufffd" not in ltr
    shown = rtl if direction == "rtl" else _visible(ltr)
    assert _visible(title) in shown
    # The shipped fixed texts of the language are used: the contact's heading.
    heading = polib.pofile(
        str(Path(__file__).parent.parent / "kimdocs/translation/texte" / f"{lang}.po")
    ).find("Hier bekommen Sie Hilfe", msgctxt="vorlage.hier_bekommen_sie_hilfe")
    assert heading is not None and _visible(heading.msgstr) in shown
    with pikepdf.open(pdf) as document:
        assert str(document.Root.Lang) == lang
    html = _output(project_copy, FLYER, lang, ".html").read_text(encoding="utf-8")
    assert f'<html lang="{lang}" dir="{direction}">' in html


def test_export_never_overwrites_a_broken_translation_file(project_copy: Path, cli) -> None:  # type: ignore[no-untyped-def]
    po = project_copy / FLYER.with_suffix(".ar.po")
    broken = po.read_text(encoding="utf-8").replace(
        'msgctxt "titel"', 'msgctxt "titel"\nmsgid "x', 1
    )
    po.write_text(broken, encoding="utf-8")
    result = cli(project_copy, "übersetzung", "exportieren", str(FLYER), "--sprache", "ar")
    assert result.exit_code == 1
    assert "einbuergerung.ar.po" in result.output and "kein gültiges PO-Format" in result.output
    assert po.read_text(encoding="utf-8") == broken
    press = "content/presse/2026-09-ausbildung.md"
    result = cli(project_copy, "übersetzung", "exportieren", press, "--sprache", "ar")
    assert result.exit_code == 1 and "werden nicht übersetzt" in result.output


def test_an_unfinished_translation_shows_the_german_with_its_facts(project_copy: Path) -> None:
    po = project_copy / FLYER.with_suffix(".ar.po")
    catalog = polib.pofile(str(po))
    entry = catalog.find(
        "Für jede Person ist die Gebühr {fakt:einbuergerung.gebuehr}.", msgctxt="abschnitt-7.3"
    )
    entry.msgstr = ""
    catalog.save(str(po))
    project = load_project(project_copy)
    report = build(project, [project_copy / FLYER], formats=["html"], jobs=1)
    warnings = [p.message for r in report for p in r.problems]
    assert any("Nicht übersetzt (Arabisch): abschnitt-7.3" in m for m in warnings)
    html = _output(project_copy, FLYER, "ar", ".html").read_text(encoding="utf-8")
    # The German sentence, its fee in the Leichte-Sprache wording of fakten.yaml, marked
    # German and isolated from the right-to-left order; no mark is left over.
    assert re.search(r'<bdi lang="de" dir="ltr">(?:<bdi[^>]*>)?Für jede Person', html)
    shown = re.sub(r"</?bdi[^>]*>", "", html)
    assert re.search(r"Für jede Person ist die Gebühr 255\s*Euro\.", shown)
    assert "{fakt:" not in html
    assert "\ue000" not in html and "\ue001" not in html


_ISOLATED = re.compile(r"<bdi\b[^>]*>(?:(?!<bdi\b).)*?</bdi>", re.DOTALL)
_NOT_TEXT = re.compile(r"<(style|title|script)\b.*?</\1>", re.DOTALL | re.IGNORECASE)


def _unisolated_text(html: str) -> str:
    """The page's text outside every ``<bdi>`` (innermost first) and outside the head."""
    html = _NOT_TEXT.sub(" ", html)
    while True:
        shorter = _ISOLATED.sub(" ", html)
        if shorter == html:
            break
        html = shorter
    return re.sub(r"<[^>]*>", " ", html)


@pytest.mark.slow
def test_latin_data_in_an_arabic_flyer_is_isolated_everywhere(sample: Path) -> None:
    html = _output(sample, FLYER, "ar", ".html").read_text(encoding="utf-8")
    text = _unisolated_text(html)
    # The sample mark stands in its own German paragraph; everything else Latin is isolated.
    text = text.replace(SAMPLE_MARK, " ")
    latin = re.findall(r"[A-Za-zÄÖÜäöüß@][\w.@-]*", text)
    assert latin == [], latin
    # Addresses are isolated left-to-right where their break points are set.
    assert '<bdi class="net-address" dir="ltr">fallmanagement.<wbr>ahlen@<wbr>' in html


def _fixed_german(lang: str) -> list[str]:
    """The German fixed texts of the flyer templates that have their own words in ``lang``."""
    from kimdocs.translation import fixed
    from kimdocs.translation.flyer_translation import FLYER_TEMPLATES
    from kimdocs.translation.segments import fixed_texts

    shipped = fixed.shipped(lang)
    return [s.text for s in fixed_texts(FLYER_TEMPLATES) if shipped.get(s.key, s.text) != s.text]


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["ar", "uk"])
def test_a_fully_translated_flyer_shows_no_german_template_text(sample: Path, lang: str) -> None:
    ltr, _ = _pdf_text(_output(sample, FLYER, lang, ".pdf"))
    shown = re.sub(r"\s+", " ", ltr)
    german = _fixed_german(lang)
    assert len(german) >= 25  # offices box, contacts, notes, explanations, about
    left = [text for text in german if PLACEHOLDER.sub("", text).strip(" :.?") in shown]
    assert left == [], left
    for label in ("Notizen", "Sie wohnen in", "Hier geben Sie den Antrag ab", "Rufen Sie"):
        assert label not in shown


@pytest.mark.slow
def test_email_addresses_read_in_their_order_from_the_arabic_pdf(sample: Path) -> None:
    # Lines by their glyphs' baseline: the Arabic font's full stops sit on the same line.
    lines = []
    with pdfplumber.open(_output(sample, FLYER, "ar", ".pdf")) as pdf:
        for page in pdf.pages:
            rows: dict[int, list[dict[str, Any]]] = {}
            for char in page.chars:
                rows.setdefault(round(char["matrix"][5]), []).append(char)
            lines += [
                "".join(str(c["text"]) for c in sorted(row, key=lambda c: float(c["x0"])))
                for row in rows.values()
            ]
    ltr = "\n".join(lines)
    for address in (
        "fallmanagement.ahlen@kreis.example",
        "fallmanagement.beckum@kreis.example",
        "einbuergerung@kreis.example",
    ):
        line = next((line for line in lines if address in line), None)
        assert line is not None, address
        # In the right-to-left line the Arabic label stands right of the address.
        assert ARABIC.search(line[line.index(address) + len(address) :]), line
    assert "example.kreis@" not in ltr and "example.ahlen@" not in ltr


CONSENT = Path("content/einwilligungen/nordkreis/KIM-NK-2026-0112-einwilligung-2026-03-04.md")


@pytest.mark.slow
def test_a_consent_form_is_exported_and_built_as_a_reading_copy(project_copy: Path) -> None:
    project = load_project(project_copy)
    path, total, open_ = export(project, project_copy / CONSENT, "ar")
    assert path == project_copy / CONSENT.with_suffix(".ar.po")
    catalog = polib.pofile(str(path))
    by_key = {e.msgctxt: e for e in catalog}
    assert by_key["titel"].msgid == (
        "Schweigepflichtentbindung und Einwilligung in die Datenverarbeitung"
    )
    # Every paragraph, list item and signature line of the German form is a segment.
    german = "\n".join(e.msgid for e in catalog)
    assert "Jobcenter Kreis Warendorf, Standort Telgte (Beispiel)" in german
    assert any(k.startswith("unterschrift-") for k in by_key)
    assert by_key["vorlage.ort_datum"].msgstr == "المكان، التاريخ"
    assert open_ < total
    by_key["titel"].msgstr = "إعفاء من واجب السرية وموافقة على معالجة البيانات"
    catalog.save(str(path))
    report = build(
        load_project(project_copy), [project_copy / CONSENT], formats=["pdf", "html"], jobs=1
    )
    assert not report.failed
    warnings = [p.message for r in report for p in r.problems]
    assert any("Nicht übersetzt (Arabisch)" in m for m in warnings)
    pdf = _output(project_copy, CONSENT, "ar", ".pdf")
    html = _output(project_copy, CONSENT, "ar", ".html").read_text(encoding="utf-8")
    assert '<html lang="ar" dir="rtl">' in html
    assert not _output(project_copy, CONSENT, "ar", ".docx").exists()
    _, rtl = _pdf_text(pdf)
    assert _visible("إعفاء من واجب السرية") in rtl
    assert _visible("الأصل هو الإقرار الألماني") in rtl  # the German form is the one signed
    with pikepdf.open(pdf) as doc:
        assert str(doc.Root.Lang) == "ar"
    # The untranslated paragraphs show the German, marked German and isolated.
    assert '<bdi lang="de" dir="ltr">' in html


@pytest.mark.slow
def test_an_a5_booklet_has_its_notes_pages_and_offices_in_the_translation(
    project_copy: Path,
) -> None:
    _edit(project_copy / FLYER, "layout: a4", "layout: a5-heft")
    # One source only: the Ukrainian text then does not fill its last sheet.
    text = (project_copy / FLYER).read_text(encoding="utf-8")
    text = re.sub(r"(quellen:\n  - [^\n]*\n)(?:  - [^\n]*\n)+", r"\1", text)
    (project_copy / FLYER).write_text(text, encoding="utf-8")
    report = build(load_project(project_copy), [project_copy / FLYER], formats=["pdf"], jobs=1)
    assert not report.failed
    # Notes pages fill the booklet to 4n.
    uk = _output(project_copy, FLYER, "uk", ".pdf")
    with pdfplumber.open(uk) as document:
        pages = [page.extract_text() or "" for page in document.pages]
    assert len(pages) % 4 == 0
    # A notes page: its heading under the running header with the review labels.
    notes = [n for n, text in enumerate(pages) if "Нотатки" in text.split("\n")[:4]]
    assert notes == list(range(len(pages) - len(notes), len(pages))) and 0 < len(notes) < 4
    assert not any("Notizen" in text for text in pages)
    ltr, rtl = _pdf_text(_output(project_copy, FLYER, "ar", ".pdf"))
    assert "Sie wohnen in" not in ltr and "Hier geben Sie den Antrag ab" not in ltr
    assert _visible("هنا تسلّمون الطلب") in rtl
