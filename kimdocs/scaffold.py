"""``kimdocs init`` and ``kimdocs new``: a working project and commented skeletons."""

from __future__ import annotations

import datetime as dt
import shutil
from importlib import resources
from pathlib import Path
from typing import Any

from kimdocs.errors import KimdocsError, Problem, display_path
from kimdocs.files import safe_name
from kimdocs.kinds import KINDS, Kind, kind_by_name
from kimdocs.project import CONFIG_NAME, Project
from kimdocs.templates import SHIPPED_DIR

SKELETON_CASE_ID = "KIM-NEU-0001"  # the ``fall_id`` in the skeletons of case documents


def _skeleton(name: str) -> str:
    return (resources.files("kimdocs") / "skeletons" / name).read_text(encoding="utf-8")


def init_project(folder: Path, name: str = "Kreis Musterstadt") -> list[Path]:
    """Create a new project in ``folder``; refuse to overwrite an existing one."""
    if (folder / CONFIG_NAME).exists():
        raise KimdocsError(
            Problem(f"In „{folder}“ gibt es schon ein kimdocs-Projekt.", file=folder / CONFIG_NAME)
        )
    files = {
        folder / CONFIG_NAME: _skeleton("project.toml").replace("{name}", name),
        folder / ".gitignore": _skeleton("gitignore"),
        folder / "templates" / "README.md": _skeleton("templates_README.md"),
        folder / "output" / ".gitkeep": "",
    }
    today = dt.date.today()
    # Named by its case id, as case documents should be: outputs are named after the file.
    files[folder / "content" / "vereinbarungen" / f"{SKELETON_CASE_ID}.md"] = skeleton_text(
        KINDS["agreement"], "mitte", today
    )
    written = []
    for path, text in files.items():
        if path.exists():
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def skeleton_text(kind: Kind[Any], district: str, today: dt.date) -> str:
    """A kind's commented skeleton with dates relative to ``today``."""
    days = {f"in_{n}": (today + dt.timedelta(days=n)).isoformat() for n in (30, 42, 90, 91, 365)}
    return _skeleton(kind.skeleton).format(district=district, today=today.isoformat(), **days)


def new_document(project: Project, kind_name: str, name: str | None) -> Path:
    """Write a commented skeleton of a kind into its content folder."""
    kind = kind_by_name(kind_name)
    if kind is None:
        known = ", ".join(sorted(k.id for k in KINDS.values()))
        raise KimdocsError(Problem(f"Unbekannte Dokumentart „{kind_name}“. Bekannt: {known}."))
    today = dt.date.today()
    folder = project.content_dir / kind.folders[0]
    stem = (name or f"neu-{today.isoformat()}").removesuffix(".md")
    _check_name(stem, folder, project)
    text = skeleton_text(kind, project.config.districts[0].id, today)
    target = folder / f"{stem}.md"
    counter = 2
    while target.exists():
        target = folder / f"{stem}-{counter}.md"
        counter += 1
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return target


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
