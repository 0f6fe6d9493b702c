"""Check DOCX and HTML templates before they are used, with German messages that name the place.

Word breaks Jinja tags in ways that Jinja reports, if at all, with a line of the document XML.
docxtpl itself merges a tag that Word split into several runs (spelling marks, bookmarks,
formatting), so such splits are fine; what it cannot mend, and what is checked here:

- a tag with something inside that is not text (a paragraph break, a field, a tab, a picture):
  docxtpl silently drops it;
- a tag whose braces Word separated (``{ {``) or left open: it is printed as it stands;
- typographic quotes inside a tag (Word's AutoCorrect): a Jinja syntax error;
- ``{%tr …%}`` (and ``{%tc``, ``{%p``) with other text in its row, cell or paragraph: docxtpl
  replaces the whole row by the tag, so that text is lost;
- Jinja syntax errors, mapped back to the paragraph;
- variables the document kind does not provide.
"""

from __future__ import annotations

import hashlib
import json
import re
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
import jinja2.meta
import jinja2.nodes
import jinja2.sandbox

from kimdocs import __version__
from kimdocs.base.errors import KimdocsError, Problem, Severity
from kimdocs.base.wording import counted, did_you_mean
from kimdocs.formats import template_suffixes
from kimdocs.schema import per_case_fields
from kimdocs.templating import fields as template_fields
from kimdocs.templating.environment import (
    docx_environment,
    html_environment,
    template_files,
    template_kind,
    unsafe_message,
)
from kimdocs.templating.fields import Unknown, universe, unknown_attributes
from kimdocs.word.template import OBJECT, OBJECT_NAMES, Paragraph, docx_paragraphs

CACHE_NAME = ".kimdocs-vorlagen.json"
SMART_QUOTES = "„“”‚‘’«»"
_STRAIGHT = str.maketrans({c: '"' if c in "„“”«»" else "'" for c in SMART_QUOTES})
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
_CODE_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)  # comments may quote freely
_STRING = re.compile(r"\"[^\"]*\"|'[^']*'")
_OPEN_OR_CLOSE = re.compile(r"\{\{|\{%|\{#|\}\}|%\}|#\}")
_BROKEN_BRACE = re.compile(r"\{\s+[{%]|[%}]\s+\}")
_DOCXTPL_PREFIX = re.compile(r"(\{%|\{\{|\{#)(tr|tc|p|r) ")
_DOCXTPL_CELL = re.compile(r"\{%\s*(colspan|cellbg)\s+([^%]*?)\s*%\}")
_DOCXTPL_MERGE = re.compile(r"\{%\s*(vm|hm)\s*%\}")
_IDENTIFIER = r"(?<![\w.]){name}\b"


def _shown(text: str, limit: int = 60) -> str:
    text = text.replace(OBJECT, "…").strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True)
class Expected:
    """What a template may use: its kind's variables (``None``: a template shared by every
    kind, whose variables are not checked), their types, and further attribute names
    allowed on values of unknown type."""

    names: frozenset[str] | None
    types: Mapping[str, Any]
    everywhere: frozenset[str] = frozenset()

    def key(self) -> str:
        names = sorted(self.names) if self.names is not None else None
        types = sorted((name, repr(kind)) for name, kind in self.types.items())
        return json.dumps([names, types, sorted(self.everywhere)])


