import numpy as np

from mtlint.core.records import Document
from mtlint.detector import segment
from mtlint.detector.modelfile import load_default
from mtlint.detector.spans import SpanModel, token_labels
from mtlint.features.analysis import Analysis


def analysed(text: str) -> Analysis:
    doc = Document(id="t", source="t", text=text)
    doc.sentences = segment.sentences(text)
    return Analysis.of(doc)


def test_token_labels_follow_the_gold_character_spans():
    analysis = analysed("The floor coverings are called disks.")
    tokens = analysis.tokens[0]
    labels = token_labels(tokens, [(4, 19)])
    assert [t.text for t, y in zip(tokens, labels, strict=True) if y] == ["floor", "coverings"]


def test_span_model_learns_which_words_are_bad_and_returns_word_spans():
    good = analysed("The council approved the budget on Monday.").tokens[0]
    bad = analysed("The council approved the zorgle on Monday.").tokens[0]
    sentences = [good, bad] * 30
    labels = [[0] * len(good), [int(t.text == "zorgle") for t in bad]] * 30
    model = SpanModel().fit(sentences, labels)
    text = "The council approved the zorgle on Monday."
    spans = model.spans(analysed(text).tokens[0])
    assert [text[s:e] for s, e in spans] == ["zorgle"]


def test_shipped_model_marks_words_not_punctuation():
    scorer = load_default()
    assert scorer.spans is not None
    text = "The floor coverings are called 4 MB disks related to their unformatable capacity."
    tokens = analysed(text).tokens[0]
    for start, end in scorer.spans.spans(tokens):
        assert text[start:end].strip() == text[start:end] and any(c.isalpha() for c in text[start:end])


def test_span_probabilities_equal_scikit_learns_on_feature_hasher_columns(seed_text):
    """Scoring hashes with :mod:`detector.featurehash`; the model was fitted on FeatureHasher's
    columns: the probabilities must be scikit-learn's own."""
    from sklearn.feature_extraction import FeatureHasher

    from mtlint.detector.spans import N_FEATURES, _token_features

    model = load_default().spans
    for tokens in analysed(seed_text).tokens:
        rows = [_token_features(tokens, i) for i in range(len(tokens))]
        X = FeatureHasher(n_features=N_FEATURES, input_type="string", alternate_sign=False).transform(rows)
        expected = 1 / (1 + np.exp(-(X @ model.coef_ + model.intercept_)))
        proba = model.predict_proba(tokens)
        assert proba.shape == (len(tokens), 2) and np.allclose(proba.sum(axis=1), 1.0)
        assert np.allclose(proba[:, 1], expected, rtol=0, atol=1e-12)
