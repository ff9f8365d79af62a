"""The deadline engine is pure Python (DOMAIN.md 3, "Deadline arithmetic": every part of
the system computes due dates the same way, so the arithmetic lives in one module that
needs no database and no Django)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import kancelaria.calendars

PACKAGE = Path(kancelaria.calendars.__file__).resolve().parent
ROOT = PACKAGE.parents[1]


def _imported_modules(source: str) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) in (
                "import_module", "__import__"):
            names.update(arg.value for arg in node.args if isinstance(arg, ast.Constant)
                         and isinstance(arg.value, str))
    return names


def test_no_module_of_the_engine_imports_django_in_its_source():
    """Given every module under kancelaria/calendars/, when its source is parsed,
    then no import statement (nor import_module call) names django."""
    sources = sorted(PACKAGE.rglob("*.py"))
    assert sources, "the engine has no modules?"
    offending = {str(path.relative_to(ROOT)): sorted(name for name in _imported_modules(path.read_text())
                                                     if name.split(".")[0] == "django")
                 for path in sources}
    assert {path: names for path, names in offending.items() if names} == {}


def test_the_parser_would_see_a_django_import():
    """The check above can fail: a source importing django is caught in each form."""
    for source in ("import django", "from django.conf import settings", "import django.db as db",
                   "importlib.import_module('django.conf')"):
        assert any(name.split(".")[0] == "django" for name in _imported_modules(source)), source


def test_the_engine_imports_and_computes_with_django_made_unimportable():
    """Given a fresh interpreter in which `import django` fails, when every module of the
    engine is imported and a due date computed, then it works (the engine runs where
    Django is absent)."""
    script = """
import datetime as dt, importlib, pkgutil, sys
sys.modules["django"] = None  # any `import django...` now raises ImportError
import kancelaria.calendars as package
for module in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
    importlib.import_module(module.name)
from kancelaria.calendars import WorkingCalendar, due_date
result = due_date(start=dt.date(2026, 4, 3), days=7, calendar=WorkingCalendar("BG"))
assert not any(name == "django" or name.startswith("django.") for name, m in sys.modules.items() if m)
print(result.due.isoformat())
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "2026-04-14"  # Good Friday 10 Apr to Easter Monday 13 Apr skipped


def test_django_made_unimportable_really_is():
    """The subprocess trick above can fail: with django set to None, importing it raises."""
    done = subprocess.run([sys.executable, "-c", 'import sys; sys.modules["django"] = None; import django'],
                          capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.returncode != 0 and "import of django halted" in done.stderr
