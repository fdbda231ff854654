"""The import structure of ingest/, queries/ and graphsvc/: no import cycles, and no imports inside
functions unless marked `# heavy` or `# optional` (a dependency too slow or too rare to load up front).

A function-level import hides a cycle from readers and from this check"s first glance; both count as
edges here. The violations present when this check was written are listed in KNOWN_CYCLES and
KNOWN_LOCAL_IMPORTS; they are being removed, and an entry that no longer occurs must be deleted.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("ingest", "queries", "graphsvc")
MARKS = ("# heavy", "# optional")  # the comments that allow an import inside a function

# Import cycles found on 2026-12-01 (issue 14), each as its sorted module names.
KNOWN_CYCLES: frozenset[tuple[str, ...]] = frozenset()  # none left

KNOWN_LOCAL_IMPORTS: frozenset[tuple[str, str]] = frozenset()  # none left


@dataclass(frozen=True)
class Import:
    """One import statement of a project module."""

    module: str  # the importing module
    target: str  # the imported module (a project module when one matches, else the name as written)
    local: bool  # inside a function
    marked: bool  # a MARKS comment on its lines or on a comment line just above


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def project_modules() -> dict[str, Path]:
    return {module_name(p): p for package in PACKAGES for p in sorted((ROOT / package).rglob("*.py"))}


def _targets(node: ast.Import | ast.ImportFrom, module: str, is_package: bool, known: set[str]) -> list[str]:
    """The modules an import statement loads: `from a import b` is a.b when that is a module, else a."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = node.module or ""
    if node.level:
        anchor = module.split(".") if is_package else module.split(".")[:-1]
        anchor = anchor[: len(anchor) - node.level + 1]
        base = ".".join([*anchor, base] if base else anchor)
    return [f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names]


def _under_type_checking(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> bool:
    while node in parents:
        node = parents[node]
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            return True
    return False


def imports_of(module: str, path: Path, known: set[str]) -> list[Import]:
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    tree = ast.parse(source)
    parents = {child: parent for parent in ast.walk(tree) for child in ast.iter_child_nodes(parent)}
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Import | ast.ImportFrom) or _under_type_checking(node, parents):
            continue
        local, up = False, node
        while up in parents:
            up = parents[up]
            local = local or isinstance(up, ast.FunctionDef | ast.AsyncFunctionDef)
        own = lines[node.lineno - 1:node.end_lineno or node.lineno]
        above = lines[node.lineno - 2].strip() if node.lineno > 1 else ""
        if above.startswith("#"):  # a comment line of its own just above
            own = [above, *own]
        marked = any(mark in line for line in own for mark in MARKS)
        for target in _targets(node, module, path.name == "__init__.py", known):
            found.append(Import(module, target, local, marked))
    return found


def all_imports() -> list[Import]:
    modules = project_modules()
    known = set(modules)
    return [imp for name, path in modules.items() for imp in imports_of(name, path, known)]


def cycles(imports: list[Import], known: set[str]) -> set[tuple[str, ...]]:
    """Strongly connected groups of more than one project module (Tarjan), each as sorted names."""
    graph: dict[str, set[str]] = {}
    for imp in imports:
        if imp.target in known and imp.target != imp.module:
            graph.setdefault(imp.module, set()).add(imp.target)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: set[tuple[str, ...]] = set()

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                group.append(top)
                if top == node:
                    break
            if len(group) > 1:
                groups.add(tuple(sorted(group)))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups


def unmarked_local_imports(imports: list[Import]) -> set[tuple[str, str]]:
    return {(imp.module, imp.target) for imp in imports if imp.local and not imp.marked}


def test_no_new_import_cycles() -> None:
    found = cycles(all_imports(), set(project_modules()))
    assert not found - KNOWN_CYCLES, f"new import cycles: {sorted(found - KNOWN_CYCLES)}"
    assert not KNOWN_CYCLES - found, f"fixed, delete from KNOWN_CYCLES: {sorted(KNOWN_CYCLES - found)}"


def test_function_level_imports_say_why() -> None:
    found = unmarked_local_imports(all_imports())
    new = found - KNOWN_LOCAL_IMPORTS
    assert not new, ("imports inside functions without `# heavy` or `# optional` (move them to the top, "
                     f"or say why): {sorted(new)}")
    gone = KNOWN_LOCAL_IMPORTS - found
    assert not gone, f"fixed, delete from KNOWN_LOCAL_IMPORTS: {sorted(gone)}"


def test_the_check_sees_a_cycle_and_an_unmarked_local_import(tmp_path: Path) -> None:
    """The checker itself: a two-module cycle through a function-level import is found."""
    a = [Import("p.a", "p.b", local=False, marked=False), Import("p.b", "p.a", local=True, marked=False)]
    assert cycles(a, {"p.a", "p.b"}) == {("p.a", "p.b")}
    assert cycles(a[:1], {"p.a", "p.b"}) == set()
    assert unmarked_local_imports(a) == {("p.b", "p.a")}
    path = tmp_path / "m.py"
    path.write_text("import os\n\n\ndef f():\n    import json  # heavy: why\n    from . import x\n"
                    "    # optional: a rare extra\n    import yaml\n",
                    encoding="utf-8")
    found = imports_of("pkg.m", path, {"pkg.x"})
    assert [(i.target, i.local, i.marked) for i in found] == [
        ("os", False, False), ("json", True, True), ("pkg.x", True, False), ("yaml", True, True)]
