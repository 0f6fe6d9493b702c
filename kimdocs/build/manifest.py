"""What was built from what: content hashes that make unchanged documents skip rendering.

The fingerprint of a document covers its inputs only: its source, the project
configuration, every template file, the pictures it shows (from the text and from the
front matter), the facts and text blocks it uses and the kimdocs version. Facts and blocks
count only for the documents that use them. The manifest records, per document and per
format, the fingerprint the files were made from and their digests, so that building one
format never makes another one stale (``build`` and the preview ask for different ones).
The manifest lives in ``output/`` so that deleting ``output/`` forgets it too.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import kimdocs
from kimdocs import __version__
from kimdocs.base.files import write_atomic
from kimdocs.kinds import Document
from kimdocs.knowledge.store import Knowledge
from kimdocs.project import Project
from kimdocs.templating.environment import SHIPPED_DIR, template_files, template_kind
from kimdocs.text import markdown
from kimdocs.text.directives import DIRECTIVE, template_uses
from kimdocs.translation.fixed import TEXTS_DIR
from kimdocs.word.template import template_text

MANIFEST_NAME = ".kimdocs-manifest.json"


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def templates_digest(project: Project) -> str:
    """One hash over kimdocs itself and every template and data file the project could use."""
    digest = hashlib.sha256(__version__.encode())
    code = Path(kimdocs.__file__).resolve().parent
    for path in sorted(code.rglob("*.py")):
        digest.update(path.read_bytes())
    for folder in (project.templates_dir, SHIPPED_DIR):
        for path in template_files(folder):
            digest.update(str(path.relative_to(folder)).encode())
            digest.update(path.read_bytes())
    for extra in (project.config_path, project.logo_path(), project.root / "glossar.yaml"):
        if extra is not None and extra.is_file():
            digest.update(extra.read_bytes())
    return digest.hexdigest()


def local_pictures(doc: Document[Any]) -> list[Path]:
    found = []
    for block in markdown.structure(doc.source.body):
        for tok in block.children or []:
            if tok.type == "image":
                url = urlsplit(str(tok.attrGet("src") or ""))
                if not url.scheme:
                    found.append(doc.source.path.parent / unquote(url.path))
    return found


def knowledge_digest(knowledge: Knowledge, uses: Iterable[tuple[str, str]]) -> str:
    """A hash over exactly the facts and blocks named, so that changing another one of
    them does not re-render this document."""
    digest = hashlib.sha256()
    for kind, name in sorted(set(uses)):
        digest.update(f"{kind}:{name}".encode())
        if kind == "fakt" and name in knowledge.facts:
            digest.update(knowledge.facts[name].model_dump_json().encode())
        elif kind == "baustein" and name in knowledge.blocks:
            source = knowledge.blocks[name].source
            digest.update(json.dumps(source.meta, sort_keys=True, default=str).encode())
            digest.update(source.body.encode())
    return digest.hexdigest()


GLOSSARY_USES = "glossar.yaml"  # the key of the facts the glossary states


def templates_knowledge(project: Project) -> dict[str | None, list[tuple[str, str]]]:
    """Facts and blocks named in templates, by the kind's template they belong to.

    ``agreement.html`` and ``agreement.docx`` count for agreements, ``flyer-teile.html``
    for flyers; templates of no kind (``base.html``) count for every document.
    """
    found: dict[str | None, list[tuple[str, str]]] = {}
    for folder in (project.templates_dir, SHIPPED_DIR):
        for path in template_files(folder):
            if path.suffix == ".docx":
                text = template_text(path)
            elif path.suffix in (".html", ".txt", ".css"):
                text = path.read_text(encoding="utf-8", errors="replace")
            else:
                continue
            found.setdefault(template_kind(path.name), []).extend(template_uses(text))
    glossary = project.root / "glossar.yaml"
    if glossary.is_file():
        # Explanations state facts too ([[fakt:name]]); documents in Leichte Sprache show them.
        text = glossary.read_text(encoding="utf-8", errors="replace")
        found[GLOSSARY_USES] = [("fakt", m.group(2)) for m in DIRECTIVE.finditer(text)]
    return found


def fingerprint(
    doc: Document[Any],
    shared: str,
    knowledge: Knowledge,
    in_templates: dict[str | None, list[tuple[str, str]]],
    translations: Mapping[str, Path],
) -> str:
    """``translations``: the document's translation files, as the catalog's walk found
    them (``catalog.translations_of``); looking for them here cost a scan of the
    document's folder per document."""
    digest = hashlib.sha256(shared.encode())
    digest.update(doc.source.digest.encode() or doc.source.path.read_bytes())
    uses: list[tuple[str, str]] = [(u.kind, u.name) for u in doc.uses]
    uses += in_templates.get(doc.kind.template, []) + in_templates.get(None, [])
    if doc.kind.easy_language:
        uses += in_templates.get(GLOSSARY_USES, [])
    digest.update(knowledge_digest(knowledge, uses).encode())
    for picture in [*local_pictures(doc), *doc.kind.files(doc)]:
        if picture.is_file():
            digest.update(picture.read_bytes())
    # Its translations are the document's inputs too: a changed one rebuilds its language.
    for code, path in translations.items():
        digest.update(code.encode())
        digest.update(path.read_bytes())
        shipped = TEXTS_DIR / f"{code}.po"  # the fixed texts kimdocs ships for the language
        if shipped.is_file():
            digest.update(shipped.read_bytes())
    return digest.hexdigest()


