"""Hostile input, round three (issue #30, items 6 and 7): side files read with a bound, a
baseline that costs per finding and not per entry, batch columns from Arrow, the API's text
type, and a closed standard error. Real files, real processes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections import Counter

import numpy as np
import pytest

from mtlint.core.records import Document, Finding, Sentence
from mtlint.detector import suppress
from mtlint.detector.baseline import Baseline, fingerprint
from mtlint.detector.batch import MtlintBatch
from mtlint.detector.config import Config
from tests.conftest import ROOT

DEBRIS = "Min. The council approved the the budget on Monday."


def test_a_configuration_read_from_dev_zero_is_an_error_not_gigabytes(cli, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("The council met on Monday.\n")
    result = cli("check", "--no-grammar", "--config", "/dev/zero", article)
    assert result.code == 2 and "/dev/zero: configuration over 64,000,000 bytes" in result.err


@pytest.mark.slow  # starts mtlint serve in a child process
def test_a_token_file_read_from_dev_zero_is_refused_at_start_up():
    result = subprocess.run(
        [sys.executable, "-m", "mtlint", "serve", "--no-grammar", "--token-file", "/dev/zero", "--port", "0"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 2
    assert result.stderr.strip().splitlines()[-1] == (
        "mtlint: error: /dev/zero: token file over 64,000 bytes (is it the right file?)"
    )


def test_a_baseline_count_of_1e999_is_an_error_that_names_the_file(cli, tmp_path):
    baseline = tmp_path / "base.json"
    baseline.write_text('{"version": 1, "findings": {"abc": 1e999}}')
    article = tmp_path / "a.txt"
    article.write_text(DEBRIS)
    result = cli("check", "--no-grammar", "--baseline", baseline, article)
    assert result.code == 2 and f"{baseline}: not an mtlint baseline" in result.err
    assert "internal error" not in result.err


def _settle_seconds(baseline: Baseline) -> float:
    """CPU seconds to settle one document with one finding against ``baseline``."""
    best = float("inf")
    for _ in range(3):
        sentence = Sentence(0, len(DEBRIS), DEBRIS, findings=[Finding("MT501", "repeated", 32, 39, "error")])
        doc = Document(id="d", source="d.txt", text=DEBRIS, sentences=[sentence])
        started = time.thread_time()
        suppress.apply(doc, Config().for_path(doc.source), baseline)
        best = min(best, time.thread_time() - started)
    return best


def test_a_baseline_costs_per_finding_not_per_entry():
    sentence = Sentence(0, len(DEBRIS), DEBRIS, findings=[Finding("MT501", "repeated", 32, 39, "error")])
    key = fingerprint(Document(id="d", source="d.txt", text=DEBRIS), sentence, sentence.findings[0])
    small = Baseline(Counter({f"{n:024x}": 1 for n in range(1_000)}))
    large = Baseline(Counter({f"{n:024x}": 1 for n in range(300_000)}))
    assert _settle_seconds(large) < 20 * max(_settle_seconds(small), 1e-4)  # a copy per document was 300x
    accepted = Baseline(Counter({key: 1}))
    doc = Document(id="d", source="d.txt", text=DEBRIS, sentences=[sentence])
    suppress.apply(doc, Config().for_path(doc.source), accepted)
    assert doc.sentences[0].findings == [] and accepted.counts[key] == 1  # used, not consumed


def test_a_suppress_column_from_arrow_is_honoured_and_a_string_column_is_refused():
    batch = MtlintBatch(grammar=False)
    rows = [{"id": "a", "text": DEBRIS, "mtlint_suppress": np.array(["MT105", "MT501"])}, {"id": "b", "text": DEBRIS}]
    suppressed, plain = batch(rows)
    assert {f["code"] for f in plain["mtlint_findings"]} >= {"MT105", "MT501"}
    assert not {f["code"] for f in suppressed["mtlint_findings"]} & {"MT105", "MT501"}
    with pytest.raises(TypeError, match="column 'text' holds a str: pass"):
        batch({"text": "a string"})


@pytest.mark.parametrize("text, kind", [(None, "NoneType"), (b"Min. Hi.", "bytes"), (42, "int")])
def test_fix_text_and_check_text_refuse_what_is_not_a_string(text, kind):
    from mtlint import load

    checker = load(grammar=False)
    with pytest.raises(TypeError, match=f"text must be a str, not {kind}"):
        checker.fix_text(text)
    with pytest.raises(TypeError, match="text must be a str"):
        checker.check_text(text)


@pytest.mark.slow  # a child process started with standard error closed
def test_a_closed_standard_error_does_not_fail_the_check(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("The council met on Monday.\n")
    result = subprocess.run(
        [sys.executable, "-m", "mtlint", "check", "--no-grammar", "--format", "jsonl", article],
        cwd=ROOT, stdout=subprocess.PIPE, preexec_fn=lambda: os.close(2), timeout=120,
    )  # fmt: skip
    assert result.returncode == 0
    assert json.loads(result.stdout)["status"] == "ok"
