"""The same budgets everywhere (#28, point 6): a template that loops, grows or calls itself
fails its document with a German message in a single-document build, with ``-j 1`` and in
the preview's rebuild, and the preview stays responsive and stoppable meanwhile."""

from __future__ import annotations

import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from kimdocs.build.workers import BUDGET_VARIABLE, MEMORY_VARIABLE
from kimdocs.templating.environment import SHIPPED_DIR

SOURCE = "content/vereinbarungen/T-0001-sonderzeichen.md"
LOOP = "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
GROWTH = '{{ ("x" * 3000000000) | length }}'
RECURSION = "{% macro tief(n) %}{{ tief(n + 1) }}{% endmacro %}{{ tief(1) }}"


def _template(root: Path, code: str) -> Path:
    """The shipped agreement template with ``code`` at the start of its content (line 4)."""
    text = (SHIPPED_DIR / "agreement.html").read_text(encoding="utf-8")
    assert text.splitlines()[2] == "{% block content %}"
    target = root / "templates" / "agreement.html"
    target.parent.mkdir(exist_ok=True)
    target.write_text(text.replace("{% block content %}", "{% block content %}\n" + code, 1))
    return target


@pytest.mark.parametrize(
    "arguments", [["build", SOURCE, "-f", "html"], ["build", "-f", "html", "-j", "1"]]
)
def test_a_template_that_loops_fails_its_document_in_time(
    basic: Path, cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch, arguments: list[str]
) -> None:
    _template(basic, LOOP)
    monkeypatch.setenv(BUDGET_VARIABLE, "3")
    started = time.monotonic()
    result = cli(basic, *arguments)
    took = time.monotonic() - started
    assert result.exit_code == 1, result.output
    assert f"{SOURCE}: Fehler: Das Erzeugen dauerte länger als das Zeitbudget von 3 Sekunden" in (
        result.output
    )
    assert took < 60, took  # 10^10 loop steps would take hours


def test_a_template_that_grows_fails_its_document(
    basic: Path, cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    _template(basic, GROWTH)
    monkeypatch.setenv(MEMORY_VARIABLE, "512")
    result = cli(basic, "build", SOURCE, "-f", "html")
    assert result.exit_code == 1, result.output
    assert "mehr Speicher als das Budget von 512 MB je Dokument" in result.output
    assert "Traceback" not in result.output


def test_a_recursive_macro_names_template_and_line(basic: Path, cli: Callable[..., Result]) -> None:
    _template(basic, RECURSION)
    result = cli(basic, "build", SOURCE, "-f", "html")
    assert result.exit_code == 1, result.output
    assert "templates/agreement.html:4: Fehler: Die Vorlage ruft sich ohne Ende selbst auf" in (
        result.output
    )
    assert "RecursionError" not in result.output and "Unerwartet" not in result.output


@pytest.mark.parametrize("value", ["99999999999999", "9" * 5000, "٥١٢", "-512"])
def test_a_memory_budget_that_is_no_budget_is_a_german_error(
    basic: Path, cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv(MEMORY_VARIABLE, value)
    result = cli(basic, "build", SOURCE, "-f", "html")
    assert result.exit_code == 1, result.output
    assert f"Die Umgebungsvariable {MEMORY_VARIABLE} muss eine ganze Zahl von Megabyte" in (
        result.output
    )
    assert "Traceback" not in result.output and len(result.output) < 400


def test_the_preview_stays_responsive_and_stoppable_while_a_rebuild_hangs(
    basic: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kimdocs.preview.server import PreviewServer

    monkeypatch.setenv(BUDGET_VARIABLE, "600")  # longer than the test: only a cancel ends it
    (basic / "templates").mkdir()
    running = PreviewServer(basic, "127.0.0.1", 0)
    running.start()
    try:
        first = running.preview.snapshot.version
        template = _template(basic, LOOP)
        time.sleep(3)  # the watcher has seen it; the rebuild renders the loop
        started = time.monotonic()
        with urllib.request.urlopen(running.url, timeout=10) as answer:
            assert answer.status == 200
        assert time.monotonic() - started < 5  # pages come while the worker loops
        # Repaired: the watcher cancels the hanging rebuild and the next one shows it.
        template.unlink()
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            snapshot = running.preview.snapshot
            entry = snapshot.entry(SOURCE)
            if snapshot.version > first and entry is not None and not entry.errors:
                break
            time.sleep(0.5)
        else:
            pytest.fail("Die Vorschau hat die reparierte Vorlage nicht gebaut.")
        _template(basic, LOOP)  # hangs again …
        time.sleep(3)
    finally:
        started = time.monotonic()
        running.stop()  # … and stops at once all the same
        stopped = time.monotonic() - started
    assert stopped < 15, stopped
    assert not any(thread.is_alive() for thread in running._threads)
