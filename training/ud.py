"""Reader for the UD English EWT treebank (CoNLL-U) in ``../shared/data``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path


def read_conllu(path: Path) -> Iterator[tuple[list[str], list[str]]]:
    """Yield (forms, PTB tags) per sentence, skipping multiword-token and empty-node lines."""
    forms: list[str] = []
    tags: list[str] = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            line = line.rstrip("\n")
            if not line:
                if forms:
                    yield forms, tags
                forms, tags = [], []
                continue
            if line.startswith("#"):
                continue
            cols = line.split("\t")
            if "-" in cols[0] or "." in cols[0]:
                continue
            forms.append(cols[1])
            tags.append(cols[4])
    if forms:
        yield forms, tags


def read_texts(path: Path) -> Iterator[tuple[str, str]]:
    """Yield (document id, original sentence text) per sentence of a CoNLL-U file."""
    document = ""
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("# newdoc id = "):
                document = line.removeprefix("# newdoc id = ").strip()
            elif line.startswith("# text = "):
                yield document, line.removeprefix("# text = ").rstrip("\n")
