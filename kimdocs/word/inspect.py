"""The one DOCX inspector: what in a package Word would run, load or fetch, and what cannot
be read safely. ``kimdocs vorlage prüfen``, the build's template check and the check of
every generated DOCX all ask here, so that what one accepts the others accept.

Templates come from other offices and are passed around by mail. A package can carry:

- content Word loads from elsewhere: an attached template on a web address, a linked
  picture, a ``file:`` link, a mail-merge data source, an INCLUDETEXT or DDE field;
- content Word runs or embeds: macros (``vbaProject.bin``, a ``.docm`` content type),
  ActiveX controls, OLE objects, an ``altChunk`` (a foreign HTML or RTF file Word
  converts when it opens the document, text that is in no PDF);
- XML that parsing itself turns against the reader: a DOCTYPE with entities (entity
  expansion, external files), a part that unpacks to gigabytes, a picture of 30,000 ×
  30,000 pixels.

Every XML part is parsed by lxml without DTD, entities or network, whatever its name.
Relationships are read by local name (any prefix, any quoting), fields as Word joins them
(the instruction text of all runs between a field's begin and its separator,
``fldSimple``, character references resolved, names in any case). Only links to web
pages and e-mail addresses (``http``, ``https``, ``mailto``) are allowed, as in content.
"""

from __future__ import annotations

import io
import re
import unicodedata
import warnings
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from kimdocs.assets import MAX_PICTURE_PIXELS

SAFE_LINK_SCHEMES = ("http", "https", "mailto")
# A template unpacks to a few megabytes; far beyond that it is a bomb, not a letter.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_PARTS = 5000
_XML_SUFFIXES = (".xml", ".rels", ".vml")
_PICTURE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".webp")

# Field codes that read a file or address, run something or start a program when Word
# updates fields (Word matches their names in any case).
_FIELDS = {
    "INCLUDEPICTURE": "ein Feld INCLUDEPICTURE (lädt ein Bild von außen)",
    "INCLUDETEXT": "ein Feld INCLUDETEXT (lädt Text von außen)",
    "INCLUDE": "ein Feld INCLUDE (lädt Text von außen)",
    "LINK": "ein Feld LINK (verknüpft eine andere Datei)",
    "DDE": "ein Feld DDE (startet ein anderes Programm)",
    "DDEAUTO": "ein Feld DDEAUTO (startet ein anderes Programm)",
    "IMPORT": "ein Feld IMPORT (lädt ein Bild von außen)",
    "EMBED": "ein Feld EMBED (eingebettetes Objekt)",
    "DATABASE": "ein Feld DATABASE (liest eine Datenbank)",
    "RD": "ein Feld RD (liest eine andere Datei)",
    "MACROBUTTON": "ein Feld MACROBUTTON (startet ein Makro)",
    "PRINT": "ein Feld PRINT (schickt Befehle an den Drucker)",
}
# Relationship types (the last part of the type URI, in lower case) Word runs or embeds.
_ACTIVE_RELATIONSHIPS = {
    "afchunk": "einen eingebetteten fremden Inhalt (altChunk), den Word beim Öffnen umwandelt",
    "oleobject": "ein OLE-Objekt",
    "package": "ein eingebettetes Paket (OLE)",
    "vbaproject": "Makros (VBA)",
    "wordvbadata": "Makros (VBA)",
    "keymapcustomizations": "Makro-Tastenbelegungen",
    "control": "ein ActiveX-Steuerelement",
    "activexcontrol": "ein ActiveX-Steuerelement",
    "activexcontrolbinary": "ein ActiveX-Steuerelement",
    "attachedtemplate": "eine angehängte Dokumentvorlage",
    "subdocument": "ein Filialdokument",
}
_EXTERNAL_LABELS = {
    "image": "ein verknüpftes Bild",
    "hyperlink": "einen Link",
    "frame": "einen Frame",
    "mailmergesource": "eine Seriendruck-Datenquelle",
    "mailmergeheadersource": "eine Seriendruck-Datenquelle",
    "recipientdata": "eine Seriendruck-Datenquelle",
    "externallinkpath": "eine externe Verknüpfung",
}
# Elements (local names) that embed or run something, wherever they stand.
_ACTIVE_ELEMENTS = {
    "altChunk": "einen eingebetteten fremden Inhalt (altChunk), den Word beim Öffnen umwandelt",
    "OLEObject": "ein OLE-Objekt",
    "control": "ein ActiveX-Steuerelement",
    "subDoc": "ein Filialdokument",
}
# Content types and part names of macros, ActiveX and OLE.
_ACTIVE_TYPES = ("macroenabled", "vbaproject", "vbadata", "activex", "oleobject", "ms-office.vba")
_ACTIVE_NAMES = ("vbaproject", "vbadata", "/activex/", "/embeddings/")
# Attributes that load a file or address (VML pictures, fills, linked objects).
_LOADING_ATTRIBUTES = ("src", "althref")
_MAIL_MERGE = ("dataSource", "query", "connectString", "headerSource")


