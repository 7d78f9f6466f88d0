"""The package imports in one direction: the store sits below the domain, nothing imports in a circle."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import NOTEBOOKS

PACKAGE = NOTEBOOKS / "reset_ledger"


def module_name(path: Path) -> str:
    parts = path.relative_to(NOTEBOOKS).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(path: Path, modules: set[str]) -> set[str]:
    """Every package module this file imports, at the top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return {name for name in found if name in modules and name != "reset_ledger"}


def import_graph() -> dict[str, set[str]]:
    paths = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    return {name: imported(path, set(paths)) for name, path in paths.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every import circle, each as the list of modules around it."""
    found, done = [], set()

    def visit(module: str, trail: list[str]) -> None:
        if module in trail:
            found.append(trail[trail.index(module):] + [module])
            return
        if module in done:
            return
        for target in sorted(graph[module]):
            visit(target, trail + [module])
        done.add(module)

    for module in sorted(graph):
        visit(module, [])
    return found


def test_no_module_of_the_package_imports_itself_in_a_circle():
    assert cycles(import_graph()) == []


def test_the_store_imports_nothing_from_the_domain():
    graph = import_graph()
    assert graph["reset_ledger.responses"] == {"reset_ledger.answer_codes"} and graph["reset_ledger.answer_codes"] == set()


def test_the_cycle_finder_finds_a_circle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == [["a", "b", "c", "a"]]
