"""The shape of the application code (issue 11): no module over 400 lines, no function
over 60, and no model looked up by name outside the migrations. Tests and migrations are
not application code; a long module is split by sub-domain into a package, a long
function into named steps."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Every Django app of the project (a folder with an apps.py, so a new app is never left
# out) and the settings.
APP_PACKAGES = (*sorted(path.parent.name for path in ROOT.glob("*/apps.py")), "config")
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60
# The migration operation that reads the historical registry it is given (state.apps).
GET_MODEL_ALLOWED = {"org/trigram.py"}


def application_modules():
    for package in APP_PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).parts
            if "migrations" not in parts and "tests" not in parts:
                yield path


def relative(path):
    return path.relative_to(ROOT).as_posix()


def functions(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield node


def function_lines(node):
    """From the `def` line to the last line of the body (decorators not counted)."""
    return node.end_lineno - node.lineno + 1


def test_the_walk_finds_the_application_and_skips_migrations():
    found = {relative(path) for path in application_modules()}
    assert {"org/models.py", "config/urls.py", "bench/apps.py"} <= found
    assert not any("/migrations/" in name for name in found)


def test_no_application_module_is_over_400_lines():
    offenders = []
    for path in application_modules():
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_MODULE_LINES:
            offenders.append(f"{relative(path)}: {lines} lines")
    assert not offenders, "modules over 400 lines (split by sub-domain):\n" + "\n".join(offenders)


def test_no_application_function_is_over_60_lines():
    offenders = []
    for path in application_modules():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in functions(tree):
            lines = function_lines(node)
            if lines > MAX_FUNCTION_LINES:
                offenders.append(f"{relative(path)}:{node.lineno} {node.name}: {lines} lines")
    assert not offenders, "functions over 60 lines (split into named steps):\n" + "\n".join(
        offenders
    )


def test_no_model_is_looked_up_by_name_outside_the_migrations():
    """ruff's banned-api catches the registry imported from django.apps; this catches
    `.get_model(` reached any other way (an app config, a registry passed around)."""
    offenders = []
    for path in application_modules():
        if relative(path) in GET_MODEL_ALLOWED:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr in {"get_model", "get_models"}:
                offenders.append(f"{relative(path)}:{node.lineno}")
    assert not offenders, (
        "models looked up by name (import them, or org.relations.related_model):\n"
        + "\n".join(offenders)
    )


def test_the_checks_measure_what_they_say():
    tree = ast.parse(
        "def short():\n    return 1\n\n\n@decorated\ndef two():\n    x = 1\n    return x\n"
    )
    assert [function_lines(node) for node in functions(tree)] == [2, 3]