@dataclass
class Manifest:
    """``{source: {"formate": {format: {"fingerprint": …, "dateien": {file: digest}}}}}``."""

    path: Path
    entries: dict[str, dict[str, Any]] = field(default_factory=dict)
    _saved: str = ""

    @classmethod
    def load(cls, project: Project) -> Manifest:
        path = project.output_dir / MANIFEST_NAME
        try:
            text = path.read_text(encoding="utf-8")
            entries = json.loads(text)["dokumente"]
        except (OSError, ValueError, KeyError, TypeError):
            return cls(path)  # a missing or damaged manifest means: build everything
        if not isinstance(entries, dict):
            return cls(path)
        # An entry of the older layout has no formats: everything is built again.
        return cls(path, {k: v for k, v in entries.items() if isinstance(v, dict)}, text)

    def key(self, source: Path, project: Project) -> str:
        resolved = source.resolve()
        if resolved.is_relative_to(project.root.resolve()):
            return resolved.relative_to(project.root.resolve()).as_posix()
        return resolved.as_posix()  # a file given from outside the project

    def _formats(self, key: str) -> dict[str, Any]:
        found = self.entries.get(key, {}).get("formate", {})
        return found if isinstance(found, dict) else {}

    def fresh_files(self, key: str, fmt: str, fingerprint: str, root: Path) -> list[Path] | None:
        """The files of ``fmt`` if they were made from these inputs and are untouched."""
        entry = self._formats(key).get(fmt)
        if not isinstance(entry, dict) or entry.get("fingerprint") != fingerprint:
            return None
        files = entry.get("dateien", {})
        if not files or not all(
            (root / rel).is_file() and file_digest(root / rel) == digest
            for rel, digest in files.items()
        ):
            return None
        return [root / rel for rel in files]

    def stale(self, key: str, fingerprint: str, formats: Iterable[str], root: Path) -> list[str]:
        return [f for f in formats if self.fresh_files(key, f, fingerprint, root) is None]

    def files(self, key: str, fmt: str | None = None) -> list[str]:
        """Recorded files of one format, or of all (older layouts' files too)."""
        entry = self.entries.get(key, {})
        chosen = [self._formats(key).get(fmt, {})] if fmt else self._formats(key).values()
        found = [rel for one in chosen for rel in one.get("dateien", {})]
        return found if fmt else found + list(entry.get("ausgaben", {}))

    def record(
        self, key: str, fingerprint: str, outputs: dict[str, dict[Path, bytes]], root: Path
    ) -> None:
        """Files just written, per format; the document's other formats stay recorded."""
        formats = dict(self._formats(key))
        for fmt, files in outputs.items():
            formats[fmt] = {
                "fingerprint": fingerprint,
                "dateien": {
                    p.relative_to(root).as_posix(): hashlib.sha256(data).hexdigest()
                    for p, data in sorted(files.items())
                },
            }
        self.entries[key] = {"formate": dict(sorted(formats.items()))}

    def forget(self, key: str) -> list[str]:
        """Drop an entry; return the outputs it had recorded."""
        files = self.files(key)
        self.entries.pop(key, None)
        return files

    def save(self) -> None:
        text = (
            json.dumps(
                {"kimdocs": __version__, "dokumente": dict(sorted(self.entries.items()))},
                ensure_ascii=False,
                indent=1,
            )
            + "\n"
        )
        if text != self._saved:  # a no-op build writes nothing
            # A full disk is a German error naming output/ (the manifest lives there).
            write_atomic(self.path, text.encode("utf-8"), root=self.path.parent.parent)
            self._saved = text
