"""Configuration: ``[tool.mtlint]`` in ``pyproject.toml`` or a ``mtlint.toml``, found by walking
up from the inputs, then command-line flags on top. ``mtlint config`` shows the result and
where each value came from. An unknown key is an error that names it.
"""

from __future__ import annotations

import fnmatch
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mtlint.core.records import SEVERITIES
from mtlint.core.selectors import matches

from . import validate
from .discovery import glob_matches, relative
from .files import read_bounded

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

DEFAULTS: dict[str, Any] = {
    "threshold": None,  # None: the model's
    "grammar-scope": "auto",  # which sentences LanguageTool checks (core.scopes.SCOPES)
    "deep": False,  # the deep stage (detector.deep; the deep extra)
    "deep-scope": "auto",  # which sentences it scores: the same scopes ("verdict": the cascade)
    "display-severity": "info",  # the least severe finding a report shows (--min-severity)
    "fail-on-score": None,
    "fail-on-codes": [],
    "fail-on-severity": None,
    "fail-on-verdict": None,  # "garbled" or "review": fail on a document judged so (or worse)
    "max-suspect-ratio": None,
    "include": [],
    "exclude": [],
    "respect-gitignore": True,
    "force-exclude": False,
    "disable": [],
    "severity": {},
    "allow": {"names": [], "honorifics": [], "terms": []},
    "overrides": [],
}
OVERRIDE_KEYS = {"paths", "disable", "severity", "allow"}
ALLOW_KEYS = {"names", "honorifics", "terms"}


class ConfigError(ValueError):
    """A configuration file or value mtlint cannot use; the message names it."""


@dataclass
class Config:
    values: dict[str, Any] = field(default_factory=lambda: {k: _copy(v) for k, v in DEFAULTS.items()})
    sources: dict[str, str] = field(default_factory=lambda: dict.fromkeys(DEFAULTS, "default"))
    file: Path | None = None

    def __getitem__(self, key: str) -> Any:
        return self.values[key]

    def set(self, key: str, value: Any, source: str) -> None:
        self.values[key] = value
        self.sources[key] = source

    def for_path(self, path: str) -> ResolvedRules:
        """The rules for one input: the top level with every matching override applied in order."""
        disable = set(self["disable"])
        severity = dict(self["severity"])
        allow = {k: set(v) for k, v in self["allow"].items()}
        overrides = self["overrides"]
        # only overrides read the path: resolving it cost more than the rest, on every document
        rel = relative(path, str(self.file.parent) if self.file else None) if overrides else path
        for override in overrides:
            # relative to the configuration's folder, as include and exclude (or the path as given)
            if any(glob_matches(rel, pattern) or fnmatch.fnmatch(path, pattern) for pattern in override["paths"]):
                disable |= set(override.get("disable", []))
                severity.update(override.get("severity", {}))
                for kind, words in override.get("allow", {}).items():
                    allow[kind] |= set(words)
        return ResolvedRules(disable=frozenset(disable), severity=severity, allow=allow)

    def describe(self, model_threshold: float | None = None) -> str:
        """The effective configuration as TOML (usable as a ``mtlint.toml``), each value with
        where it came from; a value left unset is a comment saying what applies instead."""
        lines = [f"# mtlint configuration: {self.file or 'no file found; the defaults'}"]
        overrides = []
        for key in DEFAULTS:
            value, source = self.values[key], self.sources[key]
            if key == "overrides":
                overrides = value
            elif value is not None:
                lines.append(f"{key} = {_toml(value)}  # {source}")
            elif key == "threshold" and model_threshold is not None:
                lines.append(f"threshold = {_toml(model_threshold)}  # the model's ({source})")
            else:
                lines.append(f"# {key}: not set ({source})")
        for override in overrides:
            lines.append(f"\n[[overrides]]  # {self.sources['overrides']}")
            lines += [f"{key} = {_toml(value)}" for key, value in override.items()]
        return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class ResolvedRules:
    disable: frozenset[str]
    severity: dict[str, str]
    allow: dict[str, set[str]]

    def disabled(self, code: str) -> bool:
        """A code is disabled by itself or by a prefix ('MT6' disables the surface family, 'LT:' grammar)."""
        return any(matches(code, d) for d in self.disable)


