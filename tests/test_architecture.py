"""The package layering of ARCHITECTURE.md, checked on every import statement: core imports no
project package; features and reports import core; detector imports core, features and reports;
training imports core, features and detector. So no cycle between packages. One documented
exception, inside functions only: the CLI's ``train`` and ``eval`` commands import training
when they run (``tests/detector/test_startup.py`` checks that ``check`` never does)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import ROOT

ALLOWED = {
    "core": set(),
    "features": {"core"},
    "reports": {"core"},
    "detector": {"core", "features", "reports"},
    "training": {"core", "features", "detector"},
}


# (module, package) imported inside a function, on purpose
EXCEPTIONS = {("detector/cli.py", "training")}


def _imports(path: Path) -> set[str]:
    """Top-level project packages that a module imports, at any depth of the module."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found & set(ALLOWED)


def _module_level_imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in tree.body:
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


@pytest.mark.parametrize("package", ALLOWED)
def test_each_package_imports_only_the_layers_below_it(package):
    wrong = {}
    for path in (ROOT / package).rglob("*.py"):
        name = str(path.relative_to(ROOT))
        extra = _imports(path) - ALLOWED[package] - {package}
        extra -= {pkg for module, pkg in EXCEPTIONS if module == name and pkg not in _module_level_imports(path)}
        if extra:
            wrong[name] = sorted(extra)
    assert wrong == {}