@dataclass(frozen=True)
class Finding:
    """One thing the inspector refuses: the part it is in and what it is, in German."""

    part: str
    what: str  # "ein Feld INCLUDETEXT (lädt Text von außen) „http://…“"
    fatal: bool = False  # the package cannot be read on: nothing else was checked

    @property
    def message(self) -> str:
        return f"{self.what} (in {self.part})"


def inspect_docx(source: Path | bytes) -> list[Finding]:
    """Everything in a DOCX package that kimdocs refuses; ``[]`` if nothing."""
    try:
        archive = zipfile.ZipFile(source if isinstance(source, Path) else io.BytesIO(source))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        return [Finding("der Datei", f"keine lesbare DOCX-Datei ({exc})", fatal=True)]
    with archive:
        return _Inspection(archive).run()


def parse_part(data: bytes) -> Any:
    """An XML part parsed safely: no DTD, no entities, no network; a DOCTYPE is refused.

    Raises ``ValueError`` with a German reason.
    """
    from lxml import etree

    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        line = f", Zeile {exc.lineno}" if exc.lineno else ""
        if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
            raise ValueError("eine DOCTYPE-Angabe") from None
        raise ValueError(f"kein gültiges XML{line}") from None
    if root.getroottree().docinfo.doctype or _has_entities(root):
        raise ValueError("eine DOCTYPE-Angabe")
    return root


def _has_entities(root: Any) -> bool:
    from lxml import etree

    return any(isinstance(node, etree._Entity) for node in root.iter())


@dataclass
class _Field:
    code: list[str] = field(default_factory=list)
    in_code: bool = True
    computed: bool = False  # its name comes from a nested field or a template tag


