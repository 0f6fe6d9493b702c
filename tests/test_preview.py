"""The preview server: what it lists and shows, what it refuses to serve, and the page in Chromium.

The browser tests drive the system Chromium through Playwright and run axe-core on the pages.
``make test`` installs both (tools/system-packages.sh test, npm); without them these tests are
skipped locally and fail in CI.
"""

from __future__ import annotations

import http.client
import os
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from kimdocs.base.errors import KimdocsError, Problem, Severity
from kimdocs.preview import checkers as findings
from kimdocs.preview.server import PreviewServer, check_host
from tests.conftest import REPO, SharedBuild

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
AXE = Path(os.environ.get("KIMDOCS_AXE", REPO / ".cache/axe/node_modules/axe-core/axe.min.js"))
FLYER = "content/flyer/einbuergerung.md"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory, built_for_preview: SharedBuild) -> Path:
    # Built for the preview once per test run: the server renders only what a test changes.
    return built_for_preview.copy(tmp_path_factory.mktemp("vorschau") / "projekt")


@pytest.fixture(scope="module")
def server(project: Path) -> Iterator[PreviewServer]:
    running = PreviewServer(project, "127.0.0.1", 0)
    running.start()
    yield running
    running.stop()


def _get(server: PreviewServer, path: str, host: str | None = None) -> tuple[int, str]:
    address, port = server.address
    connection = http.client.HTTPConnection(address, port, timeout=30)
    try:
        # putrequest sends the path exactly as given: no client-side clean-up of "..".
        connection.putrequest("GET", path, skip_host=True)
        connection.putheader("Host", host or f"127.0.0.1:{port}")
        connection.endheaders()
        answer = connection.getresponse()
        return answer.status, answer.read().decode("utf-8", errors="replace")
    finally:
        connection.close()


def _sample_sources(project: Path) -> list[str]:
    from kimdocs.catalog import load_catalog
    from kimdocs.project import load_project

    documents = load_catalog(load_project(project)).documents()
    return sorted(e.path.relative_to(project.resolve()).as_posix() for e in documents)


# ------------------------------------------------------------------ without a browser


def test_refuses_other_addresses_than_loopback() -> None:
    for host in ("127.0.0.1", "localhost", "::1", "127.0.0.2"):
        check_host(host, allow_network=False)
    for host in ("0.0.0.0", "192.168.1.10", "example.org", "::"):
        with pytest.raises(KimdocsError, match="nur auf diesem Rechner"):
            check_host(host, allow_network=False)
    check_host("0.0.0.0", allow_network=True)


def test_cli_refuses_network_address(basic: Path, cli: Callable[..., Result]) -> None:
    result = cli(basic, "vorschau", "--adresse", "0.0.0.0", "--port", "0")
    assert result.exit_code == 1
    assert "Fehler: Die Vorschau lauscht nur auf diesem Rechner" in result.output
    assert "--offen" in result.output


@pytest.mark.slow
def test_every_sample_document_is_listed(server: PreviewServer, project: Path) -> None:
    status, page = _get(server, "/")
    assert status == 200
    assert '<html lang="de">' in page
    sources = _sample_sources(project)
    assert len(sources) >= 10
    for source in sources:
        assert f'data-quelle="{source}"' in page, source
    for label in (
        "Integrationsvereinbarung",
        "Fallkonferenz-Protokoll",
        "Pressemitteilung",
        "Flyer in Leichter Sprache",
    ):
        assert f'">{label} <span class="count">' in page, label
    assert "fehlgeschlagen" not in page


def test_the_caseloads_routes_have_a_page(server: PreviewServer) -> None:
    status, index = _get(server, "/")
    assert status == 200 and '<a href="/wege">Wege zum Bleiberecht</a>: 3 Klientinnen' in index
    status, page = _get(server, "/wege")
    assert status == 200 and '<html lang="de">' in page
    rows = re.findall(
        r'<span class="ampel ampel-\w+">(\w+)</span></td>\n<th scope="row">'
        r'<a href="[^"]+">([\w-]+)</a>',
        page,
    )
    assert rows == [
        ("grün", "KIM-AH-2026-0042"),
        ("gelb", "KIM-BE-2026-0057"),
        ("rot", "KIM-NK-2026-0131"),
    ]
    assert "§ 25a AufenthG bis 28.02.2027" in page and "ab 17.03.2027 grün" in page
    for link in re.findall(r'href="(/ausgabe/[^"]+-leicht\.pdf)"', page):
        assert _get(server, link)[0] == 200


