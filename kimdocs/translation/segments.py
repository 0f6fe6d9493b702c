"""A document cut into the segments a translator translates, and put together again.

One segment is a title, a heading, one sentence (cut by the one sentence splitter,
``kimdocs.text.sentences``), a list item's sentence, a picture's text, a glossary word or its
explanation, or a fixed text of the template. Its key (``abschnitt-2.3``) stays the same
while the German sentence at that place changes, so a changed sentence is stale, not new.
Facts stay placeholders (``{fakt:einbuergerung.gebuehr}``) that the build fills from
``fakten.yaml``: a new fee needs no new translation.
"""

from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass

from kimdocs.content import slugify
from kimdocs.knowledge.store import Knowledge
from kimdocs.templating.environment import SHIPPED_DIR
from kimdocs.text.directives import BLOCK_LINE, DIRECTIVE
from kimdocs.text.sentences import split_sentences

# ``{fakt:name}`` in a body or explanation, ``{datum}`` in a fixed text.
PLACEHOLDER = re.compile(r"\{[^{}\s]+\}")
_HEADING = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t#]*$")
_LIST_ITEM = re.compile(r"^([ \t]*(?:[-*+]|\d{1,3}[.)])[ \t]+)(.*)$")
# Fixed texts in templates: {{ t("Wörter-Buch") }} or {{ t("Stand: {datum}", datum=…) }}.
_FIXED_CALL = re.compile(r"""\bt\(\s*"([^"\\]+)\"""")
_MAX_BLOCK_DEPTH = 5
TEMPLATE_PREFIX = "vorlage."


@dataclass(frozen=True)
class Segment:
    key: str  # stable place in the document: msgctxt of the PO entry
    text: str  # the German source, with facts as placeholders
    note: str = ""  # what it is, for the translator
    line: int | None = None  # where it is in the German source

    @property
    def digest(self) -> str:
        return source_digest(self.text)


def source_digest(text: str) -> str:
    """Short fingerprint of a German source text, kept with its translation."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def with_placeholders(text: str) -> str:
    """``[[fakt:name]]`` → ``{fakt:name}``; blocks are handled by ``raw_body``."""
    return DIRECTIVE.sub(
        lambda m: (
            f"{{fakt:{m.group(2)}{':' + m.group(3) if m.group(3) else ''}}}"
            if m.group(1) == "fakt"
            else m.group(0)
        ),
        text,
    )


def raw_body(written: str, knowledge: Knowledge) -> str:
    """The German body as written (``Source.written``), with blocks put in and facts kept
    as placeholders."""
    return with_placeholders(_blocks_in(written, knowledge, 0))


def _blocks_in(text: str, knowledge: Knowledge, depth: int) -> str:
    out: list[str] = []
    for line in text.split("\n"):
        match = BLOCK_LINE.match(line)
        block = knowledge.blocks.get(match.group(1)) if match else None
        if block is None or depth >= _MAX_BLOCK_DEPTH:
            out.append(line)  # an unknown block is the German document's error, reported there
        else:
            out.append(_blocks_in(block.source.body.strip("\n"), knowledge, depth + 1))
    return "\n".join(out)


Piece = str | Segment  # literal Markdown (markers, line breaks) or a translatable segment


def body_pieces(markdown: str, first_line: int, line_ends_sentence: bool) -> list[Piece]:
    """The body as literal Markdown and segments: ``assemble`` puts it together again."""
    pieces: list[Piece] = []
    lines = markdown.split("\n")
    section, number, headings = "einleitung", 0, 0
    i = 0
    while i < len(lines):
        line = lines[i]
        heading = _HEADING.match(line)
        if not line.strip() or line.lstrip().startswith("|"):
            pieces.append(line + "\n")  # blank lines and tables stay as they are
            i += 1
            continue
        if heading:
            hashes, title = heading.groups()
            if len(hashes) <= 2:
                headings += 1
                section, number = f"abschnitt-{headings}", 0
                key = f"{section}.überschrift"
            else:
                number += 1
                key = f"{section}.{number}"
            pieces += [f"{hashes} ", Segment(key, title, "Überschrift", first_line + i), "\n"]
            i += 1
            continue
        # A paragraph or a list item, with its continuation lines.
        item = _LIST_ITEM.match(line)
        prefix, first = (item.group(1), item.group(2)) if item else ("", line.strip())
        contents, start = [first], i
        i += 1
        while i < len(lines) and lines[i].strip() and not _HEADING.match(lines[i]):
            if _LIST_ITEM.match(lines[i]) or lines[i].lstrip().startswith("|"):
                break
            contents.append(lines[i].strip())
            i += 1
        text = "\n".join(contents)
        indent = " " * len(prefix) if item else ""
        pieces.append(prefix)
        spans = split_sentences(text, line_ends_sentence)
        for n, (a, b) in enumerate(spans):
            if n:
                gap = text[spans[n - 1][1] : a]
                pieces.append(f"\n{indent}" if "\n" in gap else " ")
            number += 1
            sentence = " ".join(part.strip() for part in text[a:b].split("\n"))
            row = first_line + start + text.count("\n", 0, a)
            note = "Aufzählungspunkt" if item else "Satz"
            pieces.append(Segment(f"{section}.{number}", sentence, note, row))
        pieces.append("\n")
    return pieces


def assemble(pieces: list[Piece], text_of: dict[str, str]) -> str:
    """The Markdown again, each segment in ``text_of`` (else in German)."""
    return "".join(p if isinstance(p, str) else text_of.get(p.key, p.text) for p in pieces)


def fixed_texts(templates: tuple[str, ...], extra: tuple[str, ...] = ()) -> list[Segment]:
    """The fixed texts that the kind's shipped templates mark with ``t("…")``."""
    found: dict[str, None] = dict.fromkeys(extra)
    for name in templates:
        found.update(dict.fromkeys(_fixed_calls(name)))
    return [Segment(template_key(text), text, "Fester Text der Vorlage") for text in found]


@functools.cache  # shipped files: read once, not per document and language
def _fixed_calls(name: str) -> tuple[str, ...]:
    path = SHIPPED_DIR / name
    if not path.is_file():
        return ()
    return tuple(_FIXED_CALL.findall(path.read_text(encoding="utf-8")))


_KEY_LENGTH = 40


def template_key(text: str) -> str:
    """``vorlage.woerter_buch``; a long text keeps its start and a digest of the whole."""
    slug = slugify(text)
    # A sentence keeps a digest too: "Rufen Sie an." and the label "Rufen Sie an:" share a slug.
    if len(slug) > _KEY_LENGTH or text.rstrip().endswith((".", "!", "?")):
        slug = f"{slug[:_KEY_LENGTH].rstrip('_')}_{source_digest(text)[:6]}"
    return TEMPLATE_PREFIX + slug
