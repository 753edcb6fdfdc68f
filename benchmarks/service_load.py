"""Load on the screening service: requests/s and p50/p99 latency for one-paragraph
documents at 1, 8 and 32 concurrent clients (loopback only, bounded in count and time).

    python -m benchmarks.service_load [--requests 200] [--grammar]
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor

import httpx

from benchmarks.corpus import sentences
from benchmarks.serve import launch


def _timed_post(client: httpx.Client, i: int, paragraphs: list[str]) -> float:
    started = time.perf_counter()
    response = client.post("/v1/check", json={"id": str(i), "text": paragraphs[i % len(paragraphs)]})
    response.raise_for_status()
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200, help="requests per concurrency level")
    parser.add_argument("--grammar", action="store_true", help="with LanguageTool (must be running)")
    args = parser.parse_args(argv)
    lines = sentences(args.requests * 5)
    paragraphs = [" ".join(lines[i : i + 5]) for i in range(0, len(lines), 5)]
    env = dict(os.environ, MTLINT_TOKEN="")
    proc, url = launch([] if args.grammar else ["--no-grammar"], env=env, output=subprocess.DEVNULL)
    try:
        print(f"mtlint serve ({'with' if args.grammar else 'without'} grammar), one-paragraph documents of 5 sentences")
        for clients in (1, 8, 32):
            with httpx.Client(base_url=url, timeout=120, limits=httpx.Limits(max_connections=clients)) as client:
                started = time.perf_counter()
                with ThreadPoolExecutor(clients) as pool:
                    latencies = list(pool.map(lambda i, c=client: _timed_post(c, i, paragraphs), range(args.requests)))
                elapsed = time.perf_counter() - started
            ordered = sorted(latencies)
            p99 = ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))]
            print(f"  {clients:2d} clients: {args.requests / elapsed:7.1f} requests/s, "
                  f"p50 {statistics.median(ordered) * 1000:6.1f} ms, p99 {p99 * 1000:6.1f} ms")  # fmt: skip
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