def _toml(value: Any) -> str:
    """A TOML value (strings as JSON writes them, which TOML's basic strings read alike)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(str(k))} = {_toml(v)}" for k, v in value.items()) + "}"
    return "[" + ", ".join(_toml(v) for v in value) + "]"


def _copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return list(value)
    return value


def find_file(start: Path) -> tuple[Path, dict[str, Any]] | None:
    """The nearest ``mtlint.toml`` or ``pyproject.toml`` with ``[tool.mtlint]``, walking up."""
    folder = start if start.is_dir() else start.parent
    for candidate in [folder, *folder.parents]:
        own = candidate / "mtlint.toml"
        if own.is_file():
            return own, _own_table(own, _read(own))
        project = candidate / "pyproject.toml"
        if project.is_file():
            table = _read(project).get("tool", {}).get("mtlint")
            if table is not None:
                return project, table
    return None


def _read(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(read_bounded(path, "configuration").decode("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read configuration: {exc}") from None


def _own_table(path: Path, data: dict[str, Any]) -> dict[str, Any]:
    """A ``mtlint.toml`` holds the keys at the top level or, as in ``pyproject.toml``, under
    ``[tool.mtlint]``; not both, and no other ``[tool.*]`` table."""
    if "tool" not in data:
        return data
    tool = data["tool"]
    if not isinstance(tool, dict) or set(tool) != {"mtlint"} or not isinstance(tool["mtlint"], dict):
        raise ConfigError(
            f"{path}: expected the keys at the top level or under [tool.mtlint], found [tool] with {tool!r}"
        )
    if len(data) > 1:
        others = ", ".join(repr(k) for k in data if k != "tool")
        raise ConfigError(f"{path}: keys both at the top level ({others}) and under [tool.mtlint]: use one")
    return tool["mtlint"]


def load(inputs: list[str], explicit: str | None = None) -> Config:
    """The configuration for a run over ``inputs`` (``--config FILE`` wins over the search)."""
    config = Config()
    if explicit:
        path = Path(explicit)
        data = _read(path)
        table = data.get("tool", {}).get("mtlint", {}) if path.name == "pyproject.toml" else _own_table(path, data)
        found: tuple[Path, dict[str, Any]] | None = (path, table)
    else:
        start = next((Path(p).resolve() for p in inputs if p != "-"), Path.cwd())
        found = find_file(start)
    if found:
        path, table = found
        config.file = path
        for key, value in table.items():
            config.set(key, _validate(key, value, path), str(path))
    return config


def _validate(key: str, value: Any, where: Path | str) -> Any:
    if key not in DEFAULTS:
        raise ConfigError(f"{where}: unknown key {key!r} (known: {', '.join(DEFAULTS)})")
    try:
        return _checked(key, value, where)
    except validate.InvalidValue as exc:
        raise ConfigError(f"{where}: {exc}") from None


def selectors(value: Any, key: str) -> list[str]:
    """A list of rule selectors (codes, prefixes, names) resolved to codes and prefixes: a
    typo is an error with a hint, never a selector that matches nothing."""
    return [validate.selector(s, key) for s in validate.strings(value, key)]


def _checked(key: str, value: Any, where: Path | str) -> Any:
    if key in ("threshold", "fail-on-score", "max-suspect-ratio"):
        return validate.fraction(value, key)
    if key == "fail-on-verdict":
        if value not in ("garbled", "review"):
            raise ConfigError(f"{where}: fail-on-verdict must be garbled or review, not {value!r}")
        return value
    if key in ("grammar-scope", "deep-scope"):
        from mtlint.core.scopes import SCOPES

        if value not in SCOPES:
            raise ConfigError(f"{where}: {key} must be one of {', '.join(SCOPES)}")
        return value
    if key in ("fail-on-severity", "display-severity"):
        if value not in SEVERITIES:
            raise ConfigError(f"{where}: {key} must be one of {', '.join(SEVERITIES)}")
        return value
    if key in ("fail-on-codes", "disable"):
        return selectors(value, key)
    if key in ("include", "exclude"):
        return validate.strings(value, key)
    if key in ("respect-gitignore", "force-exclude", "deep"):
        return validate.boolean(value, key)
    if key == "severity":
        return _severity(value, where)
    if key == "allow":
        return _allow(value, where)
    if not isinstance(value, list) or not all(isinstance(o, dict) for o in value):
        raise ConfigError(f"{where}: overrides must be an array of tables ([[tool.mtlint.overrides]])")
    for n, override in enumerate(value):
        unknown = set(override) - OVERRIDE_KEYS
        if unknown:
            raise ConfigError(f"{where}: unknown key {sorted(unknown)[0]!r} in overrides[{n}]")
        validate.strings(override.get("paths"), f"overrides[{n}].paths")
        if "disable" in override:
            override["disable"] = selectors(override["disable"], f"overrides[{n}].disable")
        if "severity" in override:
            override["severity"] = _severity(override["severity"], where)
        _allow(override.get("allow", {}), where, partial=True)
    return value


def _severity(value: Any, where: Path | str) -> dict[str, str]:
    if not isinstance(value, dict) or not all(v in SEVERITIES for v in value.values()):
        raise ConfigError(f"{where}: severity maps codes to one of {', '.join(SEVERITIES)}")
    return {validate.selector(code, "severity"): level for code, level in value.items()}


def _allow(value: Any, where: Path | str, partial: bool = False) -> dict[str, list[str]]:
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: allow must be a table of names, honorifics and terms")
    unknown = set(value) - ALLOW_KEYS
    if unknown:
        raise ConfigError(f"{where}: unknown key {sorted(unknown)[0]!r} in allow")
    for kind, words in value.items():
        validate.strings(words, f"allow.{kind}")
    merged = {} if partial else {k: [] for k in ALLOW_KEYS}
    merged.update(value)
    return merged
