"""Charts of the controlling report, drawn with matplotlib as SVG (and PNG for Word).

Each chart is drawn from a table that has already been through suppression, so a hidden
cell is never drawn as a bar: it gets no bar and its mark ("< 5", "x") as a label (in the
stacked chart, the hidden cells of a period together are one grey segment where the
period's total is shown: the total less the shown cells, as the table tells). The
colours come from ``[farben]`` in kimdocs.toml; hatches tell the series apart when printed
in black and white. Rebuilds give the same bytes: a fixed ``svg.hashsalt`` for the ids and
no date in the metadata.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kimdocs.controlling.report_tables import TOTAL, Table

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

FONT = ["Noto Sans", "DejaVu Sans"]  # the documents' font (base.css), then matplotlib's own
HATCHES = ("", "//", "..", "xx", "\\\\", "--")
GREYS = ("#595959", "#8c8c8c", "#bfbfbf")
REPORT_SIZE = (6.3, 3.2)  # inches: the A4 text width
SLIDE_SIZE = (6.2, 4.4)  # inches: 55 % of a 16:9 slide, so that 9 pt stay 9 pt


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    alt: str  # what the chart shows, in words, for screen readers and the PDF's /Alt
    table: Table | None  # its figures, shown beside it (the milestone plan has its own)
    svg: bytes
    png: bytes

    @property
    def data_uri(self) -> str:
        """The SVG for an ``<img>``: WeasyPrint tags it as a Figure with the ``alt`` text."""
        import base64

        return "data:image/svg+xml;base64," + base64.b64encode(self.svg).decode("ascii")


@dataclass(frozen=True)
class Milestones:
    """The milestone plan: rows of (title, status, half-years active) over the half-years."""

    halves: tuple[str, ...]  # labels: "1. HJ 2026"
    rows: tuple[tuple[str, str, frozenset[int]], ...]


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    matplotlib.rcParams.update(
        {
            "svg.hashsalt": "kimdocs",  # fixed ids, so that rebuilds give the same bytes
            "svg.fonttype": "path",  # no font needed where the SVG is shown
            "font.family": "sans-serif",
            "font.sans-serif": FONT,
            "font.size": 9,
            "axes.spines.top": False,
            "axes.spines.right": False,
        }
    )
    return plt


def _save(figure: Figure) -> tuple[bytes, bytes]:
    svg, png = io.BytesIO(), io.BytesIO()
    figure.savefig(svg, format="svg", metadata={"Date": None}, bbox_inches="tight")
    figure.savefig(png, format="png", dpi=200, metadata={"Software": None}, bbox_inches="tight")
    import matplotlib.pyplot as plt

    plt.close(figure)
    return svg.getvalue(), png.getvalue()


def _figure(slides: bool) -> tuple[Figure, Axes]:
    plt = _pyplot()
    figure, axes = plt.subplots(figsize=SLIDE_SIZE if slides else REPORT_SIZE)
    return figure, axes


def _number(value: float | str | None) -> float | None:
    return float(value) if isinstance(value, (int, float)) else None


def bars(
    chart_id: str,
    title: str,
    table: Table,
    row: int,
    colour: str,
    *,
    horizontal: bool = False,
    slides: bool = False,
    unit: str = "",
) -> Chart:
    """One bar per column of ``table`` (without the total), from one row of it."""
    figure, axes = _figure(slides)
    labels = [c for c in table.columns if c != TOTAL]
    shown = [table.shown(row, c) for c in range(len(labels))]
    values = [_number(v) or 0.0 for v in shown]
    positions = list(range(len(labels)))
    draw = axes.barh if horizontal else axes.bar
    draw(positions, values, color=colour, edgecolor="#1a1a1a", linewidth=0.6)
    top = max(values, default=0.0) or 1.0
    for pos, value, mark in zip(positions, values, shown, strict=True):
        text = mark if isinstance(mark, str) else table.text(row, labels.index(labels[pos]))
        if horizontal:
            axes.text(value + top * 0.01, pos, text, va="center", fontsize=8)
        else:
            axes.text(pos, value + top * 0.01, text, ha="center", va="bottom", fontsize=8)
    if horizontal:
        axes.set_yticks(positions, labels)
        axes.invert_yaxis()
        axes.set_xlabel(unit or table.unit)
        axes.set_xlim(0, top * 1.15)
    else:
        axes.set_xticks(positions, labels)
        axes.set_ylabel(unit or table.unit)
        axes.set_ylim(0, top * 1.15)
    axes.set_title(title, loc="left", fontsize=10, fontweight="bold")
    svg, png = _save(figure)
    return Chart(chart_id, title, _bars_alt(title, labels, table, row), table, svg, png)


def _bars_alt(title: str, labels: Sequence[str], table: Table, row: int) -> str:
    parts = [f"{label}: {table.text(row, c)}" for c, label in enumerate(labels)]
    return f"Balkendiagramm „{title}“ ({table.unit}). " + "; ".join(parts) + "."


def column_bars(
    chart_id: str,
    title: str,
    table: Table,
    colour: str,
    *,
    slides: bool = False,
) -> Chart:
    """One horizontal bar per row of ``table`` (rows without the total): from its total
    column, or, in a report on some districts, one bar per district (they have no total)."""
    figure, axes = _figure(slides)
    rows = [r for r, label in enumerate(table.rows) if label != TOTAL]
    labels = [table.rows[r] for r in rows]
    columns = (
        [len(table.columns) - 1]
        if table.columns[-1] == TOTAL or len(table.columns) == 1
        else list(range(len(table.columns)))
    )
    height = 0.8 / len(columns)
    tops: list[float] = []
    for n, column in enumerate(columns):
        values = [_number(table.shown(r, column)) or 0.0 for r in rows]
        tops += values
        positions = [p + (n - (len(columns) - 1) / 2) * height for p in range(len(rows))]
        axes.barh(
            positions,
            values,
            height=height * 0.95,
            color=colour if len(columns) == 1 else (colour, *GREYS)[n % (1 + len(GREYS))],
            hatch=HATCHES[n % len(HATCHES)] if len(columns) > 1 else "",
            edgecolor="#1a1a1a",
            linewidth=0.6,
            label=table.columns[column],
        )
        top = max(tops, default=0.0) or 1.0
        for pos, r, value in zip(positions, rows, values, strict=True):
            axes.text(value + top * 0.01, pos, table.text(r, column), va="center", fontsize=8)
    top = max(tops, default=0.0) or 1.0
    axes.set_yticks(list(range(len(rows))), labels)
    axes.invert_yaxis()
    axes.set_xlabel(table.unit)
    axes.set_xlim(0, top * 1.15)
    if len(columns) > 1:
        axes.legend(loc="lower right", frameon=False, fontsize=8)
    axes.set_title(title, loc="left", fontsize=10, fontweight="bold")
    svg, png = _save(figure)
    parts = [
        f"{label}: "
        + ", ".join(
            (f"{table.columns[c]} " if len(columns) > 1 else "") + table.text(r, c) for c in columns
        )
        for r, label in zip(rows, labels, strict=True)
    ]
    whose = "alle Bezirke" if table.columns[-1] == TOTAL else ", ".join(table.columns)
    alt = f"Balkendiagramm „{title}“ ({table.unit}, {whose}). " + "; ".join(parts) + "."
    return Chart(chart_id, title, alt, table, svg, png)


def stacked_over_time(
    chart_id: str,
    title: str,
    table: Table,
    colours: Sequence[str],
    *,
    slides: bool = False,
) -> Chart:
    """Stacked bars per period (rows) of the categories (columns without the total)."""
    figure, axes = _figure(slides)
    categories = [c for c in table.columns if c != TOTAL]
    positions = list(range(len(table.rows)))
    bottom = [0.0] * len(table.rows)
    for c, category in enumerate(categories):
        values = [_number(table.shown(r, c)) or 0.0 for r in positions]
        axes.bar(
            positions,
            values,
            bottom=bottom,
            label=category,
            color=colours[c % len(colours)],
            hatch=HATCHES[c % len(HATCHES)],
            edgecolor="#1a1a1a",
            linewidth=0.6,
        )
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    total = len(table.columns) - 1
    # What the hidden cells of a period add up to, where its total is shown: one grey
    # segment "verdeckt" (the table tells as much: the total less the shown cells).
    rest = [
        max(0.0, (_number(table.shown(r, total)) or 0.0) - bottom[r])
        if any((r, c) in table.hidden for c in range(total))
        else 0.0
        for r in positions
    ]
    if any(rest):
        axes.bar(
            positions,
            rest,
            bottom=bottom,
            label="verdeckt („< 5“, „x“)",
            color="#ffffff",
            hatch="..",
            edgecolor="#1a1a1a",
            linewidth=0.6,
        )
        bottom = [b + v for b, v in zip(bottom, rest, strict=True)]
    top = max(bottom, default=0.0) or 1.0
    for r in positions:
        note = "" if not any((r, c) in table.hidden for c in range(total)) else " (teils verdeckt)"
        axes.text(r, bottom[r] + top * 0.01, table.text(r, total) + note, ha="center", fontsize=8)
    # "Ahlen · 1. HJ 2026" on two lines: four of them side by side do not run together.
    axes.set_xticks(positions, [row.replace(" · ", "\n") for row in table.rows])
    axes.set_ylabel(table.unit)
    axes.set_ylim(0, top * 1.2)
    axes.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False, fontsize=8)
    axes.set_title(title, loc="left", fontsize=10, fontweight="bold")
    svg, png = _save(figure)
    parts = [
        f"{period}: " + ", ".join(f"{cat} {table.text(r, c)}" for c, cat in enumerate(categories))
        for r, period in enumerate(table.rows)
    ]
    alt = f"Gestapeltes Balkendiagramm „{title}“ ({table.unit}). " + "; ".join(parts) + "."
    return Chart(chart_id, title, alt, table, svg, png)


STATUS_STYLE = {
    "erledigt": ("primary", ""),
    "läuft": ("accent", "//"),
    "geplant": ("#bfbfbf", ".."),
    "verschoben": ("#ffffff", "xx"),
}


def timeline(
    chart_id: str,
    title: str,
    plan: Milestones,
    primary: str,
    accent: str,
    *,
    slides: bool = False,
) -> Chart:
    """The milestone plan as a Gantt chart by half-year, as the committee presentation has it."""
    plt = _pyplot()
    height = max(1.6, 0.42 * len(plan.rows) + 0.9)
    width = (SLIDE_SIZE if slides else REPORT_SIZE)[0]
    figure, axes = plt.subplots(figsize=(width, height))
    colours = {"primary": primary, "accent": accent}
    seen: set[str] = set()
    for r, (_name, status, active) in enumerate(plan.rows):
        colour, hatch = STATUS_STYLE[status]
        for h in sorted(active):
            axes.barh(
                r,
                0.9,
                left=h + 0.05,
                color=colours.get(colour, colour),
                hatch=hatch,
                edgecolor="#1a1a1a",
                linewidth=0.6,
                label=status if status not in seen else None,
            )
            seen.add(status)
    axes.set_yticks(range(len(plan.rows)), [_wrap(name) for name, _, _ in plan.rows], fontsize=8)
    axes.invert_yaxis()
    axes.set_xticks([h + 0.5 for h in range(len(plan.halves))], list(plan.halves))
    axes.set_xlim(0, len(plan.halves))
    axes.xaxis.tick_top()
    axes.grid(axis="x", color="#bfbfbf", linewidth=0.5)
    axes.set_axisbelow(True)
    axes.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False, fontsize=8)
    axes.set_title(title, loc="left", fontsize=10, fontweight="bold", pad=22)
    svg, png = _save(figure)
    parts = [
        f"{name} ({status}): " + ", ".join(plan.halves[h] for h in sorted(active))
        for name, status, active in plan.rows
    ]
    alt = f"Zeitplan „{title}“ nach Halbjahren. " + "; ".join(parts) + "."
    return Chart(chart_id, title, alt, None, svg, png)


def _wrap(text: str, width: int = 38) -> str:
    import textwrap

    lines = textwrap.wrap(text, width)
    return "\n".join(lines[:2]) + ("…" if len(lines) > 2 else "")
