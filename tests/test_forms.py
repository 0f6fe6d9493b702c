"""The forms of ``kimdocs vorschau`` without a browser: plain form posts over HTTP, as a
browser without JavaScript sends them, and the round trip into the files.

- every sample document opened and saved without a change stays byte for byte;
- changing one goal's deadline changes exactly that line;
- a file changed on disk meanwhile is not overwritten; the user sees what changed;
- "Neu" writes what ``kimdocs new`` writes; filling in and saving makes a document that
  ``kimdocs check`` passes and that is built;
- requests without the CSRF token, with a foreign Host, for paths outside ``content/``,
  with a 50 MB body, and script in a field value are refused or escaped, and no file
  outside ``content/`` changes.
"""

from __future__ import annotations

import hashlib
import html
import re
import socket
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from kimdocs.base import yaml_edit
from kimdocs.preview.server import PreviewServer
from tests.conftest import copy_sample_project
from tests.form_posts import Answer, read_form, request

AGREEMENT = "content/vereinbarungen/ahlen/KIM-AH-2026-0007.md"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_sample_project(tmp_path_factory.mktemp("formulare") / "projekt")


@pytest.fixture(scope="module")
def server(project: Path) -> Iterator[PreviewServer]:
    running = PreviewServer(project, "127.0.0.1", 0)
    running.start(watch=False)  # the saves rebuild themselves; no watcher in between
    yield running
    running.stop()


def _get(server: PreviewServer, path: str, host: str | None = None) -> Answer:
    return request(server.address, "GET", path, host=host)


def _form_of(server: PreviewServer, source: str) -> tuple[Answer, list[tuple[str, str]]]:
    page = _get(server, f"/formular?quelle={quote(source)}")
    assert page.status == 200, page.body[:2000]
    return page, read_form(page.body).fields("speichern")


def _post(server: PreviewServer, path: str, fields: list[tuple[str, str]], **kw: str) -> Answer:
    return request(server.address, "POST", path, fields, **kw)


def _replace(fields: list[tuple[str, str]], name: str, value: str) -> list[tuple[str, str]]:
    assert any(n == name for n, _ in fields), name
    return [(n, value if n == name else v) for n, v in fields]


def _sources(project: Path) -> list[str]:
    from kimdocs.catalog import load_catalog
    from kimdocs.project import load_project

    documents = load_catalog(load_project(project)).documents()
    return sorted(e.path.relative_to(project.resolve()).as_posix() for e in documents)


