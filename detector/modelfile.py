"""The model file: a :class:`~detector.scorer.Scorer`'s numeric arrays and JSON parameters in
one ``.npz`` archive.

Reading it parses JSON and numeric arrays only (``numpy.load(..., allow_pickle=False)`` refuses
object arrays, the one way an ``.npz`` can carry code), so a tampered file cannot run
anything; it loads in milliseconds where skops took 0.4 s and needed scikit-learn imported.
:func:`save` and :func:`load` map the scorer's parts to the file and back, checking every
array's shape and type.
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np

from .grammar_stage import GrammarStage
from .model import SentenceModel
from .ngrams import NgramHasher
from .scorer import Scorer
from .spans import SpanModel
from .verdict import Verdict

MODEL_FILE = "default.npz"
FORMAT = "mtlint-scorer"
VERSION = 1
_META = "meta.json"


class ModelLoadError(RuntimeError):
    """The model file is missing, corrupt, of another format, or holds something other than
    numbers and parameters."""


def write(path: str | Path, meta: dict, arrays: dict[str, np.ndarray]) -> None:
    """Write ``meta`` (JSON-able) and ``arrays`` to ``path`` atomically."""
    path = Path(path)
    meta = {"format": FORMAT, "version": VERSION, **meta}
    payload = {_META: np.frombuffer(json.dumps(meta, sort_keys=True).encode("utf-8"), dtype=np.uint8)}
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as handle:
        np.savez_compressed(handle, **payload, **{name: np.asarray(a) for name, a in arrays.items()})
    tmp.replace(path)


def read(path: str | Path) -> tuple[dict, dict[str, np.ndarray]]:
    """The parameters and the arrays of a model file; :class:`ModelLoadError` for anything
    but a well-formed file of this format holding finite numbers."""
    try:
        with np.load(path, allow_pickle=False) as archive:
            arrays = {name: archive[name] for name in archive.files}
        meta = json.loads(arrays.pop(_META).tobytes().decode("utf-8"))
    except FileNotFoundError:
        raise ModelLoadError(f"{path}: no such model file") from None
    except Exception as exc:  # zip, JSON and numpy errors of a damaged or foreign file
        raise ModelLoadError(f"{path}: not a readable mtlint model ({exc})") from None
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise ModelLoadError(f"{path}: not an mtlint model file")
    if meta.get("version") != VERSION:
        raise ModelLoadError(f"{path}: model format version {meta.get('version')}, this mtlint reads {VERSION}")
    for name, array in arrays.items():
        if array.dtype.kind not in "fiu" or not np.isfinite(array).all():
            raise ModelLoadError(f"{path}: array {name!r} is not finite numbers ({array.dtype})")
    return meta, arrays


# The state arrays every model has, by shape: "h" hashed n-gram columns, "k" calibration
# folds, "d" features of the final model.
_SHAPES: dict[str, tuple] = {
    "fluency_coef": ("h",),
    "fold_mean": ("k", "d"),
    "fold_scale": ("k", "d"),
    "fold_coef": ("k", "d"),
    "fold_intercept": ("k",),
    "fold_a": ("k",),
    "fold_b": ("k",),
    "explain_scale": ("d",),
    "explain_coef": ("d",),
    "classes": (2,),
}
_MODEL_PARAMS = ("fluency_C", "C", "cv", "random_state")
_VERDICT_PARAMS = ("threshold", "model_threshold", "grammar_model_threshold")


def save(path: str | Path, scorer: Scorer) -> None:
    """Write ``scorer`` to ``path``: parameters as JSON, state as arrays."""
    model, verdict = scorer.model, scorer.verdict
    hasher = model.hasher_
    params = {name: getattr(model, name) for name in _MODEL_PARAMS}
    params.update({name: getattr(verdict, name) for name in _VERDICT_PARAMS})
    meta = {
        "params": {**params, "exclude": list(model.exclude)},
        "hasher": {
            "n_features": hasher.n_features,
            "char_ngrams": hasher.char_ngrams,
            "word_ngrams": hasher.word_ngrams,
            "titles": hasher.titles,
            "american": hasher.american,
        },
        "features": model.feature_names_,
        "fluency_intercept": model.fluency_intercept_,
        "general_intercept": model.general_intercept_,
        "spans": None,
        "grammar": None,
    }
    arrays = {name: getattr(model, f"{name}_") for name in _SHAPES}
    if model.general_coef_ is not None:
        arrays["general_coef"] = model.general_coef_
    if scorer.spans is not None:
        meta["spans"] = {"C": scorer.spans.C, "threshold": scorer.spans.threshold, "intercept": scorer.spans.intercept_}
        arrays["spans_coef"] = scorer.spans.coef_
    if scorer.grammar is not None:
        stage = scorer.grammar
        meta["grammar"] = {"features": list(stage.features), "C": stage.C, "max_shift": stage.max_shift}
        arrays["grammar_coef"] = stage.coef_
    write(path, meta, arrays)


def load(path: str | Path) -> Scorer:
    """A scorer written by :func:`save`; :class:`ModelLoadError` for any other file."""
    meta, arrays = read(path)
    try:
        return _decode(meta, arrays)
    except (KeyError, TypeError, ValueError) as exc:
        raise ModelLoadError(f"{path}: not a readable mtlint model ({exc!r})") from None


def _decode(meta: dict, arrays: dict[str, np.ndarray]) -> Scorer:
    params = dict(meta["params"])
    verdict = Verdict(**{name: params.pop(name) for name in _VERDICT_PARAMS})
    model = SentenceModel(**{**params, "exclude": tuple(params["exclude"])})
    hasher = meta["hasher"]
    model.hasher_ = NgramHasher(
        hasher["n_features"],
        tuple(hasher["char_ngrams"]),
        tuple(hasher["word_ngrams"]),
        bool(hasher.get("titles", False)),  # models trained before these hash text as it is
        bool(hasher.get("american", False)),
    )
    model.feature_names_ = [str(name) for name in meta["features"]]
    model.fluency_intercept_ = float(meta["fluency_intercept"])
    sizes = {"h": 2 * model.hasher_.n_features, "k": len(arrays["fold_coef"]), "d": len(model.feature_names_)}
    expected = dict(_SHAPES)
    scorer = Scorer(model, verdict)
    model.general_coef_ = model.general_intercept_ = None
    if meta.get("general_intercept") is not None:  # models trained before it have none
        model.general_intercept_ = float(meta["general_intercept"])
        model.general_coef_ = arrays["general_coef"]
        expected["general_coef"] = ("h",)
    if meta["spans"] is not None:
        spans = meta["spans"]
        scorer.spans = SpanModel(C=spans["C"], threshold=spans["threshold"])
        scorer.spans.intercept_ = float(spans["intercept"])
        scorer.spans.coef_ = arrays["spans_coef"]
        expected["spans_coef"] = (len(arrays["spans_coef"]),)
    if meta["grammar"] is not None:
        grammar = meta["grammar"]
        scorer.grammar = GrammarStage(tuple(grammar["features"]), C=grammar["C"], max_shift=grammar["max_shift"])
        scorer.grammar.coef_ = arrays["grammar_coef"]
        expected["grammar_coef"] = (len(grammar["features"]),)
    if set(arrays) != set(expected):
        raise ValueError(f"arrays {sorted(arrays)}, expected {sorted(expected)}")
    for name, shape in expected.items():
        want = tuple(sizes.get(n, n) for n in shape)
        if arrays[name].shape != want or (name != "classes" and arrays[name].dtype != np.float64):
            raise ValueError(f"array {name!r} has shape {arrays[name].shape} ({arrays[name].dtype}), expected {want}")
        if name in _SHAPES:
            setattr(model, f"{name}_", arrays[name])
    return scorer


def default_model_path() -> Path:
    return Path(str(resources.files("mtlint.detector").joinpath("models", MODEL_FILE)))


@lru_cache(maxsize=1)
def load_default() -> Scorer:
    path = default_model_path()
    if not path.exists():
        raise ModelLoadError(f"{path}: the default model is missing; train it with `mtlint train`")
    return load(path)
