"""Every pattern family that sees user text runs in linear time (issue #30): timed on the
shapes that made it backtrack (benchmarks.adversarial), at 10x and 100x a base size. Linear
growth is a ratio near 10 and quadratic near 100; the bound sits between with room for noise,
and compares the code with itself, never with a clock."""

import pytest

from benchmarks.adversarial import BASE, PATTERN_FAMILIES, family_seconds

GROWTH_BOUND = 35  # for 10x more text; a quadratic pattern gives about 100


@pytest.mark.parametrize("family", list(PATTERN_FAMILIES))
def test_time_grows_linearly_with_adversarial_text(family):
    function, shape = PATTERN_FAMILIES[family]
    small = family_seconds(function, shape(10 * BASE), repeats=5)
    large = family_seconds(function, shape(100 * BASE), repeats=3)
    assert large / max(small, 1e-4) < GROWTH_BOUND, f"{family}: {small:.4f} s -> {large:.4f} s"
