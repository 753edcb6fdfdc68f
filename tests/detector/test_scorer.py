import json

import numpy as np
import pytest

from mtlint.core.records import Document
from mtlint.detector.pipeline import Detector
from mtlint.detector.scorer import ModelLoadError, Scorer, default_model_path, load_default


class Payload:
    """A type no mtlint model contains: loading a file holding it must be refused."""

    def __reduce__(self):
        return (print, ("this must never run",))


def _shipped_arrays() -> tuple[dict, dict]:
    from mtlint.detector import modelfile

    return modelfile.read(default_model_path())


def test_shipped_model_loads_and_flags_the_seeds_garbled_sentences(seed_text):
    detector = Detector.create()
    doc = detector.check(Document(id="seed", source="seed", text=seed_text))
    suspect = {s.text for s in doc.sentences if s.suspect}
    for garbled in ("Min.", "Echoing Putin’s recent gestures, Shri."):
        assert garbled in suspect
    for start in (
        "WASHINGTON – Foreign Secretary",  # MT201: names cut at an initial
        "Russian Foreign Minister Sergei V.",
        "Mr Blinken said he would not allow",  # MT101
        "“Attracting Ukraine",  # MT301: "Blinkon", a name misspelt once
        "Reiterated Putin’s demand",  # MT401
        "United States in late January.",  # MT402
        "Anton Trinowski Contributed",  # MT404
    ):
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


def test_a_model_carrying_a_pickled_object_is_refused_without_running_it(tmp_path, capsys):
    meta, arrays = _shipped_arrays()
    path = tmp_path / "evil.npz"
    np.savez(path, **{"meta.json": np.frombuffer(json.dumps(meta).encode(), np.uint8)}, **arrays,
             payload=np.array([Payload()], dtype=object))  # fmt: skip
    with pytest.raises(ModelLoadError, match="not a readable mtlint model"):
        Scorer.load(path)
    assert "must never run" not in capsys.readouterr().out


def test_corrupt_or_foreign_model_files_are_refused(tmp_path):
    data = default_model_path().read_bytes()
    cut = tmp_path / "cut.npz"
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(ModelLoadError, match="not a readable mtlint model"):
        Scorer.load(cut)
    (tmp_path / "text.npz").write_text("not a model")
    with pytest.raises(ModelLoadError):
        Scorer.load(tmp_path / "text.npz")
    with pytest.raises(ModelLoadError, match="no such model file"):
        Scorer.load(tmp_path / "missing.npz")
    np.savez(tmp_path / "other.npz", weights=np.ones(3))
    with pytest.raises(ModelLoadError, match="not a readable mtlint model"):
        Scorer.load(tmp_path / "other.npz")


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
    ],
)
def test_a_tampered_model_is_refused(tmp_path, damage):
    from mtlint.detector import modelfile

    meta, arrays = _shipped_arrays()
    damage(meta, arrays)
    path = tmp_path / "tampered.npz"
    modelfile.write(path, meta, arrays)
    with pytest.raises(ModelLoadError):
        Scorer.load(path)


def test_saving_and_loading_keeps_every_score_explanation_and_span(tmp_path, seed_text):
    from mtlint.detector.pipeline import analyse

    scorer = load_default()
    path = tmp_path / "copy.npz"
    scorer.save(path)
    again = Scorer.load(path)
    sentences = analyse(Document(id="seed", source="seed", text=seed_text)).sentences
    (scores, drivers), (scores_again, drivers_again) = (
        scorer.score_and_explain(sentences),
        again.score_and_explain(sentences),
    )
    assert np.array_equal(scores, scores_again) and drivers == drivers_again
    assert again.threshold == scorer.threshold and np.array_equal(again.grammar_.coef_, scorer.grammar_.coef_)
    assert np.array_equal(again.spans_.coef_, scorer.spans_.coef_)
    assert again.model_threshold == scorer.model_threshold
    assert np.array_equal(again.general_coef_, scorer.general_coef_)


def test_the_model_loads_in_milliseconds():
    import time

    started = time.perf_counter()
    Scorer.load(default_model_path())
    assert time.perf_counter() - started < 1.0  # about 30 ms; skops took 0.4 s


