"""The one sentence splitter: its decisions, and the checker and the printed flyer agreeing."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kimdocs.checking.easy_checker import check_body
from kimdocs.easy_language.text import blocks
from kimdocs.kinds import load_document
from kimdocs.project import load_project
from kimdocs.text.easy_text import easy_html
from kimdocs.text.sentences import ABBREVIATIONS, BEFORE_NUMBER, split_sentences
from tests.conftest import REPO

FLYERS = sorted((REPO / "content" / "flyer").glob("*.md"))


def sentences(text: str, line_ends_sentence: bool = False) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text, line_ends_sentence)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Abbreviations and initials end nothing, whatever follows.
        (
            "Sie brauchen z. B. Ihren Pass. Das Amt hilft.",
            ["Sie brauchen z. B. Ihren Pass.", "Das Amt hilft."],
        ),
        ("Das gilt z.B. Montags. Dann nicht.", ["Das gilt z.B. Montags.", "Dann nicht."]),
        ("Sie zahlen, d. h. Sie geben Geld.", ["Sie zahlen, d. h. Sie geben Geld."]),
        ("Es kommen u. a. Kinder.", ["Es kommen u. a. Kinder."]),
        ("Frida F. Meier und Dr. Kaya kommen.", ["Frida F. Meier und Dr. Kaya kommen."]),
        ("Hr. Weber und Fr. Kaya sind da.", ["Hr. Weber und Fr. Kaya sind da."]),
        ("Es kostet ca. 5 Euro.", ["Es kostet ca. 5 Euro."]),
        (
            "Lesen Sie S. 3 und Nr. 5. Dann wissen Sie es.",
            ["Lesen Sie S. 3 und Nr. 5.", "Dann wissen Sie es."],
        ),
        # Laws: "Art. 3", "§ 10 Abs. 1"; "Art." without a number is the noun.
        ("Das steht in Art. 3 des Gesetzes.", ["Das steht in Art. 3 des Gesetzes."]),
        ("Das ist eine neue Art. Sie hilft.", ["Das ist eine neue Art.", "Sie hilft."]),
        ("Das steht in § 10 Abs. 1 StAG. Es gilt.", ["Das steht in § 10 Abs. 1 StAG.", "Es gilt."]),
        # Ordinals and dates.
        ("Der Termin ist am 1. Februar 2026.", ["Der Termin ist am 1. Februar 2026."]),
        (
            "Das Gesetz gilt seit dem 27. Juni 2024. Es ist neu.",
            ["Das Gesetz gilt seit dem 27. Juni 2024.", "Es ist neu."],
        ),
        ("Ihr Kind ist in der 3. Klasse.", ["Ihr Kind ist in der 3. Klasse."]),
        # A number before the dot ends the sentence where no ordinal can stand.
        (
            "Sie sind 18. 5 Jahre später sind Sie 23 …",
            ["Sie sind 18.", "5 Jahre später sind Sie 23 …"],
        ),
        ("Sie sind 18. Sie dürfen wählen.", ["Sie sind 18.", "Sie dürfen wählen."]),
        ("Das war 2024. Im Mai kam das Gesetz.", ["Das war 2024.", "Im Mai kam das Gesetz."]),
        ("Rufen Sie 02581 000. Wir helfen.", ["Rufen Sie 02581 000.", "Wir helfen."]),
        # "usw." and "etc." close a list.
        (
            "Sie brauchen Pass, Foto usw. Das Amt hilft.",
            ["Sie brauchen Pass, Foto usw.", "Das Amt hilft."],
        ),
        # A colon ends a sentence only where the author breaks the line.
        ("Das heißt: Sie dürfen bleiben.", ["Das heißt: Sie dürfen bleiben."]),
        ("Das heißt:\nSie dürfen bleiben.", ["Das heißt:", "Sie dürfen bleiben."]),
        ("Rufen Sie an: 02581 000-000.", ["Rufen Sie an: 02581 000-000."]),
        ("Um 9:30 Uhr. Dann geht es los.", ["Um 9:30 Uhr.", "Dann geht es los."]),
        # Question and exclamation marks, ellipsis, quotes.
        ("Kommen Sie? Ja! Wir warten.", ["Kommen Sie?", "Ja!", "Wir warten."]),
        ("Was? nein, das geht.", ["Was? nein, das geht."]),
        ("Wir warten … Dann geht es los.", ["Wir warten …", "Dann geht es los."]),
        ("Wir warten... Dann geht es los.", ["Wir warten...", "Dann geht es los."]),
        ("Wir warten … und warten.", ["Wir warten … und warten."]),
        ("Er sagt: „Komm.“ Dann geht er.", ["Er sagt: „Komm.“", "Dann geht er."]),
        ("Das ist gut. „Wir kommen“, sagt er.", ["Das ist gut.", "„Wir kommen“, sagt er."]),
        (
            "Lesen Sie das (Seite 3). Dann gehen Sie.",
            ["Lesen Sie das (Seite 3).", "Dann gehen Sie."],
        ),
        # Addresses and numbers with dots inside are no sentence ends.
        (
            "Schreiben Sie an kim@kreis.example. Wir antworten.",
            ["Schreiben Sie an kim@kreis.example.", "Wir antworten."],
        ),
        ("Das war am 01.02.2026 im Amt.", ["Das war am 01.02.2026 im Amt."]),
    ],
)
def test_splitter_decides(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # One sentence per line is the house style: a line end after a mark ends it …
        ("Sie lesen Satz 1.\nSie lesen Satz 2.", ["Sie lesen Satz 1.", "Sie lesen Satz 2."]),
        ("Zum Beispiel:\nPass und Foto.", ["Zum Beispiel:", "Pass und Foto."]),
        ("Wirklich?\nja.", ["Wirklich?", "ja."]),
        # … but hard-wrapped prose goes on after abbreviations, ordinals and plain words.
        ("Das gilt z. B.\nfür Kinder.", ["Das gilt z. B.\nfür Kinder."]),
        ("Der Termin ist am 1.\nFebruar 2026.", ["Der Termin ist am 1.\nFebruar 2026."]),
        (
            "Seit der Reform im Juni\n2024 ist alles neu.",
            ["Seit der Reform im Juni\n2024 ist alles neu."],
        ),
        (
            "Die Adresse ist: kim@kreis.example\nWir sind da.",
            ["Die Adresse ist: kim@kreis.example\nWir sind da."],
        ),
    ],
)
def test_the_authors_line_breaks(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


def test_every_line_is_a_sentence_where_lines_are_printed_so() -> None:
    text = "Der Termin ist am 1.\nFebruar 2026\nSie kommen. Wir warten."
    assert sentences(text, line_ends_sentence=True) == [
        "Der Termin ist am 1.",
        "Februar 2026",
        "Sie kommen.",
        "Wir warten.",
    ]


@pytest.mark.parametrize("form", sorted(ABBREVIATIONS))
def test_no_abbreviation_ends_a_sentence(form: str) -> None:
    after = "3 Euro" if form in BEFORE_NUMBER else "Weber kommt"
    text = f"Sie sehen {form} {after}."
    closes_list = form in ("usw.", "etc.")
    assert len(sentences(text)) == (2 if closes_list else 1), text


def test_spans_point_into_the_text() -> None:
    text = "  Sie kommen.  \n\nWir warten z. B. hier!  "
    spans = split_sentences(text)
    assert [text[a:b] for a, b in spans] == ["Sie kommen.", "Wir warten z. B. hier!"]
    assert spans == [(2, 13), (17, 39)]


_PIECES = st.sampled_from(
    [
        "Sie",
        "kommen",
        "Pass",
        "z. B.",
        "d. h.",
        "usw.",
        "Art. 3",
        "eine Art.",
        "§ 10 Abs. 1",
        "am 1. Februar 2026",
        "am 27. Juni 2024",
        "in der 3. Klasse",
        "Nr. 5",
        "Dr. Kaya",
        "F. Meier",
        "18.",
        "5",
        "2024.",
        "Das heißt:",
        "…",
        "„Komm.“",
        "(Seite 3).",
        "**fett.**",
        "[Link](https://example.org/a)",
        "`code`",
        "kim@kreis.example.",
        "01.02.2026",
        "9:30",
        ".",
        "?",
        "!",
    ]
)
_LINE = st.tuples(
    st.sampled_from(["Sie", "Das", "Wir", "Jetzt"]), st.lists(_PIECES, max_size=10)
).map(lambda t: " ".join([t[0], *t[1]]))
_PARAGRAPH = st.lists(_LINE, min_size=1, max_size=4).map("\n".join)


def _printed_lines(html_text: str) -> list[list[str]]:
    """The lines of each printed paragraph and list item, tags and code removed.

    Code is no running text: the checker blanks it, so it is left out here as well.
    """
    found = re.findall(r"<(p|li)>(.*?)</\1>", html_text, re.S)
    return [
        [
            _letters(html.unescape(re.sub(r"<code>.*?</code>|<[^>]+>", "", line)))
            for line in body.split("<br />")
        ]
        for _tag, body in found
    ]


def _checked_sentences(body: str) -> list[list[str]]:
    """The sentences the checker reads in each paragraph and list item of a flyer."""
    return [
        [_letters(s.text) for s in block.sentences]
        for block in blocks(body, 1, line_ends_sentence=True)
        if block.kind in ("paragraph", "item")
    ]


def _letters(text: str) -> str:
    # Markup is blanked to spaces for the checker and gone in print: compare without space.
    return "".join(text.split())


@settings(max_examples=150, deadline=None)
@given(st.lists(_PARAGRAPH, min_size=1, max_size=3).map("\n\n".join))
def test_checker_sentences_are_printed_lines(body: str) -> None:
    assert _printed_lines(easy_html(body)) == _checked_sentences(body)


@pytest.mark.parametrize("path", FLYERS, ids=lambda p: p.stem)
def test_checker_and_printer_agree_on_the_sample_flyers(path: Path) -> None:
    body = load_document(path, load_project(REPO)).source.body
    printed = _printed_lines(easy_html(body))
    assert printed == _checked_sentences(body)
    assert sum(map(len, printed)) > len(printed)  # paragraphs of several lines were compared


def test_printed_flyer_keeps_abbreviations_and_dates_on_one_line() -> None:
    body = (
        "Der Termin ist am 1. Februar 2026. Bringen Sie z. B. Ihren Pass mit.\n"
        "Das steht in Art. 3 und in § 10 Abs. 1. Das heißt: Sie dürfen bleiben.\n"
        "Sie sind 18. 5 Jahre später sind Sie 23."
    )
    assert _printed_lines(easy_html(body)) == [
        [
            "DerTerministam1.Februar2026.",
            "BringenSiez.B.IhrenPassmit.",
            "DasstehtinArt.3undin§10Abs.1.",
            "Dasheißt:Siedürfenbleiben.",
            "Siesind18.",
            "5JahrespätersindSie23.",
        ]
    ]
    report = check_body(Path("f.md"), body, 1, line_ends_sentence=True)
    assert report.readability is not None and report.readability.sentences == 6


def test_printer_breaks_between_sentences_outside_markup() -> None:
    printed = str(easy_html("**Ja.** Sie kommen. [Wir warten.](https://example.org) Gut."))
    # Each sentence one piece (no page break inside it), the markup whole inside it.
    assert printed == (
        '<p><span class="sentence"><strong>Ja.</strong></span><br />\n'
        '<span class="sentence">Sie kommen.</span><br />\n'
        '<span class="sentence"><a href="https://example.org">Wir warten.</a></span><br />\n'
        '<span class="sentence">Gut.</span></p>\n'
    )


def test_a_sentence_that_leads_in_is_one_piece_with_the_next() -> None:
    printed = str(easy_html("Das Amt sagt Ihnen:\nDiese Papiere brauchen Sie.\nGut."))
    assert printed == (
        '<p><span class="sentence">Das Amt sagt Ihnen:<br />\n'
        "Diese Papiere brauchen Sie.</span><br />\n"
        '<span class="sentence">Gut.</span></p>\n'
    )


def test_markup_over_a_sentence_end_keeps_both_sentences_in_one_piece() -> None:
    printed = str(easy_html("**Eins. Zwei.** Drei."))
    assert printed == (
        '<p><span class="sentence"><strong>Eins.<br />\nZwei.</strong></span><br />\n'
        '<span class="sentence">Drei.</span></p>\n'
    )
