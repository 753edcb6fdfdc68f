"""Install, start, stop and find the LanguageTool server (``mtlint languagetool ...``).

The jars come from Maven Central through ``mvn dependency:copy-dependencies`` and the small
``pom.xml`` beside this file; the server runs on loopback only, and its URL is recorded in
a state file so that later ``mtlint check`` runs find it.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass
from importlib import resources
from pathlib import Path

VERSION = "6.8"
URL_ENV = "MTLINT_LANGUAGETOOL_URL"
# Tuned on 2 cores: caching pays on repeated sentences (boilerplate, reruns); two check
# threads keep both cores busy; prewarming stays off for an English-only server.
SERVER_CONFIG = {
    "cacheSize": "5000",
    "pipelineCaching": "true",
    "maxCheckThreads": "2",
    "maxTextLength": "200000",
    "maxCheckTimeMillis": "60000",
}


class LanguageToolError(RuntimeError):
    """LanguageTool could not be installed, started or reached; the message says why."""


def home() -> Path:
    return Path(os.environ.get("MTLINT_HOME", Path.home() / ".cache" / "mtlint"))


def install_dir() -> Path:
    return home() / "languagetool" / VERSION


def state_file() -> Path:
    return home() / "languagetool" / "server.json"


def installed() -> bool:
    return (install_dir() / ".complete").exists()


def install(quiet: bool = True) -> Path:
    """Copy the LanguageTool jars from Maven Central into the cache (idempotent)."""
    target = install_dir()
    if installed():
        return target
    mvn = shutil.which("mvn")
    if mvn is None:
        raise LanguageToolError("Maven (mvn) is not installed: it is needed once to fetch LanguageTool")
    lib = target / "lib"
    with tempfile.TemporaryDirectory() as tmp:
        pom = Path(tmp) / "pom.xml"
        pom.write_bytes(resources.files("mtlint.features.languagetool").joinpath("pom.xml").read_bytes())
        staging = Path(tmp) / "lib"
        cmd = [
            mvn,
            "-B",
            "-f",
            str(pom),
            "dependency:copy-dependencies",
            f"-DoutputDirectory={staging}",
        ]
        if quiet:
            cmd.insert(1, "-q")
        done = subprocess.run(cmd, capture_output=True, text=True)
        if done.returncode != 0:
            raise LanguageToolError(
                f"mvn failed to fetch LanguageTool {VERSION}:\n{done.stdout[-2000:]}{done.stderr[-2000:]}"
            )
        if lib.exists():
            shutil.rmtree(lib)
        target.mkdir(parents=True, exist_ok=True)
        shutil.move(str(staging), lib)
    (target / ".complete").write_text(VERSION)
    return target


@dataclass
class ServerState:
    url: str
    pid: int
    port: int
    version: str
    log: str


def free_port() -> int:
    """A loopback port nothing listens on now (for a server, or as a closed port in tests)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def healthy(url: str, timeout: float = 2.0) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/v2/healthcheck", timeout=timeout) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def read_state() -> ServerState | None:
    try:
        return ServerState(**json.loads(state_file().read_text()))
    except (OSError, ValueError, TypeError):
        return None


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, PermissionError):
        return False
    return True


def start(port: int = 0, wait: float = 120.0) -> ServerState:
    """Start the server on 127.0.0.1 (installing first if needed) and wait until healthy."""
    current = read_state()
    if current and _pid_alive(current.pid) and healthy(current.url):
        return current
    log = home() / "languagetool" / "server.log"
    process, url = launch(SERVER_CONFIG, log, port=port, wait=wait)
    state = ServerState(url=url, pid=process.pid, port=int(url.rsplit(":", 1)[1]), version=VERSION, log=str(log))
    state_file().write_text(json.dumps(asdict(state)))
    return state


def launch(config: dict[str, str], log: Path, port: int = 0, wait: float = 120.0) -> tuple[subprocess.Popen, str]:
    """Run a LanguageTool server on 127.0.0.1 with ``config`` and wait until it is healthy.

    ``start`` uses it for the recorded server; benchmarks and tests use it for servers of
    their own (without a cache, or to stop one mid-run).
    """
    java = shutil.which("java")
    if java is None:
        raise LanguageToolError("Java is not installed: LanguageTool needs a Java 17 runtime")
    lib = install() / "lib"
    port = port or free_port()
    log.parent.mkdir(parents=True, exist_ok=True)
    properties = log.with_suffix(f".{port}.properties")
    properties.write_text("".join(f"{k}={v}\n" for k, v in config.items()))
    command = [java, "-Xmx1g", "-cp", f"{lib}/*", "org.languagetool.server.HTTPServer",
               "--port", str(port), "--config", str(properties)]  # fmt: skip
    with open(log, "ab") as out:
        process = subprocess.Popen(
            command, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise LanguageToolError(f"LanguageTool exited with code {process.returncode}; see {log}")
        if healthy(url):
            return process, url
        time.sleep(0.5)
    process.terminate()
    raise LanguageToolError(f"LanguageTool did not answer on {url} within {wait:.0f} s; see {log}")


def stop() -> bool:
    """Stop the recorded server; False when none was running."""
    state = read_state()
    state_file().unlink(missing_ok=True)
    if state is None or not _pid_alive(state.pid):
        return False
    os.kill(state.pid, signal.SIGTERM)
    for _ in range(50):
        if not _pid_alive(state.pid):
            break
        time.sleep(0.1)
    else:
        os.kill(state.pid, signal.SIGKILL)
    return True


def find_url(explicit: str | None = None) -> str | None:
    """The server to use: ``--languagetool-url``, ``$MTLINT_LANGUAGETOOL_URL``, or the started one."""
    for candidate in (explicit, os.environ.get(URL_ENV)):
        if candidate:
            return candidate.rstrip("/").removesuffix("/v2")
    state = read_state()
    if state and healthy(state.url):
        return state.url
    return None
