"""External references in a DOCX package: what Word would load or open from elsewhere.

A DOCX can point outside itself: an attached template on a web address, a picture
linked instead of embedded, a ``file:`` link, a mail-merge data source, an INCLUDETEXT
field. Word fetches some of these when the document opens, which leaks that it was
opened and can pull in foreign content. Templates come from other offices, so the
template check and every generated DOCX refuse them; only links to web pages and
e-mail addresses (``http``, ``https``, ``mailto``) are allowed, as in content.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from urllib.parse import urlsplit

_RELATIONSHIP = re.compile(rb"<Relationship\b[^>]*>")
_ATTRIBUTE = re.compile(rb'(\w+)="([^"]*)"')
# Field codes that read a file or address when Word updates fields.
_FIELD = re.compile(r"\b(INCLUDEPICTURE|INCLUDETEXT|LINK|DDE|DDEAUTO|IMPORT)\b\s+(\"[^\"]*\"|\S+)?")
_INSTRUCTION = re.compile(rb"<w:instrText[^>]*>([^<]*)</w:instrText>|w:instr=\"([^\"]*)\"")
_SAFE_LINK_SCHEMES = ("http", "https", "mailto")
_LABELS = {
    "attachedTemplate": "angehängte Dokumentvorlage",
    "image": "verknüpftes Bild",
    "hyperlink": "Link",
    "oleObject": "verknüpftes Objekt",
    "package": "verknüpftes Objekt",
    "subDocument": "Filialdokument",
    "frame": "Frame",
    "mailMergeSource": "Seriendruck-Datenquelle",
    "mailMergeHeaderSource": "Seriendruck-Datenquelle",
    "recipientData": "Seriendruck-Datenquelle",
    "externalLinkPath": "externe Verknüpfung",
}


@dataclass(frozen=True)
class ExternalReference:
    part: str  # the package part that holds it, e.g. ``word/_rels/settings.xml.rels``
    label: str  # what it is, in German
    target: str


def external_references(archive: zipfile.ZipFile) -> list[ExternalReference]:
    """Every reference to something outside the package that is not a web or e-mail link."""
    found: list[ExternalReference] = []
    for name in sorted(archive.namelist()):
        if name.endswith(".rels"):
            found += _relationships(name, archive.read(name))
        elif name.startswith("word/") and name.endswith(".xml"):
            found += _fields(name, archive.read(name))
    return found


def _relationships(part: str, data: bytes) -> list[ExternalReference]:
    found = []
    for match in _RELATIONSHIP.finditer(data):
        attributes = {
            key.decode(): value.decode("utf-8", "replace")
            for key, value in _ATTRIBUTE.findall(match.group(0))
        }
        if attributes.get("TargetMode") != "External":
            continue
        kind = attributes.get("Type", "").rsplit("/", 1)[-1]
        target = attributes.get("Target", "")
        if kind == "hyperlink" and urlsplit(target).scheme.lower() in _SAFE_LINK_SCHEMES:
            continue
        found.append(ExternalReference(part, _LABELS.get(kind, "externer Verweis"), target))
    return found


def _fields(part: str, data: bytes) -> list[ExternalReference]:
    text = " ".join(
        (a or b).decode("utf-8", "replace") for a, b in _INSTRUCTION.findall(data)
    ).replace("&quot;", '"')
    return [
        ExternalReference(part, f"Feld {field.group(1)}", (field.group(2) or "").strip('"'))
        for field in _FIELD.finditer(text)
    ]
