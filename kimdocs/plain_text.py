"""Markdown → plain text for e-mail: no Markdown syntax left, links spelled out."""

from __future__ import annotations

import textwrap

from markdown_it.token import Token

from kimdocs import markdown

WIDTH = 76


def _inline(tok: Token) -> str:
    out: list[str] = []
    href: str | None = None
    for child in tok.children or []:
        if child.type in ("text", "code_inline"):
            out.append(child.content)
        elif child.type == "softbreak":
            out.append(" ")
        elif child.type == "hardbreak":
            out.append("\n")
        elif child.type == "link_open":
            href = str(child.attrGet("href") or "")
        elif child.type == "link_close" and href:
            if href.startswith("mailto:"):
                href = href.removeprefix("mailto:")
            if href not in out[-1:]:
                out.append(f" ({href})")
            href = None
        elif child.type == "image":
            out.append(f"[Bild: {child.content}]")
    return "".join(out)


def markdown_to_text(text: str) -> str:
    """Paragraphs wrapped at 76 characters, lists with dashes, quotes in „…“."""
    blocks: list[str] = []
    toks = markdown.tokens(text)
    depth = 0
    quote = 0
    for i, tok in enumerate(toks):
        if tok.type in ("bullet_list_open", "ordered_list_open"):
            depth += 1
        elif tok.type in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
        elif tok.type == "blockquote_open":
            quote += 1
        elif tok.type == "blockquote_close":
            quote -= 1
        elif tok.type == "inline":
            content = _inline(tok)
            parent = toks[i - 1]
            if parent.type == "heading_open":
                blocks.append(content.upper() if parent.tag == "h2" else content)
            elif depth:
                indent = "  " * (depth - 1)
                blocks.append(
                    textwrap.fill(
                        content,
                        WIDTH,
                        initial_indent=f"{indent}– ",
                        subsequent_indent=f"{indent}  ",
                    )
                )
            elif quote:
                blocks.append(textwrap.fill(f"„{content}“", WIDTH))
            else:
                blocks.append(
                    "\n".join(
                        textwrap.fill(line, WIDTH) if line else "" for line in content.split("\n")
                    )
                )
        elif tok.type in ("fence", "code_block"):
            blocks.append(tok.content.rstrip("\n"))
    joined: list[str] = []
    for block in blocks:
        tight = joined and block.lstrip().startswith("– ") and joined[-1].lstrip().startswith("– ")
        joined.append(("\n" if tight else "\n\n") + block if joined else block)
    return "".join(joined).strip() + "\n" if joined else ""
