"""Worker processes for ``mtlint check --jobs N``: forked once the model is loaded, each
checking one parcel of documents at a time, results in input order.

Written for what a pool must survive in a long corpus run (``ProcessPoolExecutor`` fails every
pending task when one worker dies, and its workers outlive a parent killed by a signal):

- a worker dies with its parent: Linux's parent-death signal (``prctl(PR_SET_PDEATHSIG)``
  through ctypes), so SIGKILL or SIGTERM to ``mtlint`` never leaves workers behind;
- a worker ignores Ctrl-C (the terminal sends SIGINT to the whole process group): the parent
  alone stops, says how far it got in one line, and ends its workers;
- a worker that dies (killed, out of memory) loses only the parcel it held: ``lost(parcel,
  reason)`` turns it into results (error records), a fresh worker takes its place, and the run
  goes on.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.connection import Connection, wait
from typing import Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")
_PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int) -> None:
    """Have the kernel kill this process when its parent dies (Linux; elsewhere nothing)."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the signal was set
        os._exit(1)


def _serve(conn: Connection, parent: int, initializer: Callable[[], None], fn: Callable[[T], R]) -> None:
    die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # the parent's clean-up handler is not ours
    initializer()
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):  # the parent is gone
            return
        if task is None:
            return
        index, item = task
        conn.send((index, fn(item)))


class _Worker:
    def __init__(self, context, initializer: Callable[[], None], fn: Callable) -> None:
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child, os.getpid(), initializer, fn), daemon=True)
        self.process.start()
        child.close()
        self.task: tuple[int, object] | None = None


def _reason(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        with contextlib.suppress(ValueError):
            return f"killed by {signal.Signals(-exitcode).name}"
    return f"exit status {exitcode}"


class WorkerPool(Generic[T, R]):
    """``jobs`` forked workers running ``fn`` on items; use as a context manager."""

    def __init__(
        self,
        jobs: int,
        fn: Callable[[T], R],
        lost: Callable[[T, str], R],
        initializer: Callable[[], None] = lambda: None,
    ) -> None:
        self.fn, self.lost, self.initializer = fn, lost, initializer
        self.context = multiprocessing.get_context("fork")
        self.workers = [self._start() for _ in range(jobs)]

    def _start(self) -> _Worker:
        return _Worker(self.context, self.initializer, self.fn)

    def map(self, items: Iterable[T], in_flight: int) -> Iterator[R]:
        """``fn`` of each item in input order, with at most ``in_flight`` items given out and
        not yet yielded (memory does not grow with the input)."""
        todo = iter(items)
        waiting: deque[tuple[int, T]] = deque()
        done: dict[int, R] = {}
        given = yielded = 0
        exhausted = False
        while True:
            while not exhausted and given - yielded < in_flight:
                item = next(todo, _END)
                if item is _END:
                    exhausted = True
                    break
                waiting.append((given, item))
                given += 1
            for worker in self.workers:
                if worker.task is None and waiting:
                    worker.task = waiting.popleft()
                    worker.conn.send(worker.task)
            while yielded in done:
                yield done.pop(yielded)
                yielded += 1
            if exhausted and yielded == given:
                return
            if given - yielded >= in_flight or exhausted or not any(w.task is None for w in self.workers):
                self._collect(done)

    def _collect(self, done: dict[int, R]) -> None:
        """Wait for a result or a worker's death; a dead worker's item is ``lost``, and a new
        worker takes its place."""
        busy = [w for w in self.workers if w.task is not None]
        ready = set(wait([w.conn for w in busy] + [w.process.sentinel for w in busy]))
        for n, worker in enumerate(self.workers):
            if worker.task is None or not ({worker.conn, worker.process.sentinel} & ready):
                continue
            try:
                index, result = worker.conn.recv()
                done[index] = result
                worker.task = None
                continue
            except (EOFError, OSError):  # died before answering
                pass
            worker.process.join()
            index, item = worker.task
            done[index] = self.lost(item, _reason(worker.process.exitcode))
            worker.conn.close()
            self.workers[n] = self._start()

    def close(self) -> None:
        """End every worker now (at the end of the run, or when it is interrupted)."""
        for worker in self.workers:
            with contextlib.suppress(OSError):
                if worker.task is None:
                    worker.conn.send(None)
            if worker.task is not None and worker.process.is_alive():
                worker.process.terminate()
        for worker in self.workers:
            worker.process.join(5)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
            worker.conn.close()

    def __enter__(self) -> WorkerPool[T, R]:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


_END = object()
