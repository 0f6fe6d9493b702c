"""The knowledge of one project: its facts and blocks, loaded once per state of their files."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kimdocs.base.wording import did_you_mean
from kimdocs.catalog import BLOCKS_FOLDER, FACTS_NAME, block_files
from kimdocs.knowledge.blocks import Block, load_blocks
from kimdocs.knowledge.facts import Fact, load_facts
from kimdocs.project import Project


@dataclass(frozen=True)
class Knowledge:
    facts: dict[str, Fact]
    fact_lines: dict[str, int]
    blocks: dict[str, Block]

    def suggest(self, kind: str, name: str) -> str:
        """A suggestion of the nearest known names, or the list of names."""
        known = sorted(self.facts if kind == "fakt" else self.blocks)
        hint = did_you_mean(name, known, n=3)
        if hint:
            return hint
        if known:
            return " Bekannt sind: " + ", ".join(known) + "."
        where = FACTS_NAME if kind == "fakt" else f"content/{BLOCKS_FOLDER}/"
        return f" Es gibt noch keine Einträge in {where}."


def load_knowledge(project: Project) -> Knowledge:
    facts = project.root / FACTS_NAME
    files = ([facts] if facts.exists() else []) + block_files(project)
    state = tuple((str(f), f.stat().st_mtime_ns, f.stat().st_size) for f in files)
    return _load(facts, state)


@lru_cache(maxsize=4)
def _load(facts_path: Path, state: tuple[tuple[str, int, int], ...]) -> Knowledge:
    # The state of the files keys the cache: a long-lived preview sees every edit.
    facts, lines = load_facts(facts_path)
    blocks = [Path(name) for name, _, _ in state if Path(name) != facts_path]
    return Knowledge(facts, lines, load_blocks(blocks))
