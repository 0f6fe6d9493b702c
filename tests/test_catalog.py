"""The content catalog, the format registry and freshness per format, as users meet them.

One decision, one place: what a file is and which kind it has is decided by the catalog,
and every command gets the same answer; a format is one registry entry; building one
format never makes another one stale.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from kimdocs import formats as registry
from kimdocs.build.manifest import fingerprint, templates_knowledge
from kimdocs.build.run import build
from kimdocs.catalog import Role, load_catalog, translations_of
from kimdocs.kinds import Document
from kimdocs.knowledge.store import load_knowledge
from kimdocs.project import Project, load_project
from tests.conftest import SharedBuild, copy_sample_project

HARD = "\nDie Antragstellung erfolgt z.B. über das Bürgerbüro, welches Ihnen weiterhilft.\n"


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample project with flyers the old name rules missed, and notes."""
    return _with_notes(copy_sample_project(tmp_path_factory.mktemp("katalog") / "p"))


@pytest.fixture
def built_with_notes(tmp_path: Path, built_for_preview: SharedBuild) -> Path:
    """The same, built for the preview: commands there render the two new flyers only."""
    return _with_notes(built_for_preview.copy(tmp_path / "p"))


def _with_notes(root: Path) -> Path:
    original = (root / "content" / "flyer" / "einbuergerung.md").read_text(encoding="utf-8")
    nested = root / "content" / "flyer" / "2026" / "ohne-art.md"
    nested.parent.mkdir()
    nested.write_text(
        original.replace("art: flyer\n", "").replace("titel: Einbürgerung", "titel: Ohne Art")
        + HARD,
        encoding="utf-8",
    )
    elsewhere = root / "content" / "allgemein" / "gross.md"
    elsewhere.parent.mkdir()
    elsewhere.write_text(
        original.replace("art: flyer", "art: Flyer").replace("titel: Einbürgerung", "titel: Groß")
        + HARD,
        encoding="utf-8",
    )
    # Notes: no command may read them (they are not even valid documents).
    (root / "content" / "vereinbarungen" / "_entwurf.md").write_text(
        "Noch kein Dokument [[fakt:gibt-es-nicht]]\n", encoding="utf-8"
    )
    (root / "content" / "presse" / "README.md").write_text(
        "# Hinweise\n\n[[baustein:gibt-es-nicht]]\n", encoding="utf-8"
    )
    return root


NEW_FLYERS = ("content/flyer/2026/ohne-art.md", "content/allgemein/gross.md")
FLYER_SOURCE = "content/flyer/einbuergerung.md"


def test_catalog_decides_role_kind_and_stem(sample: Path) -> None:
    catalog = load_catalog(load_project(sample))
    by_path = {e.path.relative_to(sample.resolve()).as_posix(): e for e in catalog.entries}
    assert by_path["content/flyer/2026/ohne-art.md"].kind == "flyer"  # from its folder
    assert by_path["content/allgemein/gross.md"].kind == "flyer"  # "Flyer", any case
    assert by_path["content/vereinbarungen/_entwurf.md"].role is Role.NOTE
    assert by_path["content/presse/README.md"].role is Role.NOTE
    assert by_path["content/bausteine/freiwilligkeit.md"].role is Role.BLOCK
    assert by_path["content/flyer/2026/ohne-art.md"].stem == Path("flyer/2026/ohne-art")
    documents = {e.path.relative_to(sample.resolve()).as_posix() for e in catalog.documents()}
    # The sample's 26 documents (7 agreements, 5 consent forms, 3 worksheets, 2 minutes,
    # 4 flyers, 3 press releases, 2 reports) and the two new flyers.
    assert len(documents) == 28 and set(NEW_FLYERS) <= documents
    assert not any("bausteine" in d or "README" in d or "/_" in d for d in documents)


def test_flyers_without_art_or_with_capital_art_get_findings_in_check(
    sample: Path, cli: Callable[..., Result]
) -> None:
    for flyer in NEW_FLYERS:
        last = len((sample / flyer).read_text(encoding="utf-8").splitlines())
        result = cli(sample, "check", flyer)
        assert f"{flyer}:{last}:28: LS-WORT-ABK Fehler" in result.output, result.output
        assert f"{flyer}: Leichte Sprache: 1 Fehler" in result.output


def test_flyers_without_art_or_with_capital_art_get_findings_in_the_preview(
    sample: Path,
) -> None:
    from kimdocs.preview.easy_marks import easy_language_findings

    project = load_project(sample)
    for flyer in NEW_FLYERS:
        last = len((sample / flyer).read_text(encoding="utf-8").splitlines())
        found = easy_language_findings(project, sample / flyer)
        assert any(f.rule == "LS-WORT-ABK" and f.line == last for f in found), flyer
    agreement = next((sample / "content" / "vereinbarungen").rglob("KIM-*.md"))
    assert easy_language_findings(project, agreement) == []


