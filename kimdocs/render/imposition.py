"""An A5 booklet imposed on A4-landscape sheets for saddle stitching on an office printer.

Printed double-sided (flip on the short edge), the sheets are laid on each other,
folded in the middle and stapled: the pages then run in reading order. Each side holds
two booklet pages, placed as Form XObjects with pikepdf (imported here only).

The sheet is a file for the printer, not for reading: it carries no structure tree and
claims no PDF/A or PDF/UA conformance; the booklet itself is the accessible copy.
"""

from __future__ import annotations

import io

A4_LANDSCAPE = (841.89, 595.276)  # points


def sheet_order(pages: int) -> list[tuple[int, int]]:
    """The booklet pages (1-based, left and right) on each side, front and back in turn.

    For 8 pages: (8, 1), (2, 7) on the first sheet, (6, 3), (4, 5) on the second.
    """
    if pages % 4:
        raise ValueError(f"a booklet has a multiple of 4 pages, not {pages}")
    sides = []
    for sheet in range(pages // 4):
        sides.append((pages - 2 * sheet, 1 + 2 * sheet))
        sides.append((2 + 2 * sheet, pages - 1 - 2 * sheet))
    return sides


def saddle_stitch(booklet: bytes, title: str) -> bytes:
    """The print sheets of ``booklet``; the same booklet gives the same bytes."""
    import pikepdf

    width, height = A4_LANDSCAPE
    with pikepdf.open(io.BytesIO(booklet)) as source, pikepdf.new() as sheet:
        sheet.Root.Lang = source.Root.get("/Lang", pikepdf.String("de"))
        sheet.docinfo["/Title"] = f"Druckbogen: {title}"
        # Each booklet page once, under a fixed name (pikepdf's overlays name them at random).
        forms = [sheet.copy_foreign(page.as_form_xobject()) for page in source.pages]
        for left, right in sheet_order(len(source.pages)):
            side = sheet.add_blank_page(page_size=(width, height))
            resources, drawing = pikepdf.Dictionary(), []
            for slot, number in enumerate((left, right)):
                box = [float(v) for v in source.pages[number - 1].mediabox]
                # Centred in its half of the sheet.
                x = slot * width / 2 + (width / 2 - (box[2] - box[0])) / 2 - box[0]
                y = (height - (box[3] - box[1])) / 2 - box[1]
                resources[f"/Seite{number}"] = forms[number - 1]
                drawing.append(f"q 1 0 0 1 {x:.3f} {y:.3f} cm /Seite{number} Do Q")
            side.Resources = pikepdf.Dictionary(XObject=resources)
            side.Contents = sheet.make_stream("\n".join(drawing).encode("ascii"))
        out = io.BytesIO()
        sheet.save(out, deterministic_id=True)
    return out.getvalue()
