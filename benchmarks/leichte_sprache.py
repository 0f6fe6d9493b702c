"""Leichte-Sprache checker: calibration on StaGE and speed.

    python benchmarks/leichte_sprache.py

Prints, per rule, the share of published Leichte-Sprache sentences (StaGE) it
flags, on the training split (used to choose thresholds) and the test split
(reported only); the share with at least one error; precision and recall of
the "one statement" rule against the annotators' statement counts; sentences per
second after the model load, beside plain HanTa as a baseline (the machines are
shared: the ratio says more than the rate); the training split runs first, with
every word new to the caches, the test split after it; and the time of
``kimdocs check`` on one sample flyer from a cold start.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from kimdocs.easy_language import analysis  # noqa: E402
from kimdocs.easy_language.corpus import MISSING, error_share, load, rules_hit, stage_dir  # noqa: E402
from kimdocs.easy_language.rule_table import RULES  # noqa: E402

FLYER = REPO / "content" / "flyer" / "einbuergerung.md"


def main() -> int:
    folder = stage_dir(REPO)
    if not (folder / "train.csv").is_file():
        print(MISSING.format(path=folder))
        return 1
    t = time.perf_counter()
    analysis.tag("Das ist ein Satz.", ((0, 3), (4, 7), (8, 11), (12, 16), (16, 17)))
    analysis.zipf("Haus")
    from compound_split import char_split  # noqa: F401  (the character model: seconds)

    print(f"Modelle laden (HanTa, wordfreq, compound-split): {time.perf_counter() - t:.2f} s")

    # Baseline on this (shared, noisy) machine: plain HanTa, a fresh tagger, no caches.
    from HanTa import HanoverTagger

    plain = HanoverTagger.HanoverTagger("morphmodel_ger.pgz")
    sample = load(folder, "test")
    start = time.perf_counter()
    for phrase in sample:
        plain.tag_sent(phrase.text.split(), taglevel=1)
    baseline = len(sample) / (time.perf_counter() - start)
    print(f"Basislinie: HanTa allein (ohne Zwischenspeicher) {baseline:.0f} Sätze/s")

    results = {}
    for split in ("train", "test"):
        phrases = load(folder, split)
        analysis._tag_words.cache_clear()
        start = time.perf_counter()
        hits = [rules_hit(p.text) for p in phrases]
        seconds = time.perf_counter() - start
        results[split] = (phrases, hits, seconds)

    print(f"\n{'Regel':22} {'Schwere':8} {'train':>7} {'test':>7}")
    counts = {s: Counter(r for h in results[s][1] for r in h) for s in results}
    for rule in RULES:
        shares = [100 * counts[s][rule.id] / len(results[s][0]) for s in ("train", "test")]
        print(f"{rule.id:22} {rule.level.value:8} {shares[0]:6.1f}% {shares[1]:6.1f}%")
    for split in ("train", "test"):
        phrases, hits, seconds = results[split]
        share, flagged = error_share(hits)
        print(
            f"\n{split}: {len(phrases)} Sätze, mit mindestens 1 Fehler: {flagged} "
            f"({100 * share:.1f} %; Ziel ≤ 15 %)"
        )
        truth = [p.statements > 1 for p in phrases]
        said = ["LS-SATZ-AUSSAGE" in h for h in hits]
        tp = sum(a and b for a, b in zip(truth, said, strict=True))
        precision = tp / max(1, sum(said))
        recall = tp / max(1, sum(truth))
        print(
            f"  LS-SATZ-AUSSAGE gegen num_statements > 1: Präzision {precision:.2f}, "
            f"Trefferquote {recall:.2f} ({sum(truth)} Sätze mit mehreren Aussagen)"
        )
        rate = len(phrases) / seconds
        print(
            f"  Geschwindigkeit: {rate:.0f} Sätze/s (Ziel ≥ 500/s; "
            f"{rate / baseline:.1f} × HanTa allein)"
        )

    kimdocs = Path(sys.executable).parent / "kimdocs"
    press = sorted((REPO / "content" / "presse").glob("*.md"))[0]
    print()
    for path, what in ((press, "ohne Leichte Sprache, Basislinie"), (FLYER, "Flyer")):
        times = []
        for _ in range(3):
            start = time.perf_counter()
            subprocess.run(
                [str(kimdocs), "check", str(path)], cwd=REPO, capture_output=True, check=False
            )
            times.append(time.perf_counter() - start)
        print(f"Kaltstart „kimdocs check {path.name}“ ({what}): {min(times):.2f} s (bester von 3)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
