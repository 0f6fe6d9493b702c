"""The build engine: incremental, parallel, locked, reproducible, safe names."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from docx import Document
from pypdf import PdfReader

from kimdocs.base.files import safe_name
from kimdocs.build.manifest import MANIFEST_NAME
from kimdocs.build.run import BUILT, FAILED, REMOVED, UNCHANGED, build
from kimdocs.project import load_project
from tests.conftest import SAMPLE_DAY, SharedBuild, copy_sample_project
from tests.outputs import pdfinfo


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    """Inode and modification time of every file: a rewrite changes one of them."""
    return {
        str(p.relative_to(folder)): (p.stat().st_ino, p.stat().st_mtime_ns)
        for p in folder.rglob("*")
        if p.is_file() and p.suffix != ".lock"
    }


def statuses(results: list) -> dict[str, str]:  # type: ignore[type-arg]
    return {r.source.name: r.status for r in results}


@pytest.mark.slow
def test_second_build_renders_and_writes_nothing(
    basic: Path, write_agreement: Callable[..., Path]
) -> None:
    write_agreement("zwei")
    project = load_project(basic)
    first = build(project, formats=["pdf", "docx"])
    assert set(statuses(first).values()) == {BUILT}
    before = snapshot(basic / "output")
    assert MANIFEST_NAME in before
    second = build(project, formats=["pdf", "docx"])
    assert set(statuses(second).values()) == {UNCHANGED}
    assert snapshot(basic / "output") == before


def test_only_the_changed_document_is_rendered(
    basic: Path, write_agreement: Callable[..., Path]
) -> None:
    path = write_agreement("zwei")
    project = load_project(basic)
    build(project, formats=["docx"])
    path.write_text(
        path.read_text(encoding="utf-8").replace("Text.", "Neuer Text."), encoding="utf-8"
    )
    assert statuses(build(project, formats=["docx"])) == {
        "T-0001-sonderzeichen.md": UNCHANGED,
        "T-0001-einwilligung-2026-03-02.md": UNCHANGED,
        "zwei.md": BUILT,
    }
    out = basic / "output" / "vereinbarungen" / "zwei.docx"
    assert "Neuer Text." in "\n".join(p.text for p in Document(str(out)).paragraphs)


def test_template_config_and_format_changes_rebuild(basic: Path) -> None:
    project = load_project(basic)
    build(project, formats=["docx"])
    (basic / "templates").mkdir()
    (basic / "templates" / "agreement.html").write_text(
        '{% extends "default/agreement.html" %}', encoding="utf-8"
    )
    assert set(statuses(build(project, formats=["docx"])).values()) == {BUILT}
    assert set(statuses(build(project, formats=["docx", "html"])).values()) == {BUILT}
    config = basic / "kimdocs.toml"
    config.write_text(config.read_text(encoding="utf-8") + "\n# geändert\n", encoding="utf-8")
    assert set(statuses(build(load_project(basic), formats=["docx", "html"])).values()) == {BUILT}


def test_force_and_damaged_outputs_render_again(basic: Path) -> None:
    project = load_project(basic)
    only = [basic / "content" / "vereinbarungen"]
    build(project, only, formats=["docx"])
    assert set(statuses(build(project, only, formats=["docx"], force=True)).values()) == {BUILT}
    out = basic / "output" / "vereinbarungen" / "T-0001-sonderzeichen.docx"
    out.write_bytes(b"kaputt")
    assert set(statuses(build(project, only, formats=["docx"])).values()) == {BUILT}
    assert out.read_bytes()[:2] == b"PK"
    out.unlink()
    assert set(statuses(build(project, only, formats=["docx"])).values()) == {BUILT}
    assert out.is_file()


@pytest.mark.slow
def test_deleted_source_loses_its_outputs(
    cli: Callable[..., Result], basic: Path, write_agreement: Callable[..., Path]
) -> None:
    path = write_agreement("weg")
    assert cli(basic, "build", "-f", "pdf,docx").exit_code == 0
    outputs = [basic / "output" / "vereinbarungen" / f"weg.{s}" for s in ("pdf", "docx")]
    assert all(p.is_file() for p in outputs)
    path.unlink()
    # A partial build does not touch other documents' outputs.
    assert cli(basic, "build", "content/vereinbarungen/T-0001-sonderzeichen.md").exit_code == 0
    assert all(p.is_file() for p in outputs)
    result = cli(basic, "build", "-f", "pdf,docx")
    assert result.exit_code == 0
    assert "entfernt        output/vereinbarungen/weg.pdf (Quelle gelöscht)" in result.output
    assert "Ausgaben von 1 gelöschten Quelle entfernt" in result.output
    assert not any(p.exists() for p in outputs)
    assert REMOVED not in statuses(build(load_project(basic), formats=["pdf", "docx"])).values()


def test_duplicate_case_documents_fail_both(
    basic: Path, write_agreement: Callable[..., Path]
) -> None:
    write_agreement("a", {"fall_id: A": "fall_id: DOPPELT"})
    write_agreement("b", {"fall_id: B": "fall_id: DOPPELT"})
    results = {r.source.name: r for r in build(load_project(basic), formats=["docx"])}
    assert results["a.md"].status == results["b.md"].status == FAILED
    assert "auch in „b.md“" in results["a.md"].problems[-1].message
    assert "auch in „a.md“" in results["b.md"].problems[-1].message
    assert results["T-0001-sonderzeichen.md"].status == BUILT


@pytest.mark.parametrize(
    "name, expected",
    [
        ("CON", "_CON"),
        ("nul.txt", "_nul.txt"),
        ("a/b", "a_b"),
        ("..", "_"),
        ("KIM-AH-2026-0007", "KIM-AH-2026-0007"),
        ("Bericht: März?", "Bericht_ März_"),
    ],
)
def test_safe_names(name: str, expected: str) -> None:
    assert safe_name(name) == expected


def test_reserved_content_name_gets_a_safe_output_name(
    basic: Path, write_agreement: Callable[..., Path]
) -> None:
    write_agreement("CON", {"fall_id: CON": "fall_id: T-CON"})
    results = {r.source.name: r for r in build(load_project(basic), formats=["docx"])}
    assert [p.name for p in results["CON.md"].outputs] == ["_CON.docx"]


def test_case_id_that_is_a_device_name_is_refused(
    basic: Path, write_agreement: Callable[..., Path]
) -> None:
    write_agreement("geraet", {"fall_id: GERAET": "fall_id: PRN"})
    [failed] = [r for r in build(load_project(basic), formats=["docx"]) if not r.ok]
    assert "taugt nicht als Fall-ID" in failed.problems[0].message


def test_parallel_build_equals_serial_build(
    tmp_path: Path, built_sample: SharedBuild, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The parallel build is the test run's shared one: two processes, on SAMPLE_DAY.
    parallel, two = built_sample.root, built_sample.results
    monkeypatch.setattr("kimdocs.base.dates.today", lambda: SAMPLE_DAY)
    serial = copy_sample_project(tmp_path / "seriell")
    one = build(load_project(serial), jobs=1)
    assert [r.source.relative_to(serial) for r in one] == [
        r.source.relative_to(parallel) for r in two
    ]  # stable order
    assert all(r.status == BUILT for r in two)
    files = sorted(
        p.relative_to(serial / "output")
        for p in (serial / "output").rglob("*.*")
        if p.suffix in (".pdf", ".docx")
    )
    assert len(files) >= 8
    for rel in files:
        assert (serial / "output" / rel).read_bytes() == (parallel / "output" / rel).read_bytes()


@pytest.mark.slow
def test_two_builds_at_once_both_finish_without_corrupt_files(basic: Path) -> None:
    code = "from kimdocs.cli.commands import main; main()"
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", code, "build", "--force", "-f", "pdf,docx"],
            cwd=basic,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    for proc in procs:
        _out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
    out_dir = basic / "output" / "vereinbarungen"
    assert Document(str(out_dir / "T-0001-sonderzeichen.docx")).paragraphs
    assert len(PdfReader(str(out_dir / "T-0001-sonderzeichen.pdf")).pages) >= 2
    assert not list(out_dir.glob(".*.tmp"))


@pytest.mark.slow
def test_dates_inside_outputs_come_from_the_document(basic: Path) -> None:
    [result] = build(
        load_project(basic), [basic / "content" / "vereinbarungen"], formats=["pdf", "docx"]
    )
    outputs = {p.suffix: p for p in result.outputs}
    assert pdfinfo(outputs[".pdf"])["CreationDate"].startswith("Mon Mar  2 00:00:00 2026")
    props = Document(str(outputs[".docx"])).core_properties
    assert props.created is not None and props.created.date() == dt.date(2026, 3, 2)
    assert props.modified is not None and props.modified.date() == dt.date(2026, 3, 2)


@pytest.mark.slow
def test_workers_are_recycled_without_hanging(
    basic: Path, write_agreement: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    import kimdocs.build.workers

    monkeypatch.setattr(kimdocs.build.workers, "DOCUMENTS_PER_WORKER", 1)
    monkeypatch.setattr("kimdocs.formats.POOL_START", 0.0)  # the pool, even for small work
    for n in range(6):
        write_agreement(f"w{n}")
    results = build(load_project(basic), formats=["docx"], jobs=2)
    assert [r.status for r in results] == [BUILT] * 8  # and T-0001 with its consent form


def test_a_changed_configuration_reaches_the_next_build_in_the_same_process(
    basic: Path,
) -> None:
    build(load_project(basic), formats=["html"])
    config = basic / "kimdocs.toml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            'name = "Teststadt & Umland (fiktiv)"', 'name = "Neuer Name (fiktiv)"'
        ),
        encoding="utf-8",
    )
    [result] = build(load_project(basic), [basic / "content" / "vereinbarungen"], formats=["html"])
    assert result.status == BUILT
    assert "Neuer Name (fiktiv)" in result.outputs[0].read_text(encoding="utf-8")


def test_a_source_outside_the_project_builds_into_output(
    basic: Path, tmp_path: Path, cli: Callable[..., Result]
) -> None:
    outside = tmp_path / "draussen.md"
    outside.write_text(
        (basic / "content" / "vereinbarungen" / "T-0001-sonderzeichen.md")
        .read_text(encoding="utf-8")
        .replace("fall_id: T-0001", "fall_id: T-0002")
        # Another case: without a signed consent of its own, so without the partner.
        .split("netzwerk:")[0]
        + "ziele:"
        + (basic / "content" / "vereinbarungen" / "T-0001-sonderzeichen.md")
        .read_text(encoding="utf-8")
        .split("ziele:", 1)[1]
        .split("datenschutz:")[0]
        + "datenschutz:\n  informiert_am: 2026-03-02\n---\n\nText.\n",
        encoding="utf-8",
    )
    first = cli(basic, "build", str(outside), "-f", "docx")
    assert first.exit_code == 0, first.output
    assert (basic / "output" / "draussen.docx").is_file()
    assert "1 unverändert" in cli(basic, "build", str(outside), "-f", "docx").output
    # A full build must not remove the outputs of a file that still exists elsewhere.
    assert "entfernt" not in cli(basic, "build", "-f", "docx").output


def test_replacing_a_photo_named_in_the_front_matter_rebuilds_its_document(
    tmp_path: Path,
) -> None:
    from PIL import Image

    root = copy_sample_project(tmp_path / "p")
    press = root / "content" / "presse"
    project = load_project(root)
    build(project, [press], ["docx"])
    photo = press / "bilder" / "jahresbericht-team.png"
    Image.new("RGB", (40, 30), "orange").save(photo)
    results = build(load_project(root), [press], ["docx"])
    assert {r.source.name: r.status for r in results} == {
        "2026-06-einbuergerungsfeier.md": UNCHANGED,
        "2026-09-ausbildung.md": UNCHANGED,
        "2026-11-jahresbericht.md": BUILT,
    }


def test_the_pool_starts_only_when_the_work_pays_for_it() -> None:
    """A few cheap documents render in this process; many PDFs go to workers. The decision
    is by the measured cost of each format, not by counting documents."""
    from dataclasses import dataclass, field

    from kimdocs.build.workers import pays_for_pool
    from kimdocs.formats import POOL_START, get

    @dataclass
    class Plan:
        formats: tuple[str, ...]
        translations: list[object] = field(default_factory=list)

    cheap = [Plan(("html", "txt"))] * 20
    assert not pays_for_pool(cheap, 2)  # type: ignore[arg-type]
    one_pdf = [Plan(("pdf", "docx"))]
    assert not pays_for_pool(one_pdf, 2)  # type: ignore[arg-type]
    documents = int(2 * POOL_START / get("pdf").cost) + 2
    many = [Plan(("pdf", "docx"))] * documents
    assert pays_for_pool(many, 2)  # type: ignore[arg-type]
    assert not pays_for_pool(many, 1)  # type: ignore[arg-type]
    # A flyer in three languages is three documents' work.
    assert pays_for_pool([Plan(("pdf",), [1, 2])] * (documents // 2), 2)  # type: ignore[arg-type]
