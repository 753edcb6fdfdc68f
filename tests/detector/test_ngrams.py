import numpy as np
import pytest
from sklearn.feature_extraction.text import HashingVectorizer

from mtlint.detector.ngrams import NgramHasher


def columns(matrix, row: int) -> dict[int, float]:
    line = matrix.getrow(row)
    return dict(zip(line.indices.tolist(), line.data.tolist(), strict=True))


def test_a_text_hashes_the_same_wherever_it_stands_in_the_batch():
    hasher = NgramHasher()
    text = "Foreign Secretary Anthony J. Blinken said, “it isn’t late.”"
    first = hasher.transform([text, "x", "Another text."])
    last = hasher.transform(["Something else entirely.", "y", text])
    assert columns(first, 0) == columns(last, 2)


def test_counts_match_the_n_grams_of_the_text():
    hasher = NgramHasher(char_ngrams=(2, 4), word_ngrams=(1, 2))
    row = hasher.transform(["the cat the cat"])
    chars = sum(len("the cat the cat") - n + 1 for n in (2, 3, 4))  # 14 + 13 + 12
    words = 4 + 3  # unigrams and bigrams
    values = row.data
    char_part = values[row.indices < hasher.n_features]
    word_part = values[row.indices >= hasher.n_features]
    # each block holds counts scaled by 1/sqrt(its n-gram total): squares sum back to the total
    assert np.isclose((char_part * np.sqrt(chars)).sum(), chars)
    assert np.isclose((word_part * np.sqrt(words)).sum(), words)
    assert np.isclose(word_part.max() * np.sqrt(words), 2)  # "the", "cat" and "the cat" twice


def test_word_n_grams_ignore_case_and_split_like_scikit_learn():
    hasher = NgramHasher(char_ngrams=(2, 2), word_ngrams=(1, 1))
    upper, lower = hasher.transform(["The MINISTER's visit", "the minister's visit"])[:, hasher.n_features :]
    assert (upper != lower).nnz == 0
    reference = HashingVectorizer(token_pattern=r"(?u)\b\w+\b|[^\w\s]").build_analyzer()
    assert upper.nnz == len(set(reference("the minister's visit")))


def test_n_grams_never_cross_from_one_text_into_the_next():
    hasher = NgramHasher()
    together = hasher.transform(["ab", "cd"])
    alone = hasher.transform(["ab"])
    assert columns(together, 0) == columns(alone, 0)


@pytest.mark.parametrize("text", ["", "a", "😀 emoji and 日本語", "\x00 nul \udcff surrogate", "  ", "İstanbul"])
def test_any_text_gives_a_row(text):
    matrix = NgramHasher().transform([text, "plain"])
    assert matrix.shape == (2, 2 * 2**18)
    assert np.isfinite(matrix.data).all()


def test_entries_score_like_the_matrix():
    hasher = NgramHasher()
    texts = ["One sentence here.", "Min.", "Another, with “quotes” and 2021 numbers."]
    weights = np.random.default_rng(0).normal(size=2 * hasher.n_features)
    rows, cols, values = hasher.entries(texts)
    direct = np.bincount(rows, values * weights[cols], minlength=len(texts))
    assert np.allclose(direct, hasher.transform(texts) @ weights)


def test_hashing_on_many_threads_gives_the_same_rows():
    from concurrent.futures import ThreadPoolExecutor

    texts = [f"Sentence number {i}, " * (i % 50 + 1) for i in range(200)]
    expected = [NgramHasher().transform([t]) for t in texts]
    with ThreadPoolExecutor(8) as pool:
        found = list(pool.map(lambda t: NgramHasher().transform([t]), texts))
    assert all((a != b).nnz == 0 for a, b in zip(expected, found, strict=True))


def test_titles_before_a_name_are_left_out_of_the_n_grams():
    hasher = NgramHasher()
    same = [hasher.entries([text]) for text in ("Mr Lavrov arrived.", "Mr. Lavrov arrived.", "Lavrov arrived.")]
    assert all(np.array_equal(a, b) for entries in same[1:] for a, b in zip(same[0], entries, strict=True))
    kept = NgramHasher(titles=False).entries(["Mr Lavrov arrived."])
    assert len(kept[0]) > len(same[0][0])
    # a title that is no title of a name stays: "Mr." alone, "Dr" before a lower-case word
    for text in ("He said Mr.", "Dr dre is a name in lower case."):
        assert len(hasher.entries([text])[0]) == len(NgramHasher(titles=False).entries([text])[0])


def test_british_spellings_hash_as_american_ones_keeping_case():
    from mtlint.detector.ngrams import american_spelling

    assert american_spelling("The centre organised a Labour rally.") == "The center organized a Labor rally."
    assert american_spelling("DEFENCE and Colour") == "DEFENSE and Color"
    text = "Nothing here differs between the two."
    assert american_spelling(text) is text
    hasher = NgramHasher()
    british, american = (hasher.entries([t]) for t in ("The centre organised it.", "The center organized it."))
    assert all(np.array_equal(a, b) for a, b in zip(british, american, strict=True))
    assert not np.array_equal(NgramHasher(american=False).entries(["The centre organised it."])[1], american[1])
