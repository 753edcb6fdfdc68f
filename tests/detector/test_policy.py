"""One run policy for every door: the CLI, the Python API, the service and the batch callable
give the same record for a document that carries inline directives and a suppress field, under
a configuration file and a baseline."""

from __future__ import annotations

import json
import signal
from pathlib import Path

import httpx
import pytest

from benchmarks.serve import launch
from mtlint import load
from mtlint.detector.batch import MtlintBatch
from tests.conftest import SEED

CONFIG = """\
disable = ["MT104"]
severity = { MT404 = "info" }
allow = { honorifics = ["Smt"] }
"""


def _document(seed_text: str) -> dict:
    """The seed with an inline directive around its first 'Min.', a next-line directive, a
    suppress field for the name variant, and a line that only the baseline accepts."""
    first_min = seed_text.index("Min.")
    text = (
        seed_text[:first_min]
        + "<!-- mtlint: disable=MT105 -->Min.<!-- mtlint: enable -->"
        + seed_text[first_min + len("Min.") :]
        + "\n<!-- mtlint: disable-next-line=MT201 -->\nHe met Sergei V. later.\n"
        + "The talks went on with Smt Sharma. She left with Mr. on Friday.\n"
    )
    return {"id": "doc", "text": text, "mtlint_suppress": ["MT301"]}


@pytest.fixture(scope="module")
def setting(tmp_path_factory, seed_text):
    folder = tmp_path_factory.mktemp("policy")
    (folder / "mtlint.toml").write_text(CONFIG, encoding="utf-8")
    record = _document(seed_text)
    # the baseline accepts the title left without a name in the last line only
    accepted = {"id": "doc", "text": "She left with Mr. on Friday."}
    (folder / "accepted.jsonl").write_text(json.dumps(accepted) + "\n", encoding="utf-8")
    (folder / "doc.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    return folder, record


def _strip(record: dict) -> dict:
    return {key: value for key, value in record.items() if key != "source"}


@pytest.fixture(scope="module")
def expected(setting):
    """The CLI's record: configuration found beside the input, baseline given."""
    from mtlint.cli import main

    folder, _ = setting
    baseline = folder / "baseline.json"
    assert main(["check", str(folder / "accepted.jsonl"), "--no-grammar", "--write-baseline", str(baseline),
                 "-o", str(folder / "ignored.jsonl"), "--format", "jsonl"]) in (0, 1)  # fmt: skip
    out = folder / "out.jsonl"
    main(["check", str(folder / "doc.jsonl"), "--no-grammar", "--baseline", str(baseline),
          "--format", "jsonl", "-o", str(out)])  # fmt: skip
    return json.loads(out.read_text(encoding="utf-8").splitlines()[0])


def test_the_cli_applies_directives_suppress_field_configuration_and_baseline(expected):
    found = [(f["code"], s["text"], f["severity"]) for s in expected["sentences"] for f in s["findings"]]
    codes = {code for code, _, _ in found}
    assert "MT104" not in codes  # disabled in mtlint.toml
    assert "MT301" not in codes  # the record's suppress field
    assert "MT101" in codes  # the seed's "Shri." is still reported
    assert [severity for code, _, severity in found if code == "MT404"] == ["info"]  # re-rated
    assert not [text for code, text, _ in found if code == "MT101" and "Smt" in text]  # allowed
    assert not [text for code, text, _ in found if code == "MT201" and "Sergei V. later" in text]  # next line
    assert not [text for code, text, _ in found if code == "MT102" and "Mr. on Friday" in text]  # baseline
    assert len([code for code, _, _ in found if code == "MT105"]) == 1  # one "Min." of two is inside the directive
    # the article verdict, after suppression: the seed still has suspect sentences to fix
    assert expected["verdict"]["label"] != "clean" and expected["score"] == expected["verdict"]["score"]


def test_the_python_api_gives_the_cli_record(setting, expected):
    folder, record = setting
    checker = load(config=folder / "mtlint.toml", baseline=folder / "baseline.json")
    [doc] = checker.check_records([record], source=str(folder / "doc.jsonl"))
    assert _strip(doc.to_dict()) == _strip(expected)


def test_the_batch_callable_gives_the_cli_record(setting, expected):
    folder, record = setting
    batch = MtlintBatch(config=str(folder / "mtlint.toml"), baseline=str(folder / "baseline.json"), sentences=True)
    [row] = batch([record])
    assert row["mtlint_score"] == expected["score"] and row["mtlint_suspect"] == expected["suspect"]
    assert row["mtlint_verdict"] == expected["verdict"]["label"]
    assert row["mtlint_sentences"] == expected["sentences"]


@pytest.mark.slow
def test_the_service_gives_the_cli_record(setting, expected):
    folder, record = setting
    process, url = launch(
        ["--no-grammar", "--config", str(folder / "mtlint.toml"), "--baseline", str(folder / "baseline.json")]
    )
    try:
        response = httpx.post(f"{url}/v1/check", json=record, timeout=60)
        assert response.status_code == 200
        assert _strip(response.json()) == _strip(expected)
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)


def test_a_policy_without_configuration_reports_what_the_configuration_hides(setting, expected):
    _, record = setting
    [doc] = load(grammar=False).check_records([record])
    found = {(f.code, doc.text[f.start : f.end]) for f in doc.findings}
    assert {("MT101", "Smt"), ("MT102", "Mr."), ("MT201", "Sergei V.")} <= found
    assert "MT104" in {code for code, _ in found}
    assert "MT301" not in {code for code, _ in found}  # the suppress field still applies


def test_the_seed_checked_through_the_api_equals_the_cli(cli):
    expected = cli("check", SEED, "--no-grammar", "--format", "jsonl").jsonl()[0]
    doc = load(grammar=False).check_text(Path(SEED).read_text(encoding="utf-8"), id=str(SEED), source=str(SEED))
    assert doc.to_dict() == expected
