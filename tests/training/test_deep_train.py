"""``mtlint train --deep`` end to end on a tiny run: fine-tune, int8 export, combiner, card;
the result loads through the runtime and scores a document."""

from __future__ import annotations

import json

import pytest

pytest.importorskip("torch", reason="the deep-train extra (pip install 'mtlint[deep-train]')")

from mtlint import Checker  # noqa: E402
from mtlint.detector import deep  # noqa: E402
from mtlint.training.deep import base_wheel  # noqa: E402


@pytest.mark.slow
def test_a_tiny_deep_model_trains_exports_and_checks(shared_data, cli, tmp_path):
    try:
        base_wheel()
    except FileNotFoundError as exc:
        pytest.skip(str(exc))
    out = tmp_path / "deep"
    args = ["train", "--deep", "--data", shared_data, "--limit", "20", "--deep-layers", "1", "--deep-epochs", "1"]
    result = cli(*args, "--out", out)
    assert result.code == 0, result.err
    card = json.loads((out / deep.CARD_FILE).read_text())
    assert card["layers"] == 1 and card["training"]["int8_drift"] < 0.1
    stage = deep.load(out / deep.CARD_FILE)
    assert deep.sha256(out / "deep.onnx") == card["model_sha256"]
    checker = Checker(grammar=False)
    checker.policy.detector.deep = stage
    doc = checker.check_text("The talks went well. Reiterated the demand, Shri.")
    assert len(doc.sentences) == 2 and doc.deep_checked == 1  # the second has a rule's finding (MT101)
