"""Property tests: random front matter and Markdown never end in a traceback."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import yaml
from docx import Document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kimdocs.base.errors import KimdocsError
from kimdocs.build.run import build
from kimdocs.kinds import load_document
from kimdocs.project import load_project
from kimdocs.text.markdown import split_sections, to_html
from kimdocs.word.from_markdown import add_markdown
from tests.conftest import PROJECTS

KEYS = [
    "art",
    "typ",
    "fall_id",
    "bezirk",
    "datum",
    "überprüfung",
    "klient",
    "name",
    "ziele",
    "ziel",
    "schritte",
    "frist",
    "bis",
    "was",
    "wer",
    "status",
    "datenschutz",
    "informiert_am",
    "teilnehmende",
    "organisation",
    "schweigepflichtentbindung",
    "organisationen",
    "gültig_bis",
    "beginn",
    "maßnahmen",
]
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=True),
    st.text(max_size=30),
    st.sampled_from(
        [
            "vereinbarung",
            "protokoll",
            "2026-02-30",
            "31.12.2026",
            "10:30",
            "mitte",
            "ja",
            "Sprache",
            "{{ 7*7 }}",
        ]
    ),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=8), inner, max_size=5),
    ),
    max_leaves=20,
)
front_matter = st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=10), values, max_size=8)
markdown_text = st.lists(
    st.sampled_from(
        [
            *"ab #*_-+>|`[]()!\\\n1.:",
            "ä",
            "أ",
            "😀",
            "\t",
            "<b>",
            "\n\n",
            "## ",
            "[x](https://a.example)",
            "![b](b.png)",
            "| a | b |\n|---|---|\n",
        ]
    ),
    max_size=120,
).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(meta=front_matter, body=markdown_text)
def test_random_front_matter_is_loaded_or_rejected_cleanly(
    tmp_path_factory: Any, meta: dict[str, Any], body: str
) -> None:
    project = load_project(PROJECTS / "basic")
    folder = tmp_path_factory.mktemp("zufall")
    path = folder / "zufall.md"
    text = "---\n" + yaml.safe_dump(meta, allow_unicode=True) + "---\n" + body
    path.write_text(text, encoding="utf-8")
    try:
        load_document(path, project)
    except KimdocsError as exc:
        assert exc.problems and all(p.message for p in exc.problems)


@settings(max_examples=150, deadline=None)
@given(raw=st.binary(max_size=200))
def test_random_bytes_are_loaded_or_rejected_cleanly(tmp_path_factory: Any, raw: bytes) -> None:
    project = load_project(PROJECTS / "basic")
    path = tmp_path_factory.mktemp("bytes") / "zufall.md"
    path.write_bytes(b"---\n" + raw)
    try:
        load_document(path, project)
    except KimdocsError as exc:
        assert exc.problems


@settings(max_examples=200, deadline=None)
@given(body=markdown_text)
def test_random_markdown_converts_to_html_and_docx(body: str) -> None:
    html = to_html(body)
    assert "<b>" not in html  # raw HTML stays text
    split_sections(body)
    doc = Document()
    add_markdown(doc, body)
    buffer = io.BytesIO()
    doc.save(buffer)
    Document(io.BytesIO(buffer.getvalue()))  # the result opens again


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(name=st.text(min_size=1, max_size=40).filter(lambda s: s.strip()))
def test_any_client_name_renders_escaped(tmp_path: Path, name: str) -> None:
    import shutil

    root = tmp_path / "p"
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(PROJECTS / "basic", root)
    quoted = yaml.safe_dump(name, allow_unicode=True).removesuffix("\n...\n").strip()
    # The agreement and the signed release of the case name the same client.
    for source in (
        root / "content" / "vereinbarungen" / "T-0001-sonderzeichen.md",
        root / "content" / "einwilligungen" / "T-0001-einwilligung-2026-03-02.md",
    ):
        text = source.read_text(encoding="utf-8")
        client = """  name: Amal O'Hara & أمل <Test> "Probe" (fiktiv)"""
        assert client in text
        source.write_text(text.replace(client, f"  name: {quoted}"), encoding="utf-8")
    results = build(load_project(root), formats=["html", "docx"], force=True)
    assert len(results) == 2
    for result in results:
        if not result.ok:  # a name of only control characters is empty after cleaning
            assert any("name" in (p.field or "") for p in result.problems), result.problems
            continue
        html = next(p for p in result.outputs if p.suffix == ".html").read_text(encoding="utf-8")
        assert "<script" not in html.lower() or "&lt;script" in html.lower()
