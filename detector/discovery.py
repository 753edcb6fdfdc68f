"""Which files a run checks: ruff's file selection.

- ``include``/``exclude`` globs are relative to the configuration file's folder (the current
  folder when there is none). A glob without a ``/`` matches a name at any depth (``drafts``
  skips every folder called drafts; ``*.md`` any Markdown file); one with a ``/`` matches the
  path from that folder (``drafts/*``, ``news/2024/*.md``).
- Folders that are never news copy (``.git``, ``.venv``, ``node_modules``, ...) are skipped.
- ``.gitignore`` files (and ``.git/info/exclude``) of the enclosing git repository are
  respected, nested ones included, with git's own semantics (negation, anchoring, ``**``,
  folder-only patterns) from ``pathspec`` rather than a hand-written approximation.
- Files named on the command line are checked as named, unless ``force_exclude`` (the
  pre-commit hook and the GitHub Action set it, since they pass file names): then they are
  selected exactly as a folder walk would, so ``check .``, ``check FILE...`` and the Action
  agree on the set of files.
"""

from __future__ import annotations

import fnmatch
import functools
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

DEFAULT_INCLUDE = ("*.txt", "*.md", "*.markdown", "*.jsonl", "*.jsonl.gz", "*.html", "*.htm")
# ruff's default excludes: tool folders, virtual environments, build output, dependencies
DEFAULT_EXCLUDE = (
    ".bzr", ".direnv", ".eggs", ".git", ".git-rewrite", ".hg", ".ipynb_checkpoints", ".mypy_cache", ".nox",
    ".pants.d", ".pytest_cache", ".pytype", ".ruff_cache", ".svn", ".tox", ".venv", ".vscode", "__pycache__",
    "__pypackages__", "_build", "buck-out", "dist", "node_modules", "site-packages", "venv",
)  # fmt: skip


@dataclass(frozen=True)
class FileSelection:
    """The globs, their base folder and the switches that decide which files are checked."""

    include: tuple[str, ...] = DEFAULT_INCLUDE
    exclude: tuple[str, ...] = ()
    base: str | None = None  # the folder globs are relative to (None: the current folder)
    respect_gitignore: bool = True
    force_exclude: bool = False

    def walk(self, root: Path) -> Iterator[tuple[Path, OSError | None]]:
        """The selected files under ``root``, in sorted order, without entering skipped folders,
        each as ``(path, None)``; a folder that cannot be listed as ``(folder, error)``."""
        for dirpath, dirnames, filenames, error in walk(root):
            folder = Path(dirpath)
            if error is not None:
                yield folder, error
                continue
            dirnames[:] = [d for d in dirnames if self.skipped(folder / d, is_dir=True) is None]
            for name in filenames:
                path = folder / name
                if self.skipped(path) is None:
                    yield path, None

    def named(self, path: Path) -> str | None:
        """Why a file named on the command line is skipped (with ``force_exclude``), or None."""
        if not self.force_exclude:
            return None
        base = Path(os.path.abspath(self.base or os.curdir))
        for folder in reversed(Path(os.path.abspath(path)).parents):
            if base in folder.parents:  # the folders between the base and the file, as a walk enters them
                reason = self.skipped(folder, is_dir=True)
                if reason is not None:
                    return reason
        return self.skipped(path)

    def skipped(self, path: Path, is_dir: bool = False) -> str | None:
        """Why ``path`` is not checked (a default folder, an exclude or include glob, a
        .gitignore), or None when it is."""
        if is_dir and path.name in DEFAULT_EXCLUDE:
            return f"{path.name} is never checked"
        rel = relative(path, self.base)
        excluded = next((g for g in self.exclude if glob_matches(rel, g)), None)
        if excluded is not None:
            return f"excluded by {excluded!r}"
        if not is_dir and not any(glob_matches(rel, g, name_only=True) for g in self.include):
            return f"not in include ({', '.join(self.include)})"
        if self.respect_gitignore and _gitignored(os.path.abspath(path), is_dir):
            return "ignored by .gitignore"
        return None


