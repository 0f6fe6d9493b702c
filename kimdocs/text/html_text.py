"""The text of an HTML page, apart from its tags and raw elements, for passes that change it.

Address breaks (``render/breaks.py``) and the marks around untranslated German
(``translation/document.py``) both change only what a reader sees as text: not a tag (an
alt text, an attribute) and not the content of ``<style>``, ``<script>``, ``<title>`` or
``<textarea>``, which is not laid out as text.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_TAG = re.compile(r"(<[^>]*>)")
# Elements whose content is not laid out as text (or is read as plain text, like <title>).
_RAW = re.compile(r"<(style|script|title|textarea)\b", re.IGNORECASE)


def _same(part: str) -> str:
    return part


def map_text(html: str, text: Callable[[str], str], other: Callable[[str], str] = _same) -> str:
    """``html`` with ``text`` applied to its text and ``other`` to tags and raw content."""
    # After the last ">" nothing is a tag: split only before it, or each "<" there would
    # scan to the end of the page (minutes for a text of many "<").
    end = html.rfind(">") + 1
    parts = _TAG.split(html[:end])
    parts[-1] += html[end:]
    raw: str | None = None  # the element whose raw content we are in
    for n, part in enumerate(parts):
        if n % 2:  # a tag
            if raw is None:
                opening = _RAW.match(part)
                raw = opening.group(1).lower() if opening else None
            elif part.lower().startswith(f"</{raw}"):
                raw = None
            parts[n] = other(part)
        elif raw is not None:
            parts[n] = other(part)
        else:
            parts[n] = text(part)
    return "".join(parts)
