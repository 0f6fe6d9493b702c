"""One read phase: each command loads each document once and reads each source once.

Measured on the sample project before this was so: ``check`` loaded 17 documents and read
24 sources, a preview rebuild with nothing changed loaded 34 and read 40, and every
translation was prepared in the main process and again in the worker. Here the reads of
content files, the loads of documents and the readings of translation files are counted
per file, for ``check``, a build, a no-op build, a build with workers (in this process:
the workers get the prepared documents and load nothing) and a preview rebuild.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

import kimdocs.content
import kimdocs.kinds.loading
import kimdocs.translation.document
from kimdocs.build.check import check_project
from kimdocs.build.run import FAILED, build
from kimdocs.project import load_project
from tests.conftest import copy_sample_project


@dataclass
class Counts:
    root: Path
    reads: Counter[Path] = field(default_factory=Counter)  # content files read from disk
    loads: Counter[Path] = field(default_factory=Counter)  # documents loaded
    translations: Counter[Path] = field(default_factory=Counter)  # translation files read

    def clear(self) -> None:
        self.reads.clear()
        self.loads.clear()
        self.translations.clear()

    def more_than_once(self) -> dict[str, dict[str, int]]:
        def over(counter: Counter[Path]) -> dict[str, int]:
            return {str(p.relative_to(self.root)): n for p, n in counter.items() if n > 1}

        found = {
            "gelesen": over(self.reads),
            "geladen": over(self.loads),
            "übersetzung": over(self.translations),
        }
        return {what: files for what, files in found.items() if files}


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    return copy_sample_project(tmp_path / "p")


@pytest.fixture
def counts(sample: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Counts]:
    found = Counts(sample.resolve())
    content_dir = (sample / "content").resolve()
    read_text = kimdocs.content.read_text
    read_content = kimdocs.kinds.loading.read_content
    read_po = kimdocs.translation.document.read_po

    def counting_read(path: Path, *args: Any, **kwargs: Any) -> str:
        resolved = Path(path).resolve()
        if resolved.is_relative_to(content_dir):
            found.reads[resolved] += 1
        return read_text(path, *args, **kwargs)

    def counting_load(path: Path, project: Any) -> Any:
        found.loads[Path(path).resolve()] += 1
        return read_content(path, project)

    def counting_po(path: Path) -> Any:
        found.translations[Path(path).resolve()] += 1
        return read_po(path)

    monkeypatch.setattr(kimdocs.content, "read_text", counting_read)
    monkeypatch.setattr(kimdocs.kinds.loading, "read_content", counting_load)
    monkeypatch.setattr(kimdocs.translation.document, "read_po", counting_po)
    yield found


def _documents(root: Path) -> int:
    from kimdocs.catalog import load_catalog

    return len(load_catalog(load_project(root)).documents())


def test_check_reads_and_loads_each_document_once(sample: Path, counts: Counts) -> None:
    report = check_project(load_project(sample))
    assert report.results
    assert counts.more_than_once() == {}
    assert len(counts.loads) == _documents(sample)  # every document, once
    assert counts.translations  # the sample's translations were read (once each)


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_build_and_a_no_op_build_read_each_document_once(
    sample: Path, counts: Counts, jobs: int
) -> None:
    project = load_project(sample)
    report = build(project, jobs=jobs)
    assert not [r for r in report if r.status == FAILED]
    assert counts.more_than_once() == {}
    assert len(counts.loads) == _documents(sample)
    counts.clear()
    again = build(project, jobs=jobs)
    assert {r.status for r in again} == {"unverändert"}
    assert counts.more_than_once() == {}
    assert len(counts.loads) == _documents(sample)


def test_the_workers_get_the_prepared_documents(
    sample: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What goes to a worker is the document with its translations and its context, not
    a path to load again."""
    import kimdocs.build.workers as workers

    sent: list[Any] = []
    render_one = workers.render_one

    def spy(root: Path, prepared: Any) -> Any:
        sent.append(prepared)
        return render_one(root, prepared)

    monkeypatch.setattr(workers, "render_one", spy)
    flyer = sample / "content" / "flyer" / "einbuergerung.md"
    [result] = build(load_project(sample), [flyer], ["html"], jobs=1)
    assert result.ok, result.problems
    [prepared] = sent
    assert prepared.doc.source.path == flyer.resolve() or prepared.doc.source.path == flyer
    assert {p.language.code for p in prepared.translations} == {"ar", "uk"}
    assert prepared.context is not None and "glossary" in prepared.context
    import pickle

    assert pickle.loads(pickle.dumps(prepared)).doc.title == prepared.doc.title


def test_a_preview_rebuild_reads_each_document_once(sample: Path, counts: Counts) -> None:
    from kimdocs.preview import easy_marks
    from kimdocs.preview.model import Preview

    easy_marks.install()  # the preview's Leichte-Sprache marks read the flyers too
    preview = Preview(sample)
    first = preview.rebuild()
    assert first.entries and not first.problems
    counts.clear()
    again = preview.rebuild()  # nothing changed
    assert again.entries
    assert counts.more_than_once() == {}
    assert len(counts.loads) == _documents(sample)