def _fingerprint(project: Path) -> dict[str, str]:
    """Every file of the project outside content/ and output/ with its SHA-256."""
    found = {}
    for path in sorted(project.rglob("*")):
        rel = path.relative_to(project)
        if path.is_file() and rel.parts[0] not in ("content", "output"):
            found[rel.as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


# ------------------------------------------------------------------ round trip


def test_every_sample_opened_and_saved_unchanged_stays_byte_identical(
    server: PreviewServer, project: Path
) -> None:
    sources = _sources(project)
    assert len(sources) >= 15
    for source in sources:
        before = (project / source).read_bytes()
        _, fields = _form_of(server, source)
        answer = _post(server, "/formular", fields)
        assert answer.status == 303, (source, answer.body[:1500])
        assert "gespeichert=unver" in answer.location, source
        assert (project / source).read_bytes() == before, source


def test_the_round_trip_itself_keeps_every_sample_front_matter() -> None:
    """The YAML editor, with nothing changed, gives back every front matter unchanged."""
    from tests.conftest import REPO

    for path in sorted((REPO / "content").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        if not text.startswith("---\n"):
            continue
        front = text.split("---\n", 2)[1]
        assert yaml_edit.edit(front, lambda data: None) == front, path
        # Dumped by ruamel and merged, not just handed back: one value set to itself.
        first = next(iter(yaml_edit.Editor(front).data))
        assert yaml_edit.edit(front, lambda data, k=first: data.__setitem__(k, data[k])) == front


def test_changing_one_deadline_changes_exactly_that_line(
    server: PreviewServer, project: Path
) -> None:
    path = project / AGREEMENT
    before = path.read_text(encoding="utf-8").splitlines()
    _, fields = _form_of(server, AGREEMENT)
    assert ("ziele.1.frist", "2026-12-31") in fields
    answer = _post(server, "/formular", _replace(fields, "ziele.1.frist", "2027-01-29"))
    assert answer.status == 303 and "gespeichert=ja" in answer.location, answer.body[:1000]
    after = path.read_text(encoding="utf-8").splitlines()
    changed = [(n, a, b) for n, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]
    assert changed == [(38, "    frist: 2026-12-31", "    frist: 2027-01-29")]
    page = _get(server, answer.location.split("#")[0])
    assert "Gespeichert und neu gebaut." in page.body
    assert re.search(r'href="/ausgabe/vereinbarungen/ahlen/KIM-AH-2026-0007\.pdf"', page.body)


def test_a_file_changed_on_disk_meanwhile_is_not_overwritten(
    server: PreviewServer, project: Path
) -> None:
    path = project / AGREEMENT
    _, fields = _form_of(server, AGREEMENT)
    edited = path.read_text(encoding="utf-8").replace(
        "  sprache: Serbisch, Deutsch (A2)", "  sprache: Serbisch, Deutsch (B1)"
    )
    path.write_text(edited, encoding="utf-8")  # someone saves in an editor meanwhile
    mine = _replace(fields, "klient.name", "Milan Beispielović (fiktiv, geändert)")
    answer = _post(server, "/formular", mine)
    assert answer.status == 409
    assert path.read_text(encoding="utf-8") == edited  # nothing overwritten
    page = html.unescape(answer.body)
    assert "Die Datei wurde inzwischen geändert – nichts überschrieben" in page
    assert (
        "-  sprache: Serbisch, Deutsch (A2)" in page
        and "+  sprache: Serbisch, Deutsch (B1)" in page
    )
    assert 'value="Milan Beispielović (fiktiv, geändert)"' in page  # the user's input kept
    # The user decides to save: only the field they changed goes into the new version.
    again = read_form(answer.body).fields("speichern")
    answer = _post(server, "/formular", again)
    assert answer.status == 303, answer.body[:1500]
    text = path.read_text(encoding="utf-8")
    assert "  sprache: Serbisch, Deutsch (B1)" in text
    assert "  name: Milan Beispielović (fiktiv, geändert)" in text


# ------------------------------------------------------------------ Neu, fill in, save


def test_plain_posts_create_and_save_a_document(server: PreviewServer, project: Path) -> None:
    from kimdocs.base.yaml_lines import load
    from kimdocs.cases.scaffold import plan_document
    from kimdocs.project import load_project

    expected = plan_document(load_project(project), "vereinbarung", None, "beckum")
    step1 = _get(server, "/neu")
    assert step1.status == 200
    kinds = read_form(step1.body, None)
    assert kinds.value("art") == "agreement"
    step2 = _get(server, "/neu?art=agreement")
    form = read_form(step2.body, None)
    assert f"Neue Fall-ID {expected.created.case_id}" in step2.body
    form.set("bezirk", "beckum")
    created = _post(server, "/neu", form.fields())
    assert created.status == 303, created.body[:1000]
    source = expected.path.relative_to(project.resolve()).as_posix()
    assert created.location.startswith(f"/formular?quelle={quote(source)}")
    assert expected.path.read_text(encoding="utf-8") == expected.text  # what kimdocs new writes

    page, fields = _form_of(server, source)
    assert "Platzhalter ersetzen" in html.unescape(page.body)
    values = {
        "klient.name": "Erika Beispiel (fiktiv)",
        "fallmanagement.name": "Frank Fallbeispiel (fiktiv)",
        "fallmanagement.kontakt": "02521 000-000 (fiktiv)",
        "ziele.0.ziel": "Frau Beispiel hat eine eigene Wohnung.",
        "ziele.0.indikator": "Der Mietvertrag ist unterschrieben.",
        "ziele.0.schritte.0.was": "Wohnungsangebote sichten",
        "ziele.0.schritte.0.wer": "Klientin",
        "_text.0": "Frau Beispiel (fiktiv) lebt in einer Gemeinschaftsunterkunft.",
        "_text.1": "- spricht Deutsch auf B1",
        "_text.2": "„Ich möchte eine eigene Wohnung.“",
    }
    for name, value in values.items():
        fields = _replace(fields, name, value)
    fields = _replace(fields, "ziele.0.handlungsfeld", "Wohnen")
    answer = _post(server, "/formular", fields)
    assert answer.status == 303, answer.body[:2000]
    text = expected.path.read_text(encoding="utf-8")
    from kimdocs.text.placeholders import placeholders

    assert [ln for ln in text.splitlines() if placeholders(ln.split("#")[0])] == []
    meta = load(text.split("---\n")[1])
    assert meta["klient"]["name"] == "Erika Beispiel (fiktiv)"
    assert meta["ziele"][0]["handlungsfeld"] == "Wohnen"
    # Every comment of the skeleton is still there, in its order.
    comments = [ln.strip() for ln in expected.text.splitlines() if ln.strip().startswith("#")]
    assert [ln.strip() for ln in text.splitlines() if ln.strip().startswith("#")] == comments
    page = _get(server, answer.location.split("#")[0])
    assert "Gespeichert und neu gebaut." in page.body, page.body[:3000]
    pdf = re.search(r'href="(/ausgabe/[^"]+\.pdf)"', page.body)
    assert pdf is not None
    built = _get(server, pdf.group(1))
    assert built.status == 200 and built.body.startswith("%PDF")
    _assert_check_passes(project, expected.path)


def _assert_check_passes(project: Path, path: Path) -> None:
    from kimdocs.build.check import check_project
    from kimdocs.project import load_project

    report = check_project(load_project(project), [path])
    assert report.errors == 0, [p.format() for p in report.problems]


def test_the_form_shows_exactly_what_check_reports_at_the_fields(
    server: PreviewServer, project: Path
) -> None:
    from kimdocs.build.check import check_project
    from kimdocs.project import load_project

    source = "content/vereinbarungen/beckum/KIM-BE-2026-0019.md"
    _, fields = _form_of(server, source)
    fields = _replace(fields, "ziele.0.frist", "2020-01-01")  # before the agreement's date
    fields = _replace(fields, "klient.name", "")
    answer = _post(server, "/formular", fields)
    assert answer.status == 303
    page = html.unescape(_get(server, answer.location.split("#")[0]).body)
    report = check_project(load_project(project), [project / source])
    messages = [p.message for p in report.problems]
    assert "Die Frist liegt vor dem Datum der Vereinbarung." in messages
    summary = page.split('id="befunde"', 1)[1].split("</div>", 1)[0]
    for message in messages:
        assert message in summary, message
    assert summary.count("<li") == len(messages)
    # Each error at its field, tied to it for screen readers.
    assert re.search(r'<a href="#f-ziele-0-frist"><span class="sev">Fehler</span>', summary)
    assert re.search(
        r'id="f-ziele-0-frist" name="ziele.0.frist" value="2020-01-01" class="short" '
        r'aria-describedby="f-ziele-0-frist-befund" aria-invalid="true"',
        page,
    )
    assert "Gespeichert. 2 Fehler verhindern den Bau" in page


# ------------------------------------------------------------------ safe by default


def test_a_change_without_the_csrf_token_is_refused(server: PreviewServer, project: Path) -> None:
    before = (project / AGREEMENT).read_bytes()
    _, fields = _form_of(server, AGREEMENT)
    fields = _replace(fields, "klient.name", "Angreifer")
    for bad in ([(n, v) for n, v in fields if n != "_csrf"], _replace(fields, "_csrf", "falsch")):
        answer = _post(server, "/formular", bad)
        assert answer.status == 403
        assert "CSRF" in html.unescape(answer.body)
    created = _post(server, "/neu", [("art", "agreement"), ("bezirk", "ahlen")])
    assert created.status == 403
    # A page elsewhere that posts the token it cannot know, or from its own origin.
    answer = _post(server, "/formular", fields, headers={"Origin": "http://angreifer.example"})
    assert answer.status == 403
    assert (project / AGREEMENT).read_bytes() == before


def test_a_foreign_host_is_refused(server: PreviewServer, project: Path) -> None:
    before = _fingerprint(project)
    _, fields = _form_of(server, AGREEMENT)
    for method in ("GET", "POST"):
        answer = request(
            server.address,
            method,
            f"/formular?quelle={quote(AGREEMENT)}",
            fields if method == "POST" else None,
            host="angreifer.example",
        )
        assert answer.status == 421
    assert _fingerprint(project) == before


@pytest.mark.parametrize(
    "source",
    [
        "kimdocs.toml",
        "../kimdocs.toml",
        "content/../kimdocs.toml",
        "content/../../aussen.md",
        "/etc/passwd",
        "content/vereinbarungen/link-nach-aussen.md",
        "content/README.md",
        "content/bausteine/freiwilligkeit.md",
        "glossar.yaml",
    ],
)
def test_nothing_outside_content_is_opened_or_written(
    server: PreviewServer, project: Path, source: str
) -> None:
    outside = project.parent / "aussen.md"
    outside.write_text("---\nart: vereinbarung\n---\nGEHEIM\n", encoding="utf-8")
    link = project / "content" / "vereinbarungen" / "link-nach-aussen.md"
    if not link.is_symlink():
        link.symlink_to(outside)
    before = _fingerprint(project), outside.read_bytes()
    page = _get(server, f"/formular?quelle={quote(source)}")
    assert page.status == 404 and "GEHEIM" not in page.body
    _, fields = _form_of(server, AGREEMENT)
    fields = _replace(fields, "_quelle", source)
    answer = _post(server, "/formular", fields)
    assert answer.status == 404, answer.body[:500]
    assert (_fingerprint(project), outside.read_bytes()) == before


def test_a_50_mb_body_is_refused_and_changes_nothing(server: PreviewServer, project: Path) -> None:
    before = (project / AGREEMENT).read_bytes(), _fingerprint(project)
    size = 50 * 1024 * 1024
    connection = socket.create_connection(server.address, timeout=60)
    try:
        connection.sendall(
            (
                "POST /formular HTTP/1.1\r\n"
                f"Host: 127.0.0.1:{server.address[1]}\r\n"
                "Content-Type: application/x-www-form-urlencoded\r\n"
                f"Content-Length: {size}\r\n\r\n"
            ).encode()
        )
        sent = 0
        chunk = b"a" * (1 << 20)
        try:
            while sent < size:  # the server answers early and may close before the end
                connection.sendall(chunk)
                sent += len(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass
        answer = connection.recv(4096).decode("latin-1")
    finally:
        connection.close()
    assert answer.startswith("HTTP/1.1 413"), answer[:200]
    # Streamed without a length (chunked), the limit holds as well.
    chunked = socket.create_connection(server.address, timeout=60)
    try:
        chunked.sendall(
            (
                "POST /formular HTTP/1.1\r\n"
                f"Host: 127.0.0.1:{server.address[1]}\r\n"
                "Content-Type: application/x-www-form-urlencoded\r\n"
                "Transfer-Encoding: chunked\r\n\r\n"
            ).encode()
        )
        try:
            for _ in range(8):
                chunked.sendall(b"100000\r\n" + b"a" * 0x100000 + b"\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass
        answer = chunked.recv(4096).decode("latin-1")
    finally:
        chunked.close()
    assert answer.startswith("HTTP/1.1 413"), answer[:200]
    assert ((project / AGREEMENT).read_bytes(), _fingerprint(project)) == before


def test_script_in_a_field_value_is_saved_as_text_and_shown_escaped(
    server: PreviewServer, project: Path
) -> None:
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    source = "content/presse/2026-09-ausbildung.md"
    _, fields = _form_of(server, source)
    fields = _replace(fields, "untertitel", hostile)
    answer = _post(server, "/formular", fields)
    assert answer.status == 303
    from kimdocs.base.yaml_lines import load

    meta = load((project / source).read_text(encoding="utf-8").split("---\n")[1])
    assert meta["untertitel"] == hostile
    for path in (answer.location.split("#")[0], "/", f"/dokument?quelle={quote(source)}"):
        page = _get(server, path).body
        assert "<script>alert" not in page and "<img src=x" not in page, path
    page = _get(server, answer.location.split("#")[0]).body
    assert (
        'value="&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;"'
        in page
    )


def test_no_traceback_reaches_the_browser(
    server: PreviewServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kimdocs.preview import forms

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("kaputt")

    monkeypatch.setattr(forms, "open_document", broken)
    answer = _get(server, f"/formular?quelle={quote(AGREEMENT)}")
    assert answer.status == 500
    assert "Traceback" not in answer.body and "kaputt" not in answer.body
    assert "Ein unerwarteter Fehler" in answer.body


def test_nobody_writes_over_the_network_without_accounts(project: Path) -> None:
    from kimdocs.base.errors import KimdocsError
    from kimdocs.preview.writes import Author, write_document
    from kimdocs.project import load_project

    path = project / AGREEMENT
    before = path.read_bytes()
    with pytest.raises(KimdocsError, match="Über das Netz wird nicht gespeichert"):
        write_document(load_project(project), path, b"x", Author("netz", may_write=False), None)
    assert path.read_bytes() == before


def test_every_write_names_its_author(project: Path) -> None:
    from kimdocs.preview import writes
    from kimdocs.project import load_project

    path = project / "content" / "presse" / "2026-06-einbuergerungsfeier.md"
    data = path.read_bytes()
    seen: list[writes.Written] = []
    writes.LISTENERS.append(seen.append)
    try:
        sha = writes.write_document(
            load_project(project),
            path,
            data + b"\n",
            writes.Author("lokal", "127.0.0.1"),
            writes.digest(data),
        )
    finally:
        writes.LISTENERS.remove(seen.append)
    [record] = seen
    assert (record.author.name, record.path.as_posix(), record.after) == (
        "lokal",
        "content/presse/2026-06-einbuergerungsfeier.md",
        sha,
    )
    assert record.before == writes.digest(data)
