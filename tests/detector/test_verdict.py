"""The one verdict rule: thresholds by evidence, and what MT900/MT901 say."""

import pytest

from mtlint.core.records import Document, Finding
from mtlint.detector.modelfile import load_default
from mtlint.detector.pipeline import analyse
from mtlint.detector.verdict import Verdict, rule_backed

RULE = Finding("MT105", "a lone abbreviation", 0, 4, "error")
INFO = Finding("MT104", "mixed titles", 0, 4, "info")
GRAMMAR = Finding("LT:EN_A_VS_AN", "a/an", 0, 4, "warning")
MODEL = Finding("MT900", "reads like garbled machine translation", 0, 4, "warning")


def test_only_a_rule_finding_above_info_is_rule_evidence():
    assert rule_backed([RULE])
    assert not rule_backed([INFO, GRAMMAR, MODEL])


def test_model_only_sentences_need_the_stricter_threshold_and_grammar_its_own():
    verdict = Verdict(0.3, 0.8, 0.9)
    assert verdict.limits() == (0.3, 0.8) and verdict.limits(grammar=True) == (0.3, 0.9)
    assert verdict.suspect(0.5, [RULE]) and not verdict.suspect(0.5, [GRAMMAR])
    assert verdict.suspect(0.85, []) and not verdict.suspect(0.85, [], grammar=True)


@pytest.mark.parametrize("threshold", [0.99, 0.0])
def test_a_run_threshold_is_the_floor_of_both(threshold):
    verdict = Verdict(0.3, 0.8).at(threshold)
    assert verdict.limits() == (threshold, max(threshold, 0.8))
    assert Verdict(0.3, 0.8).at(None) == Verdict(0.3, 0.8)


def test_without_a_model_only_threshold_both_are_the_threshold():
    assert Verdict(0.4).limits(grammar=True) == (0.4, 0.4)


def test_mt900_says_in_plain_words_what_looks_garbled_and_where():
    scorer = load_default()
    doc = Document(id="x", source="x", text="The Morphogy of Malaga province makes it an ideal area for horse squid.")
    analysis = analyse(doc)
    [sentence] = doc.sentences
    spans = scorer.spans.spans(analysis.tokens[0])
    [verdict, *words] = scorer.verdict.explain(sentence, 0.9, [("fluency", 1.0)], spans)
    assert verdict.code == "MT900" and "driven by" not in verdict.message and "score 0.90" in verdict.message
    assert "machine translation" in verdict.message and "Look first at 'Morphogy'" in verdict.message
    assert words and all(w.code == "MT901" and doc.text[w.start : w.end] in w.message for w in words)


def test_a_sentence_a_rule_explains_gets_no_model_finding():
    doc = Document(id="x", source="x", text="Min.")
    analyse(doc)
    assert Verdict().explain(doc.sentences[0], 0.99, [("fluency", 1.0)], [(0, 3)]) == []
