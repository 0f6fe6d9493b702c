from __future__ import annotations

import pytest

from kimdocs.text.markdown import is_safe_link, split_sections, to_html


def test_raw_html_is_escaped_not_rendered() -> None:
    html = to_html("Text <script>alert(1)</script> und <b>fett</b>")
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;" in html


@pytest.mark.parametrize(
    "url, safe",
    [
        ("https://www.bamf.de/x", True),
        ("mailto:kim@kreis.example", True),
        ("bilder/pass.png", True),
        ("#ziele", True),
        ("javascript:alert(1)", False),
        ("file:///etc/passwd", False),
        ("../../etc/passwd", False),
        ("/etc/passwd", False),
        ("//evil.example/x", False),
        ("data:text/html;base64,xx", False),
        ("http:/no-host", False),
    ],
)
def test_link_policy(url: str, safe: bool) -> None:
    assert is_safe_link(url) is safe


def test_unsafe_link_is_not_a_link_in_html() -> None:
    html = to_html("[x](javascript:alert(1))")
    assert "href" not in html


def test_sections_split_at_level_two_with_file_lines() -> None:
    body = "Intro\n\n## Ausgangslage\n\nA\n\n### Sprache\n\nB\n\n## Wünsche\n\nC\n"
    result = split_sections(body, first_line=10)
    assert result.intro == "Intro"
    assert [(s.title, s.slug, s.line) for s in result.sections] == [
        ("Ausgangslage", "ausgangslage", 12),
        ("Wünsche", "wuensche", 20),
    ]
    assert "### Sprache" in result.sections[0].markdown
    assert "<h3>Sprache</h3>" in result.sections[0].html


def test_heading_inside_code_block_is_not_a_section() -> None:
    result = split_sections("```\n## kein Abschnitt\n```\n\n## Echt\n\nx\n")
    assert [s.title for s in result.sections] == ["Echt"]


def test_duplicate_section_titles_get_distinct_slugs() -> None:
    result = split_sections("## Ziel\n\na\n\n## Ziel\n\nb\n")
    assert [s.slug for s in result.sections] == ["ziel", "ziel_2"]
