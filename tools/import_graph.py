"""The import graph between the packages of `lms`, read with ast (nothing is imported).

Run: .venv/bin/python -m tools.import_graph
Prints each package with the packages it imports, then any cycle. A package is a first-level
name under lms/ (`lms.quiz.routes` belongs to `quiz`); imports inside functions count too.
"""

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "lms"


def package_of(module: str) -> str | None:
    """'lms.quiz.routes' -> 'quiz'; names outside lms -> None."""
    parts = module.split(".")
    return parts[1] if parts[0] == "lms" and len(parts) > 1 else None


def imported_modules(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names |= {node.module} | {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def package_graph(root: Path = ROOT) -> dict[str, set[str]]:
    """package -> the other lms packages it imports (migrations excluded: Alembic's)."""
    graph: dict[str, set[str]] = {}
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root.parent).with_suffix("")
        source = package_of(".".join(relative.parts).removesuffix(".__init__")) or "lms"
        if source is None or source == "migrations":
            continue
        targets = {package_of(name) for name in imported_modules(path)} - {None, source}
        graph.setdefault(source, set()).update(
            t for t in targets if (root / t).exists() or (root / f"{t}.py").exists()
        )
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every elementary cycle found by depth-first search, each listed once."""
    found: set[tuple[str, ...]] = set()

    def visit(node: str, path: list[str]) -> None:
        for target in sorted(graph.get(node, ())):
            if target in path:
                loop = path[path.index(target) :]
                start = loop.index(min(loop))
                found.add(tuple(loop[start:] + loop[:start]))
            else:
                visit(target, [*path, target])

    for node in sorted(graph):
        visit(node, [node])
    return [list(loop) for loop in sorted(found)]


def main() -> None:
    graph = package_graph()
    for package in sorted(graph):
        print(f"{package:14} -> {', '.join(sorted(graph[package])) or '(nothing)'}")
    loops = cycles(graph)
    for loop in loops:
        print("cycle: " + " -> ".join([*loop, loop[0]]))
    sys.exit(1 if loops else 0)


if __name__ == "__main__":
    main()
