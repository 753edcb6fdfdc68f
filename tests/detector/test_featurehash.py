import random

import numpy as np
from sklearn.feature_extraction import FeatureHasher
from sklearn.utils import murmurhash3_32

from mtlint.detector.featurehash import feature_columns
from mtlint.detector.featurehash import murmurhash3_32 as ours


def _strings() -> list[str]:
    rng = random.Random(0)
    fixed = ["", "a", "ab", "abc", "abcd", "abcde", "w=the", "pw=<s>", "w=putin’s", "日本語テキスト", "emoji 🙂"]
    alphabet = [chr(c) for c in (*range(32, 127), *range(160, 400), 0x3042, 0x1F642)]
    return fixed + ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 41))) for _ in range(3000)]


def test_murmurhash_equals_scikit_learns_for_every_length_and_script():
    strings = _strings()
    assert np.array_equal(ours(strings), np.array([murmurhash3_32(s, seed=0) for s in strings], dtype=np.int32))


def test_columns_equal_feature_hashers():
    strings = _strings()
    for n_features in (2**18, 1000):
        hashed = FeatureHasher(n_features=n_features, input_type="string", alternate_sign=False)
        assert np.array_equal(feature_columns(strings, n_features), hashed.transform([[s] for s in strings]).indices)
    assert len(feature_columns([], 2**18)) == 0
