"""How users name each document kind: its id, German aliases and content folders.

These names are all the catalog needs to tell a file's kind without loading the kinds'
schemas and templates, so they live here, below everything; each kind in
``kimdocs.kinds`` takes its names from this table.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class KindNames:
    id: str  # stable identifier: ``kind: agreement``, ``kimdocs new agreement``
    aliases: tuple[str, ...]  # German names for ``art:``, lower case
    folders: tuple[str, ...]  # folders under content/ whose files are of this kind
    # Case documents name clients: kept out of version control, named by case id.
    case_data: bool = False


AGREEMENT = KindNames(
    "agreement",
    ("vereinbarung", "integrationsvereinbarung", "zielvereinbarung"),
    ("vereinbarungen",),
    case_data=True,
)
MINUTES = KindNames(
    "minutes",
    ("protokoll", "fallkonferenz", "fallrekonstruktion", "fallkonferenz-protokoll"),
    ("protokolle",),
    case_data=True,
)
PRESS = KindNames("press", ("presse", "pressemitteilung"), ("presse",))
FLYER = KindNames("flyer", ("leichte-sprache", "faltblatt"), ("flyer",))

ALL: tuple[KindNames, ...] = (AGREEMENT, MINUTES, PRESS, FLYER)


def kind_id(name: str) -> str | None:
    """``Vereinbarung`` → ``agreement``; case and surrounding space do not matter."""
    key = name.strip().lower()
    return next((k.id for k in ALL if key == k.id or key in k.aliases), None)


def known_names() -> list[str]:
    return sorted({n for k in ALL for n in (k.id, *k.aliases)})