@pytest.mark.slow
def test_notes_are_ignored_by_every_command(
    built_with_notes: Path, cli: Callable[..., Result]
) -> None:
    from kimdocs.preview.model import Preview

    sample = built_with_notes
    for args in (("check",), ("aktionen",), ("wissen",), ("build", "-f", "html")):
        result = cli(sample, *args)
        # check fails on the Leichte-Sprache errors planted in the two extra flyers only
        assert result.exit_code == (1 if args == ("check",) else 0), (args, result.output)
        assert "_entwurf" not in result.output and "README" not in result.output, args
        assert "gibt-es-nicht" not in result.output, args
    snapshot = Preview(sample).rebuild()
    shown = {e.ident for e in snapshot.entries}
    assert len(shown) == 28 and not any("_entwurf" in s or "README" in s for s in shown)


def test_project_template_partial_is_checked_for_its_kind(
    tmp_path: Path, cli: Callable[..., Result]
) -> None:
    from kimdocs.templating.environment import SHIPPED_DIR

    root = copy_sample_project(tmp_path / "p")
    partial = (SHIPPED_DIR / "flyer-teile.html").read_text(encoding="utf-8")
    (root / "templates" / "flyer-teile.html").write_text(
        partial.replace("{% macro intro() -%}", "{% macro intro() -%}{{ gibtsnicht }}", 1),
        encoding="utf-8",
    )
    assert "gibtsnicht" in (root / "templates" / "flyer-teile.html").read_text(encoding="utf-8")
    result = cli(root, "build", "content/flyer")
    assert result.exit_code == 1
    assert "templates/flyer-teile.html:" in result.output
    assert "Die Vorlage verwendet „gibtsnicht“, das es für diese Dokumentart nicht gibt" in (
        result.output
    )


# ------------------------------------------------------------------ formats and freshness


def _built(results: list[object]) -> int:
    return sum(getattr(r, "status", "") == "erzeugt" for r in results)


@pytest.mark.slow
def test_build_preview_build_renders_nothing_twice(
    tmp_path: Path, cli: Callable[..., Result]
) -> None:
    from kimdocs.preview.model import Preview

    root = copy_sample_project(tmp_path / "p")
    documents = len(load_catalog(load_project(root)).documents())
    first = cli(root, "build")
    assert first.exit_code == 0 and f"{documents} erzeugt" in first.output
    snapshot = Preview(root).rebuild()  # adds web pages and page pictures only
    assert all(e.pages and e.html for e in snapshot.entries)
    again = cli(root, "build")
    assert f"Dokumente: 0 erzeugt, {documents} unverändert" in again.output, again.output
    assert _built(build(load_project(root), formats=["html", "pdf", "png"])) == 0