def check_docx(
    path: Path, expected: Expected | None = None, aggregates: bool = False
) -> list[Problem]:
    """Every problem of a DOCX template; ``expected`` what its kind provides.

    A template of a report across cases (``aggregates``) must print no per-case field.
    """
    problems: list[Problem] = []
    unsafe: list[Problem] = []
    refused: list[Problem] = []
    env = docx_environment()
    undeclared: dict[str, str] = {}
    unsafe += external_problems(path)
    for part, paragraphs in docx_paragraphs(path):
        problems += _split_tags(path, paragraphs)
        problems += _broken_braces(path, paragraphs)
        problems += _smart_quotes(path, paragraphs)
        problems += _alone(path, part, paragraphs)
        program = "\n".join(_jinja_text(p.text) for p in paragraphs)
        try:
            parsed = _parse(env, program)
        except jinja2.TemplateSyntaxError as exc:
            problems.append(_docx_syntax(path, paragraphs, exc))
            continue
        for name, lineno in unsafe_access(parsed):
            para = paragraphs[min(max(lineno, 1), len(paragraphs)) - 1]
            unsafe.append(
                Problem(
                    f"{para.place}: {unsafe_message(name)} Absatz: „{_shown(para.text)}“",
                    file=path,
                )
            )
        if expected is not None:
            for found in unknown_attributes(parsed, expected.types, expected.everywhere):
                para = paragraphs[min(max(found.line, 1), len(paragraphs)) - 1]
                problems.append(_unknown_field(path, found, f"{para.place}: ", para.text))
        if aggregates:
            refused += [
                _case_field_problem(
                    path, name, paragraphs[min(max(n, 1), len(paragraphs)) - 1].text
                )
                for name, n in case_field_access(parsed)
            ]
        for name in sorted(jinja2.meta.find_undeclared_variables(parsed)):
            where = _first_use(name, paragraphs)
            undeclared.setdefault(name, where)
    if expected is not None and expected.names is not None:
        allowed = set(expected.names) | set(env.globals)
        for name, where in undeclared.items():
            if name not in allowed:
                problems.append(_unknown(path, name, where, allowed))
    # A report's template: no per-case field, whatever else is wrong with it. What could run
    # code comes next: it matters more than any layout problem.
    return refused + unsafe + problems


def _parse(env: jinja2.Environment, text: str, filename: str | None = None) -> Any:
    """Parse; typographic quotes (reported on their own) do not hide a further error."""
    try:
        return env.parse(text, filename=filename)
    except jinja2.TemplateSyntaxError:
        straight = text.translate(_STRAIGHT)
        if straight == text:
            raise
        return env.parse(straight, filename=filename)


def external_problems(path: Path) -> list[Problem]:
    """A template that points outside itself (attached template, linked picture, ``file:``)."""
    from kimdocs.word.refs import external_references

    try:
        with zipfile.ZipFile(path) as archive:
            found = external_references(archive)
    except (zipfile.BadZipFile, OSError):
        return []  # docx_paragraphs reports an unreadable file
    return [
        Problem(
            f"Die Vorlage verweist nach außen: {ref.label} „{_shown(ref.target)}“ "
            f"(in {ref.part}). Word würde das beim Öffnen jedes erzeugten Dokuments laden; "
            "Vorlagen dürfen nur Links auf Webseiten (http, https) und E-Mail-Adressen "
            "enthalten. Bitte den Verweis entfernen und Bilder einbetten statt verknüpfen.",
            file=path,
        )
        for ref in found
    ]


def unsafe_access(parsed: jinja2.nodes.Template) -> list[tuple[str, int]]:
    """Attributes the sandbox refuses, found without running the template: (name, line).

    ``x.__class__``, ``x["__globals__"]``, ``x|attr("_y")`` and the frame and code
    attributes of generators and functions; the sandbox stops them at run time too, but a
    check should say so before anyone builds.
    """
    internal = (
        jinja2.sandbox.UNSAFE_FUNCTION_ATTRIBUTES
        | jinja2.sandbox.UNSAFE_METHOD_ATTRIBUTES
        | jinja2.sandbox.UNSAFE_GENERATOR_ATTRIBUTES
        | jinja2.sandbox.UNSAFE_COROUTINE_ATTRIBUTES
        | jinja2.sandbox.UNSAFE_ASYNC_GENERATOR_ATTRIBUTES
        | {"mro"}
    )
    found: list[tuple[str, int]] = []
    for node in parsed.find_all((jinja2.nodes.Getattr, jinja2.nodes.Getitem, jinja2.nodes.Filter)):
        name: object = None
        if isinstance(node, jinja2.nodes.Getattr):
            name = node.attr
        elif isinstance(node, jinja2.nodes.Getitem) and isinstance(node.arg, jinja2.nodes.Const):
            name = node.arg.value
        elif isinstance(node, jinja2.nodes.Filter) and node.name == "attr" and node.args:
            first = node.args[0]
            name = first.value if isinstance(first, jinja2.nodes.Const) else None
        if isinstance(name, str) and (name.startswith("_") or name in internal):
            found.append((name, node.lineno))
    return found


