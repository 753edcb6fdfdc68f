"""The fast path of two revisions side by side: CPU of ``mtlint check`` on a JSONL corpus, and
start-up.

    python -m benchmarks.revisions a0ddefc [HEAD] [--sentences 47000] [--rounds 6]

Each revision gets a git worktree and a bare virtual environment (``pip install -e .``, no
extras: what ``pip install mtlint`` gives), made once and kept under ``--cache`` (default
``~/.cache/mtlint/revisions``). The corpus is ``--sentences`` lines of ``../shared/data`` in
20-line JSONL documents, checked with ``--no-grammar --jobs 1``. A shared machine's speed
drifts by more than the difference looked for, so in each round the two revisions run at the
same time, each pinned to a core of its own, and swap cores the next round (on one core they
alternate); the figure is each process's CPU time (user + system, from ``wait4``), median
over the rounds, with how many rounds each revision was the faster, and whether the two
revisions wrote the same records. Then start-up, measured the same way: ``mtlint --version``,
``mtlint --help`` and a one-sentence check, bytecode cache on.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import venv
from pathlib import Path

from benchmarks.corpus import sentences
from benchmarks.startup import SENTENCE

REPO = Path(__file__).resolve().parents[1]


def _commit(revision: str) -> str:
    return subprocess.run(
        ["git", "-C", str(REPO), "rev-parse", "--verify", f"{revision}^{{commit}}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def _environment(commit: str, cache: Path) -> Path:
    """The ``mtlint`` script of a bare environment with ``commit`` installed (made once)."""
    root = cache / commit
    script = root / "tree" / ".venv" / "bin" / "mtlint"
    if script.exists():
        return script
    if (root / "tree").exists():
        subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(root / "tree")], check=False)
    root.mkdir(parents=True, exist_ok=True)
    subprocess.run(["git", "-C", str(REPO), "worktree", "add", "--detach", str(root / "tree"), commit], check=True)
    print(f"  installing {commit[:10]} into a bare environment (once)", flush=True)
    venv.create(root / "tree" / ".venv", with_pip=True)
    pip = [str(root / "tree" / ".venv" / "bin" / "python"), "-m", "pip", "install", "-q", "-e", str(root / "tree")]
    subprocess.run(pip, check=True, stdout=subprocess.DEVNULL)
    return script


def _cpu_of(command: list[str], env: dict[str, str]) -> float:
    """CPU seconds of one run of ``command``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, capture_output=True, env=env, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


def _round(commands: dict[str, list[str]], cores: list[int], env: dict[str, str]) -> dict[str, float]:
    """CPU seconds of each command: all at once, the n-th pinned to ``cores[n]``, when there
    are cores enough; else one after the other."""
    if len(cores) < len(commands):
        return {name: _cpu_of(command, env) for name, command in commands.items()}
    running = {}
    for name, command in commands.items():
        core = cores[len(running)]
        running[name] = subprocess.Popen(
            command,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=env,
            preexec_fn=lambda core=core: os.sched_setaffinity(0, {core}),
        )
    cpu = {}
    for name, process in running.items():
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            raise SystemExit(f"{name}: {' '.join(commands[name])} exited {process.returncode}")
        cpu[name] = usage.ru_utime + usage.ru_stime
    return cpu


