"""Nothing outside the project is read, fetched or attached; no payload is evaluated."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pikepdf
import pytest
from click.testing import Result

from tests.outputs import docx_text, pdf_text

PAYLOAD = "{{ 7*7 }}{% for x in range(3) %}x{% endfor %}{{ config }}"


def _template(basic: Path, markup: str) -> None:
    (basic / "templates").mkdir(exist_ok=True)
    (basic / "templates" / "agreement.html").write_text(
        '{% extends "default/agreement.html" %}{% block closing_note %}'
        + markup
        + "{% endblock %}",
        encoding="utf-8",
    )


@pytest.mark.parametrize(
    "markup, shown",
    [
        ('<img src="file:///etc/passwd" alt="x">', "/etc/passwd"),
        ("<style>p { background: url(file:///etc/hostname); }</style>", "/etc/hostname"),
        ('<link rel="attachment" href="file:///etc/passwd">', "/etc/passwd"),
        ('<img src="http://127.0.0.1:9/x.png" alt="x">', "http://127.0.0.1:9/x.png"),
        ("<style>@import url(https://example.org/x.css);</style>", "https://example.org/x.css"),
    ],
)
def test_templates_cannot_reach_outside_the_project(
    basic: Path, cli: Callable[..., Result], markup: str, shown: str
) -> None:
    _template(basic, markup)
    result = cli(basic, "build", "-f", "pdf")
    assert result.exit_code == 1
    assert "PDF-Erzeugung" in result.output and shown in result.output
    assert not (basic / "output" / "vereinbarungen" / "sonderzeichen.pdf").exists()


def test_no_attachment_and_no_foreign_text_in_a_good_pdf(
    basic: Path, cli: Callable[..., Result]
) -> None:
    assert cli(basic, "build", "-f", "pdf").exit_code == 0
    pdf = basic / "output" / "vereinbarungen" / "sonderzeichen.pdf"
    with pikepdf.open(pdf) as doc:
        assert "/EmbeddedFiles" not in doc.Root.get("/Names", {})
        assert not doc.attachments
    assert "root:x:0" not in pdf_text(pdf)


def test_payload_in_every_field_stays_literal(
    basic: Path, cli: Callable[..., Result], write_agreement: Callable[..., Path]
) -> None:
    quoted = f'"{PAYLOAD}"'
    write_agreement(
        "nutzlast",
        {
            "  name: Test Person (fiktiv)": f"  name: {quoted}\n  sprache: {quoted}",
            "  name: Frida Fallbeispiel": f"  name: {quoted}\n  stelle: {quoted}",
            "  - ziel: Ein Ziel": f"  - ziel: {quoted}",
            "    indikator: Ein Nachweis": f"    indikator: {quoted}",
            "      - was: Ein Schritt": f"      - was: {quoted}",
            "        wer: Klient": f"        wer: {quoted}",
            "Text.": PAYLOAD,
        },
    )
    result = cli(basic, "build", "content/vereinbarungen/nutzlast.md", "-f", "pdf,docx,html")
    assert result.exit_code == 0, result.output
    out = basic / "output" / "vereinbarungen"
    docx = docx_text(out / "nutzlast.docx")
    assert docx.count(PAYLOAD) >= 7
    html = (out / "nutzlast.html").read_text(encoding="utf-8")
    assert html.count(PAYLOAD) >= 7 and "xxx" not in html and ">49<" not in html
    assert "".join(PAYLOAD.split()) in "".join(pdf_text(out / "nutzlast.pdf").split())
