"""Where a flyer's reader applies, who decides, and where to come by – from kimdocs.toml.

The flyer says what the project data says: the authority that decides for each
municipality (the county's, a kreisfreie Stadt's, or a large town's own office), where the
application is handed in (the authority itself with ``antrag_hier``, else the
municipality's ``[[antragsstellen]]``), and for each visiting hour the address of its
place. Nothing here names a body the data does not name: no "vom Kreis" for a city, no
"Bürgerbüro im Rathaus" for an office that is none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from kimdocs.base.errors import Problem, Severity
from kimdocs.base.wording import find_name
from kimdocs.project import (
    CITY,
    COUNTY,
    IMMIGRATION,
    LARGE_TOWN,
    NATURALISATION,
    Contact,
    District,
    Office,
    Project,
)

# The kimdocs.toml section that holds each authority, for messages.
OFFICE_SECTIONS = {NATURALISATION: "einbuergerungsbehoerde", IMMIGRATION: "auslaenderbehoerde"}

# The flyer's sentences about offices. The template shows them with ``t()`` (translations
# take them from here too), the legal review lists them as the flyer's statements.
TEXTS = {
    "heading": "Wo stellen Sie den Antrag?",
    "apply_here": "Sie stellen den Antrag bei diesem Amt:",
    "apply_at": "Sie geben den Antrag hier ab:",
    "apply_table": "Sie geben den Antrag bei der Stelle für Ihren Wohn·ort ab.",
    "decides_here": "Dieses Amt entscheidet über Ihren Antrag.",
    "decides": "Über Ihren Antrag entscheidet:",
    "decides_table": "Über Ihren Antrag entscheidet das Amt für Ihren Wohn·ort.",
    "fee": "Dieses Amt bekommt auch die Gebühr.",
    "fee_table": "Die Gebühr bekommt das Amt für Ihren Wohn·ort.",
    "immigration": "Sie stellen den Antrag bei Ihrer Ausländer·behörde.",
    "immigration_decides": "Die Ausländer·behörde entscheidet über Ihren Antrag.",
    "immigration_fee": "Die Ausländer·behörde bekommt auch die Gebühr.",
    "lives_in": "Sie wohnen in",
    "hand_in": "Hier geben Sie den Antrag ab",
    "deciding": "Dieses Amt entscheidet",
    "your_authority": "Ihre Ausländer·behörde",
    "call_first": "Rufen Sie vorher an.",
    "appointment": "Dann bekommen Sie einen Termin.",
    "same_hours": "Sprech·zeiten an allen diesen Stellen:",
    "hours_by_phone": "Die Sprech·zeiten erfahren Sie am Telefon.",
    COUNTY: "Das Amt gehört zum Kreis.",
    CITY: "Das Amt gehört zu Ihrer Stadt.",
    LARGE_TOWN: "Das Amt gehört zu Ihrer Stadt.",
}


@dataclass(frozen=True)
class Group:
    """Municipalities that apply at the same place and get the decision of the same office."""

    municipalities: tuple[str, ...]
    apply_at: Office
    decides: Office


def municipalities(project: Project, district_id: str) -> list[str]:
    """The municipalities a flyer is for: its district's, or all of a county-wide flyer."""
    district = project.district(district_id)
    chosen = [district] if district is not None else project.config.districts
    return [m for d in chosen for m in d.municipalities]


def _apply_at(project: Project, kind: str, decides: Office, municipality: str) -> Office | None:
    if kind == IMMIGRATION or decides.takes_applications:
        return decides
    offices = project.application_offices([municipality])
    return offices[0] if offices else None


def groups(project: Project, kind: str, district_id: str) -> list[Group]:
    """Each place to apply with its deciding office and municipalities, in the data's order."""
    found: dict[tuple[int, int], list[str]] = {}
    offices: dict[int, Office] = {}
    for municipality in municipalities(project, district_id):
        decides = project.authority(kind, municipality)
        apply_at = _apply_at(project, kind, decides, municipality) if decides else None
        if decides is None or apply_at is None:
            continue
        offices[id(decides)], offices[id(apply_at)] = decides, apply_at
        found.setdefault((id(apply_at), id(decides)), []).append(municipality)
    return [
        Group(tuple(names), offices[apply_id], offices[decides_id])
        for (apply_id, decides_id), names in found.items()
    ]


def problems(project: Project, kind: str, district_id: str, at: Any) -> list[Problem]:
    """Errors when kimdocs.toml cannot say where the flyer's readers apply.

    ``at(message)`` makes the problem at the flyer's ``amt`` field."""
    names = municipalities(project, district_id)
    without = [m for m in names if project.authority(kind, m) is None]
    if without:
        section = OFFICE_SECTIONS[kind]
        return [
            at(
                f"Der Flyer nennt die {kind.capitalize()}, aber kimdocs.toml hat keinen "
                f"Abschnitt [{section}] mit name, anschrift, telefon und sprechzeiten"
                + (
                    f" (und keine [[weitere_behoerden]] für {', '.join(without)})."
                    if len(without) < len(names)
                    else "."
                )
            )
        ]
    missing = [
        m
        for m in names
        if _apply_at(project, kind, project.authority(kind, m), m) is None  # type: ignore[arg-type]
    ]
    if missing:
        return [
            at(
                "Für diese Gemeinden steht in kimdocs.toml keine Antragsstelle "
                f"([[antragsstellen]]): {', '.join(missing)}. Der Flyer kann nicht sagen, wo "
                "man den Antrag abgibt. Nimmt die Behörde die Anträge selbst an, schreiben Sie "
                "bei ihr „antrag_hier = true“."
            )
        ]
    return []


