import nltk
import pytest

from features import readability

from .helpers import run_family


def test_features_are_numbers_for_every_sentence(seed_text):
    analysis, result = run_family(readability.extract, seed_text)
    assert len(result.features) == len(analysis.sentences)
    for feats in result.features:
        assert {"relative_length", "rare_word_rate", "oov_rate", "long_word_rate"} <= set(feats)
        assert all(isinstance(v, float) for v in feats.values())


def test_document_readability_agrees_with_textstat_on_the_seed(seed_text):
    analysis, result = run_family(readability.extract, seed_text)
    ours = result.readability
    textstat = readability._textstat()
    # the same formula over textstat's syllables; words and sentences are counted by mtlint
    assert abs(ours.flesch_reading_ease - textstat.flesch_reading_ease(seed_text)) < 10
    per_word = textstat.syllable_count(seed_text) / textstat.lexicon_count(seed_text)
    assert abs(ours.syllables_per_word - per_word) < 0.1


def test_syllables_come_from_textstat_and_are_remembered():
    assert readability.syllables("minister") == 3
    assert readability._syllables["minister"] == 3
    assert readability.syllables("x" * 500) == 0  # never hyphenated: textstat takes seconds on such tokens


def test_flesch_formula_and_empty_documents():
    assert readability.flesch_reading_ease(words=100, sentences=5, syllable_count=150) == pytest.approx(
        206.835 - 1.015 * 20 - 84.6 * 1.5
    )
    assert readability.flesch_reading_ease(0, 0, 0) == 0.0


def test_cmudict_is_provisioned_offline_in_nltk_format(tmp_path):
    path = readability.provision_cmudict(tmp_path)
    assert path == tmp_path / "corpora" / "cmudict" / "cmudict"
    lines = path.read_text(encoding="utf-8").splitlines()
    assert "minister 1 M IH1 N AH0 S T ER0" in lines
    assert len(lines) > 100_000


def test_textstat_reads_the_provisioned_dictionary():
    textstat = readability._textstat()
    assert textstat.syllable_count("minister") == 3


def test_missing_cmudict_fails_with_a_clear_message(monkeypatch):
    readability._textstat.cache_clear()
    monkeypatch.setattr(nltk.data, "path", ["/nonexistent"])
    try:
        readability._textstat()
    except readability.MissingDataError as exc:
        assert "mtlint provision" in str(exc)
    else:
        raise AssertionError("expected MissingDataError")
    finally:
        readability._textstat.cache_clear()
