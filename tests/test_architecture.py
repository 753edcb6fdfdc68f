"""The package layering of ARCHITECTURE.md, checked on every import statement at any depth
(module level and inside functions), in the installed packages and in benchmarks/ and tests/:
core imports no project package; features and reports import core; detector imports core,
features and reports; training imports core, features and detector. So no cycle between
packages, and no upward arrow even in a function body. The ``mtlint`` root package (the public
API) and benchmarks/tests may import any package."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
import tomllib

from tests.conftest import ROOT

ALLOWED = {
    "core": set(),
    "features": {"core"},
    "reports": {"core"},
    "detector": {"core", "features", "reports"},
    "training": {"core", "features", "detector"},
}
PACKAGES = set(ALLOWED)


def _imports(path: Path) -> set[str]:
    """Every import of a module, as absolute dotted names, at any depth (relative imports
    resolved to the names the package installs under)."""
    folders = path.relative_to(ROOT).parts[:-1]
    package = ".".join(("mtlint", *folders) if folders[0] in PACKAGES else folders)
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against the module's folder
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                found.add(".".join([*base, node.module] if node.module else base))
            else:
                found.add(node.module or "")
    return found


def _project_package(name: str) -> str | None:
    """The layer an absolute import name belongs to (``mtlint.features.x`` -> ``features``)."""
    parts = name.split(".")
    return parts[1] if parts[0] == "mtlint" and len(parts) > 1 and parts[1] in PACKAGES else None


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_each_package_imports_only_the_layers_below_it_even_inside_functions(package):
    wrong = {}
    for path in (ROOT / package).rglob("*.py"):
        layers = {_project_package(name) for name in _imports(path)} - {None, package}
        if extra := layers - ALLOWED[package]:
            wrong[str(path.relative_to(ROOT))] = sorted(extra)
    assert wrong == {}


@pytest.mark.parametrize(
    "folder", ["mtlint", "core", "features", "reports", "detector", "training", "benchmarks", "tests"]
)
def test_no_module_imports_the_repository_folders_by_their_bare_names(folder):
    """Only ``mtlint.*`` is installed: ``import core`` would work from the repository root alone."""
    bare = {}
    for path in (ROOT / folder).rglob("*.py"):
        if names := [n for n in _imports(path) if n.split(".")[0] in PACKAGES]:
            bare[str(path.relative_to(ROOT))] = sorted(names)
    assert bare == {}


def test_the_package_map_installs_every_folder_under_mtlint():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    assert config["package-dir"] == {"mtlint": "mtlint", **{f"mtlint.{p}": p for p in sorted(PACKAGES)}}
    folders = {
        "mtlint." + ".".join(init.parent.relative_to(ROOT).parts)
        for package in PACKAGES
        for init in (ROOT / package).rglob("__init__.py")
    }
    assert set(config["packages"]) == folders | {"mtlint"}
