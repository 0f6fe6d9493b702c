"""The knowledge of one project: its facts and blocks, loaded once per state of their files."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from kimdocs.base.wording import did_you_mean
from kimdocs.catalog import BLOCKS_FOLDER, FACTS_NAME, block_files
from kimdocs.knowledge.blocks import Block, load_blocks
from kimdocs.knowledge.facts import Fact, load_facts
from kimdocs.knowledge.laws import LAWS_NAME, Law, load_laws
from kimdocs.knowledge.lifecycle import checks
from kimdocs.project import Project

RECHECK_MONTHS = 6  # default of kimdocs.toml's [fakten] nachsehen_nach_monaten


@dataclass(frozen=True)
class Knowledge:
    facts: dict[str, Fact]
    fact_lines: dict[str, int]
    blocks: dict[str, Block]
    laws: dict[str, Law] = field(default_factory=dict)
    # After how many months a fact's ``geprüft_am`` is too old to trust without a look.
    recheck_months: int = RECHECK_MONTHS

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
    laws = project.root / LAWS_NAME
    files = [f for f in (facts, laws) if f.exists()] + block_files(project)
    state = tuple((str(f), f.stat().st_mtime_ns, f.stat().st_size) for f in files)
    return _load(facts, laws, state, project.config.facts.recheck_months)


@lru_cache(maxsize=4)
def _load(
    facts_path: Path, laws_path: Path, state: tuple[tuple[str, int, int], ...], months: int
) -> Knowledge:
    # The state of the files keys the cache: a long-lived preview sees every edit.
    laws, _lines = load_laws(laws_path)
    facts, lines = load_facts(facts_path, checks(laws))
    blocks = [Path(name) for name, _, _ in state if Path(name) not in (facts_path, laws_path)]
    return Knowledge(facts, lines, load_blocks(blocks), laws, months)
