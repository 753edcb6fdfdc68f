"""The model file: the scorer's parts written and read back, and nothing else accepted."""

import json
import time

import numpy as np
import pytest

from mtlint.core.records import Document
from mtlint.detector import modelfile
from mtlint.detector.modelfile import ModelLoadError, default_model_path, load_default
from mtlint.detector.pipeline import analyse


class Payload:
    """A type no mtlint model contains: loading a file holding it must be refused."""

    def __reduce__(self):
        return (print, ("this must never run",))


def _shipped_arrays() -> tuple[dict, dict]:
    return modelfile.read(default_model_path())


def _write_uncompressed(path, meta: dict, arrays: dict, **extra) -> None:
    """A model file as :func:`modelfile.write` lays it out, uncompressed (ten times faster to
    write: these tests write many)."""
    np.savez(path, **{"meta.json": np.frombuffer(json.dumps(meta).encode(), np.uint8)}, **arrays, **extra)


def test_a_model_carrying_a_pickled_object_is_refused_without_running_it(tmp_path, capsys):
    meta, arrays = _shipped_arrays()
    path = tmp_path / "evil.npz"
    _write_uncompressed(path, meta, arrays, payload=np.array([Payload()], dtype=object))
    with pytest.raises(ModelLoadError, match="not a readable mtlint model"):
        modelfile.load(path)
    assert "must never run" not in capsys.readouterr().out


def test_corrupt_or_foreign_model_files_are_refused(tmp_path):
    data = default_model_path().read_bytes()
    cut = tmp_path / "cut.npz"
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(ModelLoadError, match="not a readable mtlint model"):
        modelfile.load(cut)
    (tmp_path / "text.npz").write_text("not a model")
    with pytest.raises(ModelLoadError):
        modelfile.load(tmp_path / "text.npz")
    with pytest.raises(ModelLoadError, match="no such model file"):
        modelfile.load(tmp_path / "missing.npz")
    np.savez(tmp_path / "other.npz", weights=np.ones(3))
    with pytest.raises(ModelLoadError, match="not a readable mtlint model"):
        modelfile.load(tmp_path / "other.npz")


@pytest.mark.parametrize(
    "damage",
    [
        lambda meta, arrays: arrays.update(fold_coef=arrays["fold_coef"][:, :-1]),  # a feature short
        lambda meta, arrays: arrays.update(fluency_coef=np.full(3, np.nan)),
        lambda meta, arrays: arrays.pop("explain_scale"),
        lambda meta, arrays: arrays.update(extra=np.zeros(2)),
        lambda meta, arrays: meta.update(format="something-else"),
        lambda meta, arrays: meta.update(version=99),
        lambda meta, arrays: meta["params"].update(unknown=1),
        lambda meta, arrays: meta["params"].pop("threshold"),
    ],
)
def test_a_tampered_model_is_refused(tmp_path, damage):
    meta, arrays = _shipped_arrays()
    damage(meta, arrays)
    path = tmp_path / "tampered.npz"
    _write_uncompressed(path, meta, arrays)
    with pytest.raises(ModelLoadError):
        modelfile.load(path)


def test_saving_and_loading_keeps_every_array_parameter_score_and_explanation(tmp_path, seed_text):
    scorer = load_default()
    path = tmp_path / "copy.npz"
    modelfile.save(path, scorer)
    (meta, arrays), (meta_again, arrays_again) = _shipped_arrays(), modelfile.read(path)
    assert meta_again == meta  # the shipped file's very parameters ...
    assert arrays_again.keys() == arrays.keys()  # ... and arrays: the codec reads and writes the same file
    assert all(np.array_equal(arrays[name], arrays_again[name]) for name in arrays)
    again = modelfile.load(path)
    analysis = analyse(Document(id="seed", source="seed", text=seed_text))
    judged, judged_again = (s.judge(analysis.sentences, analysis.features, analysis.tokens) for s in (scorer, again))
    assert judged == judged_again and again.verdict == scorer.verdict


def test_the_model_loads_in_milliseconds():
    started = time.perf_counter()
    modelfile.load(default_model_path())
    assert time.perf_counter() - started < 1.0  # about 30 ms; skops took 0.4 s


def test_a_model_saved_before_titles_and_spellings_were_evened_out_hashes_text_as_it_is(tmp_path):
    meta, arrays = _shipped_arrays()
    assert meta["hasher"]["titles"] is True and meta["hasher"]["american"] is True
    del meta["hasher"]["titles"], meta["hasher"]["american"]
    path = tmp_path / "older.npz"
    _write_uncompressed(path, meta, arrays)
    older = modelfile.load(path).model.hasher_
    assert older.titles is False and older.american is False
