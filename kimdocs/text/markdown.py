"""The one Markdown setup of kimdocs: CommonMark plus tables, raw HTML off, safe links.

The same parser feeds the HTML/PDF output and the DOCX converter, so both
see exactly the same document structure.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import Markup

from kimdocs.base.errors import Problem
from kimdocs.base.tables import shorten
from kimdocs.content import Source, slugify

_SAFE_SCHEMES = {"http", "https", "mailto"}


def is_safe_link(url: str) -> bool:
    """Allow http(s) and mailto, and relative paths that stay inside the project."""
    parts = urlsplit(url.strip())
    if parts.scheme:
        return parts.scheme.lower() in _SAFE_SCHEMES and (
            parts.scheme.lower() == "mailto" or bool(parts.netloc)
        )
    if parts.netloc:  # protocol-relative "//host/x" would leave the project
        return False
    path = unquote(parts.path)
    if not path:
        return True  # pure "#anchor"
    if path.startswith("/") or "\\" in path:
        return False
    return not posixpath.normpath(path).startswith("..")


@cache
def parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.validateLink = is_safe_link  # type: ignore[method-assign]  # the documented hook
    return md


@lru_cache(maxsize=64)
def structure(text: str) -> tuple[Token, ...]:
    """Tokens of a body for inspection (sections, links, pictures), parsed once per text.

    Parsed permissively, so that refused links still show up to be reported; for
    output use :func:`tokens`, which drops them.
    """
    return tuple(_permissive_parser().parse(text))


@cache
def _permissive_parser() -> MarkdownIt:
    """Parses links that :func:`parser` drops, so that they can be reported."""
    md = MarkdownIt("commonmark", {"html": False})
    md.enable(["table", "strikethrough"])
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    return md


def tokens(text: str) -> list[Token]:
    return parser().parse(text)


def to_html(text: str) -> Markup:
    md = parser()
    toks = md.parse(text)
    for tok in toks:
        # Table alignment as a class, not an inline style: web CMSs strip or forbid styles.
        style = str(tok.attrGet("style") or "")
        if style.startswith("text-align:"):
            del tok.attrs["style"]
            tok.attrSet("class", f"align-{style.split(':', 1)[1]}")
    # Safe because raw HTML is off and links are validated by the parser.
    return Markup(md.renderer.render(toks, md.options, {}))


@dataclass(frozen=True)
class Section:
    """A level-2 section of a document body."""

    title: str
    slug: str
    markdown: str
    line: int

    @property
    def html(self) -> Markup:
        return to_html(self.markdown)


@dataclass(frozen=True)
class Body:
    intro: str
    sections: tuple[Section, ...]

    def by_slug(self) -> dict[str, Section]:
        return {s.slug: s for s in self.sections}


def split_sections(text: str, first_line: int = 1) -> Body:
    """Split a body at its level-2 headings; ``first_line`` is the body's line in the file."""
    lines = text.split("\n")
    heads: list[tuple[int, str]] = []
    toks = structure(text)
    for i, tok in enumerate(toks):
        if tok.type == "heading_open" and tok.tag == "h2" and tok.map:
            heads.append((tok.map[0], toks[i + 1].content.strip()))
    if not heads:
        return Body(intro=text.strip("\n"), sections=())
    intro = "\n".join(lines[: heads[0][0]]).strip("\n")
    sections = []
    used: dict[str, int] = {}
    for n, (start, title) in enumerate(heads):
        end = heads[n + 1][0] if n + 1 < len(heads) else len(lines)
        slug = slugify(title)
        used[slug] = used.get(slug, 0) + 1
        if used[slug] > 1:
            slug = f"{slug}_{used[slug]}"
        markdown = "\n".join(lines[start + 1 : end]).strip("\n")
        sections.append(Section(title, slug, markdown, first_line + start))
    return Body(intro=intro, sections=tuple(sections))


def link_problems(source: Source, project_root: Path) -> list[Problem]:
    """Report links and pictures that the safe parser refuses or that cannot be used."""
    from kimdocs.assets import picture_problem

    problems: list[Problem] = []
    for block in structure(source.body):
        if block.type != "inline" or not block.children:
            continue
        line = source.body_line_at(block.map[0] if block.map else 0)
        for tok in block.children:
            if tok.type not in ("link_open", "image"):
                continue
            url = str(tok.attrGet("href" if tok.type == "link_open" else "src") or "")
            shown = shorten(url, 100)  # the place is named; the address need not be whole
            message = None
            if not is_safe_link(url):
                what = "Link" if tok.type == "link_open" else "Bild"
                message = (
                    f"{what} „{shown}“ ist nicht erlaubt. Erlaubt sind http(s)- und "
                    "mailto-Links und Pfade innerhalb des Projekts."
                )
            elif tok.type == "image" and not tok.content.strip():
                message = (
                    f"Bild „{shown}“ hat keinen Alternativtext. Bitte in die eckigen "
                    "Klammern schreiben, was zu sehen ist: ![Ein Pass](pass.png)"
                )
            elif tok.type == "image" and urlsplit(url).scheme:
                message = (
                    f"Bild „{shown}“ liegt im Internet und wird nicht geladen; bitte die "
                    "Datei ins Projekt legen."
                )
            elif tok.type == "image":
                target = source.path.parent / unquote(urlsplit(url).path)
                message = picture_problem(target, project_root, url)
            if message:
                problems.append(Problem(message, file=source.path, line=line, field="Text"))
    return problems