def test_direct_scores_equal_scikit_learns_models():
    """The arrays kept from fitted scikit-learn models give its numbers: calibrated scores,
    the explainer's terms and the fluency model's probabilities."""
    from sklearn.base import clone
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    from mtlint.detector.monotone import NonNegativeLogisticRegression
    from mtlint.detector.scorer import _fit_fluency

    rng = np.random.default_rng(0)
    features = rng.normal(size=(300, 5))
    y = (features[:, 0] + rng.normal(size=300) > 0).astype(int)
    linear = make_pipeline(StandardScaler(), NonNegativeLogisticRegression(C=0.3))
    explainer, calibrated = clone(linear).fit(features, y), CalibratedClassifierCV(linear, cv=3).fit(features, y)
    scorer = Scorer()
    scorer.keep_linear([f"f{i}" for i in range(5)], explainer, calibrated)
    assert np.allclose(scorer._calibrated(features), calibrated.predict_proba(features)[:, 1], atol=1e-12)
    # the reasons' terms add up to the explainer's decision, less its value at zero features
    terms = (features / scorer.explain_scale_ * scorer.explain_coef_).sum(axis=1)
    at_zero = explainer.decision_function(np.zeros((1, 5)))
    assert np.allclose(terms, explainer.decision_function(features) - at_zero)
    texts = ["The minister said the talks went well.", "Reiterated demand of the with Shri.", "Min."] * 10
    scorer.hasher_ = load_default().hasher_
    fluency = _fit_fluency(scorer.hasher_, 3.0, texts, np.array([0, 1, 1] * 10))
    scorer.fluency_coef_, scorer.fluency_intercept_ = fluency.coef_[0], float(fluency.intercept_[0])
    scorer.general_coef_ = None
    p = fluency.predict_proba(scorer.hasher_.transform(texts))[:, 1]
    assert np.allclose(scorer._fluency(texts), p)
    # with the general model, the fluency score is the probability of the two logits' mean
    general = _fit_fluency(scorer.hasher_, 3.0, texts, np.array([0, 0, 1] * 10))
    scorer.general_coef_, scorer.general_intercept_ = general.coef_[0], float(general.intercept_[0])
    q = general.predict_proba(scorer.hasher_.transform(texts))[:, 1]
    mean = (np.log(p / (1 - p)) + np.log(q / (1 - q))) / 2
    assert np.allclose(scorer._fluency(texts), 1 / (1 + np.exp(-mean)))


def test_no_evidence_lowers_the_shipped_models_score():
    """Every feature is evidence of garbling: the shipped model's weights (each calibration
    fold's and the explainer's) are never negative, so a finding never makes its sentence
    look more fluent."""
    scorer = load_default()
    assert (scorer.fold_coef_ >= 0).all()
    assert (scorer.explain_coef_ >= 0).all()
    assert (scorer.fold_coef_[:, scorer.feature_names_.index("fluency")] > 0).all()


def test_model_only_flags_need_the_stricter_threshold():
    from mtlint.detector.pipeline import analyse
    from mtlint.detector.scorer import rule_backed

    scorer = load_default()
    assert scorer.threshold < scorer.model_threshold < 1
    assert scorer.limits(0.99) == (0.99, 0.99)  # an explicit threshold is the floor of both
    text = "Min. The Morphogy of Malaga province makes it an ideal area for horse squid, hoinarite and beating."
    doc = Document(id="x", source="x", text=text)
    analysis = analyse(doc)
    scorer.score(doc.sentences, analysis.tokens, threshold=0.0)
    debris, salad = doc.sentences
    assert rule_backed(debris) and debris.suspect and not any(f.code == "MT900" for f in debris.findings)
    assert not rule_backed(salad) and salad.suspect == (salad.score >= scorer.model_threshold)


