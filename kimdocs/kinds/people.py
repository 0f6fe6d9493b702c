"""Everyone the project knows by name, from the case documents and kimdocs.toml.

Clients (with the relatives an agreement lists under ``klient.angehörige``), and staff:
case managers, the people at a conference, partners' contacts, and the contacts in
kimdocs.toml. Consent forms ask who the client of a case is and whether the person who
consented works on it; press releases and the pseudonymiser ask for every name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from kimdocs import kind_names
from kimdocs.base.errors import KimdocsError
from kimdocs.catalog import Catalog, current_catalog
from kimdocs.content import CONTROL
from kimdocs.project import Project
from kimdocs.text.identifiers import name_key, office_name


@dataclass
class CasePeople:
    clients: list[str] = field(default_factory=list)
    agreed: list[str] = field(default_factory=list)  # the client as the agreement names them
    relatives: list[tuple[str, str]] = field(default_factory=list)  # (name, relation)
    staff: list[str] = field(default_factory=list)


def bare_name(text: str) -> str:
    """ "Petra Pressebeispiel (fiktiv), Pressestelle" → "Petra Pressebeispiel".

    The index reads the front matter as written: control characters are dropped here as
    the document's fields drop them (kimdocs.schema), so the names compare alike.
    """
    return re.split(r"[,(]", CONTROL.sub("", text), maxsplit=1)[0].strip()


def same_person(a: str, b: str) -> bool:
    """Two spellings of one name: case, spacing, accents and "(fiktiv)" aside."""
    return bool(name_key(bare_name(a))) and name_key(bare_name(a)) == name_key(bare_name(b))


_INDEX = "people.by_case"


def by_case(project: Project) -> dict[str, CasePeople]:
    """Case id (case folded) → the people its documents name, once per walk."""
    catalog = current_catalog(project)
    index: dict[str, CasePeople] | None = catalog.derived.get(_INDEX)
    if index is None:
        index = _index(catalog)
        catalog.derived[_INDEX] = index
    return index


def _index(catalog: Catalog) -> dict[str, CasePeople]:
    index: dict[str, CasePeople] = {}
    for entry in catalog.documents():
        if not any(k.id == entry.kind and k.case_data for k in kind_names.ALL):
            continue
        try:
            meta = catalog.read(entry.path).meta
        except KimdocsError:
            continue
        case = meta.get("fall_id")
        key = str(case).strip().casefold() if isinstance(case, str | int) else ""
        people = index.setdefault(key, CasePeople())
        client = meta.get("klient")
        if isinstance(client, dict):
            if isinstance(client.get("name"), str) and bare_name(client["name"]):
                people.clients.append(bare_name(client["name"]))
                if entry.kind == kind_names.AGREEMENT.id:
                    people.agreed.append(bare_name(client["name"]))
            relatives = client.get("angehörige")
            for relative in relatives if isinstance(relatives, list) else []:
                if isinstance(relative, dict) and isinstance(relative.get("name"), str):
                    relation = str(relative.get("beziehung") or "")
                    people.relatives.append((bare_name(relative["name"]), relation))
        people.staff += _staff(meta)
    return index


def _staff(meta: dict[str, Any]) -> list[str]:
    found: list[Any] = [meta.get("moderation"), meta.get("protokoll")]
    for key, name_key_ in (("teilnehmende", "name"), ("netzwerk", "kontakt")):
        entries = meta.get(key)
        if isinstance(entries, list):
            found += [e.get(name_key_) for e in entries if isinstance(e, dict)]
    management = meta.get("fallmanagement")
    if isinstance(management, dict):
        found.append(management.get("name"))
    names = [bare_name(v) for v in found if isinstance(v, str)]
    return [n for n in names if n and not office_name(n) and any(c.isalpha() for c in n)]


def project_staff(project: Project) -> list[str]:
    """People of kimdocs.toml: case managers, coordinators, press contact, data protection;
    a contact named like an office ("Koordination Mitte") is no person."""
    config = project.config
    names = [
        contact.name
        for district in config.districts
        for contact in (district.case_management, district.coordination)
    ]
    if config.press.contact is not None:
        names.append(config.press.contact.name)
    if config.data_protection is not None:
        names.append(config.data_protection.officer.name)
    bare = [bare_name(n) for n in names]
    return [n for n in bare if n and not office_name(n) and "«" not in n]


def case_clients(project: Project, case_id: str) -> list[str]:
    """The client of a case as its agreement names them (empty without an agreement)."""
    people = by_case(project).get(case_id.strip().casefold(), CasePeople())
    return list(dict.fromkeys(people.agreed))


def staff_names(project: Project, case_id: str) -> list[str]:
    """Everyone who works on a case, and every person of kimdocs.toml."""
    people = by_case(project).get(case_id.strip().casefold(), CasePeople())
    return list(dict.fromkeys([*people.staff, *project_staff(project)]))


@dataclass(frozen=True)
class Known:
    clients: tuple[str, ...]
    relatives: tuple[str, ...]
    staff: tuple[str, ...]

    def everyone(self) -> list[str]:
        return list(dict.fromkeys([*self.clients, *self.relatives, *self.staff]))


def everyone(project: Project) -> Known:
    """Every person the project knows, by role (a name in two roles is in both)."""
    clients: list[str] = []
    relatives: list[str] = []
    staff: list[str] = list(project_staff(project))
    for people in by_case(project).values():
        clients += people.clients
        relatives += [name for name, _ in people.relatives]
        staff += people.staff
    return Known(
        tuple(dict.fromkeys(clients)), tuple(dict.fromkeys(relatives)), tuple(dict.fromkeys(staff))
    )
