"""Translations that state what the original states (#28, point 4): each hostile or broken
translation file is refused or reported with its file and line, and the German original
always builds; escaping happens once."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from kimdocs.build.run import build
from kimdocs.project import load_project
from kimdocs.translation.faithful import differences, numbers
from tests.conftest import copy_sample_project
from tests.outputs import docx_text, pdf_text

FLYER = Path("content/flyer/einbuergerung.md")
AGREEMENT = Path("content/vereinbarungen/nordkreis/KIM-NK-2026-0112.md")
FEE = 'msgstr "تبلغ الرسوم لكل شخص {fakt:einbuergerung.gebuehr}."'
QUOTA = "بنسبة حضور لا تقل عن 80 % في القسم"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_sample_project(tmp_path / "projekt")


def _edit(path: Path, old: str, new: str) -> int:
    """Replace ``old`` by ``new``; the line it is on."""
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def _build(root: Path, *sources: Path) -> dict[Path, list[str]]:
    report = build(load_project(root), [root / s for s in sources], jobs=1)
    return {r.source: [p.format(root) for p in r.problems if p.is_error] for r in report}


def _refused_only(root: Path, po: Path, line: int, words: str, source: Path = FLYER) -> None:
    """The translation file fails with ``words`` at ``line``; the German and the other
    languages are written."""
    errors = _build(root, source)
    failed = {s: e for s, e in errors.items() if e}
    assert list(failed) == [po], errors
    assert any(f"{po.relative_to(root)}:{line}: " in e and words in e for e in failed[po]), failed
    stem = root / "output" / source.relative_to("content").with_suffix("")
    assert stem.with_suffix(".pdf").exists()
    assert not stem.with_name(f"{stem.name}.ar.pdf").exists()


def test_a_bidi_override_is_refused_with_its_line(project: Path) -> None:
    """U+202E around the fee showed "552 €" for 255 € in the built PDF."""
    po = project / FLYER.with_suffix(".ar.po")
    line = _edit(po, FEE, FEE.replace("{fakt", "\u202e{fakt").replace("}.", "}\u202c."))
    _refused_only(project, po, line, "U+202E RIGHT-TO-LEFT OVERRIDE")


@pytest.mark.parametrize("char", ["\u2067", "\u200b", "\u00ad", "\U000e0041"])
def test_other_hiding_characters_are_refused(project: Path, char: str) -> None:
    po = project / FLYER.with_suffix(".ar.po")
    line = _edit(po, FEE, FEE.replace("الرسوم", f"ال{char}رسوم"))
    _refused_only(project, po, line, "unsichtbares Steuerzeichen")


def test_marks_that_arabic_and_persian_need_stay(project: Path) -> None:
    po = project / FLYER.with_suffix(".ar.po")
    _edit(po, FEE, FEE.replace("الرسوم", "الرسوم\u200f\u061c\u200c\u200d"))
    assert not any(_build(project, FLYER).values())


def test_a_changed_number_is_refused(project: Path) -> None:
    po = project / AGREEMENT.with_suffix(".ar.po")
    line = _edit(po, QUOTA, QUOTA.replace("80 %", "8 %"))
    _refused_only(project, po, line, "es fehlt die Zahl 80", AGREEMENT)
    assert "die Zahl 8 steht nicht im deutschen Text" in _build(project, AGREEMENT)[project / po][0]


def test_numbers_in_arabic_indic_digits_are_the_same_numbers(project: Path) -> None:
    po = project / AGREEMENT.with_suffix(".ar.po")
    _edit(po, QUOTA, QUOTA.replace("80 %", "٨٠ ٪"))
    assert not any(_build(project, AGREEMENT).values())


def test_a_fact_hidden_in_a_link_is_refused(project: Path) -> None:
    po = project / FLYER.with_suffix(".ar.po")
    hidden = 'msgstr "تبلغ [الرسوم](https://x.example/?{fakt:einbuergerung.gebuehr}) لكل شخص."'
    line = _edit(po, FEE, hidden)
    _refused_only(
        project, po, line, "in der Adresse eines Links steht {fakt:einbuergerung.gebuehr}"
    )


def test_a_remote_picture_in_a_translation_never_fails_the_german(project: Path) -> None:
    po = project / FLYER.with_suffix(".ar.po")
    line = _edit(po, FEE, FEE.replace("}.", "}. ![x](https://x.example/zaehlpixel.png)"))
    _refused_only(project, po, line, "der Link auf https://x.example/zaehlpixel.png")


def test_an_unclosed_quote_names_its_line_and_export_keeps_the_file(
    project: Path, cli: Callable[..., Result]
) -> None:
    """polib read past it and lost a character; ``übersetzung exportieren`` then rewrote
    the file."""
    po = project / FLYER.with_suffix(".ar.po")
    line = _edit(po, FEE, FEE.removesuffix('"'))
    before = po.read_bytes()
    _refused_only(project, po, line, "ein Anführungszeichen wird nicht geschlossen")
    result = cli(project, "übersetzung", "exportieren", str(FLYER), "--sprache", "ar")
    assert result.exit_code == 1 and f"einbuergerung.ar.po:{line}: Fehler" in result.output
    assert po.read_bytes() == before


def test_a_link_out_of_the_project_is_not_published(project: Path, tmp_path: Path) -> None:
    po = project / FLYER.with_suffix(".ar.po")
    outside = tmp_path / "fremd.ar.po"
    outside.write_bytes(po.read_bytes())
    po.unlink()
    po.symlink_to(outside)
    errors = _build(project, FLYER)
    assert any("Verknüpfung auf eine Datei außerhalb des Projekts" in e for e in errors[po])
    assert (project / "output/flyer/einbuergerung.pdf").exists()
    assert not (project / "output/flyer/einbuergerung.ar.pdf").exists()


def test_a_translation_that_became_a_folder_is_reported_and_its_output_stays(
    project: Path,
) -> None:
    assert not any(_build(project, FLYER).values())
    published = project / "output/flyer/einbuergerung.ar.pdf"
    before = published.read_bytes()
    po = project / FLYER.with_suffix(".ar.po")
    po.unlink()
    po.mkdir()
    errors = _build(project, FLYER)
    assert any("ist ein Ordner, keine Datei" in e for e in errors[po]), errors
    assert published.read_bytes() == before  # not removed without a word


def test_escaping_happens_once(project: Path) -> None:
    po = project / FLYER.with_suffix(".ar.po")
    _edit(po, FEE, FEE.replace("الرسوم", "الرسوم & <رسوم>"))
    agreement_po = project / AGREEMENT.with_suffix(".ar.po")
    _edit(agreement_po, 'msgstr "اتفاقية الاندماج"', 'msgstr "اتفاقية & <الاندماج>"')
    assert not any(_build(project, FLYER, AGREEMENT).values())
    out = project / "output"
    html = (out / "flyer/einbuergerung.ar.html").read_text(encoding="utf-8")
    assert "الرسوم &amp; &lt;رسوم&gt;" in html and "&amp;amp;" not in html
    # The PDF's text comes back in visual order; the line of the fee has the signs as such
    # (255 € stands twice in the flyer: the fee and the upper end of a refusal's fee).
    lines = pdf_text(out / "flyer/einbuergerung.ar.pdf").splitlines()
    [fee] = [ln for ln in lines if "255" in ln and "رسوم" in ln and "<" in ln]
    assert "&" in fee and "amp;" not in fee and "lt;" not in fee, fee
    copy = out / "vereinbarungen/nordkreis/KIM-NK-2026-0112.ar"
    assert "اتفاقية & <الاندماج>" in docx_text(copy.with_name(f"{copy.name}.docx"))
    assert "amp;" not in pdf_text(copy.with_name(f"{copy.name}.pdf"))


def test_a_translation_that_fails_to_render_leaves_the_german_and_its_last_output(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whatever breaks in making a translation (here: its PDF), the German is written and
    the translation's last good files stay."""
    assert not any(_build(project, FLYER).values())
    out = project / "output/flyer"
    arabic = (out / "einbuergerung.ar.pdf").read_bytes()
    import kimdocs.render.pdf

    real = kimdocs.render.pdf.pdf_output

    def broken(job):  # type: ignore[no-untyped-def]
        if job.doc.output_stem.name.endswith(".ar"):
            raise RuntimeError("kaputt")
        return real(job)

    monkeypatch.setattr(kimdocs.render.pdf, "pdf_output", broken)
    (project / FLYER).write_text(
        (project / FLYER).read_text(encoding="utf-8") + "\n", encoding="utf-8"
    )
    german_before = os.stat(out / "einbuergerung.pdf").st_mtime_ns
    errors = _build(project, FLYER)
    po = project / FLYER.with_suffix(".ar.po")
    assert [s for s, e in errors.items() if e] == [po], errors
    assert any("Unerwarteter Fehler beim Erzeugen der Übersetzung" in e for e in errors[po])
    assert os.stat(out / "einbuergerung.pdf").st_mtime_ns != german_before
    assert (out / "einbuergerung.ar.pdf").read_bytes() == arabic


def test_numbers_by_value() -> None:
    assert numbers("1.000,50 € am 01.02.2026 um 9:30") == numbers("2026/2/1 ، 1,000.50 € ، 9:30")
    assert numbers("{fakt:gebuehr2} kostet 255 €") == numbers("255 €")
    assert not differences("Es gibt 2 Pässe.", "Є 2 паспорти.")
    changed = differences("Mindestens 80 % Anwesenheit.", "Mindestens 8 % Anwesenheit.")
    assert changed.lost == ["80"] and changed.added == ["8"]
    link = differences("Siehe [hier](https://a.example/).", "Siehe [hier](https://b.example/).")
    assert link.links_lost == ["https://a.example/"] and link.links_added == ["https://b.example/"]
    assert numbers("9" * 5000) == numbers("9" * 5000)  # no integer limit
