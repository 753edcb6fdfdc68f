"""The service as publishing systems and browsers call it (a real ``mtlint serve``): plain-text
bodies, opt-in CORS, fixes, errors in the service's own words, typed OpenAPI responses."""

import os
import signal
import subprocess

import httpx
import pytest

from benchmarks.serve import launch
from mtlint.detector.service_io import FixedOut, Health, RecordOut, RecordsOut
from tests.conftest import SEED

pytestmark = pytest.mark.slow  # a real `mtlint serve` process

ALLOWED = "https://cms.example.org"


@pytest.fixture(scope="module")
def server():
    env = {k: v for k, v in os.environ.items() if k != "MTLINT_TOKEN"}
    proc, url = launch(["--no-grammar", "--cors-origin", ALLOWED], env=env, output=subprocess.DEVNULL)
    yield proc, url
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=30)


def test_curl_posts_the_article_as_plain_text(server, cli):
    _, url = server
    done = subprocess.run(
        ["curl", "-sS", "-H", "Content-Type: text/plain", "--data-binary", f"@{SEED}", f"{url}/v1/check?id=seed"],
        capture_output=True,
        check=True,
    )
    record = RecordOut.model_validate_json(done.stdout).model_dump(exclude_unset=True)
    expected = cli("check", SEED, "--no-grammar", "--format", "jsonl").jsonl()[0]
    assert record["id"] == "seed" and record["sentences"] == expected["sentences"]


def test_markdown_and_html_bodies_are_read_as_such(server):
    _, url = server
    md = httpx.post(
        f"{url}/v1/check", content="Min. The vote `the the` passed.", headers={"content-type": "text/markdown"}
    ).json()
    assert [f["code"] for s in md["sentences"] for f in s["findings"]] == ["MT105"]  # inline code is masked
    html = "<html><body><article>" + "<p>The council met on Monday and the vote passed.</p>" * 5
    html += "<p>Min. It rained.</p></article></body></html>"
    answer = httpx.post(f"{url}/v1/fix", content=html, headers={"content-type": "text/html; charset=utf-8"}).json()
    assert "<p>" not in answer["text"] and "Min." in answer["text"] and "Min." not in answer["fixed_text"]


@pytest.mark.parametrize(
    "content, headers, status, detail",
    [
        ('{"text": "x"}', {"content-type": "application/x-www-form-urlencoded"}, 415, "Content-Type: application/json"),
        ('{"id": "a"}', {"content-type": "application/json"}, 422, 'field "text" is missing'),
        ('{"text": "x", "fix": true}', {"content-type": "application/json"}, 422, 'unknown field "fix"'),
        ('{"documents": [{"text": "a"}, {"text": 7}]}', {}, 422, 'field "documents[1].text" must be a string'),
        ('{"documents": [{"id": "a"}]}', {}, 422, 'field "documents[0].text" is missing'),
        ("[1, 2]", {}, 422, '"the body" must be a JSON object'),
        (b"caf\xe9", {"content-type": "text/plain"}, 422, "not valid utf-8 at byte 3"),
    ],
)
def test_bad_bodies_are_told_what_to_change(server, content, headers, status, detail):
    _, url = server
    response = httpx.post(f"{url}/v1/check", content=content, headers=headers)
    assert response.status_code == status
    assert detail in response.json()["detail"]
    assert "DocumentIn" not in response.text and "Batch" not in response.text  # no internal model names


def test_fix_returns_the_fixed_text_and_the_fixes(server):
    _, url = server
    text = "Min. The talks in Geneva went on. Mr Blinken met Shri. Lavrov there."
    one = FixedOut.model_validate(httpx.post(f"{url}/v1/fix", json={"id": "a", "text": text}).json())
    assert one.fixed_text == "The talks in Geneva went on. Mr Blinken met Lavrov there."
    assert {f.description for f in one.applied} == {"remove the debris Min.", "remove the honorific 'Shri.'"}
    assert one.record.id == "a" and one.text == text
    many = httpx.post(f"{url}/v1/fix", json={"documents": [{"text": text}, {"text": "It rained."}]}).json()
    assert [d["fixed_text"] for d in many["documents"]] == [one.fixed_text, "It rained."]


def test_cors_preflight_from_the_allowed_origin_only(server):
    _, url = server
    ask = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type,authorization"}
    allowed = httpx.options(f"{url}/v1/check", headers={"Origin": ALLOWED, **ask})
    assert allowed.status_code == 200
    assert allowed.headers["access-control-allow-origin"] == ALLOWED
    assert "POST" in allowed.headers["access-control-allow-methods"]
    assert "authorization" in allowed.headers["access-control-allow-headers"].lower()
    other = httpx.options(f"{url}/v1/check", headers={"Origin": "https://elsewhere.example", **ask})
    assert "access-control-allow-origin" not in other.headers
    simple = httpx.post(f"{url}/v1/check", json={"text": "It rained."}, headers={"Origin": ALLOWED})
    assert simple.headers["access-control-allow-origin"] == ALLOWED


def test_no_cors_headers_unless_asked_for(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "MTLINT_TOKEN"}
    proc, url = launch(["--no-grammar"], env=env)
    try:
        response = httpx.options(
            f"{url}/v1/check", headers={"Origin": ALLOWED, "Access-Control-Request-Method": "POST"}
        )
        assert "access-control-allow-origin" not in response.headers
    finally:
        proc.send_signal(signal.SIGTERM)
        out, _ = proc.communicate(timeout=30)
    assert f"mtlint: serving at {url}/" in out  # the address, printed at start


def test_openapi_has_typed_responses_and_no_cdn_docs(server):
    _, url = server
    spec = httpx.get(f"{url}/openapi.json").json()
    check = spec["paths"]["/v1/check"]["post"]
    assert check["responses"]["200"]["content"]["application/json"]["schema"] != {}
    assert set(check["requestBody"]["content"]) >= {"application/json", "text/plain"}
    for name in ("RecordOut", "FixedOut", "DocumentIn", "Batch", "Health"):
        assert name in spec["components"]["schemas"]
    assert httpx.get(f"{url}/docs").status_code == 404  # Swagger UI would load a CDN: off
    Health.model_validate(httpx.get(f"{url}/healthz").json())
    RecordsOut.model_validate(httpx.post(f"{url}/v1/check", json={"documents": [{"text": "It rained."}]}).json())