@pytest.mark.slow
@pytest.mark.parametrize(
    "path",
    [
        "/ausgabe/../kimdocs.toml",
        "/ausgabe/%2e%2e/kimdocs.toml",
        "/ausgabe/..%2fkimdocs.toml",
        "/ausgabe/flyer/../../content/flyer/einbuergerung.md",
        "/ausgabe//etc/passwd",
        "/ausgabe/%2fetc%2fpasswd",
        "/ausgabe/..%5ckimdocs.toml",
        "/ausgabe/.kimdocs-manifest.json",
        "/ausgabe/aussen/passwd.html",
        "/ausgabe/flyer/einbuergerung.md",
        "/../kimdocs.toml",
        "/_vorschau/../kimdocs.toml",
        "/_vorschau/page.html",
        "/dokument?quelle=../../etc/passwd",
    ],
)
def test_serves_nothing_outside_its_pages_and_outputs(
    server: PreviewServer, project: Path, path: str
) -> None:
    outside = project.parent / "aussen"
    outside.mkdir(exist_ok=True)
    (outside / "passwd.html").write_text("GEHEIM", encoding="utf-8")
    link = project / "output" / "aussen"
    if not link.exists():
        link.symlink_to(outside)
    status, body = _get(server, path)
    assert status == 404, (path, body[:200])
    assert "GEHEIM" not in body and "[organisation]" not in body and "root:" not in body


@pytest.mark.slow
def test_answers_only_its_own_host_name(server: PreviewServer) -> None:
    assert _get(server, "/", host="localhost")[0] == 200
    status, _ = _get(server, "/", host="angreifer.example")
    assert status == 421


@pytest.mark.slow
def test_outputs_are_served_with_a_policy_that_forbids_scripts(server: PreviewServer) -> None:
    address, port = server.address
    connection = http.client.HTTPConnection(address, port, timeout=30)
    connection.request("GET", "/ausgabe/flyer/einbuergerung.html")
    answer = connection.getresponse()
    answer.read()
    connection.close()
    assert answer.status == 200
    policy = answer.getheader("Content-Security-Policy") or ""
    assert "default-src 'none'" in policy and "sandbox" in policy
    assert answer.getheader("X-Content-Type-Options") == "nosniff"


@pytest.mark.slow
def test_document_page_shows_findings_on_the_text(server: PreviewServer, project: Path) -> None:
    text = (project / FLYER).read_text(encoding="utf-8").splitlines()
    line = next(n for n, t in enumerate(text, start=1) if t.startswith("Sie leben schon lange"))

    def checker(_project: Any, source: Path) -> list[Problem]:
        if source.name != "einbuergerung.md":
            return []
        return [
            Problem(
                "Ein Testbefund.",
                source,
                line,
                severity=Severity.WARNING,
                col=5,
                rule="test-regel",
                suggestion="Kürzer.",
            )
        ]

    findings.register(checker)
    try:
        server.preview.rebuild()
        status, page = _get(server, f"/dokument?quelle={FLYER}")
    finally:
        findings.unregister(checker)
        server.preview.rebuild()
    assert status == 200
    assert f'<li id="zeile-{line}" class="marked"><code>Sie <mark>leben</mark> schon' in page
    assert "Warnung: Ein Testbefund. Vorschlag: Kürzer." in page
    assert f'<a href="#zeile-{line}">Zeile {line}</a>, Spalte 5' in page


# ------------------------------------------------------------------ in Chromium


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    missing = []
    if not Path(CHROMIUM).is_file():
        missing.append("Chromium (Debian-Paket chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing.append("Playwright (pip install playwright)")
    if missing:
        message = f"Browser-Tests brauchen {', '.join(missing)}: make test installiert sie."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    # bypass_csp: axe-core is injected as a script, which the pages' policies forbid.
    context = browser.new_context(bypass_csp=True, locale="de-DE")
    tab = context.new_page()
    tab.set_default_timeout(60_000)
    errors: list[str] = []
    tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda e: errors.append(str(e)))
    tab.console_errors = errors
    yield tab
    context.close()
    assert errors == [], errors


