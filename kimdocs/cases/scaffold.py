"""``kimdocs init`` and ``kimdocs new``: a working project and commented skeletons."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from kimdocs.base import dates
from kimdocs.base.errors import KimdocsError, Problem, display_path
from kimdocs.base.files import safe_name
from kimdocs.catalog import FACTS_NAME, GLOSSARY_NAME
from kimdocs.kind_names import known_names, suggestion
from kimdocs.kinds import KINDS, Kind, kind_by_name
from kimdocs.kinds.case_files import CaseId, case_ids, district_of, next_case_id, parse_case_id
from kimdocs.kinds.deletion_log import LOG_NAME
from kimdocs.kinds.kind import Variant
from kimdocs.project import CONFIG_NAME, District, Project, load_project
from kimdocs.templating.environment import SHIPPED_DIR


@dataclass(frozen=True)
class Created:
    """A document ``kimdocs new`` wrote: where, and the case id it gave a case document."""

    path: Path
    case_id: str | None = None
    complete: bool = False  # filled from the case: no placeholder left to replace


def _skeleton(name: str) -> str:
    return (resources.files("kimdocs") / "skeletons" / name).read_text(encoding="utf-8")


PROJECT_FILES = {
    CONFIG_NAME: "project.toml",
    ".gitignore": "gitignore",
    "templates/README.md": "templates_README.md",
    GLOSSARY_NAME: "glossar.yaml",
    FACTS_NAME: "fakten.yaml",
}


def init_project(folder: Path, name: str = "Kreis Musterstadt") -> list[Created]:
    """Create a new project in ``folder`` with a first agreement; never overwrite a file."""
    if (folder / CONFIG_NAME).exists():
        raise KimdocsError(
            Problem(f"In „{folder}“ gibt es schon ein kimdocs-Projekt.", file=folder / CONFIG_NAME)
        )
    files = {folder / target: _skeleton(source) for target, source in PROJECT_FILES.items()}
    files[folder / CONFIG_NAME] = files[folder / CONFIG_NAME].replace("{name}", name)
    files[folder / "output" / ".gitkeep"] = ""
    written = []
    for path, text in files.items():
        if path.exists():
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(Created(path))
    # The first case, made as "kimdocs new" makes every case: the id comes from the project.
    written.append(new_document(load_project(folder), case_opener().names.name, None))
    return written


def skeleton_text(kind: Kind[Any], district: str, day: dt.date, case_id: str = "") -> str:
    """A kind's commented skeleton with dates relative to ``day``."""
    return _skeleton(kind.skeleton).format(
        district=district, today=day.isoformat(), case_id=case_id, year=day.year, **_days(day)
    )


def _days(day: dt.date) -> dict[str, str]:
    return {f"in_{n}": (day + dt.timedelta(days=n)).isoformat() for n in (30, 42, 90, 91, 365)}


def new_document(project: Project, kind_name: str, name: str | None) -> Created:
    """Write a commented skeleton of a kind into its content folder.

    A case document gets the case id its name starts with (``KIM-MI-2026-0001-…``) or else
    the next free one of the first district; it is named by that id unless a name is given.
    No file is overwritten, and no second agreement gets an id the project already has.
    """
    planned = plan_document(project, kind_name, name)
    planned.path.parent.mkdir(parents=True, exist_ok=True)
    planned.path.write_text(planned.text, encoding="utf-8")
    return planned.created


@dataclass(frozen=True)
class Planned:
    """A new document before it is written: where, its text, and what ``new`` reports."""

    path: Path
    text: str
    created: Created


def plan_document(
    project: Project, kind_name: str, name: str | None, district_id: str | None = None
) -> Planned:
    """What :func:`new_document` writes, without writing it (the forms of ``kimdocs
    vorschau`` write it through their own gate). ``district_id`` chooses the district of
    a new case (default: the first in kimdocs.toml); a name that starts with a case id
    says the district itself."""
    kind = kind_by_name(kind_name)
    if kind is None:
        raise KimdocsError(
            Problem(
                f"Unbekannte Dokumentart „{kind_name}“.{suggestion(kind_name)} Bekannt sind: "
                f"{', '.join(known_names())}."
            )
        )
    day = dates.today()
    folder = project.content_dir / kind.folders[0]
    stem = name.removesuffix(".md") if name is not None else None
    if stem is not None:
        _check_name(stem, folder, project)
    case_id: CaseId | None = None
    district = _district(project, district_id)
    variant = kind.variant(kind_name)
    if variant is not None:
        return _new_variant(project, kind, variant, stem, folder, day, district.id)
    if kind.names.case_data:
        taken = case_ids(project)
        case_id = parse_case_id(stem) if stem is not None else None
        if case_id is not None:
            district = district_of(case_id, project)
            other = taken.get(str(case_id))
            # A deleted case's id is spent: no new case, and no new document for the old one.
            if other is not None and (kind.opens_case or other.name == LOG_NAME):
                raise KimdocsError(_taken(case_id, other, project))
        else:
            case_id = next_case_id(district, day.year, taken)
        if kind.dated_by_name:
            day = _date_in(stem) or day
        stem = stem or kind.case_stem(str(case_id), day)
    elif stem is None:
        stem = _free_stem(folder, f"neu-{day.isoformat()}")
    target = folder / f"{stem}.md"
    if target.exists():
        raise KimdocsError(
            Problem(
                f"„{display_path(target, project.root)}“ gibt es schon; nichts überschrieben. "
                f"Bitte einen anderen Namen wählen"
                + (
                    " oder den Namen weglassen: dann vergibt kimdocs die nächste freie Fall-ID."
                    if kind.names.case_data
                    else "."
                ),
                file=target,
            )
        )
    text = skeleton_text(kind, district.id, day, str(case_id or ""))
    if case_id is not None:
        text = kind.prefill(text, project, str(case_id))
    # Only a case document is filled from its case; others are complete by themselves.
    filled = case_id is not None and "«" not in text
    created = Created(target, str(case_id) if case_id is not None else None, filled)
    return Planned(target, text, created)


