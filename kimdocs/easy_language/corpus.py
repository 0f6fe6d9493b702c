"""The StaGE corpus of published Leichte-Sprache sentences, for calibration.

The corpus is not part of kimdocs; it lies beside the project in
``../shared/corpora/stage/`` and is read from there when present.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from kimdocs.base.errors import Severity
from kimdocs.easy_language import rules
from kimdocs.easy_language.config import DEFAULT_PROJECT, ProjectRules
from kimdocs.easy_language.text import Sentence
from kimdocs.text.sentences import split_sentences

MISSING = (
    "StaGE-Korpus nicht gefunden (erwartet in {path}) / StaGE corpus not found "
    "(expected in {path}); see its README for where to get it."
)


@dataclass(frozen=True)
class Phrase:
    text: str
    statements: int


def stage_dir(repo_root: Path) -> Path:
    return repo_root.resolve().parent / "shared" / "corpora" / "stage"


def load(folder: Path, split: str) -> list[Phrase]:
    with (folder / f"{split}.csv").open(encoding="utf-8", newline="") as handle:
        return [
            Phrase(
                " ".join(row["phrase"].replace("\\newline", " ").split()),
                int(row["num_statements"] or 0),
            )
            for row in csv.DictReader(handle)
            if row["phrase"].strip()
        ]


def rules_hit(phrase: str) -> set[str]:
    """Rule ids that fire on one corpus phrase, split into sentences as the checker does.

    A phrase sometimes holds 2 sentences or wiki list items (after "•"); a document
    would have them on lines of their own.
    """
    found: set[str] = set()
    ctx = rules.Context()
    explained = bool(rules.EXPLANATION.search(phrase))
    for part in phrase.split("•"):
        for a, b in split_sentences(part):
            view = rules.View(Sentence(text=part[a:b], places=(), block=0), explained)
            if view.words:
                found |= {hit.rule for fn in rules.REGISTRY.values() for hit in fn(view, ctx)}
    return found


def error_share(
    hits: Iterable[set[str]], project: ProjectRules = DEFAULT_PROJECT
) -> tuple[float, int]:
    """Share of sentences with at least one error-severity finding, and their number."""
    hits = list(hits)
    flagged = sum(any(project.level(r) is Severity.ERROR for r in h) for h in hits)
    return (flagged / len(hits) if hits else 0.0), flagged
