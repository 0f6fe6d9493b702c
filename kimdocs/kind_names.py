"""How users name each document kind: its id, German aliases and content folders.

These names are all the catalog needs to tell a file's kind without loading the kinds'
schemas and templates, so they live here, below everything; each kind in
``kimdocs.kinds`` takes its names from this table.
"""

from __future__ import annotations

from dataclasses import dataclass

from kimdocs.base.wording import meant, nearest


@dataclass(frozen=True)
class KindNames:
    # Stable identifier inside kimdocs (template names, ``kind: agreement``); still accepted
    # as input, never shown: users see ``name``.
    id: str
    aliases: tuple[str, ...]  # German names for ``art:``, lower case; the first is ``name``
    folders: tuple[str, ...]  # folders under content/ whose files are of this kind
    # Case documents name clients: kept out of version control, named by case id.
    case_data: bool = False

    @property
    def name(self) -> str:
        """The German name shown to users: ``kimdocs new vereinbarung``, ``art: vereinbarung``."""
        return self.aliases[0]


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
# Schweigepflichtentbindung and Art. 13 DSGVO information for a case: the signed form is
# the record of the consent, so it is a case document.
CONSENT = KindNames(
    "consent",
    ("einwilligung", "schweigepflichtentbindung", "einwilligungserklärung"),
    ("einwilligungen",),
    case_data=True,
)
# Wege zum Bleiberecht: a client's residence timeline, evaluated as a worksheet (one per
# client, beside the agreement of the same case id).
PERSPECTIVE = KindNames(
    "perspektive",
    ("perspektive", "bleibeperspektive", "aufenthaltsperspektive"),
    ("perspektiven",),
    case_data=True,
)
PRESS = KindNames("press", ("presse", "pressemitteilung"), ("presse",))
FLYER = KindNames("flyer", ("flyer", "leichte-sprache", "faltblatt"), ("flyer",))

# Reports across cases (controlling): aggregates only, so no case data of their own.
REPORT = KindNames("report", ("bericht", "controlling", "sachbericht"), ("berichte",))

ALL: list[KindNames] = [AGREEMENT, MINUTES, PRESS, FLYER, CONSENT, REPORT, PERSPECTIVE]


def register(names: KindNames) -> None:
    """Add a kind's names (``kimdocs.kinds.register`` does, with the kind)."""
    if names.id in {k.id for k in ALL}:
        raise ValueError(f"Die Dokumentart „{names.id}“ gibt es schon.")
    ALL.append(names)


def unregister(kind: str) -> None:
    ALL[:] = [k for k in ALL if k.id != kind]


def kind_id(name: str) -> str | None:
    """``Vereinbarung`` → ``agreement``; case and surrounding space do not matter."""
    key = name.strip().lower()
    return next((k.id for k in ALL if key == k.id or key in k.aliases), None)


def suggestion(typed: str) -> str:
    """A suggestion for a mistyped kind, always by its German name (``vereinbarung``)."""
    names = {n: k for k in ALL for n in (*k.aliases, k.id)}
    near = nearest(typed, names)
    return meant([names[near].name] if near is not None else [])


def known_names() -> list[str]:
    """The German names of all kinds, for messages: ``vereinbarung, protokoll, presse, flyer``."""
    return [k.name for k in ALL]
