import zipfile

import numpy as np
import pytest
import skops.io as sio

from core.records import Document
from detector.pipeline import Detector
from detector.scorer import ModelLoadError, Scorer, default_model_path, load_default


class Payload:
    """A type no mtlint model contains: loading a file holding it must be refused."""

    def __reduce__(self):
        return (print, ("this must never run",))


def test_shipped_model_loads_and_flags_the_seeds_garbled_sentences(seed_text):
    detector = Detector.create()
    doc = detector.check(Document(id="seed", source="seed", text=seed_text))
    suspect = {s.text for s in doc.sentences if s.suspect}
    for garbled in ("Min.", "Echoing Putin’s recent gestures, Shri."):
        assert garbled in suspect
    for start in ("WASHINGTON – Foreign Secretary", "Russian Foreign Minister Sergei V.", "Reiterated Putin’s demand"):
        assert any(s.startswith(start) for s in suspect), start
    assert 0 <= doc.score <= 1 and doc.suspect


def test_scores_are_probabilities_and_explained():
    scorer = load_default()
    assert 0 < scorer.threshold < 1
    detector = Detector.create()
    doc = detector.check(Document(id="x", source="x", text="Min. The council met. Shri."))
    for s in doc.sentences:
        assert 0.0 <= s.score <= 1.0
    assert any(name for s in doc.sentences for name, _ in s.drivers)


def test_tampered_model_with_an_untrusted_type_is_refused(tmp_path):
    scorer = load_default()
    scorer.payload_ = Payload()
    path = tmp_path / "evil.skops"
    sio.dump(scorer, path)
    del scorer.payload_
    with pytest.raises(ModelLoadError, match="untrusted types"):
        Scorer.load(path)


def test_corrupt_model_file_is_refused(tmp_path):
    path = tmp_path / "broken.skops"
    with zipfile.ZipFile(default_model_path()) as src, zipfile.ZipFile(path, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            dst.writestr(item, data[: len(data) // 2] if item.filename == "schema.json" else data)
    with pytest.raises(ModelLoadError, match="not a readable mtlint model"):
        Scorer.load(path)
    (tmp_path / "text.skops").write_text("not a model")
    with pytest.raises(ModelLoadError):
        Scorer.load(tmp_path / "text.skops")


def test_a_model_of_another_type_is_refused(tmp_path):
    path = tmp_path / "other.skops"
    sio.dump({"threshold": 0.5}, path)
    with pytest.raises(ModelLoadError, match="not an mtlint Scorer"):
        Scorer.load(path)


def test_direct_calibrated_scores_equal_scikit_learns(seed_text):
    from detector import segment
    from detector.pipeline import analyse_sentences

    scorer = load_default()
    doc = Document(id="s", source="s", text=seed_text)
    doc.sentences = segment.sentences(seed_text)
    analyse_sentences(doc, doc.sentences)
    features = scorer._features(doc.sentences)
    assert np.allclose(scorer._calibrated(features), scorer.model_.predict_proba(features)[:, 1], atol=1e-12)


def test_direct_features_equal_the_vectorizer_and_pipeline(seed_text):
    from detector.pipeline import analyse

    scorer = load_default()
    sentences = analyse(Document(id="seed", source="seed", text=seed_text)).sentences
    fluency = scorer.fluency_.predict_proba([s.text for s in sentences])[:, 1]
    expected = scorer.vectorizer_.transform(scorer._dicts(sentences, fluency))
    assert np.allclose(scorer._features(sentences), expected)
