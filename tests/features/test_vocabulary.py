import random

import wordfreq

from mtlint.core.cache import cache_path, package_file
from mtlint.features import vocabulary


def test_zipf_values_are_wordfreqs_for_every_word_and_zero_for_unknown_ones():
    table = vocabulary.zipf_table()
    buckets = wordfreq.get_frequency_list("en", "large")
    expected = {word: round(9 - i / 100, 2) for i, words in enumerate(buckets) for word in words}
    assert all(table[word] == value for word, value in expected.items())
    for word in random.Random(0).sample(sorted(expected), 300):
        assert vocabulary.zipf(word) == wordfreq.zipf_frequency(word, "en")
    assert vocabulary.zipf("blinkonx") == 0.0 and table["zzqxv"] == 0.0


def test_common_words_are_wordfreqs_top_lists():
    for n in (300, 2000, 20_000):  # the last one is past the cached top words
        assert vocabulary.common_words(n) == frozenset(wordfreq.top_n_list("en", n))


def test_a_damaged_cache_is_rebuilt(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    vocabulary.zipf_table.cache_clear()
    try:
        path = cache_path(vocabulary._TABLE, package_file("wordfreq", "data", "large_en.msgpack.gz"))
        assert vocabulary.zipf_table()["the"] > 7 and path.exists()
        path.write_text("AB\nthe\nthe", encoding="utf-8")
        vocabulary.zipf_table.cache_clear()
        assert vocabulary.zipf_table()["minister"] == wordfreq.zipf_frequency("minister", "en")
        assert len(path.read_text("utf-8")) > 1_000_000
    finally:
        vocabulary.zipf_table.cache_clear()
