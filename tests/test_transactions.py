"""Builds are transactions: workers may crash or hang, disks may be full or read-only.

Every case must end the build with a German message on the document it hit, keep that
document's previous files as they were, build the others and leave no temporary files
and no processes behind.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
from click.testing import Result

from kimdocs import formats as registry
from kimdocs.base.errors import KimdocsError
from kimdocs.build.manifest import Manifest
from kimdocs.build.run import BUILT, FAILED, build
from kimdocs.build.workers import BUDGET_VARIABLE, DEFAULT_BUDGET, MEMORY_VARIABLE, time_budget
from kimdocs.formats import Format
from kimdocs.project import load_project
from kimdocs.render.easy_copy import easy_file
from tests.conftest import copy_sample_project
from tests.faults import TARGETS

T = TypeVar("T")
GUARD = 600.0  # seconds: a build that hangs fails the test instead of the whole run
CRASHED = "Der Prozess, der dieses Dokument erzeugte, ist abgestürzt"
FORMATS = ["pdf", "docx", "html", "txt", "json"]


def finishes(run: Callable[[], T], guard: float = GUARD) -> T:
    """``run()`` in a thread; a regression that hangs fails here instead of blocking."""
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["value"] = run()
        except BaseException as exc:  # handed to the test thread
            box["error"] = exc

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(guard)
    assert not thread.is_alive(), f"Der Build ist nach {guard:.0f} Sekunden nicht fertig."
    if "error" in box:
        raise box["error"]
    value: T = box["value"]
    return value


def descendants() -> set[int]:
    """Processes below this one, except the fork server and the resource tracker, which
    multiprocessing keeps for the whole test run; their children (workers) do count."""
    parent: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # ended meanwhile
        parent[int(stat.parent.name)] = int(fields[1])
    me = os.getpid()
    found: set[int] = set()
    frontier = {me}
    while frontier:
        frontier = {pid for pid, ppid in parent.items() if ppid in frontier} - found
        found |= frontier
    return {pid for pid in found if not _helper(pid, me, parent)}


def _helper(pid: int, me: int, parent: dict[int, int]) -> bool:
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False
    helpers = (b"multiprocessing.forkserver", b"multiprocessing.resource_tracker")
    return parent.get(pid) == me and any(h in command for h in helpers)


@pytest.fixture
def no_processes_left() -> Iterator[None]:
    if not Path("/proc/self/stat").is_file():
        yield
        return
    before = descendants()
    yield
    left = descendants() - before
    assert not left, f"Prozesse übrig geblieben (auch Zombies): {sorted(left)}"


@pytest.fixture
def fault_formats() -> Iterator[None]:
    """Formats whose renderer crashes or hangs for the documents listed in the project.

    They stand for renderers that take long (``cost``), so the build gives them to worker
    processes, as it would a real long document."""
    faults = (("absturz", "crash_output"), ("haengt", "hang_output"), ("speicher", "hog_output"))
    for fmt_id, function in faults:
        registry.register(
            Format(
                fmt_id,
                "Test",
                f".{fmt_id}",
                f"tests.faults:{function}",
                every_kind=True,
                cost=30.0,
            )
        )
    yield
    for fmt_id, _ in faults:
        registry.unregister(fmt_id)


def agreements(write_agreement: Callable[..., Path], count: int) -> list[Path]:
    return [write_agreement(f"dok{n}") for n in range(count)]


def by_name(results: list[Any]) -> dict[str, Any]:
    return {r.source.name: r for r in results}


def contents(files: list[Path]) -> dict[Path, tuple[int, int, bytes]]:
    """Inode, modification time and bytes: a replaced file changes the first two."""
    return {p: (p.stat().st_ino, p.stat().st_mtime_ns, p.read_bytes()) for p in files}


def temporaries(folder: Path) -> list[Path]:
    return list(folder.rglob("*.tmp"))


# Workers that die or hang.


def test_killed_workers_fail_only_their_documents_and_are_replaced(
    basic: Path,
    write_agreement: Callable[..., Path],
    fault_formats: None,
    no_processes_left: None,
) -> None:
    sources = agreements(write_agreement, 6)
    project = load_project(basic)
    first = finishes(lambda: build(project, formats=["txt", "absturz"], jobs=2))
    assert {r.status for r in first} == {BUILT}
    old = {r.source.name: contents(r.outputs) for r in first}
    # Two of two workers die: the build goes on only if dead workers are replaced.
    hit = {sources[1].name, sources[4].name}
    (basic / TARGETS).write_text("\n".join(hit), encoding="utf-8")
    results = by_name(
        finishes(lambda: build(project, formats=["txt", "absturz"], jobs=2, force=True))
    )
    assert len(results) == len(sources) + 2  # and the project's agreement and signed form
    for name, result in results.items():
        if name in hit:
            assert result.status == FAILED
            [problem] = [p for p in result.problems if p.is_error]
            assert problem.message.startswith(CRASHED)
            assert "SIGKILL" in problem.message
            assert problem.file == basic / "content" / "vereinbarungen" / name
            assert contents(list(old[name])) == old[name]  # the last good files stay
        else:
            assert result.status == BUILT, result.problems
            now = contents(result.outputs)
            for path, (inode, mtime, _) in old[name].items():
                assert now[path][:2] != (inode, mtime)  # written again
            marker = next(p for p in result.outputs if p.suffix == ".absturz")
            assert marker.read_text(encoding="utf-8") == name
    assert not temporaries(basic / "output")


def test_a_document_over_the_time_budget_fails_and_the_build_goes_on(
    basic: Path,
    write_agreement: Callable[..., Path],
    fault_formats: None,
    no_processes_left: None,
) -> None:
    sources = agreements(write_agreement, 4)
    (basic / TARGETS).write_text(sources[2].name, encoding="utf-8")
    project = load_project(basic)
    # Generous for the others on a busy machine; the hanging one would sleep an hour.
    results = by_name(
        finishes(lambda: build(project, formats=["txt", "haengt"], jobs=2, budget=20))
    )
    slow = results.pop(sources[2].name)
    assert slow.status == FAILED
    [problem] = [p for p in slow.problems if p.is_error]
    assert "länger als das Zeitbudget von 20 Sekunden je Dokument" in problem.message
    assert BUDGET_VARIABLE in problem.message
    assert problem.file == sources[2]
    assert not (basic / "output" / "vereinbarungen" / f"{sources[2].stem}.txt").exists()
    assert {r.status for r in results.values()} == {BUILT}
    for result in results.values():
        assert all(p.is_file() for p in result.outputs)


def test_a_document_over_the_memory_budget_fails_and_the_build_goes_on(
    basic: Path,
    write_agreement: Callable[..., Path],
    fault_formats: None,
    no_processes_left: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sources = agreements(write_agreement, 4)
    (basic / TARGETS).write_text(sources[1].name, encoding="utf-8")
    monkeypatch.setenv(MEMORY_VARIABLE, "512")
    project = load_project(basic)
    results = by_name(finishes(lambda: build(project, formats=["txt", "speicher"], jobs=2)))
    greedy = results.pop(sources[1].name)
    assert greedy.status == FAILED
    [problem] = [p for p in greedy.problems if p.is_error]
    assert "mehr Speicher als das Budget von 512 MB je Dokument" in problem.message
    assert MEMORY_VARIABLE in problem.message and problem.file == sources[1]
    assert {r.status for r in results.values()} == {BUILT}
    monkeypatch.setenv(MEMORY_VARIABLE, "viel")
    with pytest.raises(KimdocsError, match=MEMORY_VARIABLE):
        build(project, formats=["txt", "speicher"], jobs=2, force=True)


def test_the_time_budget_comes_from_the_argument_or_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(BUDGET_VARIABLE, raising=False)
    assert time_budget() == DEFAULT_BUDGET == 300
    monkeypatch.setenv(BUDGET_VARIABLE, "2,5")
    assert time_budget() == 2.5
    assert time_budget(7) == 7
    for wrong in ("zehn", "0", "-3", "inf"):
        monkeypatch.setenv(BUDGET_VARIABLE, wrong)
        with pytest.raises(KimdocsError) as caught:
            time_budget()
        assert f"{BUDGET_VARIABLE} muss eine Zahl von Sekunden größer als 0 sein" in str(
            caught.value
        )


def test_the_command_line_reports_a_crashed_worker_in_german(
    cli: Callable[..., Result],
    basic: Path,
    write_agreement: Callable[..., Path],
    fault_formats: None,
) -> None:
    sources = agreements(write_agreement, 4)
    (basic / TARGETS).write_text(sources[0].name, encoding="utf-8")
    result = finishes(lambda: cli(basic, "build", "-f", "txt,absturz", "-j", "2"))
    assert result.exit_code == 1
    assert f"content/vereinbarungen/{sources[0].name}: Fehler: {CRASHED}" in result.output
    assert f"fehlgeschlagen  content/vereinbarungen/{sources[0].name}" in result.output
    # The other three, the project's agreement and its signed consent form.
    assert "Dokumente: 5 erzeugt, 0 unverändert, 1 fehlgeschlagen." in result.output
    assert "Traceback" not in result.output


# Disks that are full or read-only.


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, check=False)


@pytest.fixture
def mounts() -> Iterator[Callable[..., Path]]:
    """Mount a small tmpfs, or a folder again read-only; unmounted after the test."""
    mounted: list[Path] = []

    def mount(target: Path, *, size: str | None = None, read_only: bool = False) -> Path:
        if not sys.platform.startswith("linux"):
            pytest.skip("Einhängen von Dateisystemen wird nur unter Linux getestet.")
        target.mkdir(parents=True, exist_ok=True)
        if size is not None:
            steps = [("mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(target))]
        else:
            steps = [("mount", "--bind", str(target), str(target))]
        if read_only:
            steps.append(("mount", "-o", "remount,bind,ro", str(target)))
        for step in steps:
            done = _run(*step)
            if done.returncode:
                if step is not steps[0]:
                    _run("umount", str(target))
                pytest.skip(
                    "Ein Dateisystem kann hier nicht eingehängt werden (braucht Root-Rechte "
                    f"mit CAP_SYS_ADMIN): {done.stderr.strip()}"
                )
        mounted.append(target)
        return target

    yield mount
    for target in reversed(mounted):
        _run("umount", "-l", str(target))


def fill(folder: Path, leave: int = 0) -> None:
    """Fill the file system of ``folder`` until only ``leave`` bytes are free."""
    free = os.statvfs(folder).f_bavail * os.statvfs(folder).f_frsize
    with open(folder / "füllung.bin", "wb") as handle:
        try:
            handle.write(b"\0" * max(0, free - leave))
            handle.flush()
        except OSError:
            pass  # full already: what the test wants


def change_sources(results: list[Any]) -> None:
    """A new sentence in every document, so that every output is new."""
    for result in results:
        text = result.source.read_text(encoding="utf-8")
        result.source.write_text(text.rstrip() + "\n\nEin neuer Satz.\n", encoding="utf-8")


@pytest.mark.slow
def test_a_full_disk_fails_whole_documents_and_keeps_their_old_files(
    tmp_path: Path, mounts: Callable[..., Path], cli: Callable[..., Result]
) -> None:
    disk = mounts(tmp_path / "klein", size="16m")
    root = copy_sample_project(disk / "projekt")
    first = finishes(lambda: build(load_project(root), formats=FORMATS, jobs=2))
    assert {r.status for r in first} == {BUILT} and len(first) >= 8
    old = {r.source: contents(r.outputs) for r in first}
    largest = max(sum(len(c[2]) for c in files.values()) for files in old.values())
    change_sources(first)
    # Room for the smaller documents, not for the largest: it fails while being written.
    fill(disk, leave=largest * 3 // 4)
    results = finishes(lambda: build(load_project(root), formats=FORMATS, jobs=2))
    statuses = {r.status for r in results}
    assert statuses == {BUILT, FAILED}, [(r.source.name, r.problems) for r in results]
    for result in results:
        before = old[result.source]
        if result.status == FAILED:
            [problem] = [p for p in result.problems if p.is_error]
            folder = next(iter(before)).parent.relative_to(root)
            assert f"Kein Platz mehr im Ordner „{folder}“" in problem.message
            assert "Die Dateien brauchen" in problem.message and "frei sind" in problem.message
            assert problem.file == result.source
            assert contents(list(before)) == before  # every old file as it was
        else:
            assert sorted(result.outputs) == sorted(before)
            now = contents(result.outputs)
            for path, (inode, mtime, _) in before.items():
                assert now[path][:2] != (inode, mtime), path  # every file replaced
            # The German outputs; a translation (name.ar.html) says only what it translates,
            # and a copy in Leichte Sprache for the client (name-leicht.html, written by the
            # build from the document's data) what it states, not the office's notes.
            copies = {easy_file(p.with_suffix(""), p.suffix) for p in result.outputs}
            text = [
                p
                for p in result.outputs
                if p.suffix in (".html", ".txt") and "." not in p.stem and p not in copies
            ]
            assert text and all("Ein neuer Satz." in p.read_text(encoding="utf-8") for p in text)
    assert not temporaries(root)
    # The manifest knows what succeeded: only the failed documents are built again.
    (disk / "füllung.bin").unlink()
    rebuilt = finishes(lambda: build(load_project(root), formats=FORMATS, jobs=2))
    again = {r.source: r.status for r in rebuilt}
    assert {s for s, st in again.items() if st == BUILT} == {
        r.source for r in results if r.status == FAILED
    }

    # Room for one document's first file but not for a later one: written file by file,
    # it would get a new PDF beside its old DOCX. The command line says it in German.
    source, leave = first_file_only(old, os.statvfs(disk).f_frsize)
    before = {s: contents(list(files)) for s, files in old.items()}
    change_sources(first)
    fill(disk, leave=leave)
    shown = finishes(lambda: cli(root, "build", "-f", ",".join(FORMATS), "-j", "2"))
    assert shown.exit_code == 1
    assert "Fehler: Kein Platz mehr im Ordner „output/" in shown.output
    assert f"\nfehlgeschlagen  {source.relative_to(root)}\n" in shown.output
    assert "Traceback" not in shown.output
    assert contents(list(before[source])) == before[source]
    for files in before.values():
        now = contents(list(files))
        replaced = {now[p][:2] != files[p][:2] for p in files}
        assert len(replaced) == 1, now  # all old or all new, never a mix
    assert not temporaries(root)


def first_file_only(old: dict[Path, dict[Path, Any]], page: int) -> tuple[Path, int]:
    """A document and free space in which its first file fits, but one of its later ones
    does not."""
    for source, files in old.items():
        sizes = [len(data) for _, _, data in files.values()]
        room = -(-sizes[0] // page) * page + page  # whole pages, as the file system counts
        if len(sizes) > 1 and max(sizes[1:]) > room + page:
            return source, room
    pytest.fail("Kein Dokument, dessen erste Datei kleiner ist als eine spätere.")


def test_the_manifest_and_the_template_cache_on_a_full_disk_are_german_errors(
    tmp_path: Path, mounts: Callable[..., Path], cli: Callable[..., Result]
) -> None:
    disk = mounts(tmp_path / "voll", size="4m")
    root = copy_sample_project(disk / "projekt")
    (root / "output").mkdir()
    fill(disk)
    manifest = Manifest(root / "output" / ".kimdocs-manifest.json", {"a.md": {"formate": {}}})
    with pytest.raises(KimdocsError) as caught:
        manifest.save()
    [problem] = caught.value.problems
    assert problem.message.startswith("Kein Platz mehr im Ordner „output“.")
    assert problem.file == manifest.path
    assert not manifest.path.exists()
    # The first thing a build writes is the cache of the check of templates/agreement.html.
    result = finishes(lambda: cli(root, "build", "-f", "html"))
    assert result.exit_code == 1
    assert "Fehler: Kein Platz mehr im Ordner „output“." in result.output
    assert "Traceback" not in result.output
    assert not temporaries(root)


@pytest.mark.slow
def test_a_read_only_output_folder_fails_its_documents_only(
    tmp_path: Path, mounts: Callable[..., Path], cli: Callable[..., Result]
) -> None:
    root = copy_sample_project(tmp_path / "projekt")
    folders = [root / "content" / "presse", root / "content" / "flyer"]
    first = finishes(lambda: build(load_project(root), folders, ["html", "txt"], jobs=2))
    assert {r.status for r in first} == {BUILT}
    old = {r.source: contents(r.outputs) for r in first}
    mounts(root / "output" / "presse", read_only=True)
    change_sources(first)
    results = finishes(lambda: build(load_project(root), folders, ["html", "txt"], jobs=2))
    for result in results:
        if result.source.parent.name == "presse":
            assert result.status == FAILED
            [problem] = [p for p in result.problems if p.is_error]
            assert (
                "Der Ordner „output/presse“ liegt auf einem schreibgeschützten Laufwerk."
                in problem.message
            )
            assert "Die Dateien brauchen" in problem.message
            assert contents(list(old[result.source])) == old[result.source]
        else:
            assert result.status == BUILT
    shown = finishes(lambda: cli(root, "build", "content/presse", "-f", "html,txt"))
    assert shown.exit_code == 1
    assert "schreibgeschützten Laufwerk" in shown.output
    assert "fehlgeschlagen  content/presse/" in shown.output
    assert "Traceback" not in shown.output
    assert not temporaries(root / "output")


def test_a_read_only_output_is_one_german_error(
    tmp_path: Path, mounts: Callable[..., Path], cli: Callable[..., Result]
) -> None:
    root = copy_sample_project(tmp_path / "projekt")
    mounts(root / "output", read_only=True)
    with pytest.raises(KimdocsError) as caught:
        build(load_project(root), formats=["txt"])
    assert "Der Ordner „output“ liegt auf einem schreibgeschützten Laufwerk." in str(caught.value)
    shown = cli(root, "build", "-f", "txt")
    assert shown.exit_code == 1
    assert "Fehler: Der Ordner „output“ liegt auf einem schreibgeschützten Laufwerk." in (
        shown.output
    )
    assert "Traceback" not in shown.output
