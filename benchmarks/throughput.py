"""End-to-end throughput and memory of ``mtlint check`` on a JSONL corpus.

    python -m benchmarks.throughput [--sentences 100000] [--grammar-sentences 5000]

Builds a corpus of 20-sentence documents from ``../shared/data``, runs the real CLI
(``--format jsonl``) with 1 and 2 worker processes, without grammar and with it, and prints
sentences/s and the peak RSS of the largest process. With grammar it starts its own
LanguageTool server without a result cache (every run checks from scratch), runs mtlint with
the default ``--grammar-scope verdict`` and with ``all``, times LanguageTool alone on the
same sentences (batched, every sentence, no mtlint features) and prints the ratio. Memory
flatness: the same run on a tenth of the corpus. Short jobs: 2,000 documents of 5 sentences
with ``--jobs 1`` and ``--jobs 2`` (start-up included), and whether their outputs are equal.
The default ``--jobs`` against ``--jobs 1`` on 200 and 20,000 documents, as the machine is and
with two busy processes beside it (``--default-jobs-only`` runs just that).

``--deep`` (only that): the deep stage per core, in one process with one ONNX Runtime thread,
on ``--deep-sentences`` sentences as JSONL records: the model alone, then ``check`` without
it, with it on every sentence (``--deep-scope all``) and as the cascade (``--deep-scope
verdict``, the default for records), with the share of sentences the cascade sent to it.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from benchmarks.corpus import sentences
from mtlint.features.languagetool import server

_RUNNER = (
    "import resource, subprocess, sys; "
    "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=False); "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


def _corpus(path: Path, lines: list[str], per_doc: int = 20) -> None:
    with open(path, "w", encoding="utf-8") as out:
        for i in range(0, len(lines), per_doc):
            out.write(json.dumps({"id": str(i // per_doc), "text": "\n".join(lines[i : i + per_doc])}) + "\n")


def _run(
    corpus: Path,
    jobs: int | None,
    grammar: str | None,
    scope: str = "verdict",
    output: Path | None = None,
    log: list[str] | None = None,
) -> tuple[float, float]:
    """Seconds and peak RSS (MiB) of one CLI run; ``jobs`` None leaves ``--jobs`` at its default;
    ``log`` collects the run's ``-v`` lines."""
    command = [sys.executable, "-m", "mtlint", *(["-v"] if log is not None else []), "check", str(corpus),
               "--format", "jsonl", "--exit-zero", "--no-progress"]  # fmt: skip
    if jobs is not None:
        command += ["--jobs", str(jobs)]
    if output is not None:
        command += ["-o", str(output)]
    if grammar is None:
        command.append("--no-grammar")
    else:
        command += ["--languagetool-url", grammar, "--grammar-scope", scope]
    started = time.perf_counter()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}  # as an installed package runs
    runner = [sys.executable, "-c", _RUNNER, *command]
    done = subprocess.run(runner, capture_output=True, text=True, check=True, env=env)
    if log is not None:
        log.extend(line for line in done.stderr.splitlines() if "INFO" in line)
    return time.perf_counter() - started, int(done.stdout.strip().splitlines()[-1]) / 1024


def _languagetool_alone(lines: list[str], url: str) -> float:
    import language_tool_python

    from mtlint.detector.pipeline import GRAMMAR_WORKERS

    batches = ["\n".join(lines[i : i + 20]) for i in range(0, len(lines), 20)]
    tools = [language_tool_python.LanguageTool("en-US", remote_server=url) for _ in range(GRAMMAR_WORKERS)]
    started = time.perf_counter()
    with ThreadPoolExecutor(GRAMMAR_WORKERS) as pool:
        list(pool.map(lambda ib: tools[ib[0] % GRAMMAR_WORKERS].check(ib[1]), enumerate(batches)))
    return len(lines) / (time.perf_counter() - started)


