"""The knowledge of one project: its facts and blocks, loaded once per state of their files."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kimdocs.base.errors import ContentError, Problem
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
    # Why fakten.yaml could not be read: then there are no facts, and only the documents
    # that state one fail (naming this); the others build.
    broken: tuple[Problem, ...] = ()

    def suggest(self, kind: str, name: str) -> str:
        """A suggestion of the nearest known names, or the list of names."""
        if kind == "fakt" and self.broken:
            first = self.broken[0]
            where = f"{FACTS_NAME}" + (f", Zeile {first.line}" if first.line else "")
            return f" {FACTS_NAME} hat einen Fehler ({where}) und wurde nicht gelesen."
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
    broken: tuple[Problem, ...] = ()
    try:
        facts, lines = load_facts(facts_path)
    except ContentError as exc:
        facts, lines, broken = {}, {}, tuple(exc.problems)
    blocks = [Path(name) for name, _, _ in state if Path(name) != facts_path]
    return Knowledge(facts, lines, load_blocks(blocks), broken)