@pytest.mark.slow
def test_page_pictures_come_from_the_fresh_pdf(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = copy_sample_project(tmp_path / "p")
    project = load_project(root)
    flyer = [root / "content" / "flyer" / "einbuergerung.md"]
    [first] = build(project, flyer, formats=["pdf"])
    assert first.ok
    pdf = root / "output" / "flyer" / "einbuergerung.pdf"
    stamp = pdf.stat().st_mtime_ns

    def no_pdf(*_args: object, **_kwargs: object) -> bytes:
        raise AssertionError("the PDF was rendered again")

    monkeypatch.setattr("kimdocs.render.pdf.render_pdf", no_pdf)
    [second] = build(project, flyer, formats=["png"], jobs=1)
    assert second.status == "erzeugt" and second.ok, second.problems
    assert second.outputs[0].name == "einbuergerung-seite-1.png"
    assert pdf.stat().st_mtime_ns == stamp


@pytest.mark.slow
def test_a_new_format_is_one_registry_entry(tmp_path: Path) -> None:
    """A dummy format, registered from here, builds without any other module knowing it."""
    root = copy_sample_project(tmp_path / "p")
    registry.register(
        registry.Format(
            "zeilen",
            "Zeilenzahl",
            ".zeilen",
            "tests.test_catalog:count_lines",
            every_kind=True,
        )
    )
    try:
        project = load_project(root)
        results = build(project, formats=["zeilen"], jobs=1)
        assert results and all(r.ok and r.status == "erzeugt" for r in results)
        out = root / "output" / "flyer" / "einbuergerung.zeilen"
        lines = (root / "content" / "flyer" / "einbuergerung.md").read_text().count("\n")
        assert out.read_text(encoding="utf-8") == f"{lines}\n"
        assert _built(build(project, formats=["zeilen"], jobs=1)) == 0
        documents = len(load_catalog(project).documents())
        assert _built(build(project, formats=["zeilen", "html"], jobs=1)) == documents
    finally:
        registry.unregister("zeilen")


def count_lines(job: object) -> dict[Path, bytes]:
    """The dummy format's renderer: how many lines the source has."""
    from kimdocs.render.job import Job

    assert isinstance(job, Job)
    text = job.doc.source.path.read_text(encoding="utf-8")
    return {job.target("zeilen"): f"{text.count(chr(10))}\n".encode()}


def test_which_renderer_makes_a_translation_is_the_tables_decision(tmp_path: Path) -> None:
    """A kind whose translations are written otherwise in a format says so in its row of the
    table of document types: the translations of the flyer get that renderer, the German
    flyer the format's own."""
    from dataclasses import replace

    from kimdocs import document_types
    from kimdocs.kinds import KINDS

    root = copy_sample_project(tmp_path / "p")
    registry.register(
        registry.Format(
            "zeilen", "Zeilenzahl", ".zeilen", "tests.test_catalog:count_lines", every_kind=True
        )
    )
    flyer_row = document_types.document_type(KINDS["flyer"])
    assert flyer_row.translation is not None
    document_types.register(
        replace(
            flyer_row,
            translation=replace(
                flyer_row.translation, renderers={"zeilen": "tests.test_catalog:name_language"}
            ),
        )
    )
    try:
        flyer = root / FLYER_SOURCE
        [result] = build(load_project(root), [flyer], formats=["zeilen"], jobs=1)
        assert result.ok, result.problems
        lines = flyer.read_text(encoding="utf-8").count("\n")
        assert (root / "output/flyer/einbuergerung.zeilen").read_text() == f"{lines}\n"
        for code in ("ar", "uk"):
            made = root / f"output/flyer/einbuergerung.{code}.zeilen"
            assert made.read_text(encoding="utf-8") == f"Sprache: {code}\n"
    finally:
        registry.unregister("zeilen")
        document_types.register(flyer_row)


def name_language(job: object) -> dict[Path, bytes]:
    """The dummy format's renderer of translations: the language it is in."""
    from kimdocs.render.job import Job

    assert isinstance(job, Job)
    return {job.target("zeilen"): f"Sprache: {job.context['lang']}\n".encode()}


# ------------------------------------------------------------------ the preview watches facts


@pytest.fixture
def watched(tmp_path: Path, built_for_preview: SharedBuild) -> Iterator[tuple[Path, object]]:
    from kimdocs.preview.server import PreviewServer

    root = built_for_preview.copy(tmp_path / "p")
    server = PreviewServer(root, "127.0.0.1", 0)
    server.start()
    try:
        yield root, server
    finally:
        server.stop()


@pytest.mark.slow
def test_editing_a_fact_while_the_preview_runs_rebuilds_its_users(
    watched: tuple[Path, object],
) -> None:
    root, server = watched
    preview = server.preview  # type: ignore[attr-defined]
    first = preview.snapshot.version
    time.sleep(1)  # the watcher is listening
    facts = root / "fakten.yaml"
    text = facts.read_text(encoding="utf-8")
    changed = text.replace("gebuehr:\n  wert: 255\n", "gebuehr:\n  wert: 300\n")
    assert changed != text
    facts.write_text(changed, encoding="utf-8")
    deadline = time.monotonic() + 120
    while preview.snapshot.version == first and time.monotonic() < deadline:
        time.sleep(0.5)
    snapshot = preview.snapshot
    assert snapshot.version > first, "fakten.yaml was not watched"
    rebuilt = sorted(e.ident for e in snapshot.entries if e.status == "erzeugt")
    assert rebuilt == [
        "content/flyer/einbuergerung.md",
        "content/presse/2026-06-einbuergerungsfeier.md",
    ], [(e.ident, e.status) for e in snapshot.entries]


@pytest.mark.slow
def test_a_picture_a_document_names_outside_content_is_watched(
    tmp_path: Path, built_for_preview: SharedBuild
) -> None:
    """The press photo moved to ``bilder/`` beside kimdocs.toml: replacing it rebuilds."""
    import shutil

    from kimdocs.preview.server import PreviewServer

    root = built_for_preview.copy(tmp_path / "p")
    release = root / "content" / "presse" / "2026-11-jahresbericht.md"
    (root / "bilder").mkdir()
    photo = root / "bilder" / "team.png"
    shutil.copy(root / "content" / "presse" / "bilder" / "jahresbericht-team.png", photo)
    release.write_text(
        release.read_text(encoding="utf-8").replace(
            "datei: bilder/jahresbericht-team.png", "datei: ../../bilder/team.png"
        ),
        encoding="utf-8",
    )
    server = PreviewServer(root, "127.0.0.1", 0)
    server.start()
    try:
        preview = server.preview
        assert photo.resolve() in preview.snapshot.pictures
        first = preview.snapshot.version
        time.sleep(1)  # the watcher is listening
        from PIL import Image

        with Image.open(photo) as image:
            image.transpose(Image.Transpose.FLIP_LEFT_RIGHT).save(photo)
        deadline = time.monotonic() + 120
        while preview.snapshot.version == first and time.monotonic() < deadline:
            time.sleep(0.5)
        rebuilt = [e.ident for e in preview.snapshot.entries if e.status == "erzeugt"]
        assert rebuilt == ["content/presse/2026-11-jahresbericht.md"], rebuilt
    finally:
        server.stop()


def _fingerprinter(project: Project) -> Callable[[Document[Any]], str]:
    """The build's fingerprint, with what it shares between documents computed once."""
    knowledge, in_templates = load_knowledge(project), templates_knowledge(project)

    def of(doc: Document[Any]) -> str:
        translations = translations_of(doc.source.path, project)
        return fingerprint(doc, "", knowledge, in_templates, translations)

    return of


def test_the_walk_records_each_documents_translation_files(tmp_path: Path) -> None:
    root = copy_sample_project(tmp_path / "p")
    flyer = root / "content" / "flyer"
    # Not translations of the flyer: another stem, a code that is no language code.
    (flyer / "einbuergerung-alt.ar.po").write_text("", encoding="utf-8")
    (flyer / "einbuergerung.arabisch.po").write_text("", encoding="utf-8")
    catalog = load_catalog(load_project(root))
    found = {
        e.path.relative_to(root.resolve()).as_posix(): dict(e.translations)
        for e in catalog.documents()
        if e.translations
    }
    assert found == {
        FLYER_SOURCE: {
            "ar": flyer.resolve() / "einbuergerung.ar.po",
            "uk": flyer.resolve() / "einbuergerung.uk.po",
        },
        "content/vereinbarungen/nordkreis/KIM-NK-2026-0112.md": {
            "ar": root.resolve() / "content/vereinbarungen/nordkreis/KIM-NK-2026-0112.ar.po"
        },
    }


def test_fingerprints_and_translations_ask_the_walk_instead_of_scanning_folders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build fingerprints every document: scanning each one's folder for its translations
    made that quadratic in the size of a folder."""
    import os

    from kimdocs.catalog import walked
    from kimdocs.kinds import load_document
    from kimdocs.translation.document import published, unknown_languages

    root = copy_sample_project(tmp_path / "p")
    project = load_project(root)
    with walked(project) as catalog:
        docs = [load_document(e.path, project) for e in catalog.documents() if e.kind != "report"]
        fingerprint_of = _fingerprinter(project)
        before = {d.source.path: fingerprint_of(d) for d in docs}
        scans: list[object] = []

        def counted(original: Callable[..., object]) -> Callable[..., object]:
            def scan(path: object = ".") -> object:
                scans.append(path)
                return original(path)

            return scan

        monkeypatch.setattr(os, "scandir", counted(os.scandir))
        monkeypatch.setattr(os, "listdir", counted(os.listdir))
        after = {}
        for doc in docs:
            after[doc.source.path] = fingerprint_of(doc)
            languages = published(doc, project)
            unknown_languages(doc, project)
            if doc.source.path == root.resolve() / FLYER_SOURCE:
                assert sorted(lang.code for lang in languages) == ["ar", "uk"]
        monkeypatch.undo()
    assert scans == []
    assert after == before


def test_a_changed_translation_changes_its_documents_fingerprint(tmp_path: Path) -> None:
    from kimdocs.catalog import walked
    from kimdocs.kinds import load_document

    root = copy_sample_project(tmp_path / "p")
    project = load_project(root)
    source = root / FLYER_SOURCE

    def fingerprints() -> tuple[str, str]:
        doc, fingerprint_of = load_document(source, project), _fingerprinter(project)
        with walked(project):
            in_walk = fingerprint_of(doc)
        return in_walk, fingerprint_of(doc)  # a document loaded alone looks beside itself

    in_walk, alone = fingerprints()
    assert in_walk == alone
    po = source.with_name("einbuergerung.uk.po")
    po.write_text(po.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    changed, changed_alone = fingerprints()
    assert changed == changed_alone != in_walk
    po.unlink()
    gone, _ = fingerprints()
    assert gone not in (in_walk, changed)
