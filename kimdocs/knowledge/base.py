"""The knowledge of one project: its facts and blocks, loaded once per state of their files."""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kimdocs.knowledge.blocks import BLOCKS_FOLDER, Block, load_blocks
from kimdocs.knowledge.facts import FACTS_NAME, Fact, load_facts
from kimdocs.project import Project


@dataclass(frozen=True)
class Knowledge:
    facts: dict[str, Fact]
    fact_lines: dict[str, int]
    blocks: dict[str, Block]

    def suggest(self, kind: str, name: str) -> str:
        """`` Meinten Sie …?`` with the nearest known names, or the list of names."""
        known = sorted(self.facts if kind == "fakt" else self.blocks)
        near = difflib.get_close_matches(name, known, n=3, cutoff=0.5)
        if near:
            return " Meinten Sie " + " oder ".join(f"„{n}“" for n in near) + "?"
        if known:
            return " Bekannt sind: " + ", ".join(known) + "."
        where = FACTS_NAME if kind == "fakt" else f"content/{BLOCKS_FOLDER}/"
        return f" Es gibt noch keine Einträge in {where}."


def blocks_dir(project: Project) -> Path:
    return project.content_dir / BLOCKS_FOLDER


def knowledge_files(project: Project) -> list[Path]:
    """The files the knowledge is read from: their state keys the cache."""
    files = [project.root / FACTS_NAME]
    folder = blocks_dir(project)
    if folder.is_dir():
        files += sorted(folder.glob("*.md"))
    return [f for f in files if f.is_file()]


def load_knowledge(project: Project) -> Knowledge:
    files = knowledge_files(project)
    state = tuple((str(f), f.stat().st_mtime_ns, f.stat().st_size) for f in files)
    return _load(project.root, blocks_dir(project), state)


@lru_cache(maxsize=4)
def _load(root: Path, folder: Path, _state: tuple[tuple[str, int, int], ...]) -> Knowledge:
    facts, lines = load_facts(root / FACTS_NAME)
    return Knowledge(facts, lines, load_blocks(folder))


def today() -> dt.date:
    """The date review dates are compared against, for flyers and knowledge (tests fix it)."""
    return dt.date.today()