def _axe(page: Any) -> list[dict[str, Any]]:
    if not AXE.is_file():
        message = f"axe-core fehlt ({AXE}); make test installiert es mit npm."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:3]}
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.slow
def test_browser_lists_and_previews_every_document(
    server: PreviewServer, project: Path, page: Any
) -> None:
    page.goto(server.url)
    cards = page.locator("li.card")
    sources = _sample_sources(project)
    assert cards.count() == len(sources)
    for source in sources:
        card = page.locator(f'li.card[data-quelle="{source}"]')
        picture = card.locator("img.thumb")
        assert picture.evaluate("img => img.complete && img.naturalWidth > 300"), source
        card.locator("h3 a").click()
        page.wait_for_load_state()
        assert page.locator("h1").inner_text() != "Alle Dokumente"
        assert page.locator("ul.pages img").first.evaluate("img => img.naturalWidth > 300")
        frame = page.frame_locator("iframe.web")
        assert frame.locator("h1").first.inner_text().strip(), source
        page.go_back()


@pytest.mark.slow
def test_axe_finds_no_serious_violations_on_the_preview(server: PreviewServer, page: Any) -> None:
    page.goto(server.url)
    assert _axe(page) == []
    page.goto(f"{server.url}dokument?quelle={FLYER}")
    assert _axe(page) == []
    page.goto(f"{server.url}wege")
    assert _axe(page) == []


@pytest.mark.slow
def test_axe_finds_no_serious_violations_in_flyers(
    server: PreviewServer, project: Path, page: Any
) -> None:
    flyers = sorted((project / "output" / "flyer").glob("*.html"))
    assert len(flyers) >= 3
    for flyer in flyers:
        page.goto(f"{server.url}ausgabe/flyer/{flyer.name}")
        assert _axe(page) == [], flyer.name


@pytest.mark.slow
def test_editing_a_flyer_updates_the_page(server: PreviewServer, project: Path, page: Any) -> None:
    page.goto(f"{server.url}dokument?quelle={FLYER}")
    assert page.locator("h1").inner_text() == "Einbürgerung"
    source = project / FLYER
    source.write_text(
        source.read_text(encoding="utf-8").replace(
            "titel: Einbürgerung", "titel: Einbürgerung in Deutschland", 1
        ),
        encoding="utf-8",
    )
    # The watcher rebuilds and the page reloads itself; no click, no reload from here.
    page.wait_for_function(
        "() => document.querySelector('h1').textContent === 'Einbürgerung in Deutschland'",
        timeout=120_000,
    )
    frame = page.frame_locator("iframe.web")
    assert frame.locator("h1").first.inner_text() == "Einbürgerung in Deutschland"