def _records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _throughput(
    scripts: dict[str, Path], commits: dict[str, str], args: argparse.Namespace, tmp: Path, env: dict[str, str]
) -> None:
    """CPU of ``check`` on the corpus, side by side, and whether the records are the same."""
    corpus = tmp / "corpus.jsonl"
    lines = sentences(args.sentences)
    with open(corpus, "w", encoding="utf-8") as out:
        for i in range(0, len(lines), 20):
            out.write(json.dumps({"id": str(i // 20), "text": "\n".join(lines[i : i + 20])}) + "\n")
    check = ["check", str(corpus), "--no-grammar", "--format", "jsonl", "--jobs", "1", "--exit-zero"]
    outputs = {name: tmp / f"{n}.jsonl" for n, name in enumerate(scripts)}
    for name, script in scripts.items():  # fills the bytecode caches and the syllable tables
        fill = [str(script), *check, "--no-progress", "-o", str(outputs[name])]
        subprocess.run(fill, env=env, check=True, capture_output=True)
    cpu: dict[str, list[float]] = {name: [] for name in scripts}
    cores = _cores()
    for round_ in range(args.rounds):
        order = list(scripts) if round_ % 2 == 0 else list(reversed(scripts))
        commands = {name: [str(scripts[name]), *check, "--no-progress", "-o", os.devnull] for name in order}
        for name, seconds in _round(commands, cores, env).items():
            cpu[name].append(seconds)
    faster = sum(h < b for b, h in zip(cpu[args.base], cpu[args.head], strict=True))
    how = f"side by side on cores {cores[0]} and {cores[1]}" if len(cores) == 2 else "alternating"
    print(f"check, {len(lines):,} lines in {len(lines) // 20 + bool(len(lines) % 20):,} JSONL documents, "
          f"--no-grammar --jobs 1, {args.rounds} rounds {how} (CPU seconds):")  # fmt: skip
    for name in scripts:
        runs = ", ".join(f"{c:.2f}" for c in cpu[name])
        print(f"  {name:>12} ({commits[name][:10]}): median {statistics.median(cpu[name]):.2f} ({runs}); "
              f"{len(lines) / statistics.median(cpu[name]):,.0f} lines per CPU second")  # fmt: skip
    print(f"  {args.head} the faster in {faster} of {args.rounds} rounds; "
          f"CPU {statistics.median(cpu[args.head]) / statistics.median(cpu[args.base]) - 1:+.1%}")  # fmt: skip
    same = _records(outputs[args.base]) == _records(outputs[args.head])
    print(f"  records: {'identical' if same else 'different (the record format or a score changed between them)'}")


def _cores() -> list[int]:
    """The first two cores this process may use (none where the platform cannot pin)."""
    return sorted(os.sched_getaffinity(0))[:2] if hasattr(os, "sched_getaffinity") else []


def _startup(scripts: dict[str, Path], runs: int, tmp: Path, env: dict[str, str]) -> None:
    """CPU of ``--version``, ``--help`` and a one-sentence check: medians of ``runs`` rounds,
    side by side as the corpus runs."""
    one = tmp / "one.txt"
    one.write_text(SENTENCE, encoding="utf-8")
    names = list(scripts)
    print(f"start-up, median of {runs} rounds side by side (CPU seconds):")
    one_sentence = ["check", str(one), "--no-grammar", "--no-progress"]
    for label, command in {
        "--version": ["--version"],
        "--help": ["--help"],
        "one-sentence check": one_sentence,
    }.items():
        cpu: dict[str, list[float]] = {name: [] for name in scripts}
        for run in range(runs):
            order = names if run % 2 == 0 else names[::-1]
            for name, seconds in _round(
                {name: [str(scripts[name]), *command] for name in order}, _cores(), env
            ).items():
                cpu[name].append(seconds)
        lower = sum(h < b for b, h in zip(cpu[names[0]], cpu[names[1]], strict=True))
        medians = ", ".join(f"{name} {statistics.median(cpu[name]):.3f} s" for name in names)
        print(f"  {label:>20}: {medians} ({names[1]} the lower in {lower} of {runs})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base", help="the revision to compare against (a commit, tag or branch)")
    parser.add_argument("head", nargs="?", default="HEAD", help="the revision measured (default: HEAD)")
    parser.add_argument("--sentences", type=int, default=47_000)
    parser.add_argument("--rounds", type=int, default=6, help="0: start-up only")
    parser.add_argument("--startup-runs", type=int, default=21)
    parser.add_argument("--cache", type=Path, default=Path.home() / ".cache" / "mtlint" / "revisions")
    args = parser.parse_args(argv)
    commits = {name: _commit(name) for name in (args.base, args.head)}
    scripts = {name: _environment(commit, args.cache) for name, commit in commits.items()}
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    with tempfile.TemporaryDirectory() as tmp:
        if args.rounds:
            _throughput(scripts, commits, args, Path(tmp), env)
        _startup(scripts, args.startup_runs, Path(tmp), env)
    return 0


if __name__ == "__main__":
    sys.exit(main())
