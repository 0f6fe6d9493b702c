"""Everything kimdocs shows its users is German, counted in correct singular and plural.

The texts are collected from what kimdocs really prints: the messages about the whole
bad-input corpus, ``--help`` of every command, the output of ``init`` and ``new``, the
skeletons they write and the summaries of ``check`` and ``build``. The kinds' ids
(``kind: agreement``) stay valid input; they are never shown. Template file names such
as ``agreement.docx`` are file names and may be.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import click
import pytest
from click.testing import Result

from kimdocs.cli.commands import main
from tests.conftest import TESTS

Cli = Callable[..., Result]
CORPUS = TESTS / "bad_input"

# An English kind id as a word, unless it is part of a file name (agreement.docx).
ENGLISH_KIND = re.compile(
    r"(?<![\w/.-])(agreement|minutes|press)(?![\w-]|\.(?:docx|html|css|txt|md|fragment))",
    re.IGNORECASE,
)
WRONG_NUMBER = re.compile(r"(?<![\d.,])1 (Dateien|Warnungen|Hinweise|Vorlagen|Maßnahmen|Sätze)\b")
CLICK_ENGLISH = re.compile(r"\b(Usage|Options|Commands|OPTIONS|COMMAND|ARGS|Show this)\b")


def _commands(command: click.Command, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    yield path
    if isinstance(command, click.Group):
        for name, sub in command.commands.items():
            yield from _commands(sub, (*path, name))


@pytest.fixture
def shown(cli: Cli, basic: Path, tmp_path: Path) -> dict[str, str]:
    """Every text a user can see, by where it came from."""
    texts: dict[str, str] = {}
    for path in _commands(main):
        texts[" ".join(("kimdocs", *path, "--help"))] = cli(tmp_path, *path, "--help").output
    texts["kimdocs"] = cli(tmp_path).output

    # The bad-input corpus, all files in one check (and the templates on their own).
    folder = basic / "content" / "vereinbarungen"
    for case in sorted(CORPUS.glob("*.md")):
        shutil.copy(case, folder / case.name)
    shutil.copy(CORPUS / "kein-bild.png", folder / "kein-bild.png")
    texts["check (Korpus)"] = cli(basic, "check").output
    texts["build (Korpus)"] = cli(basic, "build", "-f", "docx").output
    for template in sorted((CORPUS / "vorlagen").iterdir()):
        texts[f"vorlage prüfen {template.name}"] = cli(
            basic, "vorlage", "prüfen", str(template)
        ).output

    # A new project and a document of every kind, by every name a kind has.
    texts["init"] = cli(tmp_path, "init", "neu").output
    root = tmp_path / "neu"
    for kind in ("vereinbarung", "protokoll", "presse", "flyer", "agreement", "minutes", "press"):
        texts[f"new {kind}"] = cli(root, "new", kind).output
    texts["new (unbekannt)"] = cli(root, "new", "rechnung").output
    texts["new (vertippt)"] = cli(root, "new", "agreemnt").output
    texts["check (Gerüste)"] = cli(root, "check").output
    for path in sorted((root / "content").rglob("*.md")) + sorted(root.glob("*.*")):
        texts[path.relative_to(root).as_posix()] = path.read_text(encoding="utf-8")
    return texts


@pytest.mark.slow
def test_every_text_shown_is_german(shown: dict[str, str]) -> None:
    assert len(shown) > 20
    assert shown["check (Korpus)"].count("Fehler:") >= 30  # the corpus really was checked
    english = {
        where: m.group(0)
        for where, text in shown.items()
        for m in [ENGLISH_KIND.search(text) or CLICK_ENGLISH.search(text)]
        if m
    }
    assert not english, english
    counted = {
        where: m.group(0) for where, text in shown.items() if (m := WRONG_NUMBER.search(text))
    }
    assert not counted, counted
    assert "Traceback" not in "".join(shown.values())


@pytest.mark.slow
def test_kinds_are_named_by_their_german_names(shown: dict[str, str]) -> None:
    known = (
        "Bekannt sind: vereinbarung, protokoll, presse, flyer, einwilligung, bericht, perspektive."
    )
    assert known in shown["new (unbekannt)"]
    assert "Meinten Sie „vereinbarung“?" in shown["new (vertippt)"]
    for kind in ("vereinbarung", "protokoll", "presse", "flyer"):
        assert f"„{kind}“" in shown["kimdocs new --help"]
    skeletons = [text for where, text in shown.items() if where.startswith("content/")]
    assert len(skeletons) == 8  # init's agreement and seven from new
    assert all("Gerüst von „kimdocs new " in text for text in skeletons)


def test_a_single_file_is_counted_as_one(cli: Cli, basic: Path) -> None:
    # The project has the agreement and its signed consent form: one of them is checked.
    result = cli(basic, "check", "content/vereinbarungen/T-0001-sonderzeichen.md")
    assert "1 Datei geprüft: 0 Fehler, 0 Warnungen." in result.output