@lru_cache(maxsize=1)
def case_fields() -> frozenset[str]:
    """Fields that belong to one case, as the kinds mark them (:data:`kimdocs.schema.PER_CASE`).

    A report across cases shows aggregates only, so its template must not print any of
    them, even if a future context offered one.
    """
    from kimdocs.kinds import KINDS

    return frozenset(
        name.casefold() for kind in KINDS.values() for name in per_case_fields(kind.model)
    )


def case_field_access(parsed: jinja2.nodes.Template) -> list[tuple[str, int]]:
    """Per-case fields a template uses, found without running it: (name, line)."""
    refused = case_fields()
    found: list[tuple[str, int]] = []
    for node in parsed.find_all((jinja2.nodes.Name, jinja2.nodes.Getattr, jinja2.nodes.Getitem)):
        name: object = None
        if isinstance(node, jinja2.nodes.Name) and node.ctx == "load":
            name = node.name
        elif isinstance(node, jinja2.nodes.Getattr):
            name = node.attr
        elif isinstance(node, jinja2.nodes.Getitem) and isinstance(node.arg, jinja2.nodes.Const):
            name = node.arg.value
        if isinstance(name, str) and name.casefold() in refused:
            found.append((name, node.lineno))
    return found


def _case_field_problem(path: Path, name: str, text: str, line: int | None = None) -> Problem:
    """A report template that prints a per-case field is refused, with the place."""
    return Problem(
        f"Die Berichtsvorlage gibt „{name}“ aus, eine Angabe zu einem einzelnen Fall. "
        "Berichte zeigen nur Summen über viele Fälle; bitte die Stelle entfernen. "
        f"Zeile: „{_shown(text.strip())}“",
        file=path,
        line=line,
    )


def _jinja_text(text: str) -> str:
    """A paragraph as docxtpl hands it to Jinja: its own tag prefixes and cell tags resolved."""
    text = text.replace(OBJECT, " ")
    text = _DOCXTPL_PREFIX.sub(r"\1 ", text)
    text = _DOCXTPL_CELL.sub(r"{{ \2 }}", text)
    return _DOCXTPL_MERGE.sub("", text)


def _tags_with_places(paragraphs: Sequence[Paragraph]) -> list[tuple[int, int, str]]:
    """Tags across the whole part: (first paragraph, last paragraph, tag text)."""
    joined = "\n".join(p.text for p in paragraphs)
    starts = [0]
    for p in paragraphs:
        starts.append(starts[-1] + len(p.text) + 1)
    found = []
    for match in _TAG.finditer(joined):
        first = _index(starts, match.start())
        last = _index(starts, match.end() - 1)
        found.append((first, last, match.group(0)))
    return found


def _index(starts: list[int], offset: int) -> int:
    n = 0
    while n + 1 < len(starts) and starts[n + 1] <= offset:
        n += 1
    return n


def _split_tags(path: Path, paragraphs: Sequence[Paragraph]) -> list[Problem]:
    problems = []
    for first, last, tag in _tags_with_places(paragraphs):
        para = paragraphs[first]
        if last != first:
            problems.append(
                Problem(
                    f"{para.place}: Der Platzhalter „{_shown(tag)}“ geht über mehrere Absätze "
                    f"(bis {paragraphs[last].place}); beim Ausfüllen gingen die Absatzwechsel "
                    "verloren. Bitte den Platzhalter in einen Absatz schreiben (ohne "
                    "Eingabetaste darin).",
                    file=path,
                )
            )
        elif OBJECT in tag:
            inside = _objects_in(para, tag)
            problems.append(
                Problem(
                    f"{para.place}: Im Platzhalter „{_shown(tag)}“ steht {inside}; Word hat "
                    "den Platzhalter damit zerteilt, und beim Ausfüllen ginge es verloren. "
                    f"Bitte den Platzhalter neu tippen. Absatz: „{_shown(para.text)}“",
                    file=path,
                )
            )
    return problems


