"""Start-up of the ``mtlint`` command: what a pre-commit hook or a CI step on one file waits for.

    python -m benchmarks.startup [--runs 11]

Prints the median wall time of ``mtlint --version``, ``mtlint --help`` and a one-sentence
``mtlint check --no-grammar`` beside a bare ``python -c pass``, then the import time of each
top-level module the one-sentence check imports (``python -X importtime``, cumulative, largest
first). Runs the installed ``mtlint`` script of this environment, with Python's bytecode cache
on (as for any installed package) and after one unmeasured run that fills it.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SENTENCE = "The council approved the budget on Monday after a long debate.\n"


def _median_seconds(command: list[str], runs: int, env: dict[str, str]) -> float:
    subprocess.run(command, capture_output=True, env=env, check=False)  # fills the bytecode cache
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, capture_output=True, env=env, check=False)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _import_times(command: list[str], env: dict[str, str]) -> list[tuple[float, str]]:
    """(seconds, module) of every top-level import, cumulative, from ``-X importtime``."""
    done = subprocess.run([sys.executable, "-X", "importtime", *command], capture_output=True, text=True, env=env)
    found = []
    for line in done.stderr.splitlines():
        match = re.match(r"import time:\s+\d+ \|\s+(\d+) \| (\S.*)$", line)
        if match and not match.group(2).startswith(" "):
            found.append((int(match.group(1)) / 1e6, match.group(2)))
    return sorted(found, reverse=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--top", type=int, default=15, help="modules to list")
    args = parser.parse_args(argv)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    mtlint = str(Path(sys.executable).with_name("mtlint"))
    with tempfile.TemporaryDirectory() as tmp:
        one = Path(tmp) / "one.txt"
        one.write_text(SENTENCE, encoding="utf-8")
        check = ["check", str(one), "--no-grammar", "--no-progress"]
        commands = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "mtlint --version": [mtlint, "--version"],
            "mtlint --help": [mtlint, "--help"],
            "mtlint check (one sentence, --no-grammar)": [mtlint, *check],
        }
        print(f"median wall time of {args.runs} runs ({os.cpu_count()} cores)")
        for name, command in commands.items():
            print(f"  {name:45s} {_median_seconds(command, args.runs, env):6.3f} s")
        print("top-level imports of the one-sentence check (python -X importtime, cumulative)")
        for seconds, module in _import_times(["-m", "mtlint", *check], env)[: args.top]:
            print(f"  {module:45s} {seconds:6.3f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
