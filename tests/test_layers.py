"""The layering of the house rules, checked on every module's imports (those inside functions
too, since an import moved into a function still runs against the layers): no reader (io/)
reaches a renderer, calc/ reaches no renderer and no reader — directly or through the modules
it imports, re-exports included — and no two modules import each other in a circle."""

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


FORBIDDEN = {
    "kkinvest.io": ("kkinvest.render", "kkinvest.cli"),
    "kkinvest.calc": ("kkinvest.render", "kkinvest.io", "kkinvest.cli"),
}
"""What each layer must not reach, directly or through any module it imports."""


def _in(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def reached(graph: dict[str, set[str]], module: str) -> set[str]:
    """Every module that runs when `module` is imported: what it imports, what those import,
    and each one's enclosing packages (importing kkinvest.formats.x runs kkinvest/formats/
    __init__.py first)."""
    seen: set[str] = set()
    todo = [module]
    while todo:
        current = todo.pop()
        parts = current.split(".")
        parents = {".".join(parts[:n]) for n in range(2, len(parts))}
        for target in (graph.get(current, set()) | parents) - seen:
            seen.add(target)
            todo.append(target)
    return seen - {module}


def breaches(graph: dict[str, set[str]]) -> list[str]:
    """Each module that reaches a layer it must not, with the modules it reaches there. A
    re-export counts: calc importing a name from a module that takes it from render reaches
    render as surely as importing render itself."""
    found = []  # a package reached on the way to one of its modules is not named apart
    for module in sorted(graph):
        for layer, banned in FORBIDDEN.items():
            if not _in(module, layer):
                continue
            wrong = {t for t in reached(graph, module) if any(_in(t, b) for b in banned)}
            wrong = {t for t in wrong if not any(_in(w, t) and w != t for w in wrong)}
            if wrong:
                found.append(f"{module} -> {', '.join(sorted(wrong))}")
    return found


def test_no_reader_reaches_a_renderer_and_calc_reaches_neither() -> None:
    assert breaches(imports()) == []


def test_a_layer_reached_through_a_re_export_is_a_breach() -> None:
    """calc/checks takes `danish` from render/numbers, which re-exports kkinvest.numbers: that
    is calc importing a renderer. So is a module below calc that imports a renderer for calc,
    and an io module whose package's __init__ imports one."""
    direct = {"kkinvest.calc.checks": {"kkinvest.render.numbers"}}
    through = {
        "kkinvest.calc.checks": {"kkinvest.formats.text"},
        "kkinvest.formats.text": {"kkinvest.render.numbers"},
    }
    package = {"kkinvest.io.recognise.tabel_1": set(), "kkinvest.io.recognise": {"kkinvest.cli"}}
    clean = {
        "kkinvest.calc.checks": {"kkinvest.numbers", "kkinvest.formats.labels"},
        "kkinvest.render.numbers": {"kkinvest.numbers"},
    }
    assert breaches(direct) == ["kkinvest.calc.checks -> kkinvest.render.numbers"]
    assert breaches(through) == ["kkinvest.calc.checks -> kkinvest.render.numbers"]
    assert breaches(package) == [
        "kkinvest.io.recognise -> kkinvest.cli",
        "kkinvest.io.recognise.tabel_1 -> kkinvest.cli",
    ]
    assert breaches(clean) == []


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
