"""Markdown → plain text for e-mail: no Markdown syntax left, links spelled out.

One line per paragraph, list item or quote, a blank line between paragraphs: the text
is pasted into e-mails and web editors, which wrap lines themselves; a hard line break
there would break a sentence in the middle.
"""

from __future__ import annotations

from markdown_it.token import Token

from kimdocs.text import markdown


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
    """Paragraphs on one line each, lists with dashes, quotes in „…“, table rows with |."""
    blocks: list[str] = []
    toks = markdown.tokens(text)
    depth = 0
    quote = 0
    rows: list[str] | None = None  # the lines of a table: one per row, cells with " | "
    cells: list[str] = []
    for i, tok in enumerate(toks):
        if tok.type == "table_open":
            rows = []
        elif tok.type == "table_close" and rows is not None:
            blocks.append("\n".join(rows))
            rows = None
        elif tok.type == "tr_open":
            cells = []
        elif tok.type == "tr_close" and rows is not None:
            rows.append(" | ".join(cells))
        elif tok.type == "inline" and rows is not None:
            cells.append(_inline(tok))
        elif tok.type in ("bullet_list_open", "ordered_list_open"):
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
                blocks.append(f"{'  ' * (depth - 1)}– {content}")
            elif quote:
                blocks.append(f"„{content}“")
            else:
                blocks.append(content)
        elif tok.type in ("fence", "code_block"):
            blocks.append(tok.content.rstrip("\n"))
    joined: list[str] = []
    for block in blocks:
        tight = joined and block.lstrip().startswith("– ") and joined[-1].lstrip().startswith("– ")
        joined.append(("\n" if tight else "\n\n") + block if joined else block)
    return "".join(joined).strip() + "\n" if joined else ""