@pytest.mark.languagetool
def test_scores_the_grammar_stage_moved_meet_the_threshold_chosen_with_grammar(languagetool_url):
    """Grammar only raises scores, so model-only verdicts on them take the threshold chosen
    with grammar; where the server is gone, the first stage's scores meet the first stage's."""
    from mtlint.detector.pipeline import analyse
    from mtlint.detector.scorer import rule_backed
    from mtlint.features.grammar import GrammarChecker
    from mtlint.features.languagetool import server

    scorer = load_default()
    assert scorer.model_threshold <= scorer.grammar_model_threshold < 1
    assert scorer.limits(0.3, grammar=True) == (0.3, scorer.grammar_model_threshold)
    # a rule-explained sentence, then a post-edit of Nepali-English MT full of transliterations
    text = "Min. It looks like this shila knife cut kabrmo at once."

    def judged(url: str) -> list:
        doc = Document(id="x", source="x", text=text)
        analysis = analyse(doc)
        first = scorer.predict_proba(doc.sentences)
        scorer.score(
            doc.sentences, analysis.tokens, scorer.threshold, GrammarChecker(url, retries=0).check_in_place, "all"
        )
        return [(s, s.score - f) for s, f in zip(doc.sentences, first, strict=True)]

    scorer.grammar_model_threshold = 0.999  # stricter than any score here
    debris, salad = judged(languagetool_url)
    assert rule_backed(debris[0]) and debris[0].suspect
    assert not rule_backed(salad[0]) and salad[1] > 0  # LanguageTool raised it ...
    assert scorer.model_threshold <= salad[0].score < 0.999 and not salad[0].suspect  # ... not enough
    debris, salad = judged(f"http://127.0.0.1:{server.free_port()}")
    assert salad[1] == 0 and salad[0].suspect == (salad[0].score >= scorer.model_threshold)


def test_mt900_says_in_plain_words_what_looks_garbled_and_where():
    from mtlint.detector.pipeline import analyse

    scorer = load_default()
    doc = Document(id="x", source="x", text="The Morphogy of Malaga province makes it an ideal area for horse squid.")
    analysis = analyse(doc)
    [sentence] = doc.sentences
    sentence.drivers, sentence.score = [("fluency", 1.0)], 0.9
    [verdict, *words] = scorer.explain(sentence, analysis.tokens[0])
    assert verdict.code == "MT900" and "driven by" not in verdict.message
    assert "machine translation" in verdict.message and "Look first at 'Morphogy'" in verdict.message
    assert words and all(w.code == "MT901" and doc.text[w.start : w.end] in w.message for w in words)


def test_a_model_saved_before_titles_and_spellings_were_evened_out_hashes_text_as_it_is(tmp_path):
    from mtlint.detector import modelfile

    meta, arrays = _shipped_arrays()
    assert meta["hasher"]["titles"] is True and meta["hasher"]["american"] is True
    del meta["hasher"]["titles"], meta["hasher"]["american"]
    path = tmp_path / "older.npz"
    modelfile.write(path, meta, arrays)
    older = Scorer.load(path).hasher_
    assert older.titles is False and older.american is False


def test_british_and_american_spelling_score_the_same():
    from mtlint.detector.pipeline import analyse

    scorer = load_default()
    texts = ("The centre organised a labour rally.", "The center organized a labor rally.")
    scores = [scorer.predict_proba(analyse(Document(id="x", source="x", text=t)).sentences)[0] for t in texts]
    assert scores[0] == scores[1] < scorer.model_threshold


@pytest.mark.parametrize(
    "text",
    [
        "Mr Lavrov arrived.",
        "Mr Blinken left on Friday.",
        "Mr Putin denied the claim.",
        "Mr Johnson won the vote.",
        "Mr Scholz met Mr Macron in Paris.",
        "Mr Erdogan has not commented.",
        "Mr Xi spoke for an hour.",
        "Mr Obama was in Chicago.",
        "Mrs May resigned in 2019.",
        "Ms Ardern thanked voters.",
    ],
)
def test_short_fluent_news_sentences_with_a_title_are_not_flagged(text):
    """British house style writes "Mr Lavrov"; the model that learned titles as machine
    translation flagged 8 of these (and MT102 took "May" for a verb)."""
    doc = Detector.create().check(Document(id="x", source="x", text=text))
    assert not doc.suspect and not doc.sentences[0].findings
