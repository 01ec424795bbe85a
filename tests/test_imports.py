"""kb's modules form layers without import cycles: the build drives the engine (kb.check), the engine reads
the registry (kb.formulas), and no lower layer imports a higher one. Imports inside functions count too:
a cycle hidden in a lazy import still ties two modules together."""
from __future__ import annotations

import ast
from pathlib import Path

import kb

ROOT = Path(kb.__file__).resolve().parent


def _module_name(path: Path, root: Path) -> str:
    parts = path.relative_to(root.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph(root: Path = ROOT) -> dict[str, set[str]]:
    """Module -> the kb modules it imports anywhere in its source (`from kb.a import b` is kb.a.b when b is
    a module, kb.a otherwise)."""
    modules = {_module_name(p, root): p for p in root.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                found.update(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.update(f"{node.module}.{a.name}" if f"{node.module}.{a.name}" in modules else node.module
                             for a in node.names)
        graph[name] = {m for m in found if m in modules and m != name}
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import cycle as a list of modules (first repeated at the end), or [] when there is none."""
    state: dict[str, int] = {}   # 1: on the current path, 2: done
    path: list[str] = []

    def visit(module: str) -> list[str]:
        state[module] = 1
        path.append(module)
        for target in sorted(graph.get(module, ())):
            if state.get(target) == 1:
                return path[path.index(target):] + [target]
            if target not in state and (cycle := visit(target)):
                return cycle
        state[module] = 2
        path.pop()
        return []

    for module in sorted(graph):
        if module not in state and (cycle := visit(module)):
            return cycle
    return []


def test_kb_has_no_import_cycle():
    cycle = find_cycle(import_graph())
    assert not cycle, "import cycle: " + " -> ".join(cycle)


def test_the_cycle_finder_sees_a_lazy_import_cycle(tmp_path):
    package = tmp_path / "kb"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from kb.b import f\n")
    (package / "b.py").write_text("def f():\n    from kb import a\n")
    assert find_cycle(import_graph(package)) == ["kb.a", "kb.b", "kb.a"]


def _imports_of(prefix: str) -> set[str]:
    graph = import_graph()
    return {target for module, targets in graph.items() if module == prefix or module.startswith(prefix + ".")
            for target in targets}


def test_layers_registry_below_engine_below_build():
    assert not {m for m in _imports_of("kb.formulas") if m.startswith("kb.check")}, "the registry imports the engine"
    assert not {m for m in _imports_of("kb.check") if m in ("kb.build", "kb.cli")}, "the engine imports the build"
