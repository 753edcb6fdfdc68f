"""The screening service, started for real on loopback and called over HTTP."""

import os
import signal
import subprocess
import sys

import httpx
import pytest

from benchmarks.serve import launch
from mtlint import load
from tests.conftest import ROOT, SEED

pytestmark = pytest.mark.slow  # each test talks to a real `mtlint serve` process

TOKEN = "test-token-123"


def _start(*extra: str, token: str | None = TOKEN, output: int = subprocess.PIPE):
    env = dict(os.environ)
    env.pop("MTLINT_TOKEN", None)
    if token:
        env["MTLINT_TOKEN"] = token
    return launch(["--no-grammar", *extra], env=env, output=output)


@pytest.fixture(scope="module")
def service():
    # its log is not read: a pipe would fill with schemathesis's long URLs and stall the server
    proc, url = _start("--max-documents", "5", "--max-body-bytes", "200000", output=subprocess.DEVNULL)
    client = httpx.Client(base_url=url, headers={"Authorization": f"Bearer {TOKEN}"}, timeout=60)
    yield client, url
    client.close()
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=30)


def test_records_match_the_cli_for_one_document_and_a_batch(service, cli, seed_text):
    client, _ = service
    expected = cli("check", SEED, "--no-grammar", "--format", "jsonl").jsonl()[0]
    single = client.post("/v1/check", json={"id": str(SEED), "text": seed_text}).json()
    for key in ("id", "status", "error", "score", "suspect", "sentences"):
        assert single[key] == expected[key]
    batch = client.post("/v1/check", json={"documents": [{"id": "x", "text": seed_text}, {"text": "ok."}]}).json()
    assert [d["id"] for d in batch["documents"]] == ["x", "request:2"]
    assert batch["documents"][0]["sentences"] == expected["sentences"]


def test_html_format_returns_the_report(service):
    client, _ = service
    response = client.post("/v1/check", params={"format": "html"}, json={"id": "a", "text": "Min. He left."})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    assert "mtlint report" in response.text
    assert '"fixed_text":"He left."' in response.text  # the report's "show fixed text" view


def test_health_version_and_openapi(service):
    client, url = service
    assert httpx.get(f"{url}/healthz").json() == {
        "status": "ok",
        "model": "loaded",
        "threshold": pytest.approx(load(grammar=False).threshold),  # the shipped model's, as the API loads it
        "languagetool": "off",
        "deep": "off",
    }
    assert client.get("/version").json()["mtlint"].startswith("0.")
    assert "/v1/check" in client.get("/openapi.json").json()["paths"]


@pytest.mark.parametrize(
    "headers, body, status",
    [
        ({}, {"id": "a", "text": "x"}, 401),
        ({"Authorization": "Bearer wrong"}, {"id": "a", "text": "x"}, 401),
        (None, {"id": "a"}, 422),
        (None, {"id": "a", "text": 7}, 422),
        (None, {"documents": [{"text": "a"}] * 6}, 413),
        (None, {"id": "a", "text": "x" * 300_000}, 413),
    ],
)
def test_bad_requests_get_4xx(service, headers, body, status):
    client, url = service
    if headers is None:
        response = client.post("/v1/check", json=body)
    else:
        response = httpx.post(f"{url}/v1/check", json=body, headers=headers)
    assert response.status_code == status
    assert "detail" in response.json()


def test_malformed_json_is_422(service):
    client, _ = service
    response = client.post("/v1/check", content=b"{not json", headers={"content-type": "application/json"})
    assert response.status_code == 422


def test_unauthorised_requests_are_logged_without_their_text():
    proc, url = _start()
    secret_text = "CONFIDENTIAL-ARTICLE-BODY"
    assert httpx.post(f"{url}/v1/check", json={"id": "a", "text": secret_text}).status_code == 401
    proc.send_signal(signal.SIGTERM)
    out, _ = proc.communicate(timeout=30)
    # graceful shutdown on SIGTERM: uvicorn finishes, then exits by the same signal
    assert proc.returncode in (0, -signal.SIGTERM)
    assert "Application shutdown complete" in out
    assert "401" in out and secret_text not in out


def test_public_bind_without_a_token_is_refused():
    env = dict(os.environ)
    env.pop("MTLINT_TOKEN", None)
    done = subprocess.run(
        [sys.executable, "-m", "mtlint", "serve", "--host", "0.0.0.0", "--no-grammar"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2 and "without a token" in done.stderr


def test_schemathesis_finds_no_server_error(service, tmp_path):
    _, url = service
    done = subprocess.run(
        [
            os.path.join(os.path.dirname(sys.executable), "schemathesis"),
            "run",
            f"{url}/openapi.json",
            "-H",
            f"Authorization: Bearer {TOKEN}",
            "--checks",
            "not_a_server_error",
            "-n",
            "40",
            "--seed",
            "1",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
