"""The default worker count: one process for input too small to gain, free cores otherwise."""

from __future__ import annotations

import itertools

from mtlint.core.records import Document
from mtlint.detector.jobs import MIN_PARALLEL_CHARS, available_cpus, idle_cpus, plan


def _docs(n: int, chars: int) -> itertools.chain[Document]:
    return itertools.chain(Document(id=str(i), source="s", text="x" * chars) for i in range(n))


def test_small_input_stays_in_one_process_and_loses_no_document():
    docs = _docs(400, 100)  # 40,000 characters: far under what workers need
    jobs, head = plan(0, docs)
    assert jobs == 1 and [d.id for d in head + list(docs)] == [str(i) for i in range(400)]


def test_an_explicit_job_count_is_kept_and_the_rest_of_the_input_is_left_unread():
    docs = _docs(100, 100)
    jobs, head = plan(2, docs)
    assert jobs == 2 and [d.id for d in head] == [str(i) for i in range(8)]
    assert next(docs).id == "8"


def test_large_input_reads_ahead_to_the_threshold_and_uses_at_most_the_free_cores():
    docs = _docs(1000, 10_000)
    jobs, head = plan(0, docs)
    assert 1 <= jobs <= available_cpus()
    assert sum(len(d.text) for d in head) >= MIN_PARALLEL_CHARS > sum(len(d.text) for d in head[:-1])
    assert next(docs).id == str(len(head))


def test_free_cores_are_between_none_and_every_core():
    assert 0.0 <= idle_cpus(0.05) <= available_cpus()
