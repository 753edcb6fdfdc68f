"""Benchmark corpora built from ``../shared/data``: news-like documents of real sentences."""

from __future__ import annotations

from pathlib import Path

from mtlint.core.records import Document
from mtlint.training.data import read_jsonl
from mtlint.training.paths import data_root


def sentences(n: int, data: Path | None = None) -> list[str]:
    """``n`` English sentences: WMT21 news (original, human and machine translated), then MLQE-PE."""
    root = data_root(data)
    files = [
        root / "wmt21-newstest-en" / "original_en.jsonl",
        root / "wmt21-newstest-en" / "human_translation.jsonl",
        root / "wmt21-newstest-en" / "mt.jsonl",
        *sorted((root / "mlqe-pe").glob("*.train.jsonl")),
    ]
    out: list[str] = []
    while len(out) < n:
        for path in files:
            for record in read_jsonl(path):
                out.append(record["text"])
                if len(out) >= n:
                    return out
    return out


def documents(n_sentences: int, per_doc: int = 20, data: Path | None = None) -> list[Document]:
    """Documents of ``per_doc`` sentences each, one sentence a line."""
    lines = sentences(n_sentences, data)
    return [
        Document(id=str(i), source="bench", text="\n".join(lines[i : i + per_doc]))
        for i in range(0, len(lines), per_doc)
    ]
