"""The legal review record beside each flyer and block, and the label it puts on every page."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pdfplumber
import polib
import pytest
import yaml
from pypdf import PdfReader

from kimdocs.build.run import build
from kimdocs.kinds import load_document
from kimdocs.kinds.flyer import legal_state
from kimdocs.knowledge.block_review import block_statements
from kimdocs.knowledge.review_record import (
    DRAFT,
    LEGAL,
    RECORD_SUFFIX,
    SIGNED,
    load_record,
    normal,
    record_path,
    review_state,
)
from kimdocs.knowledge.store import load_knowledge
from kimdocs.project import load_project
from kimdocs.translation.fixed import TEXTS_DIR
from tests.conftest import REPO, copy_sample_project
from tests.outputs import squash

FLYERS = (
    "einbuergerung",
    "niederlassungserlaubnis",
    "bleiberecht-junge-menschen",
    "bleiberecht-gute-integration",
)
# What a source of a legal statement looks like: a paragraph, an article or a gazette.
CITED = re.compile(r"§|Art\.|BGBl|Drucksache|BT-Drs|https?://")
REVIEWER = "Dr. Rita Rechtsbeispiel (fiktiv)"


def fixed_text(language: str, german: str) -> str:
    """A label as the shipped translation says it."""
    if language == "de":
        return german
    catalog = polib.pofile(str(TEXTS_DIR / f"{language}.po"))
    found = catalog.find(german)
    assert found is not None and found.msgstr, (language, german)
    return str(found.msgstr)


def page_texts(path: Path) -> list[str]:
    """Each page's text. German and Ukrainian from the page's top margin (pdfplumber: the
    running header is there); Arabic from the whole page in reading order (pypdf: pdfplumber
    gives right-to-left text in the order it is drawn)."""
    if path.name.endswith(".ar.pdf"):
        return [squash(p.extract_text() or "") for p in PdfReader(str(path)).pages]
    with pdfplumber.open(path) as pdf:
        return [
            squash(page.crop((0, 0, page.width, page.height * 0.1)).extract_text() or "")
            for page in pdf.pages
        ]


def has_label(text: str, label: str, language: str) -> bool:
    """Whether a page's text holds the label. Arabic text comes out in reading order, but a
    dash or a Latin name inside it moves the parts around: each part must be there."""
    if language != "ar":
        return squash(label) in text
    parts = re.split(r"\s[–-]\s", label)
    return all(squash(part) in text for part in parts if part.strip())


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_sample_project(tmp_path_factory.mktemp("legal") / "p")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("kimdocs.base.dates.today", lambda: dt.date(2026, 1, 1))
        results = build(load_project(root), [root / "content" / "flyer"], formats=["pdf"])
    assert all(r.ok for r in results)
    return root


# --- the records in the repository -----------------------------------------------------


@pytest.mark.parametrize("name", FLYERS)
def test_every_flyer_record_lists_each_printed_statement_with_a_source(name: str) -> None:
    project = load_project(REPO)
    doc = load_document(REPO / "content" / "flyer" / f"{name}.md", project)
    state = legal_state(doc, project)
    assert state.record is not None and not state.problems
    assert state.missing == [] and state.stale == [], (state.missing, state.stale)
    assert state.record.legal_status == doc.fields.as_of
    for statement in state.record.statements:
        assert statement.checked_on is not None, statement.wording
        if statement.verdict in LEGAL:
            assert CITED.search(statement.source), statement.wording
        if statement.verdict == "offen":  # not confirmed at a primary source: it says why
            assert statement.note.strip(), statement.wording
        assert statement.verdict != "falsch", statement.wording
    # Nobody has signed: the project prepared the records, a lawyer has not reviewed them.
    assert state.record.sign_off is None and state.label == DRAFT
    # The record knows what the reviewer found missing for the whole flyer.
    assert state.record.note.strip()


def test_the_records_name_the_facts_and_laws_they_rest_on() -> None:
    record, _, problems = load_record(REPO / "content" / "flyer" / f"einbuergerung{RECORD_SUFFIX}")
    assert record is not None and not problems
    by_wording = {normal(s.wording): s for s in record.statements}
    fee = by_wording["Für jede Person ist die Gebühr 255 Euro."]
    assert fee.verdict == "richtig" and "§ 38 Abs. 2" in fee.source
    bar = by_wording["Dann müssen Sie 10 Jahre warten."]
    assert bar.verdict == "offen" and "Bundesgesetzblatt" in bar.note


def test_every_block_record_lists_its_sentences() -> None:
    project = load_project(REPO)
    knowledge = load_knowledge(project)
    assert len(knowledge.blocks) == 4
    for name, block in knowledge.blocks.items():
        path = record_path(block.source.path)
        state = review_state(path, block_statements(block, knowledge), block.fields.as_of)
        assert state.record is not None, name
        assert state.missing == [] and state.stale == [], (name, state.missing, state.stale)
        for statement in state.record.statements:
            if statement.verdict in LEGAL:
                assert CITED.search(statement.source), (name, statement.wording)


def test_a_record_is_validated_on_its_lines(tmp_path: Path) -> None:
    root = copy_sample_project(tmp_path / "p")
    path = root / "content" / "flyer" / f"einbuergerung{RECORD_SUFFIX}"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("bewertung: richtig", "bewertung: stimmt", 1), "utf-8")
    record, _, problems = load_record(path)
    assert record is None and problems
    assert "bewertung" in problems[0].message or problems[0].field
    assert problems[0].line is not None and problems[0].line > 1


# --- the page label follows the record, on every page ----------------------------------


@pytest.mark.parametrize(
    ("name", "languages"),
    [
        ("einbuergerung", ("de", "ar", "uk")),  # A4
        ("niederlassungserlaubnis", ("de",)),  # A5 booklet
        ("bleiberecht-junge-menschen", ("de",)),
        ("bleiberecht-gute-integration", ("de",)),  # DIN-lang: a label on each sheet
    ],
)
def test_an_unsigned_flyer_says_draft_on_every_page(
    sample: Path, name: str, languages: tuple[str, ...]
) -> None:
    for language in languages:
        suffix = "" if language == "de" else f".{language}"
        pages = page_texts(sample / "output" / "flyer" / f"{name}{suffix}.pdf")
        draft = fixed_text(language, DRAFT)
        signed = fixed_text(language, SIGNED).split("{")[0]
        assert len(pages) > 1
        for number, text in enumerate(pages, 1):
            assert has_label(text, draft, language), (name, language, number)
            assert not has_label(text, signed, language), (name, language, number)


def _sign(root: Path, name: str, day: str) -> None:
    """What the reviewer does, faked: confirms the open points and signs."""
    path = root / "content" / "flyer" / f"{name}{RECORD_SUFFIX}"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for statement in data["aussagen"]:
        if statement["bewertung"] == "offen":
            statement["bewertung"] = "richtig"
            statement["quelle"] = "Gesetzesbeschluss (Testannahme, fiktiv)"
    data["freigabe"] = {"von": REVIEWER, "am": dt.date.fromisoformat(day)}
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")


def test_a_signed_record_labels_every_page_until_a_statement_changes(tmp_path: Path) -> None:
    root = copy_sample_project(tmp_path / "p")
    flyer = root / "content" / "flyer" / "einbuergerung.md"
    _sign(root, "einbuergerung", "2026-12-08")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("kimdocs.base.dates.today", lambda: dt.date(2026, 1, 1))
        [signed] = build(load_project(root), [flyer], formats=["pdf"])
    assert signed.ok and not [p for p in signed.problems if "rechtspruefung" in str(p.file)]
    for language, date in (("de", "08.12.2026"), ("uk", "08.12.2026"), ("ar", "08.12.2026")):
        suffix = "" if language == "de" else f".{language}"
        label = fixed_text(language, SIGNED)
        pages = page_texts(root / "output" / "flyer" / f"einbuergerung{suffix}.pdf")
        for number, text in enumerate(pages, 1):
            if language == "ar":  # a Latin name inside Arabic: compare its parts
                words = [w for w in re.split(r"\{[^}]*\}", label) if w.strip()]
                assert all(squash(w) in text for w in [*words, REVIEWER, date]), number
            else:
                assert squash(label.format(von=REVIEWER, datum=date)) in text, (language, number)
            assert not has_label(text, fixed_text(language, DRAFT), language), (language, number)
    # A new fee is a new statement nobody has reviewed: the flyer is a draft again.
    facts = root / "fakten.yaml"
    text = facts.read_text(encoding="utf-8")
    facts.write_text(
        text.replace(
            "einbuergerung.gebuehr:\n  wert: 255\n", "einbuergerung.gebuehr:\n  wert: 300\n"
        ),
        encoding="utf-8",
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("kimdocs.base.dates.today", lambda: dt.date(2026, 1, 1))
        [changed] = build(load_project(root), [flyer], formats=["pdf"])
    assert changed.ok
    messages = " ".join(p.message for p in changed.problems)
    assert "„Für jede Person ist die Gebühr 300 Euro.“" in messages
    for language in ("de", "uk", "ar"):
        suffix = "" if language == "de" else f".{language}"
        pages = page_texts(root / "output" / "flyer" / f"einbuergerung{suffix}.pdf")
        draft = fixed_text(language, DRAFT)
        assert all(has_label(text, draft, language) for text in pages), language
        assert not any(squash(REVIEWER) in text for text in pages), language


def test_a_sign_off_before_the_last_check_does_not_count(tmp_path: Path) -> None:
    root = copy_sample_project(tmp_path / "p")
    _sign(root, "einbuergerung", "2026-12-01")  # the statements were checked on 07.12.
    project = load_project(root)
    doc = load_document(root / "content" / "flyer" / "einbuergerung.md", project)
    state = legal_state(doc, project)
    assert state.complete and state.signed is None and state.label == DRAFT
