"""Count annotated function arguments and return types over the application code.

    python tests/tooling/annotation_count.py [ROOT]   (or `make annotations`)

Every argument but a method's `self`/`cls` counts once (positional, keyword-only,
`*args`, `**kwargs`), and every function's return type once. Tests, migrations and
the virtualenv are not application code.
"""

from __future__ import annotations

import argparse
import ast
import sys
from dataclasses import dataclass
from pathlib import Path

APP_PACKAGES = (
    "calendars",
    "org",
    "clients",
    "contracts",
    "handoffs",
    "claims",
    "approvals",
    "dashboards",
    "library",
    "search",
    "intake",
    "config",
    "bench",
)
SKIPPED_PARTS = {"migrations", "tests", ".venv", "__pycache__"}


@dataclass
class Tally:
    arguments: int = 0
    annotated_arguments: int = 0
    returns: int = 0
    annotated_returns: int = 0

    def add(self, other: Tally) -> None:
        self.arguments += other.arguments
        self.annotated_arguments += other.annotated_arguments
        self.returns += other.returns
        self.annotated_returns += other.annotated_returns

    @property
    def total(self) -> int:
        return self.arguments + self.returns

    @property
    def annotated(self) -> int:
        return self.annotated_arguments + self.annotated_returns


class _Counter(ast.NodeVisitor):
    def __init__(self) -> None:
        self.tally = Tally()
        self._in_class: list[bool] = [False]

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self._in_class.append(True)
        self.generic_visit(node)
        self._in_class.pop()

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        self._count(node)
        self._in_class.append(False)
        self.generic_visit(node)
        self._in_class.pop()

    visit_AsyncFunctionDef = visit_FunctionDef

    def _count(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        args = node.args
        positional = [*args.posonlyargs, *args.args]
        is_method = self._in_class[-1]
        is_static = any(
            isinstance(d, ast.Name) and d.id == "staticmethod" for d in node.decorator_list
        )
        if is_method and not is_static and positional and positional[0].arg in {"self", "cls"}:
            positional = positional[1:]
        every = [*positional, *args.kwonlyargs, *filter(None, (args.vararg, args.kwarg))]
        self.tally.arguments += len(every)
        self.tally.annotated_arguments += sum(1 for a in every if a.annotation is not None)
        self.tally.returns += 1
        self.tally.annotated_returns += node.returns is not None


def application_files(root: Path) -> list[Path]:
    files = []
    for package in APP_PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            if not SKIPPED_PARTS.intersection(path.relative_to(root).parts):
                files.append(path)
    return files


def count_file(path: Path) -> Tally:
    counter = _Counter()
    counter.visit(ast.parse(path.read_text(encoding="utf-8"), filename=str(path)))
    return counter.tally


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:5.1f}%" if whole else "   –  "


def report(root: Path) -> Tally:
    overall = Tally()
    by_package: dict[str, Tally] = {}
    for path in application_files(root):
        package = path.relative_to(root).parts[0]
        tally = count_file(path)
        by_package.setdefault(package, Tally()).add(tally)
        overall.add(tally)
    print(f"{'package':<12} {'arguments':>17} {'returns':>17} {'all':>17}")
    for package, tally in [*by_package.items(), ("total", overall)]:
        print(
            f"{package:<12} "
            f"{tally.annotated_arguments:>5}/{tally.arguments:<5} "
            f"{_percent(tally.annotated_arguments, tally.arguments)} "
            f"{tally.annotated_returns:>5}/{tally.returns:<5} "
            f"{_percent(tally.annotated_returns, tally.returns)} "
            f"{tally.annotated:>5}/{tally.total:<5} {_percent(tally.annotated, tally.total)}"
        )
    return overall


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", nargs="?", default=".", type=Path)
    report(parser.parse_args(argv).root)
    return 0


if __name__ == "__main__":
    sys.exit(main())
