"""How many processes a run uses: ``--jobs N`` as asked, or (the default, ``--jobs 0``) every
core that pays off, so that the default is never slower than one process (the pool itself is
``workers.py``).

Worker processes cost a fork, a pool, and pickling every document both ways, paid by a parent
that also reads and writes. That pays only on input large enough and cores that are free: on a
2-core runner already busy with other jobs, two workers and their parent were slower than one
process (``python -m benchmarks.throughput`` measures both). So the default reads ahead up to
``MIN_PARALLEL_CHARS`` of text and stays in one process when the input ends before that, and
otherwise uses as many workers as cores are free (idle now, by ``/proc/stat``, and by the load
average), falling back to one process when fewer than two are.
"""

from __future__ import annotations

import itertools
import logging
import os
import time
from collections.abc import Iterator

from mtlint.core.records import Document

MIN_PARALLEL_CHARS = 1_000_000  # about two seconds of one process's work on a 2-core VM
_SAMPLE_SECONDS = 0.2
log = logging.getLogger("mtlint")


def plan(requested: int, docs: Iterator[Document]) -> tuple[int, list[Document]]:
    """The number of processes for a run (``requested``: ``--jobs``, 0 for the default) and the
    documents read ahead to decide it, which the run must check first."""
    cpus = available_cpus()
    jobs = requested or cpus
    head = list(itertools.islice(docs, 4 * jobs))
    if jobs == 1 or len(head) < 4 * jobs:  # a few documents: workers would cost more than they save
        return 1, head
    if requested:
        return jobs, head
    chars = sum(len(doc.text) for doc in head)
    for doc in docs:
        head.append(doc)
        chars += len(doc.text)
        if chars >= MIN_PARALLEL_CHARS:
            break
    if chars < MIN_PARALLEL_CHARS:
        log.info("one process: the input is under %s characters", f"{MIN_PARALLEL_CHARS:,}")
        return 1, head
    free = idle_cpus()
    jobs = min(jobs, int(free + 0.25))  # a core three-quarters idle counts
    log.info("%.1f of %d cores free: %s", free, cpus, f"{jobs} worker processes" if jobs >= 2 else "one process")
    return (jobs if jobs >= 2 else 1), head


def available_cpus() -> int:
    """The cores this process may run on (its affinity mask where the system has one)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def threads_per_process(processes: int) -> int:
    """The cores each of ``processes`` processes may use (at least one): the deep model's
    ONNX Runtime threads in a run of that many worker processes."""
    return max(1, available_cpus() // max(1, processes))


def idle_cpus(seconds: float = _SAMPLE_SECONDS) -> float:
    """How many cores are free: the fewer of the cores idle over the last ``seconds`` (Linux's
    ``/proc/stat``) and the cores less the one-minute load average. Both, because other jobs on
    a shared runner come in bursts that a short sample can miss."""
    free = float(available_cpus())
    if hasattr(os, "getloadavg"):
        free = min(free, available_cpus() - os.getloadavg()[0])
    first = _cpu_times()
    if first is not None:
        time.sleep(seconds)
        second = _cpu_times() or first
        ticks = [b - a for a, b in zip(first, second, strict=True)]
        if sum(ticks) > 0:
            idle = (ticks[3] + ticks[4]) / sum(ticks)  # the idle and iowait columns
            free = min(free, idle * (os.cpu_count() or 1))
    return max(0.0, free)


def _cpu_times() -> list[int] | None:
    """The machine's cumulative CPU times (user, nice, system, idle, iowait, ...) in ticks."""
    try:
        with open("/proc/stat", encoding="ascii") as handle:
            fields = handle.readline().split()
    except OSError:
        return None
    if not fields or fields[0] != "cpu" or len(fields) < 6:
        return None
    return [int(value) for value in fields[1:]]
