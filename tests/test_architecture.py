"""The house rules, read from the code: one decision in one place, layers that run one way.

- only the catalog walks ``content/`` (``check -l`` of arbitrary files aside);
- no module outside the flyer kind decides anything by the name "flyer";
- the CLI prints reports; it does no counting of its own;
- no import cycle; the layer contract of ``pyproject.toml`` holds (``make lint`` runs it too).
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

PACKAGE = REPO / "kimdocs"
WALKS = {"glob", "rglob", "iterdir", "walk", "scandir", "listdir"}


def _modules() -> list[tuple[Path, ast.Module, str]]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        found.append((path, ast.parse(text), text))
    return found


def _where(path: Path, node: ast.AST) -> str:
    return f"{path.relative_to(REPO)}:{getattr(node, 'lineno', '?')}"


def _content_walks(text: str) -> list[int]:
    """Lines that list a folder whose expression mentions content/."""
    lines = []
    for node in ast.walk(ast.parse(text)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name not in WALKS:
            continue
        receiver = ast.get_source_segment(text, func) or ""
        arguments = " ".join(ast.get_source_segment(text, a) or "" for a in node.args)
        if "content" in receiver + arguments:
            lines.append(node.lineno)
    return sorted(lines)


def test_only_the_catalog_walks_content() -> None:
    offenders = [
        f"{path.relative_to(REPO)}:{line}"
        for path, _, text in _modules()
        if path.name != "catalog.py"
        for line in _content_walks(text)
    ]
    assert offenders == []


def test_a_walk_of_content_elsewhere_would_be_found() -> None:
    text = "files = sorted(project.content_dir.rglob('*.md'))\nfor x in os.walk(content): pass\n"
    assert _content_walks(text) == [1, 2]
    assert _content_walks("sorted(project.templates_dir.glob('*.html'))") == []


# Where a kind may be named: its own module, the names, the table of document types.
KIND_PLACES = {PACKAGE / "kinds", PACKAGE / "kind_names.py", PACKAGE / "document_types.py"}


def _kind_words() -> set[str]:
    from kimdocs.kind_names import ALL

    return {w for k in ALL for w in (k.id, *k.aliases, *k.folders)} | {"flyers"}


def _names_a_kind(path: Path, tree: ast.Module, words: set[str]) -> list[str]:
    """Places that decide by a kind: a comparison with a kind's id, alias or folder
    (``doc.kind.id == "minutes"``, ``entry.kind in ("agreement", …)``), or any use of the
    names' constants (``AGREEMENT``, ``kind_names.MINUTES.id``, ``kind.names is CONSENT``).
    A front-matter key that happens to be a kind's word (``einwilligungen:``) decides
    nothing and is left alone."""
    import kimdocs.kind_names as names

    constants = {n for n, value in vars(names).items() if isinstance(value, names.KindNames)}

    def kind_word(node: ast.AST) -> bool:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return node.value.strip().lower() in words
        if isinstance(node, ast.Tuple | ast.List | ast.Set):
            return any(kind_word(e) for e in node.elts)
        return False

    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare) and any(
            kind_word(side) for side in (node.left, *node.comparators)
        ):
            found.append(_where(path, node))
        elif isinstance(node, ast.Name | ast.Attribute | ast.alias):
            name = node.attr if isinstance(node, ast.Attribute) else getattr(node, "id", None)
            name = node.name if isinstance(node, ast.alias) else name
            if name in constants:
                found.append(_where(path, node))
    return found


def _outside_the_kinds(path: Path) -> bool:
    return not any(path == place or place in path.parents for place in KIND_PLACES)


# What compares with a kind's word for another reason, and why.
NOT_A_KIND: set[str] = set()


def test_no_module_outside_the_kinds_decides_by_a_kinds_name() -> None:
    """Above the kinds, the table of document types is asked; nothing compares kind ids,
    aliases or folders (``"minutes"``, ``kind.names is AGREEMENT``)."""
    words = _kind_words()
    offenders = [
        place
        for path, tree, _ in _modules()
        if _outside_the_kinds(path) and str(path.relative_to(PACKAGE)) not in NOT_A_KIND
        for place in _names_a_kind(path, tree, words)
    ]
    assert offenders == []


def test_a_decision_by_a_kinds_name_would_be_found() -> None:
    words = _kind_words()
    tree = ast.parse(
        'if doc.kind.id == "minutes": pass\nif kind.names is AGREEMENT: pass\n'
        'ok = entry.kind in ("Flyer", "x")\nkey = "einwilligungen"\n'
        "from kimdocs.kind_names import CONSENT\n"
    )
    assert len(_names_a_kind(PACKAGE / "x.py", tree, words)) == 4


def test_the_cli_only_prints_reports() -> None:
    tree = ast.parse((PACKAGE / "cli" / "commands.py").read_text(encoding="utf-8"))
    counting = [
        node.lineno
        for node in ast.walk(tree)
        if (isinstance(node, ast.Call) and getattr(node.func, "id", "") in {"sum", "len"})
        or (isinstance(node, ast.AugAssign) and isinstance(node.op, ast.Add))
    ]
    assert counting == [], f"kimdocs/cli/commands.py counts itself in lines {counting}"


def test_no_import_cycle() -> None:
    import grimp

    graph = grimp.build_graph("kimdocs")
    cycles = _cycles({m: graph.find_modules_directly_imported_by(m) for m in graph.modules})
    assert cycles == []


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in sorted(edges.get(node, ())):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_no_import_cycle_between_packages() -> None:
    """Between the folders too: ``kimdocs.kinds`` imports no module that imports
    ``kimdocs.kinds`` (a package counts as all its modules)."""
    import grimp

    graph = grimp.build_graph("kimdocs")

    def package(module: str) -> str:
        return ".".join(module.split(".")[:2])

    edges: dict[str, set[str]] = {}
    for module in graph.modules:
        for other in graph.find_modules_directly_imported_by(module):
            if package(other) != package(module):
                edges.setdefault(package(module), set()).add(package(other))
    assert _cycles(edges) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_the_layer_contract_holds() -> None:
    command = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    if command is None:
        pytest.fail("lint-imports fehlt: `pip install -e '.[dev]'` installiert import-linter.")
    result = subprocess.run(
        [command, "--no-cache"], cwd=REPO, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout[-3000:]


def test_kinds_are_typed_by_their_field_model() -> None:
    """``Kind[F]``: each kind names its front-matter model as the type of its fields."""
    import typing

    from kimdocs.kinds import KINDS
    from kimdocs.kinds.kind import Kind

    for kind in KINDS.values():
        [base] = [b for b in type(kind).__orig_bases__ if typing.get_origin(b) is Kind]  # type: ignore[attr-defined]
        assert typing.get_args(base) == (kind.model,), kind.id
    annotations = [
        _where(path, node)
        for path, tree, text in _modules()
        for node in ast.walk(tree)
        if isinstance(node, ast.arg | ast.AnnAssign)
        and "fields" in (ast.get_source_segment(text, node) or "").split(":")[0]
        and (ast.get_source_segment(text, node.annotation) or "") == "Any"
        if node.annotation is not None
    ]
    assert annotations == []


def _contract_layers() -> list[list[str]]:
    import tomllib

    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    [contract] = config["tool"]["importlinter"]["contracts"]
    return [[part.strip() for part in line.split(":")] for line in contract["layers"]]


def _layer_of(module: str, layers: list[list[str]]) -> int | None:
    for n, line in enumerate(layers):
        if any(module == place or module.startswith(place + ".") for place in line):
            return n
    return None


def test_every_module_is_on_a_layer() -> None:
    """import-linter ignores a module that no layer names; here none may be left out."""
    import grimp

    layers = _contract_layers()
    graph = grimp.build_graph("kimdocs")
    loose = sorted(m for m in graph.modules if m != "kimdocs" and _layer_of(m, layers) is None)
    assert loose == []


def test_a_module_on_no_layer_would_be_found() -> None:
    layers = [["kimdocs.cli"], ["kimdocs.base"]]
    assert _layer_of("kimdocs.cli.commands", layers) == 0
    assert _layer_of("kimdocs.base.errors", layers) == 1
    assert _layer_of("kimdocs.basement", layers) is None


def test_the_contract_is_written_by_folder() -> None:
    """About a dozen lines, a folder (or a module of the package root) each; the package
    root holds at most 15 modules."""
    layers = _contract_layers()
    places = [p for line in layers for p in line]
    assert len(layers) <= 16
    assert all(p.count(".") == 1 for p in places), places
    root = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(root) <= 15, root


def test_no_two_modules_share_a_name() -> None:
    """Four modules called ``report.py`` meant four things; a name says what a module is."""
    names: dict[str, list[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        if path.name not in ("__init__.py", "__main__.py"):
            names.setdefault(path.stem, []).append(str(path.relative_to(PACKAGE)))
    assert {n: p for n, p in names.items() if len(p) > 1} == {}


def test_the_readme_names_the_layers_of_the_contract() -> None:
    """The README's sentence on the layers is the contract, in the contract's order."""
    import re

    text = " ".join((REPO / "README.md").read_text(encoding="utf-8").split())
    [sentence] = re.findall(r"Schichten \(von oben nach unten\): (.+?)\. ", text)
    named = [
        [part.strip().strip("`").removesuffix("/") for part in group.split("·")]
        for group in sentence.split(" → ")
    ]
    expected = [
        [p.removeprefix("kimdocs.") for p in line if p != "kimdocs.__main__"]
        for line in _contract_layers()
    ]
    assert named == expected
