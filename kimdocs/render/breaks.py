"""Where e-mail and web addresses may break across lines: only after ``@``, ``.``, ``/``, ``-``.

A narrow column (the folded flyer's panels, a table cell) otherwise breaks an address
wherever it runs out of room ("fallmanagement.ahlen@kreis.exam" / "ple"), and a reader
copies half of it. Every address in the text of a page gets a break opportunity
(``<wbr>``) after each of these characters and is wrapped in a left-to-right isolate
(``<bdi dir="ltr">``, so that a right-to-left page keeps its order) that a style rule,
added to every whole page here (not to fragments for a web CMS, which bring their own
styles), keeps from breaking anywhere else, whatever the template's stylesheet says. The
PDF and the web page both go through here, whatever the address came from (project data,
front matter, Markdown, a text block).
"""

from __future__ import annotations

import re

from kimdocs.text.addresses import EMAIL
from kimdocs.text.html_text import map_text

CLASS = "net-address"
# Last in the head, so that a project's own template cannot lose it.
# A <wbr> is a zero-width space, which the text font may lack: at size 0 a fallback font
# cannot make its line taller than the others.
STYLE = (
    f"<style>.{CLASS} {{ overflow-wrap: normal; word-break: normal; hyphens: manual; }} "
    f".{CLASS} wbr {{ font-size: 0; line-height: 0; }}</style>"
)
_HEAD_END = re.compile(r"</head\s*>", re.IGNORECASE)

# An e-mail address, or a web address with its scheme or "www."; in escaped HTML text.
# Both are linear over long words: the e-mail part is anchored (text.addresses), the web
# part starts only at "http" or "www." and a failed try ends at the next blank.
_ADDRESS = re.compile(r"(?:https?://|www\.)[^\s<>\"']*[^\s<>\"'.,;:!?()]|" + EMAIL)
# After a run of break characters ("://" breaks once, after the last slash); anchored at
# the run's start for the same reason.
_BREAK_AFTER = re.compile(r"(?<![@./-])([@./-]+)(?=[^@./-])")


# Longer is no address anyone types or copies (browsers stop near 2,000 characters), but
# a word of dots would become tens of thousands of <wbr> elements, each laid out on its
# own: it stays text and breaks where the page's text breaks.
MAX_ADDRESS = 2048


def _breakable(match: re.Match[str]) -> str:
    if len(match.group(0)) > MAX_ADDRESS:
        return match.group(0)
    address = _BREAK_AFTER.sub(r"\1<wbr>", match.group(0))
    # Isolated left-to-right: in a right-to-left page "kim@kreis.example" stays in its order.
    return f'<bdi class="{CLASS}" dir="ltr">{address}</bdi>'


def address_breaks(html: str) -> str:
    """``html`` with every address in its text breakable only after ``@ . / -``."""
    text = map_text(html, lambda part: _ADDRESS.sub(_breakable, part))
    return _HEAD_END.sub(lambda end: STYLE + end.group(0), text, count=1)
