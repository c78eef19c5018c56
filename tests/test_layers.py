"""The layering of the house rules, checked on every module's imports (those inside functions
too, since an import moved into a function still runs against the layers): no reader (io/)
imports a renderer, calc/ imports no renderer and no reader, and no two modules import each
other in a circle."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "kkinvest"


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _run_time(tree: ast.AST) -> list[ast.AST]:
    """Every node of `tree` but those under `if TYPE_CHECKING:` (imports for the type checker
    only, which never run)."""
    found: list[ast.AST] = []
    todo = [tree]
    while todo:
        node = todo.pop()
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            todo.extend(node.orelse)
            continue
        found.append(node)
        todo.extend(ast.iter_child_nodes(node))
    return found


def imports() -> dict[str, set[str]]:
    """Each kkinvest module and the kkinvest modules it imports (anywhere in it)."""
    modules = {module_name(p): p for p in ROOT.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        found: set[str] = set()
        for node in _run_time(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                targets = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            else:
                continue
            found |= {t for t in targets if t in modules and t != name}
        graph[name] = found
    return graph


def test_no_reader_imports_a_renderer_and_calc_imports_neither() -> None:
    wrong = sorted(
        f"{module} -> {target}"
        for module, targets in imports().items()
        for target in targets
        if (module.startswith("kkinvest.io") and target.startswith("kkinvest.render"))
        or (
            module.startswith("kkinvest.calc")
            and target.startswith(("kkinvest.render", "kkinvest.io", "kkinvest.cli"))
        )
    )
    assert not wrong, wrong


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def found_cycles() -> list[list[str]]:
    graph = imports()
    for package in [m for m in graph if (ROOT.parent / m.replace(".", "/")).is_dir()]:
        graph[package] = set()  # a package's __init__ re-exporting its modules is no cycle
    return cycles(graph)


def test_no_import_cycle() -> None:
    """The workbook's two writers (render/excel, render/excel_economics) share their font,
    number format and page set-up through render/excel_sheet, below both: no circle."""
    assert found_cycles() == []