def _short_jobs(lines: list[str], tmp: Path, documents: int = 2000, per_doc: int = 5) -> None:
    """A short job of small documents, where start-up and the worker pool's overhead count:
    ``--jobs 2`` against ``--jobs 1``, start-up included, and whether the outputs are equal."""
    corpus = tmp / "short.jsonl"
    _corpus(corpus, (lines * (1 + documents * per_doc // len(lines)))[: documents * per_doc], per_doc)
    seconds = {jobs: _run(corpus, jobs, grammar=None, output=tmp / f"short-{jobs}.jsonl")[0] for jobs in (1, 2)}
    same = (tmp / "short-1.jsonl").read_bytes() == (tmp / "short-2.jsonl").read_bytes()
    print(f"  {documents:,} documents of {per_doc} sentences: 1 process {seconds[1]:.2f} s, 2 processes "
          f"{seconds[2]:.2f} s: {seconds[1] / seconds[2]:.2f}x; outputs identical: {same}")  # fmt: skip
    # the machine's ceiling: two independent `--jobs 1` runs, each on half the documents, at
    # once (no pool, no shared parent; each pays its own start-up): what two cores give at best
    halves = [tmp / "short-a.jsonl", tmp / "short-b.jsonl"]
    rows = corpus.read_text(encoding="utf-8").splitlines(keepends=True)
    for k, half in enumerate(halves):
        half.write_text("".join(rows[k::2]), encoding="utf-8")
    with ThreadPoolExecutor(2) as pool:
        started = time.perf_counter()
        list(pool.map(lambda half: _run(half, 1, grammar=None), halves))
        apart = time.perf_counter() - started
    print(f"  the same halves as two independent 1-process runs at once: {apart:.2f} s: "
          f"{seconds[1] / apart:.2f}x (this machine's ceiling for 2 processes)")  # fmt: skip


def _busy(stop: float) -> None:
    while time.perf_counter() < stop:
        pass


def _default_jobs(lines: list[str], tmp: Path, sizes: tuple[int, ...] = (200, 20_000), per_doc: int = 5) -> None:
    """The default ``--jobs`` against ``--jobs 1`` (start-up included) on small and large
    corpora, as the machine is and with two busy processes beside it (a loaded 2-core runner):
    the default must never be the slower. The two alternate (a shared machine's load drifts),
    the small corpus three times each (medians), and the default says what it chose."""
    import multiprocessing
    import statistics

    for load in (0, 2):
        for documents in sizes:
            corpus = tmp / f"jobs-{documents}.jsonl"
            _corpus(corpus, (lines * (1 + documents * per_doc // len(lines)))[: documents * per_doc], per_doc)
            hogs = [multiprocessing.Process(target=_busy, args=(time.perf_counter() + 3600,)) for _ in range(load)]
            for hog in hogs:
                hog.start()
            times: dict[int | None, list[float]] = {None: [], 1: []}
            chose: list[str] = []
            try:
                for repeat in range(3 if documents < 10_000 else 1):
                    for jobs in (None, 1) if repeat % 2 == 0 else (1, None):
                        times[jobs].append(_run(corpus, jobs, grammar=None, log=chose if jobs is None else None)[0])
            finally:
                for hog in hogs:
                    hog.kill()
                    hog.join()
            default, one = statistics.median(times[None]), statistics.median(times[1])
            where = f"with {load} busy processes" if load else "as the machine is"
            choice = chose[-1].split("INFO: ")[-1] if chose else "?"
            print(f"  default --jobs against --jobs 1, {documents:,} documents of {per_doc} sentences, {where}: "
                  f"{default:.2f} s against {one:.2f} s ({one / default:.2f}x; the default: {choice})")  # fmt: skip


def _deep(lines: list[str], per_doc: int = 20) -> None:
    """The ``--deep`` figures (see the module's docstring)."""
    from mtlint import Checker
    from mtlint.detector.deep import load
    from mtlint.detector.jobs import available_cpus

    stage = load(threads=1)
    stage.model.logits(lines[:200])  # the session and its first allocations
    started = time.perf_counter()
    stage.model.logits(lines)
    alone = len(lines) / (time.perf_counter() - started)
    print(f"deep stage per core (1 process, 1 thread), {len(lines):,} sentences in documents of {per_doc}")
    print(f"  the model alone (tokenizer and ONNX Runtime): {alone:8.0f} sentences/s")
    records = [{"id": str(i), "text": "\n".join(lines[i : i + per_doc])} for i in range(0, len(lines), per_doc)]
    verdicts = {}
    for label, deep, scope in (("fast path only", False, None), ("--deep-scope all", True, "all"),
                               ("--deep-scope verdict (cascade)", True, "verdict")):  # fmt: skip
        checker = Checker(grammar=False, deep=deep, deep_scope=scope)
        if deep:
            checker.policy.detector.share_cores(available_cpus())  # one thread each: per core
        checker.warm_up()
        list(checker.check_records(records[:5]))
        started = time.perf_counter()
        docs = list(checker.check_records(records))
        rate = len(lines) / (time.perf_counter() - started)
        verdicts[scope] = [s.suspect for d in docs for s in d.sentences]
        scored = sum(d.deep_checked for d in docs) / max(1, sum(len(d.sentences) for d in docs))
        share = f"; deep stage on {scored:.1%} of sentences" if deep else ""
        print(f"  check, {label}: {rate:8.0f} sentences/s{share}")
    differ = sum(a != b for a, b in zip(verdicts["all"], verdicts["verdict"], strict=True))
    print(f"  sentence verdicts of the cascade that differ from scoring every sentence: {differ} of {len(lines):,}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=100_000)
    parser.add_argument("--grammar-sentences", type=int, default=5_000)
    parser.add_argument("--default-jobs-only", action="store_true", help="only the default --jobs against --jobs 1")
    parser.add_argument("--deep", action="store_true", help="only the deep stage's figures, per core")
    parser.add_argument("--deep-sentences", type=int, default=20_000)
    args = parser.parse_args(argv)
    if args.deep:
        _deep(sentences(args.deep_sentences))
        return 0
    lines = sentences(args.sentences)
    if args.default_jobs_only:
        with tempfile.TemporaryDirectory() as tmp:
            print(f"mtlint check --format jsonl on {os.cpu_count()} cores, documents from ../shared/data")
            _default_jobs(lines, Path(tmp))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        big, small, grammar = Path(tmp) / "big.jsonl", Path(tmp) / "small.jsonl", Path(tmp) / "grammar.jsonl"
        _corpus(big, lines)
        _corpus(small, lines[: args.sentences // 10])
        empty = Path(tmp) / "empty.jsonl"
        empty.write_text("")
        startup, _ = _run(empty, 1, grammar=None)
        print("mtlint check --format jsonl, documents of 20 sentences from ../shared/data")
        print(f"  start-up (imports, model, word lists, CMU dictionary): {startup:.1f} s")
        elapsed = {}
        for jobs in (1, 2):
            seconds, rss = elapsed[jobs] = _run(big, jobs, grammar=None)
            print(f"  no grammar, {jobs} process(es): {len(lines) / seconds:8.0f} sentences/s on {len(lines):,} "
                  f"({len(lines) / (seconds - startup):.0f}/s after start-up); peak RSS {rss:.0f} MiB")  # fmt: skip
        (one, _), (two, _) = elapsed[1], elapsed[2]
        print(f"  2 processes against 1: {one / two:.2f}x ({(one - startup) / (two - startup):.2f}x after start-up, "
              "which is not parallel)")  # fmt: skip
        _, rss_small = _run(small, 1, grammar=None)
        print(f"  peak RSS on {args.sentences // 10:,} sentences: {rss_small:.0f} MiB (flatness check)")
        _short_jobs(lines, Path(tmp))
        _default_jobs(lines, Path(tmp))
        if not args.grammar_sentences:
            return 0
        if not server.installed():
            print("  grammar: LanguageTool is not installed (mtlint provision), skipped")
            return 0
        subset = lines[-args.grammar_sentences :]
        _corpus(grammar, subset)
        config = dict(server.SERVER_CONFIG, cacheSize="0", pipelineCaching="false")
        process, url = server.launch(config, Path(tmp) / "lt.log")
        try:
            _languagetool_alone(subset[:200], url)  # warm the server's JIT
            for jobs, scope in ((1, "verdict"), (2, "verdict"), (2, "all")):
                seconds, rss = _run(grammar, jobs, url, scope)
                print(f"  grammar ({scope}), {jobs} process(es): {len(subset) / seconds:8.1f} sentences/s on "
                      f"{len(subset):,}; peak RSS {rss:.0f} MiB")  # fmt: skip
                if jobs == 2 and scope == "verdict":
                    rate = len(subset) / seconds
            alone = _languagetool_alone(subset, url)
        finally:
            process.terminate()
            process.wait()
        print(f"  LanguageTool alone on the same sentences (batched, 2 threads): {alone:.1f} sentences/s; "
              f"mtlint with grammar, 2 processes: {rate / alone:.2f}x that")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