def _objects_in(para: Paragraph, tag: str) -> str:
    start = para.text.find(tag)
    before = para.text[:start].count(OBJECT)
    kinds = para.objects[before : before + tag.count(OBJECT)]
    names = list(dict.fromkeys(OBJECT_NAMES.get(k, "ein Objekt") for k in kinds))
    return " und ".join(names) or "ein Objekt"


def _broken_braces(path: Path, paragraphs: Sequence[Paragraph]) -> list[Problem]:
    """Braces that Word separated, or a tag that opens and never closes."""
    problems = []
    for para in paragraphs:
        text = para.text
        spaced = _BROKEN_BRACE.search(text)
        if spaced:
            problems.append(
                Problem(
                    f"{para.place}: „{spaced.group(0)}“ ist kein Platzhalter: zwischen den "
                    "Klammern steht ein Leerzeichen, der Text würde so gedruckt. Bitte „{{“, "
                    f"„}}}}“, „{{%“ oder „%}}“ ohne Leerzeichen schreiben. Absatz: "
                    f"„{_shown(text)}“",
                    file=path,
                )
            )
    joined = "\n".join(p.text for p in paragraphs)
    depth_open: tuple[int, str] | None = None
    starts = [0]
    for p in paragraphs:
        starts.append(starts[-1] + len(p.text) + 1)
    for match in _OPEN_OR_CLOSE.finditer(joined):
        token = match.group(0)
        if token.startswith("{"):
            if depth_open is None:
                depth_open = (match.start(), token)
        elif depth_open is not None and _closes(depth_open[1], token):
            depth_open = None
        elif depth_open is None:
            para = paragraphs[_index(starts, match.start())]
            problems.append(
                Problem(
                    f"{para.place}: „{token}“ schließt einen Platzhalter, der nicht geöffnet "
                    f"wurde. Absatz: „{_shown(para.text)}“",
                    file=path,
                )
            )
    if depth_open is not None:
        para = paragraphs[_index(starts, depth_open[0])]
        closing = {"{{": "}}", "{%": "%}", "{#": "#}"}[depth_open[1]]
        problems.append(
            Problem(
                f"{para.place}: „{depth_open[1]}“ wird nicht mit „{closing}“ geschlossen. "
                f"Absatz: „{_shown(para.text)}“",
                file=path,
            )
        )
    return problems


def _closes(opening: str, closing: str) -> bool:
    return {"{{": "}}", "{%": "%}", "{#": "#}"}[opening] == closing


def _quotes_in_code(tag: str) -> list[str]:
    """Typographic quotes in a tag's code; inside a string literal they are just text."""
    return sorted({c for c in _STRING.sub("", tag) if c in SMART_QUOTES})


def _smart_quotes(path: Path, paragraphs: Sequence[Paragraph]) -> list[Problem]:
    problems = []
    for para in paragraphs:
        for tag in _CODE_TAG.findall(para.text):
            quotes = _quotes_in_code(tag)
            if quotes:
                problems.append(
                    Problem(
                        f"{para.place}: Im Platzhalter „{_shown(tag)}“ stehen typografische "
                        f"Anführungszeichen ({' '.join(quotes)}), die Word beim Tippen "
                        "eingesetzt hat. In Platzhaltern gelten nur gerade Zeichen \" und '. "
                        "(In Word: AutoKorrektur-Optionen → „Während der Eingabe ersetzen“ → "
                        "gerade Anführungszeichen.)",
                        file=path,
                    )
                )
    return problems


