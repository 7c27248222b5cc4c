"""The package's import graph: no cycles, no reach into the repository.

Every module of ``src/spamcheck`` is parsed with :mod:`ast`; every import counts,
at any depth (inside functions and methods too), with relative imports resolved.
Imports under ``if TYPE_CHECKING:`` are skipped: they never run.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = "spamcheck"


def _module_name(path: Path) -> tuple[str, bool]:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    is_pkg = parts[-1] == "__init__"
    return ".".join(parts[:-1] if is_pkg else parts), is_pkg


def _modules() -> dict[str, tuple[Path, bool]]:
    out = {}
    for p in sorted((SRC / PACKAGE).rglob("*.py")):
        name, is_pkg = _module_name(p)
        out[name] = (p, is_pkg)
    return out


MODULES = _modules()


def _is_type_checking(node: ast.If) -> bool:
    t = node.test
    return (isinstance(t, ast.Name) and t.id == "TYPE_CHECKING") or (
        isinstance(t, ast.Attribute) and t.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST) -> list[ast.Import | ast.ImportFrom]:
    found: list[ast.Import | ast.ImportFrom] = []

    def walk(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child):
                for sub in child.orelse:
                    walk(sub)
                continue
            if isinstance(child, (ast.Import, ast.ImportFrom)):
                found.append(child)
            walk(child)

    walk(tree)
    return found


def resolve_imports(name: str, path: Path, is_pkg: bool) -> set[str]:
    """Absolute names of everything ``name`` imports (modules, or ``module.attribute``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out: set[str] = set()
    for node in _imports(tree):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
            continue
        if node.level:
            base = name.split(".") if is_pkg else name.split(".")[:-1]
            base = base[: len(base) - (node.level - 1)]
            mod = ".".join(base + ([node.module] if node.module else []))
        else:
            mod = node.module or ""
        # ``from pkg import submodule`` imports the submodule (the package is its
        # parent, imported anyway); ``from module import name`` imports the module.
        subs = {f"{mod}.{a.name}" for a in node.names if f"{mod}.{a.name}" in MODULES}
        out.update(subs)
        if len(subs) < len(node.names):
            out.add(mod)
    return out


def import_graph() -> dict[str, set[str]]:
    """Edges between the package's own modules."""
    graph: dict[str, set[str]] = {}
    for name, (path, is_pkg) in MODULES.items():
        targets = resolve_imports(name, path, is_pkg)
        graph[name] = {t for t in targets if t in MODULES and t != name}
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle as a list of modules (first == last), or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(n: str) -> list[str] | None:
        state[n] = 1
        stack.append(n)
        for m in sorted(graph.get(n, ())):
            if state.get(m) == 1:
                return [*stack[stack.index(m):], m]
            if m not in state and (c := visit(m)):
                return c
        stack.pop()
        state[n] = 2
        return None

    for n in sorted(graph):
        if n not in state and (c := visit(n)):
            return c
    return None


def test_the_graph_sees_function_level_and_relative_imports():
    # detector.py imports the classifier inside a function, relatively.
    graph = import_graph()
    assert "spamcheck.model.classifier" in graph["spamcheck.detector"]
    assert "spamcheck.text.document" in graph["spamcheck.detectors.base"]


def test_find_cycle_finds_a_planted_cycle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_no_import_cycle_in_the_package():
    cycle = find_cycle(import_graph())
    assert cycle is None, " -> ".join(cycle or [])


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_module_reaches_into_the_repository(name):
    path, is_pkg = MODULES[name]
    targets = resolve_imports(name, path, is_pkg)
    bad = sorted(t for t in targets if t.split(".")[0] in ("training", "benchmarks", "tests"))
    assert not bad, f"{name} imports {bad}"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr == "path":
            v = node.value
            assert not (isinstance(v, ast.Name) and v.id == "sys"), f"{name} touches sys.path"
