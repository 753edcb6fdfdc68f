"""Fine-tune a small pretrained transformer as a garbled-vs-fluent classifier (a baseline).

    python -m benchmarks.transformer_export --out DIR --wheel WHEEL   # in mtlint's environment
    python benchmarks/transformer_finetune.py DIR [--out RESULTS] [--smoke]  # PyTorch, a GPU

A measurement, not part of mtlint (which needs neither PyTorch nor a GPU): all-MiniLM-L6-v2
(6 layers, 384 wide, uncased) with a linear head on its mean-pooled output, fine-tuned on data
mtlint may ship (MLQE-PE train, UD EWT train; see :mod:`benchmarks.transformer_export`), then
scored on the screening sets. Variant A learns garbled MT against fluent English, variant B
only MLQE-PE's MT against its own post-edit. It prints, per variant, the AUCs of the
screening benchmark, recall and fluent flags at thresholds that flag 0.5% and 0.25% of the
threshold set, and its CPU speed in sentences per second with one and two threads. Needs
torch, transformers, tokenizers, safetensors, scikit-learn and numpy; ``--smoke`` runs a
tiny subset on whatever device there is.
"""

import argparse
import copy
import gzip
import json
import math
import os
import time
import traceback
from pathlib import Path

os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

import numpy as np
import torch
import torch.nn as nn
from safetensors.torch import load_file
from sklearn.metrics import roc_auc_score
from tokenizers import Tokenizer
from transformers import BertConfig, BertModel

T0 = time.time()
DEV = "cuda" if torch.cuda.is_available() else "cpu"
MAX_LEN = 96
BATCH = 128
RESULTS: dict = {"device": DEV, "torch": torch.__version__}
if DEV == "cuda":
    RESULTS["gpu"] = torch.cuda.get_device_name(0)


def log(*args) -> None:
    print(f"[{time.time() - T0:6.1f}s]", *args, flush=True)


def read(path: Path, limit: int | None = None) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle]
    return rows[:limit] if limit else rows


class Encoder:
    """The model's WordPiece tokenizer: token ids with [CLS] and [SEP], at most MAX_LEN."""

    def __init__(self, model_dir: Path):
        self.tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self.tokenizer.enable_truncation(MAX_LEN)
        self.tokenizer.no_padding()

    def __call__(self, texts) -> list[list[int]]:
        return [e.ids for e in self.tokenizer.encode_batch(list(texts))]


def collate(id_lists: list[list[int]], device: str) -> tuple[torch.Tensor, torch.Tensor]:
    n = max(len(x) for x in id_lists)
    ids = torch.zeros((len(id_lists), n), dtype=torch.long)
    mask = torch.zeros((len(id_lists), n), dtype=torch.long)
    for i, x in enumerate(id_lists):
        ids[i, : len(x)] = torch.tensor(x)
        mask[i, : len(x)] = 1
    return ids.to(device, non_blocking=True), mask.to(device, non_blocking=True)


class Classifier(nn.Module):
    """The pretrained encoder (float16 weights upcast), mean pooling, dropout, one logit."""

    def __init__(self, model_dir: Path):
        super().__init__()
        config = BertConfig.from_json_file(str(model_dir / "config.json"))
        self.bert = BertModel(config, add_pooling_layer=False)
        weights = load_file(str(model_dir / "model.safetensors"))
        state = {
            k: v.float() if v.is_floating_point() else v for k, v in weights.items() if not k.startswith("pooler.")
        }
        missing, _ = self.bert.load_state_dict(state, strict=False)
        if [k for k in missing if "position_ids" not in k and "token_type_ids" not in k]:
            raise RuntimeError(f"weights missing: {missing}")
        self.drop = nn.Dropout(0.1)
        self.head = nn.Linear(config.hidden_size, 1)

    def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        h = self.bert(input_ids=ids, attention_mask=mask).last_hidden_state
        m = mask.unsqueeze(-1).to(h.dtype)
        pooled = (h * m).sum(1) / m.sum(1).clamp(min=1)
        return self.head(self.drop(pooled)).squeeze(-1)


def _forward(model: nn.Module, ids: torch.Tensor, mask: torch.Tensor, device: str) -> torch.Tensor:
    if device == "cuda":
        with torch.autocast("cuda", dtype=torch.bfloat16):
            return model(ids, mask)
    return model(ids, mask)


@torch.no_grad()
def score(model: nn.Module, id_lists: list[list[int]], device: str = DEV, batch: int = 512) -> np.ndarray:
    """Logits in input order (batches of similar length)."""
    model.eval()
    order = np.argsort([len(x) for x in id_lists])
    out = np.zeros(len(id_lists))
    for s in range(0, len(order), batch):
        idx = order[s : s + batch]
        out[idx] = _forward(model, *collate([id_lists[i] for i in idx], device), device).float().cpu().numpy()
    return out


def auc(pos: np.ndarray, neg: np.ndarray) -> float:
    return float(roc_auc_score(np.r_[np.ones(len(pos)), np.zeros(len(neg))], np.r_[pos, neg]))


def train(model: Classifier, train_set, val_set, epochs: int, tag: str) -> dict:
    """AdamW (encoder 3e-5, head 1e-3), warm-up then linear decay, class-balanced loss;
    keeps the epoch with the best validation AUC."""
    (tr_ids, tr_y), (va_ids, va_y) = train_set, val_set
    model.to(DEV)
    pos = float(np.sum(tr_y))
    loss_fn = nn.BCEWithLogitsLoss(pos_weight=torch.tensor((len(tr_y) - pos) / max(pos, 1.0), device=DEV))
    groups = [{"params": model.bert.parameters(), "lr": 3e-5}, {"params": model.head.parameters(), "lr": 1e-3}]
    opt = torch.optim.AdamW(groups, weight_decay=0.01)
    steps = math.ceil(len(tr_ids) / BATCH)
    total, warm = steps * epochs, max(1, int(0.06 * steps * epochs))
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warm, max(0.0, (total - s) / max(1, total - warm)))
    )
    rng = np.random.default_rng(0)
    y_all = torch.tensor(tr_y, dtype=torch.float32)
    best, best_state, history = -1.0, None, []
    for epoch in range(epochs):
        model.train()
        perm = rng.permutation(len(tr_ids))
        started = time.time()
        for s in range(steps):
            idx = perm[s * BATCH : (s + 1) * BATCH]
            logits = _forward(model, *collate([tr_ids[i] for i in idx], DEV), DEV)
            loss = loss_fn(logits.float(), y_all[idx].to(DEV))
            opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
        va_auc = float(roc_auc_score(va_y, score(model, va_ids)))
        history.append({"epoch": epoch + 1, "val_auc": va_auc, "secs": round(time.time() - started, 1)})
        log(tag, history[-1])
        if va_auc > best:
            best = va_auc
            best_state = copy.deepcopy({k: v.detach().cpu() for k, v in model.state_dict().items()})
    model.load_state_dict(best_state)
    return {"val_auc_best": best, "history": history, "train_n": len(tr_ids), "train_pos": int(pos)}


def evaluate(model: Classifier, sets: dict, news_kind: np.ndarray, out: Path, tag: str) -> dict:
    """The screening AUCs, and recall and fluent flags at the thresholds that flag 0.5% and
    0.25% of the threshold set (MLQE-PE dev post-edits, UD EWT dev and test)."""
    s = {name: score(model, ids) for name, ids in sets.items()}
    r: dict = {
        "auc_garbled_vs_news": auc(s["garbled"], s["news"]),
        "auc_garbled_vs_pe": auc(s["garbled"], s["pe"]),
        "auc_mt_vs_pe_dev": auc(s["mtpe_mt"], s["mtpe_pe"]),
        "auc_garbled_vs_news_original": auc(s["garbled"], s["news"][news_kind == "news"]),
        "auc_garbled_vs_news_translation": auc(s["garbled"], s["news"][news_kind == "translation"]),
        "n": {k: len(v) for k, v in s.items()},
    }
    for rate in (0.005, 0.0025):
        threshold = float(np.quantile(s["threshold"], 1 - rate))
        r[f"flagging {rate:.2%} of the threshold set"] = {
            name: float(np.mean(s[key] > threshold))
            for name, key in (("recall", "garbled"), ("news", "news"), ("pe", "pe"), ("threshold_set", "threshold"))
        }
    log(tag, json.dumps({k: v for k, v in r.items() if k != "n"}))
    np.savez_compressed(out / f"scores_{tag}.npz", **{k: v.astype(np.float32) for k, v in s.items()})
    return r


