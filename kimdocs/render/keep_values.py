"""Values a reader takes in at once are never broken over two lines: times („8 bis 12 Uhr“),
phone numbers („02581 000-650“) and amounts („113 Euro“).

A line that ends in „Dienstag: 9“ and goes on with „bis 12 Uhr“, or a number cut after its
area code, is misread. Every such value in the text of a page is wrapped in a span that does
not break (``white-space: nowrap``); the value moves to the next line whole. Like the
address breaks (``render/breaks.py``) this runs over every whole page, PDF and web, whatever
the value came from (project data, front matter, Markdown, a text block).
"""

from __future__ import annotations

import re

from kimdocs.text.html_text import map_text

CLASS = "keep-value"
STYLE = f"<style>.{CLASS} {{ white-space: nowrap; }}</style>"
_HEAD_END = re.compile(r"</head\s*>", re.IGNORECASE)

_SPACE = r"[ \u00a0]"
_TIME = r"\d{1,2}(?:[:.]\d{2})?"
# Most specific first: a span of hours, a time, a phone number, an amount.
VALUE = re.compile(
    "|".join(
        (
            # "8 bis 12 Uhr", "8:30–12 Uhr", "14.00 Uhr bis 17.00 Uhr"
            rf"(?<![\w.,:]){_TIME}(?:{_SPACE}Uhr)?{_SPACE}?(?:bis|–|-){_SPACE}?{_TIME}"
            rf"{_SPACE}Uhr\b",
            # "9 Uhr", "9:30 Uhr"
            rf"(?<![\w.,:]){_TIME}{_SPACE}Uhr\b",
            # "02581 000-650", "0251 / 123 45", "+49 2581 000650", "+49 (0) 2581 000-650"
            rf"(?<![\w./-])(?:\+\d{{1,3}}{_SPACE}?(?:\(0\){_SPACE}?)?\d{{2,5}}|0\d{{2,5}})"
            rf"(?:{_SPACE}?[/-]{_SPACE}?\d{{2,}}|{_SPACE}\d{{2,}})+(?![\w.,]\d)",
            # "113 Euro", "1.000,50 €", "€ 25"
            rf"(?<![\w.,])\d{{1,3}}(?:\.\d{{3}})*(?:,\d{{1,2}})?{_SPACE}?(?:Euro|EUR|€)(?!\w)",
            rf"€{_SPACE}?\d{{1,3}}(?:\.\d{{3}})*(?:,\d{{1,2}})?(?![\d,])",
        )
    )
)


def _wrap(text: str) -> str:
    return VALUE.sub(lambda m: f'<span class="{CLASS}">{m.group(0)}</span>', text)


def keep_values(html: str) -> str:
    """``html`` with every time, phone number and amount in its text kept on one line."""
    text = map_text(html, _wrap)
    return _HEAD_END.sub(lambda end: STYLE + end.group(0), text, count=1)
