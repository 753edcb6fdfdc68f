"""The screening service under hostile requests (issue #16), on a real ``mtlint serve``:
timed-out work stops, slow bodies time out, JSON beyond limits is 422, invalid Unicode is an
error record, and bad start-up settings exit 2 with one line."""

import os
import socket
import subprocess
import sys
import time

import httpx
import pytest

from benchmarks.serve import launch, stop
from tests.conftest import ROOT

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server():
    env = {k: v for k, v in os.environ.items() if k != "MTLINT_TOKEN"}
    proc, url = launch(["--no-grammar", "--max-seconds", "1", "--read-timeout", "2"], env=env)
    yield proc, url
    stop(proc)


def _post(url: str, body: str) -> httpx.Response:
    return httpx.post(f"{url}/v1/check", content=body, headers={"content-type": "application/json"}, timeout=60)


def _cpu_seconds(pid: int) -> float:
    with open(f"/proc/{pid}/stat") as handle:
        fields = handle.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def test_a_lone_surrogate_is_an_error_record_not_a_500(server):
    _, url = server
    response = _post(url, '{"id": "s", "text": "bad \\ud800 here."}')
    assert response.status_code == 200
    record = response.json()
    assert record["status"] == "error" and "lone surrogate U+D800" in record["error"]


@pytest.mark.parametrize(
    "body, reason",
    [
        ('{"id": "b", "text": "x", "n": ' + "9" * 5000 + "}", "JSON beyond limits: Exceeds the limit (4300 digits)"),
        ("[" * 100_000 + "]" * 100_000, "JSON beyond limits: nested too deeply"),
        ("{not json", "malformed JSON"),
    ],
)
def test_json_beyond_the_parsers_limits_is_422(server, body, reason):
    _, url = server
    response = _post(url, body)
    assert response.status_code == 422
    assert reason in response.json()["detail"]


def test_a_timed_out_request_stops_using_cpu_and_others_are_answered(server):
    proc, url = server
    text = "The council met on Monday and approved the budget after a long debate. " * 6000
    batch = {"documents": [{"id": str(i), "text": text} for i in range(4)]}
    statuses = [httpx.post(f"{url}/v1/check", json=batch, timeout=60).status_code for _ in range(3)]
    assert statuses == [408, 408, 408]
    answered = _cpu_seconds(proc.pid)
    tiny = httpx.post(f"{url}/v1/check", json={"id": "t", "text": "The council met."}, timeout=60)
    assert tiny.status_code == 200 and tiny.json()["status"] == "ok"
    time.sleep(4)
    # each of the three would have gone on for many seconds; now each stops at its next chunk
    assert _cpu_seconds(proc.pid) - answered < 2.0


def test_a_body_sent_too_slowly_gets_408(server):
    _, url = server
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as conn:
        conn.sendall(
            b"POST /v1/check HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            b"Content-Length: 100\r\n\r\n"
        )
        started = time.monotonic()
        answer = b""
        conn.settimeout(0.5)
        while time.monotonic() - started < 20 and b"\r\n\r\n" not in answer:
            try:
                conn.sendall(b" ")  # one byte every half second
                answer += conn.recv(4096)
            except TimeoutError:
                continue
            except OSError:
                break
    assert answer.startswith(b"HTTP/1.1 408")
    assert time.monotonic() - started < 10


def _serve(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "mtlint", "serve", "--no-grammar", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_blank_token_is_refused_like_a_missing_one():
    result = _serve("--host", "0.0.0.0", "--port", "0", env=dict(os.environ, MTLINT_TOKEN="   "))
    assert result.returncode == 2
    assert result.stderr.strip() == "mtlint: error: $MTLINT_TOKEN is blank: set a token or unset it"


def test_a_port_in_use_exits_2_with_one_line():
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = _serve("--port", str(port), env={k: v for k, v in os.environ.items() if k != "MTLINT_TOKEN"})
    assert result.returncode == 2
    assert (
        result.stderr.strip().splitlines()[-1]
        == f"mtlint: error: cannot listen on 127.0.0.1:{port}: Address already in use"
    )
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "args, message",
    [
        (("--port", "70000"), "port must be a whole number from 0 to 65535, not 70000"),
        (("--max-body-bytes", "-5"), "max-body-bytes must be a whole number of at least 1, not -5"),
        (("--max-seconds", "nan"), "max-seconds must be a number of seconds above 0, not nan"),
    ],
)
def test_bad_serve_settings_exit_2_with_a_message(args, message):
    result = _serve(*args)
    assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr
