"""The deep stage: a fine-tuned small transformer's second opinion on each sentence.

The fast path reads n-grams and rules; garbled machine translation that is grammatical but
means nothing ("The breasts of this child's mouth are taped well") needs a model of the whole
sentence. :class:`DeepModel` runs the shipped encoder (``detector/models/deep.onnx``: MiniLM,
fine-tuned by ``mtlint train --deep``, int8) with ONNX Runtime, a sentence at a time, and
returns one logit per sentence; :class:`DeepStage` combines that logit with the fast path's
score in a two-weight logistic model fitted on dev data, and owns the deep path's model-only
threshold (chosen on fluent dev English, as the fast path's is) and the cascade band: the
fast-path scores far enough from both paths' thresholds that the deep stage cannot change
their verdict.

The deep stage judges the sentences that no rule explains: a sentence with a rule's evidence
keeps the fast path's score and verdict (its finding says what is wrong; a transformer that
finds "Anton Trinowski Contributed to the report." fluent must not hide it), and the deep
path's one threshold is the model-only one, for sentences flagged on a model's word alone.

Everything loads offline from the package; the model file's SHA-256 is checked against its
card (``deep.json``) before ONNX Runtime reads it. Needs the ``deep`` extra
(``pip install 'mtlint[deep]'``: onnxruntime and tokenizers, no PyTorch).
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path

import numpy as np

from mtlint.core.extras import require

from .logistic import logit, sigmoid, two_columns
from .verdict import Verdict

CARD_FILE = "deep.json"
FORMAT = "mtlint-deep"


class DeepLoadError(RuntimeError):
    """The deep model is missing, damaged (its checksum differs from its card's) or not
    installed with its extra."""


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass
class DeepModel:
    """The ONNX encoder and its tokenizer: :meth:`logits` of sentences.

    Parameters
    ----------
    model_path, tokenizer_path : the int8 ONNX graph (:mod:`mtlint.training.deep_export`) and
        the WordPiece tokenizer it was trained with (Hugging Face ``tokenizers`` JSON).
    max_tokens : sentences are cut to this many tokens (the fine-tune's length).
    threads : ONNX Runtime's intra-op threads (``--jobs`` sets it; 0: ONNX Runtime's choice).
    """

    model_path: Path
    tokenizer_path: Path
    max_tokens: int = 64
    threads: int = 1
    _session: object = field(default=None, init=False, repr=False)
    _tokenizer: object = field(default=None, init=False, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    def _load(self) -> None:
        """Make the ONNX Runtime session, once (threads may ask at the same time)."""
        with self._lock:
            if self._session is None:
                require("deep", "--deep")
                import onnxruntime

                options = onnxruntime.SessionOptions()
                options.intra_op_num_threads = self.threads
                options.inter_op_num_threads = 1
                options.log_severity_level = 3  # shape-merge notes of the contrib operators are no news
                self._session = onnxruntime.InferenceSession(
                    str(self.model_path), options, providers=["CPUExecutionProvider"]
                )

    def token_ids(self, texts: Sequence[str]) -> list[list[int]]:
        """WordPiece ids of ``texts`` with [CLS] and [SEP], at most ``max_tokens`` each."""
        if self._tokenizer is None:
            require("deep", "--deep")
            from tokenizers import Tokenizer

            tokenizer = Tokenizer.from_file(str(self.tokenizer_path))
            tokenizer.no_padding()
            tokenizer.enable_truncation(self.max_tokens)
            self._tokenizer = tokenizer
        return [encoding.ids for encoding in self._tokenizer.encode_batch(list(texts))]

    def logits(self, texts: Sequence[str]) -> np.ndarray:
        """The model's log-odds that each text is garbled, in input order. Each sentence runs
        alone: the int8 graph quantises its activations per input tensor, so in a batch a
        sentence's logit would move with its neighbours' (by 0.2 on average, up to 1.4); alone
        it scores the same in every document, door and scope, and no faster in batches of one
        length on one core (400 against 310-360 sentences/s)."""
        ids = self.token_ids(texts)
        if self._session is None:
            self._load()
        out = np.zeros(len(ids), dtype=float)
        run = self._session.run
        for i, row in enumerate(ids):
            tokens = np.array([row], dtype=np.int32)
            out[i] = float(
                run(["logit"], {"input_ids": tokens, "attention_mask": np.ones_like(tokens)})[0].reshape(-1)[0]
            )
        return out


@dataclass
class DeepStage:
    """Combines the fast path's P(garbled) with the deep model's logit (scikit-learn's
    conventions; ``X`` has the fast score in column 0 and the deep logit in column 1):

        P(garbled) = sigmoid(coef_[0] * logit(p_fast) + coef_[1] * deep_logit + intercept_)

    ``model_threshold``: a combined score at or above it makes a sentence suspect
    (:meth:`verdict_for`); :meth:`band` is the cascade's uncertain band.
    """

    coef_: np.ndarray
    intercept_: float
    model_threshold: float
    model: DeepModel | None = None
    card: dict = field(default_factory=dict)

    def decision_function(self, X: np.ndarray) -> np.ndarray:
        X = np.asarray(X, dtype=float)
        return self.coef_[0] * logit(X[:, 0]) + self.coef_[1] * X[:, 1] + self.intercept_

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        """P(fluent) and P(garbled): shape (n, 2)."""
        return two_columns(sigmoid(self.decision_function(X)))

    def verdict_for(self, fast: Verdict) -> Verdict:
        """The verdict of the sentences the deep stage scored, under a run whose fast-path
        verdict is ``fast``: its model-only threshold, never below the run's threshold."""
        return replace(fast, model_threshold=self.model_threshold, grammar_model_threshold=None)

    def band(self, fast: Verdict) -> tuple[float, float]:
        """The cascade's uncertain band of fast-path scores, [low, high): outside it the fast
        verdict stands, because no deep logit within the card's ``deep_logit_range`` (the
        1st to 99th percentile of the logits of dev sentences) could change it: below
        ``low`` the combined score stays under the deep path's model-only threshold and the
        fast score under the fast path's; from ``high`` on both are passed."""
        low_logit, high_logit = self.card.get("deep_logit_range", (-np.inf, np.inf))
        fast_limit = fast.limits()[1]
        deep_limit = self.verdict_for(fast).limits()[1]
        # the fast score at which coef0 * logit(p) + coef1 * d + intercept reaches logit(limit)
        reaches = (logit(deep_limit) - self.coef_[1] * high_logit - self.intercept_) / self.coef_[0]
        passes = (logit(deep_limit) - self.coef_[1] * low_logit - self.intercept_) / self.coef_[0]
        return min(fast_limit, float(sigmoid(reaches))), max(fast_limit, float(sigmoid(passes)))


def models_dir() -> Path:
    return Path(str(resources.files("mtlint.detector") / "models"))


def load(card_path: str | Path | None = None, threads: int = 1) -> DeepStage:
    """The deep stage of the card at ``card_path`` (default: the shipped one), its ONNX file's
    checksum verified; :class:`DeepLoadError` when it is missing, damaged or the extra is not
    installed."""
    card_path = Path(card_path) if card_path is not None else models_dir() / CARD_FILE
    try:
        card = json.loads(card_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DeepLoadError(f"{card_path}: no deep model card (train one with `mtlint train --deep`)") from None
    except (OSError, ValueError) as exc:
        raise DeepLoadError(f"{card_path}: not a readable deep model card ({exc})") from None
    if card.get("format") != FORMAT:
        raise DeepLoadError(f"{card_path}: not a deep model card (format {card.get('format')!r})")
    folder = card_path.parent
    onnx_path, tokenizer_path = folder / card["model_file"], folder / card["tokenizer_file"]
    for path, key in ((onnx_path, "model_sha256"), (tokenizer_path, "tokenizer_sha256")):
        if not path.is_file():
            raise DeepLoadError(f"{path}: missing (named by {card_path})")
        found = sha256(path)
        if found != card[key]:
            raise DeepLoadError(f"{path}: checksum {found[:12]}... differs from the card's {card[key][:12]}...")
    combiner = card["combiner"]
    model = DeepModel(onnx_path, tokenizer_path, int(card["max_tokens"]), threads)
    coef, intercept = np.array(combiner["coef"], dtype=float), float(combiner["intercept"])
    return DeepStage(coef, intercept, float(card["model_threshold"]), model, card)