def cpu_speed(model: Classifier, encode: Encoder, texts: list[str]) -> dict:
    """Sentences per second on the CPU, batches of 64, with one and two threads."""
    model = copy.deepcopy(model).float().to("cpu").eval()
    speeds = {}
    for threads in (1, 2):
        torch.set_num_threads(threads)
        score(model, encode(texts[:128]), device="cpu", batch=64)  # warm-up
        started = time.time()
        score(model, encode(texts), device="cpu", batch=64)
        speeds[f"threads_{threads}"] = round(len(texts) / (time.time() - started), 1)
    log("cpu sentences/s", speeds)
    return speeds


def stage(name: str, out: Path, fn) -> None:
    """Run one stage; its figures, or its error, go to out/results.json straight away."""
    try:
        RESULTS[name] = fn()
    except Exception as exc:  # a stage that fails must not lose the others' figures
        traceback.print_exc()
        RESULTS[name] = {"error": repr(exc)}
    (out / "results.json").write_text(json.dumps(RESULTS, indent=1))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", type=Path, help="the folder transformer_export wrote (data/ and model/)")
    parser.add_argument("--out", type=Path, default=Path(os.environ.get("OUT", "transformer-results")))
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--smoke", action="store_true", help="a tiny subset, one epoch")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    data, model_dir = args.sets / "data", args.sets / "model"
    limit = 400 if args.smoke else None
    epochs = 1 if args.smoke else args.epochs
    encode = Encoder(model_dir)

    def labelled(name: str) -> tuple[list[list[int]], np.ndarray]:
        rows = read(data / f"{name}.jsonl.gz", None)
        if args.smoke:
            rows = rows[:: max(1, len(rows) // 1500)]
        return encode(r["text"] for r in rows), np.array([r["label"] for r in rows], dtype=np.float32)

    news = read(data / "news.jsonl.gz", limit)
    pairs = read(data / "mtpe_dev.jsonl.gz", limit)
    sets = {
        "garbled": encode(r["text"] for r in read(data / "garbled.jsonl.gz", limit)),
        "pe": encode(r["text"] for r in read(data / "pe.jsonl.gz", limit)),
        "news": encode(r["text"] for r in news),
        "threshold": encode(r["text"] for r in read(data / "threshold.jsonl.gz", limit)),
        "mtpe_mt": encode(r["mt"] for r in pairs),
        "mtpe_pe": encode(r["pe"] for r in pairs),
    }
    news_kind = np.array([r["kind"] for r in news])
    torch.manual_seed(0)

    def variant_a() -> dict:
        model = Classifier(model_dir)
        result = {"train": train(model, labelled("train"), labelled("val"), epochs, "A")}
        result["eval"] = evaluate(model, sets, news_kind, args.out, "A")
        result["cpu_sentences_per_s"] = cpu_speed(model, encode, [r["text"] for r in news[:2000]])
        return result

    def variant_b() -> dict:
        split = {}
        for name in ("train", "val"):
            chosen = read(data / f"mtpe_{name}.jsonl.gz", 800 if args.smoke else None)
            split[name] = (encode([t for r in chosen for t in (r["mt"], r["pe"])]), np.tile([1.0, 0.0], len(chosen)))
        model = Classifier(model_dir)
        result = {"train": train(model, split["train"], split["val"], min(epochs, 2), "B")}
        result["eval"] = evaluate(model, sets, news_kind, args.out, "B")
        return result

    stage("A: garbled MT vs fluent English (MLQE-PE train, UD EWT train)", args.out, variant_a)
    stage("B: MLQE-PE train MT vs its own post-edit", args.out, variant_b)
    RESULTS["wall_s"] = round(time.time() - T0, 1)
    (args.out / "results.json").write_text(json.dumps(RESULTS, indent=1))
    log("done")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
