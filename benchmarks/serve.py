"""Start ``mtlint serve`` in a child process for the service tests and the load benchmark."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from collections.abc import Sequence

import httpx

from mtlint.features.languagetool.server import free_port


def launch(
    args: Sequence[str] = (), env: dict[str, str] | None = None, wait: float = 120.0, output: int = subprocess.PIPE
) -> tuple[subprocess.Popen, str]:
    """Start ``mtlint serve`` on a free loopback port in a child process and wait until
    ``/healthz`` answers; returns the process and its base URL.
    ``output`` receives its log (piped by default: read it, or pass DEVNULL for a long run,
    whose log would fill the pipe); when piped, a failure's error includes it."""
    port = free_port()
    command = [sys.executable, "-m", "mtlint", "serve", "--port", str(port), *args]
    process = subprocess.Popen(command, env=env, stdout=output, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                return process, url
        except httpx.HTTPError:
            time.sleep(0.25)
    process.kill()
    log, _ = process.communicate()
    raise RuntimeError(f"mtlint serve did not become healthy at {url}:\n{log or ''}")


def stop(process: subprocess.Popen, wait: float = 30.0) -> str:
    """SIGTERM (a graceful shutdown), SIGKILL if it takes over ``wait`` seconds; the log if piped."""
    process.send_signal(signal.SIGTERM)
    try:
        log, _ = process.communicate(timeout=wait)
    except subprocess.TimeoutExpired:
        process.kill()
        log, _ = process.communicate()
    return log or ""