def _district(project: Project, district_id: str | None) -> District:
    if district_id is None:
        return project.config.districts[0]
    found = project.district(district_id)
    if found is None:
        ids = ", ".join(d.id for d in project.config.districts)
        raise KimdocsError(
            Problem(f"Unbekannter Bezirk „{district_id}“. Bekannt sind: {ids} (aus kimdocs.toml).")
        )
    return found


def case_opener() -> Kind[Any]:
    """The kind whose documents open a case (the agreement): ``init`` writes the first."""
    return next(kind for kind in KINDS.values() if kind.opens_case)


def _new_variant(
    project: Project,
    kind: Kind[Any],
    variant: Variant,
    stem: str | None,
    folder: Path,
    day: dt.date,
    district: str,
) -> Planned:
    """A variant without a case (a case reconstruction): its own id, named by it, no case
    id anywhere."""
    rek = kind.variant_id(project, day.year)
    target = folder / f"{stem or f'{rek}-{variant.name}-{day.isoformat()}'}.md"
    if target.exists():
        raise KimdocsError(
            Problem(
                f"„{display_path(target, project.root)}“ gibt es schon; nichts überschrieben.",
                file=target,
            )
        )
    text = _skeleton(variant.skeleton).format(
        district=district,
        today=day.isoformat(),
        reconstruction_id=rek,
        **_days(day),
    )
    return Planned(target, text, Created(target))


def _taken(case_id: CaseId, other: Path, project: Project) -> Problem:
    if other.name == LOG_NAME:
        return Problem(
            f"Die Fall-ID „{case_id}“ war schon vergeben; ihr Fall ist gelöscht (vermerkt in "
            f"{LOG_NAME}). Eine Fall-ID wird nie zweimal vergeben: „kimdocs new "
            f"{case_opener().names.name}“ ohne Namen vergibt die nächste freie."
        )
    return Problem(
        f"Die Fall-ID „{case_id}“ gibt es schon („{display_path(other, project.root)}“). Für "
        f"eine andere Klientin oder einen anderen Klienten: „kimdocs new "
        f"{case_opener().names.name}“ "
        "ohne Namen vergibt die nächste freie Fall-ID. Für eine neue Fassung desselben Falls: "
        "die Datei kopieren und „version“ (oder „datum“) ändern."
    )


_DAY = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")


def _date_in(stem: str | None) -> dt.date | None:
    """``…-fallkonferenz-2026-04-15`` → the day of the conference."""
    match = _DAY.search(stem or "")
    if match is None:
        return None
    try:
        return dt.date(*(int(g) for g in match.groups()))
    except ValueError:
        return None


def _free_stem(folder: Path, stem: str) -> str:
    """An unnamed document's stem, counted on if one of that name exists (it chose none)."""
    candidate, counter = stem, 2
    while (folder / f"{candidate}.md").exists():
        candidate, counter = f"{stem}-{counter}", counter + 1
    return candidate


MAX_NAME = 100  # characters of a new document's name


def _check_name(stem: str, folder: Path, project: Project) -> None:
    """A new file's name must be a plain file name: the file goes into its kind's folder,
    and nowhere else (``../../x`` would write outside the project)."""
    shown = display_path(folder, project.root) + "/"
    if stem in ("", ".", "..") or "/" in stem or "\\" in stem:  # also Windows' separator
        message = (
            f"„{stem}“ ist kein Dateiname: bitte nur einen Namen ohne „/“, „\\“ und „..“ "
            f"angeben. kimdocs legt die Datei selbst in „{shown}“ an."
        )
    elif stem.startswith(("_", ".")):
        message = (
            f"„{stem}“ beginnt mit „{stem[0]}“: solche Dateien gelten als Notiz und werden nie "
            "gebaut. Bitte einen Namen ohne „_“ oder „.“ am Anfang wählen."
        )
    elif len(stem) > MAX_NAME or len(stem.encode()) > 2 * MAX_NAME:
        message = (
            f"Der Name ist zu lang ({len(stem)} Zeichen; höchstens {MAX_NAME}, Umlaute und "
            "andere Sonderzeichen zählen doppelt): Dateisysteme erlauben 255 Byte je Name, "
            "und die Ausgaben hängen Sprache und Endung an. Bitte kürzen."
        )
    elif safe_name(stem) != stem:
        message = (
            f'„{stem}“ geht unter Windows nicht als Dateiname (Zeichen wie < > : " | ? * oder '
            f"ein reservierter Name). Vorschlag: „{safe_name(stem)}“."
        )
    else:
        return
    raise KimdocsError(Problem(message))


def copy_template(project: Project, name: str) -> Path:
    """Copy a shipped template into the project's templates/ to edit it there."""
    source = SHIPPED_DIR / name
    if not source.is_file() or name.startswith((".", "/")) or "/" in name:
        known = ", ".join(sorted(p.name for p in SHIPPED_DIR.iterdir() if p.is_file()))
        raise KimdocsError(Problem(f"Keine mitgelieferte Vorlage „{name}“. Vorhanden: {known}."))
    target = project.templates_dir / name
    if target.exists():
        raise KimdocsError(Problem(f"„{target}“ gibt es schon; nichts überschrieben.", file=target))
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    return target
