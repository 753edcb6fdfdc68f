"""The screening service under the hostile requests of issue #30, on a real loopback
``mtlint serve``: how long each takes to answer, and ``/healthz``'s worst latency meanwhile.

    python -m benchmarks.service_hostile

- a body whose text is an unterminated ``<!-- mtlint: disable=`` followed by 6,000 spaces
  (a cubic directive pattern once took 100 s here, and ``/healthz`` 26 s): target under 1 s,
  with ``/healthz`` under 100 ms;
- the Markdown-mask shapes (80 KB of an unterminated ``<!--`` repeated, of ``](`` and of
  backticks) as service bodies;
- 600,000 empty objects in a batch (refused with 413 before validation);
- keep-alive requests on one connection (with TCP_NODELAY, no ~40 ms Nagle stall).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import threading
import time

import httpx

from benchmarks.serve import launch, stop

BODIES = {
    "6,000-space directive": json.dumps({"text": "<!-- mtlint: disable=" + " " * 6000}),
    "80 KB '<!--' repeated": json.dumps({"text": "<!--" * 20_000}),
    "80 KB '](' repeated": json.dumps({"text": "](" * 40_000}),
    "80 KB of backticks": json.dumps({"text": "`" * 80_000}),
    "600,000 empty objects": json.dumps({"documents": [{}] * 600_000}),
}


def _health_while(url: str, work) -> tuple[float, float]:
    """Run ``work()`` while polling /healthz every 20 ms: (work's seconds, worst health seconds)."""
    worst = 0.0
    done = threading.Event()

    def poll() -> None:
        nonlocal worst
        with httpx.Client(base_url=url, timeout=120) as client:
            while not done.is_set():
                started = time.perf_counter()
                client.get("/healthz")
                worst = max(worst, time.perf_counter() - started)
                time.sleep(0.02)

    poller = threading.Thread(target=poll)
    poller.start()
    time.sleep(0.1)
    started = time.perf_counter()
    work()
    elapsed = time.perf_counter() - started
    done.set()
    poller.join()
    return elapsed, worst


def main() -> int:
    env = {k: v for k, v in os.environ.items() if k != "MTLINT_TOKEN"}
    proc, url = launch(["--no-grammar"], env=env, output=subprocess.DEVNULL)
    try:
        print("request                         answer      time   worst /healthz meanwhile")
        for name, body in BODIES.items():
            status = []

            def post(body=body, status=status) -> None:
                headers = {"content-type": "application/json"}
                status.append(httpx.post(f"{url}/v1/check", content=body, headers=headers, timeout=600).status_code)

            elapsed, worst = _health_while(url, post)
            print(f"  {name:28s} {status[0]:6d} {elapsed * 1000:8.0f} ms {worst * 1000:8.1f} ms")
        with httpx.Client(base_url=url, timeout=10) as client:
            client.get("/healthz")
            times = []
            for _ in range(50):
                started = time.perf_counter()
                client.post("/v1/check", json={"text": "The vote passed."})
                times.append(time.perf_counter() - started)
        print(f"keep-alive POST on one connection: median {statistics.median(times) * 1000:.1f} ms, "
              f"max {max(times) * 1000:.1f} ms (50 requests)")  # fmt: skip
    finally:
        stop(proc)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