def _alone(path: Path, part: str, paragraphs: Sequence[Paragraph]) -> list[Problem]:
    """``{%tr`` must be alone in its table row (``{%tc`` in its cell, ``{%p`` in its paragraph)."""
    problems = []
    rows: dict[str, list[Paragraph]] = {}
    for para in paragraphs:
        if ", Zeile " in para.place:
            key = para.place.rsplit(", Spalte", 1)[0]
            rows.setdefault(key, []).append(para)
    for para in paragraphs:
        for match in re.finditer(r"\{%(tr|tc|p) .*?%\}", para.text, re.DOTALL):
            unit = match.group(1)
            tag = match.group(0)
            if unit == "tr":
                if ", Zeile " not in para.place:
                    problems.append(
                        Problem(
                            f"{para.place}: „{_shown(tag)}“ steht nicht in einer Tabelle. "
                            "„{%tr …%}“ wiederholt Tabellenzeilen; außerhalb einer Tabelle "
                            "bitte „{%p …%}“ verwenden.",
                            file=path,
                        )
                    )
                    continue
                row = rows[para.place.rsplit(", Spalte", 1)[0]]
                rest = " ".join(p.text for p in row).replace(tag, "")
                unit_name = "ihrer Tabellenzeile"
            elif unit == "tc":
                rest = para.text.replace(tag, "")
                unit_name = "ihrer Tabellenzelle"
            else:
                rest = para.text.replace(tag, "")
                unit_name = "ihrem Absatz"
            rest = _shown(rest.replace(OBJECT, " "))
            if rest:
                where = para.place.rsplit(", Spalte", 1)[0] if unit == "tr" else para.place
                problems.append(
                    Problem(
                        f"{where}: Die Anweisung „{_shown(tag)}“ muss allein in {unit_name} "
                        f"stehen; der übrige Text „{rest}“ ginge beim Ausfüllen verloren. "
                        "Bitte die Anweisung in eine eigene Zeile ohne weiteren Text setzen.",
                        file=path,
                    )
                )
    return problems


def _docx_syntax(
    path: Path, paragraphs: Sequence[Paragraph], exc: jinja2.TemplateSyntaxError
) -> Problem:
    index = min(max(exc.lineno, 1), len(paragraphs)) - 1 if paragraphs else -1
    if index < 0:
        return Problem(f"Syntaxfehler in der DOCX-Vorlage: {exc.message}", file=path)
    para = paragraphs[index]
    return Problem(
        f"{para.place}: Syntaxfehler in der DOCX-Vorlage: {_german_syntax(exc)} "
        f"Absatz: „{_shown(para.text)}“",
        file=path,
    )


def _german_syntax(exc: jinja2.TemplateSyntaxError) -> str:
    message = exc.message or ""
    known = (
        (r"Unexpected end of template.*'(end\w+)'", "Es fehlt „{%% %s %%}“."),
        (r"Encountered unknown tag '(\w+)'", "Unbekannte Anweisung „%s“."),
        (r"unexpected char '(.)'", "Unerwartetes Zeichen „%s“."),
        (r"expected token 'end of print statement'", "Hier fehlt „}}“."),
        (r"expected token 'end of statement block'", "Hier fehlt „%}“."),
        (r"expected token '(.+?)'", "Erwartet wurde „%s“."),
        (r"unexpected '(.+?)'", "Unerwartetes „%s“."),
        (r"Expected an expression", "Hier fehlt ein Ausdruck."),
    )
    for pattern, german in known:
        match = re.search(pattern, message)
        if match:
            return (german % match.group(1)) if "%s" in german else german
    return f"{message}."


def _first_use(name: str, paragraphs: Sequence[Paragraph]) -> str:
    pattern = re.compile(_IDENTIFIER.format(name=re.escape(name)))
    for para in paragraphs:
        for tag in _TAG.findall(para.text):
            if pattern.search(tag):
                return f"{para.place}: „{_shown(para.text)}“"
    return ""


def _unknown(
    path: Path, name: str, where: str, allowed: set[str], line: int | None = None
) -> Problem:
    hint = did_you_mean(name, sorted(allowed))
    place = f"{where}: " if where else ""
    return Problem(
        f"{place}Die Vorlage verwendet „{name}“, das es für diese Dokumentart nicht gibt.{hint}",
        file=path,
        line=line,
    )


