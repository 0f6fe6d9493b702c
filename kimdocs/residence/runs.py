"""How long a run of dated spans has lasted: residence, schooling or work "seit N Jahren".

Each span is classed by the rule that counts it: it *counts*, it is *neutral* (not counted,
but no break either: § 60b AufenthG periods inside a run of Duldung), it is *unknown*, or
it *breaks* the run. Short breaks may be harmless (``gap_months``, ``gap_times``): the
run goes on, and unless the rule says so their days are not counted, so that a worksheet
rather names a date too late than one too early.

Unknown spans are read twice: pessimistically as breaks, optimistically as counting. A
condition is met only if the pessimistic run meets it; if only the optimistic one does, the
answer is "unknown" and the unknown spans are what is missing to decide.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

from kimdocs.residence.calendar import ONE_DAY, period_opens


class Piece(Enum):
    COUNTS = 3
    NEUTRAL = 2
    UNKNOWN = 1
    BREAKS = 0


@dataclass(frozen=True)
class Span:
    start: dt.date
    end: dt.date | None  # None: ongoing
    piece: Piece
    label: str = ""


@dataclass(frozen=True)
class Counting:
    gap_months: int = 0  # a break up to this long is harmless (0: every break breaks)
    gap_times: int | None = None  # how many harmless breaks (1: "einmalig"), None: any
    gaps_count: bool = False  # whether a harmless break's days count as time
    uncovered: Piece = Piece.UNKNOWN  # days no span covers, after the first span


@dataclass(frozen=True)
class Run:
    start: dt.date | None  # None: no run reaches the day
    subtracted: int = 0  # days inside the run that are not counted
    unknown: tuple[tuple[dt.date, dt.date], ...] = ()  # unknown stretches read as counting
    labels: tuple[str, ...] = ()  # what the counted spans were

    def opens(self, months: int) -> dt.date | None:
        """The first day on which ``months`` months are counted, if the run goes on."""
        if self.start is None:
            return None
        return period_opens(self.start, months) + dt.timedelta(days=self.subtracted)


@dataclass(frozen=True)
class _Block:
    start: dt.date
    end: dt.date
    piece: Piece
    labels: tuple[str, ...]


def _blocks(spans: Sequence[Span], day: dt.date, uncovered: Piece) -> list[_Block]:
    """Maximal stretches of one class from the first span's start to ``day``."""
    relevant = [s for s in spans if s.start <= day]
    if not relevant:
        return []
    points = {min(s.start for s in relevant), day + ONE_DAY}
    for span in relevant:
        points.add(span.start)
        if span.end is not None and span.end < day:
            points.add(span.end + ONE_DAY)
    edges = sorted(points)
    blocks: list[_Block] = []
    for start, stop in itertools.pairwise(edges):
        end = stop - ONE_DAY
        covering = [s for s in relevant if s.start <= start and (s.end is None or s.end >= end)]
        piece = max((s.piece for s in covering), key=lambda p: p.value, default=uncovered)
        labels = tuple(sorted({s.label for s in covering if s.piece is piece and s.label}))
        if blocks and blocks[-1].piece is piece and blocks[-1].end + ONE_DAY == start:
            last = blocks[-1]
            blocks[-1] = _Block(last.start, end, piece, tuple(sorted({*last.labels, *labels})))
        else:
            blocks.append(_Block(start, end, piece, labels))
    return blocks


def run_at(spans: Sequence[Span], day: dt.date, counting: Counting, optimistic: bool) -> Run:
    """The run that reaches ``day`` (inclusive), walked back from ``day``."""
    blocks = _blocks(spans, day, counting.uncovered)

    def resolved(piece: Piece) -> Piece:
        if piece is Piece.UNKNOWN:
            return Piece.COUNTS if optimistic else Piece.BREAKS
        return piece

    if not blocks or resolved(blocks[-1].piece) not in (Piece.COUNTS, Piece.NEUTRAL):
        return Run(None)
    start: dt.date | None = None
    subtracted = pending = gaps = 0
    unknown: list[tuple[dt.date, dt.date]] = []
    labels: set[str] = set()
    for block in reversed(blocks):
        piece = resolved(block.piece)
        days = (block.end - block.start).days + 1
        if piece is Piece.BREAKS:
            harmless = (
                counting.gap_months > 0
                and block.end < period_opens(block.start, counting.gap_months)
                and (counting.gap_times is None or gaps < counting.gap_times)
            )
            if not harmless:
                break
            gaps += 1
            pending += 0 if counting.gaps_count else days
            continue
        start = block.start
        subtracted += pending + (days if piece is Piece.NEUTRAL else 0)
        pending = 0
        labels.update(block.labels)
        if block.piece is Piece.UNKNOWN:
            unknown.append((block.start, block.end))
    return Run(start, subtracted, tuple(reversed(unknown)), tuple(sorted(labels)))


@dataclass(frozen=True)
class Duration:
    """A requirement of ``months`` months, three-valued, with the day it is or will be met."""

    met: bool | None  # None: unknown
    run: Run  # the pessimistic run (the optimistic one when unknown)
    opens: dt.date | None  # met since (about) / will be met on, if the known spans go on
    unknown: tuple[tuple[dt.date, dt.date], ...]


def duration(spans: Sequence[Span], day: dt.date, months: int, counting: Counting) -> Duration:
    """Whether ``months`` months are counted on ``day``, and when they will be."""
    sure = run_at(spans, day, counting, optimistic=False)
    hoped = run_at(spans, day, counting, optimistic=True)
    opens = sure.opens(months)
    if opens is not None and opens <= day:
        return Duration(True, sure, opens, ())
    hoped_opens = hoped.opens(months)
    if hoped_opens is not None and hoped_opens <= day:
        return Duration(None, hoped, hoped_opens, hoped.unknown)
    return Duration(False, sure, _projected(spans, day, months, counting), hoped.unknown)


def _projected(
    spans: Sequence[Span], day: dt.date, months: int, counting: Counting
) -> dt.date | None:
    """The day the pessimistic run will meet the requirement if the recorded spans go on."""
    candidate = run_at(spans, day, counting, optimistic=False).opens(months)
    for _ in range(12):  # each round adds the not-counted days found on the way
        if candidate is None:
            return None
        later = run_at(spans, candidate, counting, optimistic=False).opens(months)
        if later is None or later == candidate:
            return later
        candidate = later
    return None
