"""PDF/A and PDF/UA-1 in one file: what WeasyPrint's PDF/A variants do not write themselves.

WeasyPrint writes one variant per file. Rendered as PDF/A-2a (or 3a) a PDF is tagged,
has the sRGB output intent, embedded fonts and the ``pdfaid`` identification, but
lacks two things PDF/UA-1 asks for, which are added here with pikepdf:

- the ``pdfuaid:part`` identification in the XMP metadata, declared by a PDF/A extension
  schema, since PDF/A allows only predefined or declared XMP properties;
- ``/Scope`` on every table header cell (WeasyPrint links data cells to their headers
  with ``/Headers`` but leaves the header cells' scope open, WeasyPrint issue #2508).

pikepdf is imported here only, when a PDF is written.
"""

from __future__ import annotations

import io
from typing import Any

PDFUA_PART = 1

# The PDF/UA identification and the PDF/A extension schema that declares it (ISO 19005-2,
# 6.6.2.3.2), as one more description inside the packet's rdf:RDF.
_UA_XMP = f"""<rdf:Description rdf:about="" \
xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/" \
xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" \
xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" \
xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">\
<pdfuaid:part>{PDFUA_PART}</pdfuaid:part>\
<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">\
<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>\
<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>\
<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>\
<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">\
<pdfaProperty:name>part</pdfaProperty:name>\
<pdfaProperty:valueType>Integer</pdfaProperty:valueType>\
<pdfaProperty:category>internal</pdfaProperty:category>\
<pdfaProperty:description>Part of ISO 14289 the document conforms to</pdfaProperty:description>\
</rdf:li></rdf:Seq></pdfaSchema:property>\
</rdf:li></rdf:Bag></pdfaExtension:schemas>\
</rdf:Description>""".encode()

_RDF_END = b"</rdf:RDF>"


def with_ua_identification(xmp: bytes) -> bytes:
    """The XMP packet with the PDF/UA-1 identification added to its RDF."""
    if b"pdfuaid:part" in xmp:
        return xmp
    head, found, tail = xmp.rpartition(_RDF_END)
    if not found:
        raise ValueError("XMP metadata without rdf:RDF")
    return head + _UA_XMP + found + tail


def header_scope(cell: Any) -> str:
    """``/Row`` for a header cell beside data cells in its row, else ``/Column``.

    The same reading as HTML's automatic scope: header cells of a head row, or of a row
    of header cells only, head their columns; a header cell that starts a row of data
    cells heads that row.
    """
    row = cell.get("/P")
    if row is None or row.get("/S") != "/TR":
        return "/Column"
    group = row.get("/P")
    if group is not None and group.get("/S") == "/THead":
        return "/Column"
    return "/Row" if any(kid.get("/S") == "/TD" for kid in _struct_kids(row)) else "/Column"


def _struct_kids(element: Any) -> list[Any]:
    import pikepdf

    kids = element.get("/K")
    if kids is None:
        return []
    items = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
    return [k for k in items if isinstance(k, pikepdf.Dictionary) and k.get("/Type") != "/MCR"]


def _scope_header_cells(root: Any) -> None:
    import pikepdf

    tree = root.get("/StructTreeRoot")
    if tree is None:
        return
    stack = _struct_kids(tree)
    seen: set[tuple[int, int]] = set()
    while stack:
        element = stack.pop()
        if element.is_indirect:
            if element.objgen in seen:
                continue
            seen.add(element.objgen)
        if element.get("/S") == "/TH":
            scope = pikepdf.Name(header_scope(element))
            attributes = element.get("/A")
            if isinstance(attributes, pikepdf.Dictionary):
                attributes.Scope = scope
            else:  # none, or a list of attribute owners: add the table owner's
                table = pikepdf.Dictionary(O=pikepdf.Name.Table, Scope=scope)
                element.A = (
                    pikepdf.Array([*attributes, table])
                    if isinstance(attributes, pikepdf.Array)
                    else table
                )
        stack.extend(_struct_kids(element))


def make_archival(pdf: bytes) -> bytes:
    """A PDF/A file from WeasyPrint made PDF/UA-1 too; the same input gives the same bytes."""
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as document:
        metadata = document.Root.Metadata
        metadata.write(with_ua_identification(metadata.read_bytes()))
        _scope_header_cells(document.Root)
        out = io.BytesIO()
        # deterministic_id: the file identifier follows from the content, not the clock.
        document.save(out, deterministic_id=True)
    return out.getvalue()