@dataclass(frozen=True)
class OfficesBox:
    """What the box "Wo stellen Sie den Antrag?" shows (the template's ``offices``)."""

    authority: str  # NATURALISATION or IMMIGRATION
    groups: list[Group]
    # One deciding office for all the flyer's readers: it is shown once.
    decides: Office | None
    body_text: str | None  # who runs that office: TEXTS[its träger]
    apply_here: bool  # every group applies at the deciding office itself
    apply_at: list[Office]
    table: bool  # more than one group: a table by municipality
    same_hours: list[str]  # the hours all places share, else empty


def context(project: Project, kind: str | None, district_id: str) -> OfficesBox | None:
    """What the offices box shows, or None if the flyer names no authority."""
    if kind is None:
        return None
    found = groups(project, kind, district_id)
    if not found:
        return None
    deciders = list({id(g.decides): g.decides for g in found}.values())
    places = list({id(g.apply_at): g.apply_at for g in found}.values())
    one = deciders[0] if len(deciders) == 1 else None
    return OfficesBox(
        authority=kind,
        groups=found,
        decides=one,
        body_text=TEXTS.get(one.body or "") if one is not None else None,
        apply_here=all(g.apply_at is g.decides for g in found),
        apply_at=places,
        table=len(found) > 1,
        same_hours=list(places[0].hours) if all(o.hours == places[0].hours for o in places) else [],
    )


def statements(offices: OfficesBox | None) -> list[str]:
    """The offices box's sentences as the German flyer prints them, for the legal review.

    Kept in the order of the template (flyer-teile.html, ``offices_box``); an office's name
    follows the sentence that introduces it."""
    if offices is None:
        return []
    texts = TEXTS
    one = offices.decides
    found: list[str] = []
    if offices.authority == IMMIGRATION:
        found += [texts["immigration"], texts["immigration_decides"], texts["immigration_fee"]]
        if one is not None:
            found.append(one.name)
        else:
            found += [f"{', '.join(g.municipalities)}: {g.decides.name}" for g in offices.groups]
    elif offices.apply_here and one is not None:
        found += [f"{texts['apply_here']} {one.name}", texts["decides_here"], texts["fee"]]
    else:
        if offices.table:
            found.append(texts["apply_table"])
            found += [f"{', '.join(g.municipalities)}: {g.apply_at.name}" for g in offices.groups]
        else:
            found.append(f"{texts['apply_at']} {offices.apply_at[0].name}")
        if one is not None:
            found += [f"{texts['decides']} {one.name}", texts["fee"]]
        else:
            found += [texts["decides_table"], texts["fee_table"]]
            found += [f"{', '.join(g.municipalities)}: {g.decides.name}" for g in offices.groups]
    if one is not None and offices.body_text:
        found.append(offices.body_text)
    return found


# --- where to come by ------------------------------------------------------------------

_PLACE_IN_HOURS = re.compile(r"\bin ([A-ZÄÖÜ][\wäöüß.-]*(?:[ -][A-ZÄÖÜ][\wäöüß.-]*)*)\s*$")


@dataclass(frozen=True)
class Visit:
    """Visiting hours and the address they belong to ("" if the data has none)."""

    hours: tuple[str, ...]
    address: str


def visits(person: Contact, district: District | None) -> list[Visit]:
    """The person's visiting hours grouped by the address each belongs to.

    An hours line that names a town ("Dienstag: 9 bis 12 Uhr in Oelde") belongs to the
    district's place of that name (``[[bezirke.orte]]``); any other to the person's own
    ``anschrift``, else to the district's only place.
    """
    places = district.places if district is not None else []
    default = person.address or (places[0].address if len(places) == 1 else "")
    found: list[Visit] = []
    for line in person.hours:
        named = _PLACE_IN_HOURS.search(line)
        place = find_name(named.group(1), [p.name for p in places]) if named else None
        address = next((p.address for p in places if p.name == place), default)
        if found and found[-1].address == address:
            found[-1] = Visit((*found[-1].hours, line), address)
        else:
            found.append(Visit((line,), address))
    return found


def visit_problems(person: Contact, district: District, at: Any) -> list[Problem]:
    """A visiting hour that names a town without an address there: readers would go to the
    wrong place. ``at(message)`` makes the warning."""
    known = [p.name for p in district.places]
    found: list[Problem] = []
    for line in person.hours:
        named = _PLACE_IN_HOURS.search(line)
        if named and find_name(named.group(1), known) is None:
            found.append(
                at(
                    f"Die Sprechzeit „{line}“ ({district.name}) nennt „{named.group(1)}“, aber "
                    "dafür steht keine Anschrift in kimdocs.toml. Bitte unter [[bezirke.orte]] "
                    f"name = „{named.group(1)}“ und anschrift eintragen: Sonst sucht die "
                    "Leserin die Sprechstunde an der falschen Adresse.",
                    Severity.WARNING,
                )
            )
    if not named_any(person) and not person.address and len(district.places) != 1 and person.hours:
        found.append(
            at(
                f"Für die Sprechzeiten von {person.name} ({district.name}) steht keine Anschrift "
                "in kimdocs.toml (anschrift bei der Person oder [[bezirke.orte]]): Der Flyer "
                "nennt dann keinen Ort zum Vorbeikommen.",
                Severity.WARNING,
            )
        )
    return found


def named_any(person: Contact) -> bool:
    return any(_PLACE_IN_HOURS.search(line) for line in person.hours)
