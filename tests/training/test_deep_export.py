"""The deep stage's ONNX graph computes what the PyTorch encoder it was written from computes."""

from __future__ import annotations

import numpy as np
import pytest

torch = pytest.importorskip("torch", reason="the deep-train extra (pip install 'mtlint[deep-train]')")
onnxruntime = pytest.importorskip("onnxruntime", reason="the deep extra")

from mtlint.training.deep_encoder import Encoder, hf_weights, logits  # noqa: E402
from mtlint.training.deep_export import bert_graph, quantize  # noqa: E402

CONFIG = {
    "vocab_size": 120,
    "hidden_size": 32,
    "num_attention_heads": 4,
    "intermediate_size": 64,
    "max_position_embeddings": 40,
    "type_vocab_size": 2,
    "layer_norm_eps": 1e-12,
}
ROWS = [[101, 7, 8, 9, 102], [101, 50, 102], [101, *range(10, 40), 102]]  # lengths 5, 3 and 32


def _onnx_logits(path, rows) -> np.ndarray:
    session = onnxruntime.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    width = max(len(r) for r in rows)
    ids = np.zeros((len(rows), width), dtype=np.int32)
    mask = np.zeros_like(ids)
    for i, r in enumerate(rows):
        ids[i, : len(r)], mask[i, : len(r)] = r, 1
    return np.asarray(session.run(["logit"], {"input_ids": ids, "attention_mask": mask})[0]).reshape(-1)


@pytest.fixture(scope="module")
def encoder() -> Encoder:
    torch.manual_seed(0)
    model = Encoder(CONFIG, layers=2)
    with torch.no_grad():
        model.head.weight.normal_(std=0.5)
    return model.eval()


def test_the_graph_gives_the_encoders_logits_with_padding_ignored(encoder, tmp_path):
    import onnx

    path = tmp_path / "float.onnx"
    onnx.save(bert_graph(hf_weights(encoder), 2, CONFIG["num_attention_heads"]), path)
    expected = logits(encoder, ROWS)
    # padded to the longest row in one batch, as the runtime pads: the mask must hide the padding
    np.testing.assert_allclose(_onnx_logits(path, ROWS), expected, atol=1e-4)
    np.testing.assert_allclose(_onnx_logits(path, ROWS[:2]), expected[:2], atol=1e-4)


def test_int8_keeps_the_logits_close_and_the_file_small(encoder, tmp_path):
    import onnx

    full, small = tmp_path / "float.onnx", tmp_path / "int8.onnx"
    onnx.save(bert_graph(hf_weights(encoder), 2, CONFIG["num_attention_heads"]), full)
    quantize(full, small)
    assert small.stat().st_size < full.stat().st_size / 2
    np.testing.assert_allclose(_onnx_logits(small, ROWS), _onnx_logits(full, ROWS), atol=0.1)
