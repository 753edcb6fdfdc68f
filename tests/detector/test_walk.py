"""The folder walk never skips silently and never recurses (issue #30, item 6): a tree deeper
than Python's recursion limit is read, a folder that cannot be listed (a path over the system's
limit, no permission) is a warning and an error record, in order, and the walk goes on. As with
``os.walk``, a folder's files come before its subfolders."""

from __future__ import annotations

import itertools
import logging
import os
import re
import shutil

import pytest

from mtlint.detector import inputs
from mtlint.detector.discovery import walk
from mtlint.detector.inputs import ReadOptions


def _nest(root, depth: int, name: str = "d") -> str:
    """``depth`` nested folders under ``root``, made through folder descriptors (a path past
    PATH_MAX cannot be made by name); returns the deepest path."""
    fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY)
    try:
        for _ in range(depth):
            os.mkdir(name, dir_fd=fd)
            inner = os.open(name, os.O_RDONLY | os.O_DIRECTORY, dir_fd=fd)
            os.close(fd)
            fd = inner
        with open(os.open("deep.txt", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd), "w") as handle:
            handle.write("The council met on Monday.\n")
    finally:
        os.close(fd)
    return os.path.join(str(root), *[name] * depth)


def _flatten(base) -> None:
    """Remove every folder under ``base`` without recursing (pytest's own clean-up recurses,
    and would end in RecursionError on these trees): each nested folder is moved up to ``base``
    before its parent, now shallow, is removed."""
    moves = itertools.count()
    pending = [p for p in base.iterdir() if p.is_dir() and not p.is_symlink()]
    while pending:
        top = pending.pop()
        for child in [c for c in top.iterdir() if c.is_dir() and not c.is_symlink()]:
            moved = base / f"flat{next(moves)}-{os.getpid()}"
            os.rename(child, moved)
            pending.append(moved)
        shutil.rmtree(top)


def test_a_tree_deeper_than_the_recursion_limit_is_read(tmp_path):
    (tmp_path / "top.txt").write_text("The vote passed.\n")
    try:
        deepest = _nest(tmp_path, 1200)
        docs = list(inputs.read_inputs([str(tmp_path)], ReadOptions()))
    finally:
        _flatten(tmp_path)
    assert [d.source for d in docs] == [str(tmp_path / "top.txt"), os.path.join(deepest, "deep.txt")]
    assert all(d.status == "ok" for d in docs)


def test_a_folder_past_the_path_limit_is_a_warning_and_an_error_record(tmp_path, caplog):
    (tmp_path / "a.txt").write_text("The vote passed.\n")
    (tmp_path / "b").mkdir()
    (tmp_path / "c.txt").write_text("The talks went on.\n")
    try:
        _nest(tmp_path / "b", 2100)  # paths grow past 4,096 bytes
        with caplog.at_level(logging.WARNING, logger="mtlint"):
            docs = list(inputs.read_inputs([str(tmp_path)], ReadOptions()))
    finally:
        _flatten(tmp_path)
    assert [d.status for d in docs] == ["ok", "ok", "error"]  # a folder's files, then its folders
    assert re.search(r"folder not read: File name too long \(a 4,09[6-8]-byte path\)$", docs[2].error)
    assert "folder not read: File name too long" in caplog.text


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every folder")
def test_an_unreadable_folder_is_a_warning_and_an_error_record(tmp_path, caplog):
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "a.txt").write_text("The vote passed.\n")
    locked.chmod(0)
    try:
        docs = list(inputs.read_inputs([str(tmp_path)], ReadOptions()))
    finally:
        locked.chmod(0o755)
    assert [(d.status, d.error) for d in docs] == [("error", f"{locked}: folder not read: Permission denied")]


def test_the_walk_is_sorted_prunable_and_does_not_follow_links_to_folders(tmp_path):
    for folder in ("b", "a", "a/skip", "a/keep"):
        (tmp_path / folder).mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "a")
    seen = []
    for top, dirs, files, error in walk(tmp_path):
        assert error is None
        seen.append((os.path.relpath(top, tmp_path), list(dirs), files))
        dirs[:] = [d for d in dirs if d != "skip"]
    assert seen == [(".", ["a", "b", "link"], []), ("a", ["keep", "skip"], []), ("a/keep", [], []), ("b", [], [])]
