"""The package's imports point one way: no module imports, even lazily, one that imports it back."""

from __future__ import annotations

import ast
from pathlib import Path

import pipeline

PACKAGE = Path(pipeline.__file__).parent


def _module_names(package: Path) -> dict[str, Path]:
    """Dotted module name -> file, for every module and subpackage of `package`."""
    names = {}
    for path in package.rglob("*.py"):
        parts = path.relative_to(package.parent).with_suffix("").parts
        names[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return names


def _imported(node: ast.Import | ast.ImportFrom, module: str, is_package: bool) -> list[str]:
    """The dotted names an import statement reaches, relative imports resolved against `module`."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = node.module or ""
    if node.level:
        anchor = module.split(".") if is_package else module.split(".")[:-1]
        anchor = anchor[: len(anchor) - node.level + 1]
        base = ".".join([*anchor, base] if base else anchor)
    return [f"{base}.{alias.name}" for alias in node.names]


def _within(name: str, modules: dict[str, Path]) -> str | None:
    """The innermost module of the package that `name` (a module, or a name in one) belongs to."""
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def import_graph(package: Path) -> dict[str, set[str]]:
    """Module -> the modules of the same package it imports anywhere (at the top, in functions, under TYPE_CHECKING)."""
    modules = _module_names(package)
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for module, path in modules.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import | ast.ImportFrom):
                targets = (_within(name, modules) for name in _imported(node, module, path.name == "__init__.py"))
                graph[module] |= {target for target in targets if target is not None and target != module}
    return graph


def import_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every cycle a depth-first walk meets, each as its modules from the first back to the first."""
    cycles: list[list[str]] = []
    done: set[str] = set()
    path: list[str] = []

    def visit(module: str) -> None:
        path.append(module)
        for target in sorted(graph.get(module, ())):
            if target in path:
                cycles.append([*path[path.index(target) :], target])
            elif target not in done:
                visit(target)
        path.pop()
        done.add(module)

    for module in sorted(graph):
        if module not in done:
            visit(module)
    return cycles


def test_the_package_imports_have_no_cycle() -> None:
    cycles = import_cycles(import_graph(PACKAGE))
    assert not cycles, "import cycles:\n" + "\n".join(" -> ".join(cycle) for cycle in cycles)


#: A package whose engine imports its API at the top and the API imports the engine back inside a function.
FAKE_PACKAGE = {
    "__init__.py": "from fake.engine import run\n",
    "types.py": "SIZE = 1\n",
    "engine.py": "import fake.types\nfrom fake.sub.api import entry\n\n\ndef run(): ...\n",
    "sub/__init__.py": "",
    "sub/api.py": "def entry():\n    from ..engine import run\n\n    return run()\n",
}


def test_a_cycle_through_a_lazy_relative_import_is_found(tmp_path: Path) -> None:
    for name, text in FAKE_PACKAGE.items():
        path = tmp_path / "fake" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    graph = import_graph(tmp_path / "fake")
    assert graph["fake"] == {"fake.engine"} and graph["fake.engine"] == {"fake.types", "fake.sub.api"}
    assert import_cycles(graph) == [["fake.engine", "fake.sub.api", "fake.engine"]]
