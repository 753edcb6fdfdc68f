import itertools

from mtlint.core.runs import runs


def test_runs_keep_order_and_bounds_and_an_oversized_item_stands_alone():
    items = [3, 3, 3, 10, 1, 1, 1, 1, 1]
    found = list(runs(items, lambda n: n, max_size=7, max_items=3))
    assert [n for run in found for n in run] == items
    assert found == [[3, 3], [3], [10], [1, 1, 1], [1, 1]]


def test_runs_read_an_endless_stream_lazily():
    first = next(runs(itertools.count(1), lambda n: 1, max_size=4))
    assert first == [1, 2, 3, 4]