def relative(path: str | Path, base: str | None) -> str:
    """``path`` relative to ``base`` (the current folder when None), as globs see it: with ``/``
    separators; as given when it lies outside."""
    root = os.path.abspath(base or os.curdir)
    full = os.path.abspath(path)
    if full == root or full.startswith(root.rstrip(os.sep) + os.sep):
        return Path(os.path.relpath(full, root)).as_posix()
    return Path(path).as_posix()


def walk(root: str | Path) -> Iterator[tuple[str, list[str], list[str], OSError | None]]:
    """``os.walk`` top-down in sorted order, links to folders listed but not followed, as a
    loop (Python 3.11's is recursive: a tree 1,000 levels deep ended in RecursionError), and a
    folder that cannot be listed (no permission, a path over the system's limit) yielded as
    ``(path, [], [], error)`` rather than skipped. Pruning ``dirnames`` in place works."""
    stack = [str(root)]
    while stack:
        top = stack.pop()
        try:
            with os.scandir(top) as listing:
                entries = list(listing)
        except OSError as exc:
            yield top, [], [], exc
            continue
        dirs, files, links = [], [], set()
        for entry in entries:
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            (dirs if is_dir else files).append(entry.name)
            if is_dir and entry.is_symlink():
                links.add(entry.name)
        dirs.sort()
        files.sort()
        yield top, dirs, files, None
        stack.extend(os.path.join(top, d) for d in reversed(dirs) if d not in links)


def glob_matches(rel: str, glob: str, name_only: bool = False) -> bool:
    """A glob without ``/`` matches the name (or, for excludes, any folder name on the way);
    one with ``/`` matches the relative path or a folder of it."""
    glob = glob.removeprefix("./").rstrip("/")
    parts = rel.split("/")
    if "/" not in glob:
        names = parts[-1:] if name_only else parts
        return any(fnmatch.fnmatch(name, glob) for name in names)
    return any(fnmatch.fnmatch("/".join(parts[: n + 1]), glob) for n in range(len(parts)))


def _gitignored(path: str, is_dir: bool) -> bool:
    """Whether git would ignore ``path``: the deepest .gitignore with a matching pattern decides."""
    folder = os.path.dirname(path)
    for home, spec in reversed(_ignore_files(folder)):
        rel = Path(os.path.relpath(path, home)).as_posix() + ("/" if is_dir else "")
        decided = spec.check_file(rel).include
        if decided is not None:
            return decided
    return False


@functools.lru_cache(maxsize=4096)
def _ignore_files(folder: str) -> tuple[tuple[str, object], ...]:
    """The (folder, patterns) of every ignore file that applies in ``folder``, outermost first:
    from the repository's root (``.git/info/exclude`` and ``.gitignore``) down. None outside a
    git repository, as git itself."""
    parent = os.path.dirname(folder)
    if os.path.exists(os.path.join(folder, ".git")):
        outer: tuple[tuple[str, object], ...] = ()
        own = [os.path.join(folder, ".git", "info", "exclude"), os.path.join(folder, ".gitignore")]
    elif parent == folder:
        return ()
    else:
        outer = _ignore_files(parent)
        if not outer and not _in_repository(parent):
            return ()
        own = [os.path.join(folder, ".gitignore")]
    specs = [(folder, spec) for spec in map(_read_ignore_file, own) if spec is not None]
    return outer + tuple(specs)


@functools.lru_cache(maxsize=4096)
def _in_repository(folder: str) -> bool:
    parent = os.path.dirname(folder)
    return os.path.exists(os.path.join(folder, ".git")) or (parent != folder and _in_repository(parent))


def _read_ignore_file(path: str):
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            lines = handle.read(1_000_000).splitlines()
    except OSError:
        return None
    from pathspec import GitIgnoreSpec  # only where a repository has an ignore file

    return GitIgnoreSpec.from_lines(lines)