# ---------------------------------------------------------------------------- HTML


def check_html(
    path: Path,
    expected: Expected | None = None,
    env: jinja2.Environment | None = None,
    aggregates: bool = False,
) -> list[Problem]:
    """Syntax errors with line and text, typographic quotes in tags, unknown variables;
    in a template of a report across cases (``aggregates``), per-case fields."""
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    env = env or jinja2.sandbox.SandboxedEnvironment()
    problems: list[Problem] = []
    for match in _CODE_TAG.finditer(text):
        quotes = _quotes_in_code(match.group(0))
        if quotes:
            line = text.count("\n", 0, match.start()) + 1
            problems.append(
                Problem(
                    f"Im Platzhalter „{_shown(match.group(0))}“ stehen typografische "
                    f"Anführungszeichen ({' '.join(quotes)}); in Platzhaltern gelten nur "
                    "gerade Zeichen \" und '.",
                    file=path,
                    line=line,
                )
            )
    try:
        parsed = _parse(env, text, str(path))
    except jinja2.TemplateSyntaxError as exc:
        around = lines[exc.lineno - 1].strip() if 0 < exc.lineno <= len(lines) else ""
        problems.append(
            Problem(
                f"Syntaxfehler in der Vorlage: {_german_syntax(exc)} Zeile: „{_shown(around)}“",
                file=path,
                line=exc.lineno,
            )
        )
        return problems
    unsafe = [
        Problem(f"{unsafe_message(name)} Zeile: „{_shown(lines[n - 1].strip())}“", path, n)
        for name, n in unsafe_access(parsed)
    ]
    refused = [
        _case_field_problem(path, name, lines[n - 1] if 0 < n <= len(lines) else "", n)
        for name, n in (case_field_access(parsed) if aggregates else [])
    ]
    problems = refused + unsafe + problems
    if expected is None:
        return problems
    included = _from_includers(env, path) | _macros(env)
    for found in unknown_attributes(parsed, expected.types, expected.everywhere | included):
        shown = lines[found.line - 1] if 0 < found.line <= len(lines) else ""
        problems.append(_unknown_field(path, found, "", shown, found.line))
    if expected.names is not None:
        allowed = set(expected.names) | set(env.globals) | _stored(parsed) | included
        for name in sorted(jinja2.meta.find_undeclared_variables(parsed) - allowed):
            pattern = re.compile(_IDENTIFIER.format(name=re.escape(name)))
            used = next((n for n, ln in enumerate(lines, start=1) if pattern.search(ln)), None)
            problems.append(_unknown(path, name, "", allowed, used))
    return problems


def _stored(parsed: jinja2.nodes.Template) -> set[str]:
    """Names the template assigns itself (``{% set _ = … %}`` in a branch counts too)."""
    names = {n.name for n in parsed.find_all(jinja2.nodes.Name) if n.ctx == "store"}
    names |= {n.name for n in parsed.find_all(jinja2.nodes.Macro)}  # its own macros
    return names | {n.target for n in parsed.find_all(jinja2.nodes.Import)}


def _macros(env: jinja2.Environment) -> set[str]:
    """The macros of every template the environment has: an imported template's attributes."""
    if env.loader is None:
        return set()
    found: set[str] = set()
    for name in env.list_templates(extensions=["html"]):
        try:
            tree = env.parse(env.loader.get_source(env, name)[0])
        except jinja2.TemplateError:
            continue  # reported when that template is checked
        found |= {m.name for m in tree.find_all(jinja2.nodes.Macro)}
    return found