@pytest.mark.slow
def test_ctrl_c_stops_the_preview_cleanly(basic: Path) -> None:
    import signal
    import subprocess
    import sys
    import urllib.request

    process = subprocess.Popen(
        [sys.executable, "-m", "kimdocs", "vorschau", "--port", "0"],
        cwd=basic,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert process.stdout is not None
        lines = [process.stdout.readline(), process.stdout.readline()]
        url = lines[1].split()[1]
        assert lines[1].startswith("Vorschau: http://127.0.0.1:"), lines
        with urllib.request.urlopen(url, timeout=30) as answer:
            assert answer.status == 200
        process.send_signal(signal.SIGINT)
        rest, _ = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 0, rest
    assert "Vorschau beendet." in rest and "Traceback" not in rest


@pytest.mark.slow
def test_a_failed_document_stays_under_its_kind_with_its_findings(basic: Path) -> None:
    from kimdocs.preview.model import Preview

    broken = basic / "content" / "vereinbarungen" / "kaputt.md"
    broken.write_text(
        "---\nart: vereinbarung\nfall_id: K-1\nbezirk: mitte\ndatum: 2026-13-01\n---\n",
        encoding="utf-8",
    )
    snapshot = Preview(basic).rebuild()
    entry = snapshot.entry("content/vereinbarungen/kaputt.md")
    assert entry is not None
    assert (entry.kind_id, entry.status) == ("agreement", "fehlgeschlagen")
    assert any(
        (f.line, f.field) == (5, "datum") and f.message.startswith("„2026-13-01“ ist kein gültiges")
        for f in entry.findings
    ), entry.findings
    assert entry.lines[4] == "datum: 2026-13-01"
    good = [e for e in snapshot.entries if e.status != "fehlgeschlagen"]
    assert good and all(e.html and e.pages for e in good)


# ------------------------------------------------------------------ robustness


def _wait_for(
    server: PreviewServer,
    done: Callable[[Any], Any],
    what: str,
    poke: Callable[[], Any] | None = None,
) -> Any:
    """The snapshot once ``done`` holds; the watcher rebuilds in its own time.

    ``poke`` repeats the change now and then: the watcher starts watching a moment after
    ``start()`` returns, and a change before that is not seen.
    """
    import time

    for n in range(1200):  # bounded: two minutes at most on a busy machine
        snapshot = server.preview.snapshot
        if done(snapshot):
            return snapshot
        if poke is not None and n % 30 == 0:
            poke()
        time.sleep(0.1)
    pytest.fail(f"Die Vorschau hat nicht neu gebaut: {what}")


@pytest.mark.slow
def test_abandoned_connections_leave_no_traceback_and_no_threads(
    basic: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    import socket
    import struct
    import threading

    running = PreviewServer(basic, "127.0.0.1", 0, idle_timeout=1.0)
    running.start(watch=False)
    kept: list[socket.socket] = []
    try:
        baseline = threading.active_count()
        for n in range(50):
            connection = socket.create_connection(running.address, timeout=10)
            if n % 3 == 0:
                # Asks and leaves at once: reading the request or sending the answer meets
                # a connection the client has reset (SO_LINGER 0 makes close() send RST).
                connection.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                connection.close()
            elif n % 3 == 1:
                connection.sendall(b"GET / HT")  # half a request, then silence
                kept.append(connection)
            else:
                kept.append(connection)  # says nothing, like a browser's spare connection
        _wait_for(
            running,
            lambda _: threading.active_count() <= baseline + 1,
            f"{threading.active_count()} Threads, vorher {baseline}",
        )
        assert _get(running, "/")[0] == 200  # and it still answers
    finally:
        for connection in kept:
            connection.close()
        running.stop()
    err = capfd.readouterr().err
    assert "Traceback" not in err and "Exception" not in err, err


@pytest.mark.slow
def test_a_config_saved_as_utf16_is_shown_and_watching_goes_on(basic: Path) -> None:
    running = PreviewServer(basic, "127.0.0.1", 0)
    running.start()
    config = basic / "kimdocs.toml"
    good = config.read_text(encoding="utf-8")
    try:
        assert not running.preview.snapshot.problems
        snapshot = _wait_for(
            running,
            lambda s: s.problems,
            "kimdocs.toml als UTF-16",
            poke=lambda: config.write_text(good, encoding="utf-16"),
        )
        [problem] = snapshot.problems
        assert problem.file == config.resolve() and problem.line == 1
        assert "als UTF-16 („Unicode“) gespeichert" in problem.message
        status, page = _get(running, "/")
        assert status == 200 and "als UTF-16 („Unicode“) gespeichert" in page
        snapshot = _wait_for(
            running,
            lambda s: s.entries and not s.problems,
            "kimdocs.toml wieder UTF-8",
            poke=lambda: config.write_text(good, encoding="utf-8"),
        )
        assert snapshot.entry("content/vereinbarungen/T-0001-sonderzeichen.md") is not None
        assert all(thread.is_alive() for thread in running._threads)
    finally:
        running.stop()


def test_an_unexpected_error_in_a_rebuild_is_shown_not_raised(
    basic: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kimdocs.preview import model

    def broken(*_args: Any, **_kwargs: Any) -> None:
        raise RuntimeError("kaputt")

    monkeypatch.setattr(model, "build", broken)
    snapshot = model.Preview(basic).rebuild()
    [problem] = snapshot.problems
    assert problem.message.startswith(
        "Die Vorschau konnte das Projekt nicht bauen (RuntimeError: kaputt). Sie beobachtet"
    )


def test_the_watcher_outlives_a_failure_of_watching(
    basic: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    running = PreviewServer(basic, "127.0.0.1", 0)
    attempts: list[bool] = []
    rebuilds: list[bool] = []

    def flaky(_paths: list[Path], _recursive: bool) -> None:
        attempts.append(True)
        if len(attempts) == 1:
            raise OSError("Ordner verschwunden")
        running.stopping.set()

    monkeypatch.setattr(running, "_watch_changes", flaky)
    monkeypatch.setattr(running, "request_rebuild", lambda: rebuilds.append(True))
    try:
        running._watch([basic], True)
    finally:
        running.close()
    assert len(attempts) == 2 and len(rebuilds) == 1
