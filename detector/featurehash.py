"""scikit-learn's ``FeatureHasher(input_type="string", alternate_sign=False)`` column indices,
computed with numpy: MurmurHash3 (x86, 32-bit, seed 0) of each string's UTF-8 bytes, its
absolute value modulo ``n_features``.

The span model was trained on FeatureHasher's columns; scoring with this module gives the same
columns without importing scikit-learn, whose import alone cost a one-file check 0.5-1 s.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

_C1, _C2 = np.uint32(0xCC9E2D51), np.uint32(0x1B873593)


def _rotl(x: np.ndarray, r: int) -> np.ndarray:
    return (x << np.uint32(r)) | (x >> np.uint32(32 - r))


def _fmix(h: np.ndarray) -> np.ndarray:
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


def murmurhash3_32(strings: Sequence[str]) -> np.ndarray:
    """Signed 32-bit MurmurHash3 of each string's UTF-8 bytes (``sklearn.utils.murmurhash3_32``
    with ``seed=0``), for all strings at once: block ``j`` of every string long enough is
    mixed in one array step."""
    encoded = [s.encode("utf-8") for s in strings]
    lengths = np.fromiter(map(len, encoded), dtype=np.int64, count=len(encoded))
    width = -(-int(lengths.max(initial=0)) // 4) * 4 or 4
    blocks = np.frombuffer(b"".join(b.ljust(width, b"\0") for b in encoded), dtype="<u4").reshape(len(encoded), -1)
    full = lengths // 4
    h = np.zeros(len(encoded), dtype=np.uint32)
    with np.errstate(over="ignore"):
        for j in range(blocks.shape[1]):
            k = _rotl(blocks[:, j] * _C1, 15) * _C2
            mixed = _rotl(h ^ k, 13) * np.uint32(5) + np.uint32(0xE6546B64)
            body = full > j
            tail = (full == j) & (lengths % 4 > 0)  # the last, partial block (zero-padded)
            h = np.where(body, mixed, np.where(tail, h ^ k, h))
        h = _fmix(h ^ lengths.astype(np.uint32))
    return h.view(np.int32)


def feature_columns(strings: Sequence[str], n_features: int) -> np.ndarray:
    """FeatureHasher's column of each string."""
    if not len(strings):
        return np.zeros(0, dtype=np.int64)
    return np.abs(murmurhash3_32(strings).astype(np.int64)) % n_features