class _Inspection:
    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.archive = archive
        self.found: list[Finding] = []

    def run(self) -> list[Finding]:
        infos = self.archive.infolist()
        if len(infos) > MAX_PARTS or sum(i.file_size for i in infos) > MAX_UNPACKED_BYTES:
            size = sum(i.file_size for i in infos) // (1024 * 1024)
            return [
                Finding(
                    "der Datei",
                    f"{len(infos)} Teile mit entpackt {size} MB (höchstens {MAX_PARTS} Teile "
                    f"und {MAX_UNPACKED_BYTES // (1024 * 1024)} MB)",
                    fatal=True,
                )
            ]
        types = self._content_types()
        for info in infos:
            name = info.filename
            kind = types.get(name.lower(), "")
            self._active_part(name, kind)
            if name.lower().endswith(_XML_SUFFIXES) or "xml" in kind:
                self._xml_part(name)
            elif name.lower().endswith(_PICTURE_SUFFIXES) or kind.startswith("image/"):
                self._picture(name)
        return self.found

    def _add(self, part: str, what: str, fatal: bool = False) -> None:
        finding = Finding(part, what, fatal)
        if finding not in self.found:
            self.found.append(finding)

    def _read(self, name: str) -> bytes | None:
        try:
            return self.archive.read(name)
        except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, EOFError) as exc:
            self._add(name, f"einen beschädigten Teil ({exc})", fatal=True)
            return None

    # ------------------------------------------------------------------ package

    def _content_types(self) -> dict[str, str]:
        """Content type of each part by lower-case name (overrides and default by suffix)."""
        data = self._read("[Content_Types].xml") if self._has("[Content_Types].xml") else None
        if data is None:
            return {}
        try:
            root = parse_part(data)
        except ValueError:
            return {}  # reported when the part itself is read
        defaults: dict[str, str] = {}
        overrides: dict[str, str] = {}
        for node in root.iter():
            local = _local(node)
            attributes = _attributes(node)
            kind = attributes.get("ContentType", "").lower()
            if local == "Default":
                defaults[attributes.get("Extension", "").lower()] = kind
            elif local == "Override":
                overrides[attributes.get("PartName", "").lstrip("/").lower()] = kind
        types = {}
        for info in self.archive.infolist():
            lower = info.filename.lower()
            suffix = lower.rsplit(".", 1)[-1] if "." in lower else ""
            types[lower] = overrides.get(lower, defaults.get(suffix, ""))
        for kind in [*overrides.values(), *defaults.values()]:
            if any(word in kind for word in _ACTIVE_TYPES):
                self._add("[Content_Types].xml", f"Makros oder eingebettete Objekte ({kind})")
        return types

    def _has(self, name: str) -> bool:
        try:
            self.archive.getinfo(name)
        except KeyError:
            return False
        return True

    def _active_part(self, name: str, kind: str) -> None:
        lower = "/" + name.lower()
        if any(word in lower for word in _ACTIVE_NAMES) or any(w in kind for w in _ACTIVE_TYPES):
            self._add(name, "Makros, ein ActiveX-Steuerelement oder ein eingebettetes Objekt")

    # ------------------------------------------------------------------ XML

    def _xml_part(self, name: str) -> None:
        data = self._read(name)
        if data is None:
            return
        try:
            root = parse_part(data)
        except ValueError as exc:
            reason = str(exc)
            if "DOCTYPE" in reason:
                what = (
                    "eine DOCTYPE-Angabe; Word-Dateien haben keine, sie kann Dateien nachladen "
                    "oder beim Lesen den Speicher füllen"
                )
            else:
                what = f"einen beschädigten Teil ({reason})"
            self._add(name, what, fatal=True)
            return
        if name.lower().endswith(".rels"):
            self._relationships(name, root)
        self._elements(name, root)
        self._fields(name, root)

    def _relationships(self, part: str, root: Any) -> None:
        for node in root.iter():
            if _local(node) != "Relationship":
                continue
            attributes = _attributes(node)
            kind = attributes.get("Type", "").strip().rstrip("/").rsplit("/", 1)[-1].lower()
            target = attributes.get("Target", "").strip()
            mode = attributes.get("TargetMode", "").strip().lower()
            if kind in _ACTIVE_RELATIONSHIPS and (kind != "attachedtemplate" or target):
                shown = f" „{_shown(target)}“" if mode == "external" else ""
                self._add(part, f"{_ACTIVE_RELATIONSHIPS[kind]}{shown}")
                continue
            if mode != "external" and not _outside(target):
                continue
            if kind == "hyperlink" and _safe_link(target):
                continue
            label = _EXTERNAL_LABELS.get(kind, "einen Verweis nach außen")
            self._add(part, f"{label} „{_shown(target)}“")

    def _elements(self, part: str, root: Any) -> None:
        for node in root.iter():
            local = _local(node)
            if local in _ACTIVE_ELEMENTS:
                self._add(part, _ACTIVE_ELEMENTS[local])
            elif local == "mailMerge" and any(
                _local(child) in _MAIL_MERGE for child in node.iter()
            ):
                self._add(part, "eine Seriendruck-Datenquelle (Word fragt sie beim Öffnen ab)")
            for key, value in _attributes(node).items():
                value = value.strip()
                if not value:
                    continue
                if key in _LOADING_ATTRIBUTES:  # a relative file is outside the package too
                    self._add(part, f"eine Datei oder Adresse, die Word lädt „{_shown(value)}“")
                elif key == "href" and _outside(value) and not _safe_link(value):
                    self._add(part, f"einen Link „{_shown(value)}“")

    def _fields(self, part: str, root: Any) -> None:
        for code, computed in _field_codes(root):
            what = _field_problem(code, computed)
            if what:
                self._add(part, what)

    # ------------------------------------------------------------------ pictures

    def _picture(self, name: str) -> None:
        from PIL import Image, UnidentifiedImageError

        data = self._read(name)
        if data is None:
            return
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", Image.DecompressionBombWarning)
                with Image.open(io.BytesIO(data)) as image:
                    width, height = image.size
        except Image.DecompressionBombError:  # far over the limit: Pillow will not say more
            size = ""
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
            return  # a picture Pillow cannot read (EMF, WMF, SVG) is Word's business
        else:
            if width * height <= MAX_PICTURE_PIXELS:
                return
            size = f"{width} × {height}, "
        limit = MAX_PICTURE_PIXELS // 1_000_000
        self._add(name, f"ein Bild mit zu vielen Bildpunkten ({size}höchstens {limit} Millionen)")