def _from_includers(env: jinja2.Environment, path: Path) -> set[str]:
    """Names that templates including or importing this one define for it.

    ``flyer.html`` imports ``flyer-teile.html as part`` and then includes
    ``flyer-faltblatt.html``, which uses ``part``: a partial sees its includer's names.
    """
    if env.loader is None:
        return set()
    found: set[str] = set()
    for other in env.list_templates(extensions=["html"]):
        try:
            source = env.loader.get_source(env, other)[0]
            tree = env.parse(source)
        except jinja2.TemplateError:
            continue  # reported when that template is checked
        nodes: list[Any] = [*tree.find_all((jinja2.nodes.Include, jinja2.nodes.Import))]
        refs = {n.template.value for n in nodes if isinstance(n.template, jinja2.nodes.Const)}
        if path.name in refs or f"default/{path.name}" in refs:
            found |= _stored(tree) | {m.name for m in tree.find_all(jinja2.nodes.Macro)}
    return found


# ---------------------------------------------------------------------------- kinds


def expected_for(kind_id: str | None, template: Path) -> Expected:
    """What a template of this kind gets, as the kind declares it; for a template that
    every kind shares, the common variables and every kind's fields."""
    from kimdocs.document_types import context_types
    from kimdocs.kinds import KINDS
    from kimdocs.render.context import BASE_TYPES, DOCX_EXTRA_TYPES

    docx = template.suffix.lower() == ".docx"
    if kind_id is not None:
        types = context_types(KINDS[kind_id], docx=docx)
        return Expected(frozenset(types), types)
    every = [context_types(kind, docx=docx) for kind in KINDS.values()]
    names = universe(tuple(t for types in every for t in types.values()))
    return Expected(None, BASE_TYPES | (DOCX_EXTRA_TYPES if docx else {}), names)


def _unknown_field(
    path: Path, found: Unknown, place: str, text: str, line: int | None = None
) -> Problem:
    """A field the template reads that its value does not have (or that is no data)."""
    hint = did_you_mean(found.attribute, found.known) if found.known else ""
    what = f"Es gibt nur: {', '.join(found.known)}." if found.known and not hint else ""
    return Problem(
        f"{place}Die Vorlage liest „{found.attribute}“ von „{found.owner}“; das gibt es "
        f"nicht.{hint}{(' ' + what) if what else ''} Vorlagen können nur Felder der "
        f"Dokumente und die Funktionen von kimdocs verwenden. Zeile: „{_shown(text.strip())}“",
        file=path,
        line=line,
    )


def check_template(
    path: Path, project: Any | None = None, kind_id: str | None = None
) -> list[Problem]:
    """Check one template file; for a template of a kind, also the variables it uses.

    With a project, its templates are looked up as in a build (``{% extends %}``).
    """
    kind_id = kind_id or template_kind(path.name)
    return _check_with(path, project, expected_for(kind_id, path), _aggregates(kind_id))


def _aggregates(kind_id: str | None) -> bool:
    from kimdocs.kinds import KINDS

    return kind_id is not None and KINDS[kind_id].aggregates


@dataclass
class TemplateReport:
    """``kimdocs vorlage prüfen``: the problems of each file checked."""

    problems: dict[Path, list[Problem]]

    @property
    def errors(self) -> int:
        return sum(p.is_error for found in self.problems.values() for p in found)

    def summary(self) -> str:
        return f"{self.errors} Fehler in {counted(len(self.problems), 'Vorlage', 'Vorlagen')}."


def check_templates(
    files: Sequence[Path], project: Any | None = None, kind_name: str | None = None
) -> TemplateReport:
    """Check template files; ``kind_name`` (also a German alias) overrides the file name."""
    from kimdocs.kind_names import kind_id, known_names

    kind = None
    if kind_name is not None:
        kind = kind_id(kind_name)
        if kind is None:
            raise KimdocsError(
                Problem(
                    f"Unbekannte Dokumentart „{kind_name}“. Bekannt sind: "
                    f"{', '.join(known_names())}.",
                    field="--art",
                )
            )
    return TemplateReport({f: check_template(f, project, kind) for f in files})


