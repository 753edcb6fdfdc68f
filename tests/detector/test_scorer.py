import copy
from dataclasses import replace

import pytest

from mtlint.core.records import Document
from mtlint.detector.model import Row
from mtlint.detector.modelfile import load_default
from mtlint.detector.pipeline import Detector, analyse
from mtlint.detector.verdict import rule_backed


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
    assert 0 < scorer.verdict.threshold < 1
    detector = Detector.create()
    doc = detector.check(Document(id="x", source="x", text="Min. The council met. Shri."))
    for s in doc.sentences:
        assert 0.0 <= s.score <= 1.0
    assert any(name for s in doc.sentences for name, _ in s.drivers)


def test_judging_leaves_the_sentences_as_they_were_and_judged_records_carry_the_result(seed_text):
    analysis = analyse(Document(id="seed", source="seed", text=seed_text))
    before = copy.deepcopy(analysis.sentences)
    judgement = load_default().judge(analysis.sentences, analysis.features, analysis.tokens)
    assert analysis.sentences == before
    assert any(judgement.suspect) and len(judgement.scores) == len(before)
    judged = judgement.judged(analysis.sentences)
    assert analysis.sentences == before  # new records: the segmented ones are not rewritten
    assert [s.score for s in judged] == judgement.scores
    assert [s.suspect for s in judged] == judgement.suspect
    assert [s.drivers for s in judged] == [tuple(d) for d in judgement.drivers]
    assert [s.findings for s in judged] == [s.findings + f for s, f in zip(before, judgement.findings, strict=True)]


def test_no_evidence_lowers_the_shipped_models_score():
    """Every feature is evidence of garbling: the shipped model's weights (each calibration
    fold's and the explainer's) are never negative, so a finding never makes its sentence
    look more fluent."""
    model = load_default().model
    assert (model.fold_coef_ >= 0).all()
    assert (model.explain_coef_ >= 0).all()
    assert (model.fold_coef_[:, model.feature_names_.index("fluency")] > 0).all()


def test_model_only_flags_need_the_stricter_threshold():
    scorer = load_default()
    assert scorer.verdict.threshold < scorer.verdict.model_threshold < 1
    text = "Min. The Morphogy of Malaga province makes it an ideal area for horse squid, hoinarite and beating."
    doc = Document(id="x", source="x", text=text)
    analysis = analyse(doc)
    verdict = scorer.verdict.at(0.0)
    debris, salad = scorer.judge(doc.sentences, analysis.features, analysis.tokens, verdict).judged(doc.sentences)
    assert rule_backed(debris.findings) and debris.suspect and not any(f.code == "MT900" for f in debris.findings)
    assert not rule_backed(salad.findings) and salad.suspect == (salad.score >= scorer.verdict.model_threshold)


@pytest.mark.languagetool
def test_scores_the_grammar_stage_moved_meet_the_threshold_chosen_with_grammar(languagetool_url):
    """Grammar only raises scores, so model-only verdicts on them take the threshold chosen
    with grammar; where the server is gone, the first stage's scores meet the first stage's."""
    from mtlint.features.grammar import GrammarChecker
    from mtlint.features.languagetool import server

    scorer = copy.copy(load_default())
    verdict = scorer.verdict
    assert verdict.model_threshold <= verdict.grammar_model_threshold < 1
    # a rule-explained sentence, then a post-edit of Nepali-English MT full of transliterations
    text = "Min. It looks like this shila knife cut kabrmo at once."

    def judged(url: str) -> list:
        doc = Document(id="x", source="x", text=text)
        analysis = analyse(doc)
        rows = [Row(s.text, f) for s, f in zip(doc.sentences, analysis.features, strict=True)]
        first = scorer.model.predict_proba(rows)[:, 1]
        hook = GrammarChecker(url, retries=0).check_sentences
        judgement = scorer.judge(doc.sentences, analysis.features, analysis.tokens, None, hook, "all")
        return [(s, s.score - f) for s, f in zip(judgement.judged(doc.sentences), first, strict=True)]

    scorer.verdict = replace(verdict, grammar_model_threshold=0.999)  # stricter than any score here
    debris, salad = judged(languagetool_url)
    assert rule_backed(debris[0].findings) and debris[0].suspect
    assert not rule_backed(salad[0].findings) and salad[1] > 0  # LanguageTool raised it ...
    assert verdict.model_threshold <= salad[0].score < 0.999 and not salad[0].suspect  # ... not enough
    debris, salad = judged(f"http://127.0.0.1:{server.free_port()}")
    assert salad[1] == 0 and salad[0].suspect == (salad[0].score >= verdict.model_threshold)


def test_british_and_american_spelling_score_the_same():
    scorer = load_default()
    texts = ("The centre organised a labour rally.", "The center organized a labor rally.")
    scores = []
    for text in texts:
        analysis = analyse(Document(id="x", source="x", text=text))
        scores.append(scorer.judge(analysis.sentences, analysis.features, analysis.tokens).scores[0])
    assert scores[0] == scores[1] < scorer.verdict.model_threshold


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