def _field_codes(root: Any) -> Iterator[tuple[str, bool]]:
    """The instruction of every field in a part, as Word reads it: for a complex field the
    text of every ``instrText`` (and deleted ``delInstrText``) between its begin and its
    separator, across runs and paragraphs; nested fields count as computed text."""
    stack: list[_Field] = []
    for node in root.iter():
        local = _local(node)
        if local == "fldSimple":
            yield _attributes(node).get("instr", ""), False
        elif local == "fldChar":
            kind = _attributes(node).get("fldCharType", "").lower()
            if kind == "begin":
                if stack and stack[-1].in_code and not "".join(stack[-1].code).strip():
                    stack[-1].computed = True  # the outer field's name is this field's result
                stack.append(_Field())
            elif kind == "separate" and stack:
                stack[-1].in_code = False
            elif kind == "end" and stack:
                done = stack.pop()
                yield "".join(done.code), done.computed
        elif local in ("instrText", "delInstrText") and stack and stack[-1].in_code:
            stack[-1].code.append(node.text or "")
    for unfinished in stack:  # a field without end: Word still reads its instruction
        yield "".join(unfinished.code), unfinished.computed


_TOKEN = re.compile(r'"([^"]*)"|(\S+)')
_HYPERLINK_ARGUMENTS = ("\\l", "\\o", "\\t")  # switches followed by a value


def _field_problem(code: str, computed: bool) -> str | None:
    """What is wrong with a field instruction, or ``None``. Word ignores case and reads
    through invisible formatting characters; so does this."""
    text = unicodedata.normalize("NFKC", code)
    text = "".join(c for c in text if unicodedata.category(c) != "Cf").strip()
    if "{{" in text or "{%" in text:
        return (
            f"eine Feldanweisung mit einem Platzhalter „{_shown(text)}“ (Word führte aus, was "
            "die Vorlage dort einsetzt)"
        )
    if computed:
        return f"ein Feld, dessen Art ein anderes Feld berechnet „{_shown(text)}“"
    tokens = [bare or quoted for quoted, bare in _TOKEN.findall(text)]
    if not tokens:
        return None
    name, rest = tokens[0].upper(), tokens[1:]
    if name in _FIELDS:
        shown = " ".join(rest)
        return _FIELDS[name] + (f" „{_shown(shown)}“" if shown else "")
    if name == "HYPERLINK":
        target = _hyperlink_target(rest)
        if target is None or _safe_link(target):
            return None  # a jump inside the document, or a web or e-mail link
        return f"ein Feld HYPERLINK „{_shown(target)}“"
    return None


def _hyperlink_target(tokens: list[str]) -> str | None:
    skip = False
    for token in tokens:
        if skip:
            skip = False
        elif token.startswith("\\"):
            skip = token.lower() in _HYPERLINK_ARGUMENTS
        else:
            return token
    return None


def _outside(target: str) -> bool:
    """Whether a relationship target or address leaves the package: a scheme, a drive,
    a network path (``\\\\server``, ``//server``)."""
    target = target.strip()
    if target.startswith(("\\\\", "//")):
        return True
    try:
        scheme = urlsplit(target).scheme
    except ValueError:
        return True
    return bool(scheme)


def _safe_link(target: str) -> bool:
    try:
        return urlsplit(target.strip()).scheme.lower() in SAFE_LINK_SCHEMES
    except ValueError:
        return False


def _local(node: Any) -> str:
    tag = node.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _attributes(node: Any) -> dict[str, str]:
    """Attributes by local name, whatever their namespace prefix."""
    return {str(key).rsplit("}", 1)[-1]: str(value) for key, value in node.attrib.items()}


def _shown(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