def _check_with(
    path: Path, project: Any | None, expected: Expected | None, aggregates: bool = False
) -> list[Problem]:
    if path.suffix.lower() == ".docx":
        return check_docx(path, expected, aggregates)
    if path.suffix.lower() in (".html", ".htm", ".txt", ".xml", ".css"):
        env = None
        if project is not None:
            env = html_environment(project)
        return check_html(path, expected, env, aggregates)
    raise KimdocsError(
        Problem("Prüfen kann kimdocs DOCX- und HTML-Vorlagen (.docx, .html).", file=path)
    )


# ---------------------------------------------------------------------------- build


def check_project_templates(
    project: Any, kinds: Iterable[str], formats: Iterable[str] | None = None
) -> dict[str, list[Problem]]:
    """Problems of the project's own templates for the kinds to be built, cached by file hash.

    Which kind a template belongs to is
    :func:`kimdocs.templating.environment.template_kind`'s answer (``None``: every kind).
    With ``formats`` given, only the templates those formats use are checked.
    """
    folder: Path = project.templates_dir
    if not folder.is_dir():
        return {}
    wanted = set(kinds)
    cache_path: Path = project.output_dir / CACHE_NAME
    cache = _load_cache(cache_path)
    fresh: dict[str, Any] = {}
    found: dict[str, list[Problem]] = {}
    files = template_files(folder)
    for path in files:
        if path.suffix.lower() not in _suffixes(formats):
            continue
        kind_id = template_kind(path.name)
        users = [k for k in sorted(wanted) if kind_id in (None, k)]
        if not users:
            continue
        problems: list[Problem] = []
        for kind in users:
            expected = expected_for(kind, path)
            key = _cache_key(path, expected)
            entry = cache.get(key)
            if entry is None:
                checked = _check_with(path, project, expected, _aggregates(kind))
                found_now = [_dump(p, folder) for p in checked]
                entry = {"file": _name(path, folder), "problems": found_now}
            fresh[key] = entry
            problems = [_load(p, folder) for p in entry["problems"]]
            found.setdefault(kind, [])
            for problem in problems:
                if problem not in found[kind]:
                    found[kind].append(problem)
    # Entries of kinds not built this time stay; a template's old entries go with it.
    names = {_name(p, folder) for p in files}
    merged = {k: v for k, v in cache.items() if v.get("file") in names} | fresh
    if merged != cache:
        from kimdocs.base.files import write_atomic

        # A full disk is a German error naming output/, before any document is rendered.
        write_atomic(
            cache_path,
            json.dumps(merged, ensure_ascii=False, indent=1).encode(),
            root=project.root,
        )
    return {k: v for k, v in found.items() if v}


CHECKED_SUFFIXES = frozenset({".docx", ".html"})


def _name(path: Path, folder: Path) -> str:
    """A template's name in the cache: its path below ``templates/``."""
    return path.relative_to(folder).as_posix() if path.is_relative_to(folder) else path.name


def _suffixes(formats: Iterable[str] | None) -> set[str]:
    """The checked template files that the formats are made from."""
    return set(template_suffixes(formats)) & CHECKED_SUFFIXES


def _cache_key(path: Path, expected: Expected) -> str:
    digest = hashlib.sha256(__version__.encode())
    digest.update(Path(__file__).read_bytes())
    digest.update(Path(template_fields.__file__).read_bytes())
    digest.update(path.name.encode())
    digest.update(path.read_bytes())
    digest.update(expected.key().encode())
    digest.update(json.dumps(sorted(case_fields())).encode())  # marked in the kinds
    return digest.hexdigest()


def _load_cache(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    # Entries of an older layout (a bare list of problems) are checked again.
    return {k: v for k, v in data.items() if isinstance(v, dict) and "problems" in v}


def _dump(problem: Problem, folder: Path) -> dict[str, Any]:
    return {
        "message": problem.message,
        "file": _name(problem.file, folder) if problem.file else None,
        "line": problem.line,
        "severity": problem.severity.name,
    }


def _load(data: dict[str, Any], folder: Path) -> Problem:
    return Problem(
        data["message"],
        file=folder / data["file"] if data.get("file") else None,
        line=data.get("line"),
        severity=Severity[data.get("severity", "ERROR")],
    )
