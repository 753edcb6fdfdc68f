"""The deep stage's encoder in PyTorch, for fine-tuning only (scoring runs the ONNX export).

A BERT encoder (MiniLM's shape: 384 wide, 12 heads) cut to its first layers, mean pooling over
the real tokens and one logit. Its parameters are named as in Hugging Face's ``BertModel``
(:data:`HF_NAMES` maps them), so the base weights load as they are and the fine-tuned ones
go to :func:`mtlint.training.deep_export.bert_graph` unchanged.
"""

from __future__ import annotations

import copy
import math
import time
from collections.abc import Callable, Iterator, Sequence

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

# this module's parameter names -> Hugging Face's, per layer
HF_NAMES = {
    "q": "attention.self.query",
    "k": "attention.self.key",
    "v": "attention.self.value",
    "o": "attention.output.dense",
    "ln1": "attention.output.LayerNorm",
    "inner": "intermediate.dense",
    "out": "output.dense",
    "ln2": "output.LayerNorm",
}
HF_EMBEDDINGS = {
    "word": "embeddings.word_embeddings",
    "position": "embeddings.position_embeddings",
    "kind": "embeddings.token_type_embeddings",
    "ln": "embeddings.LayerNorm",
}


class Layer(nn.Module):
    """Self-attention and a feed-forward block, each with a residual and layer norm (post-LN)."""

    def __init__(self, width: int, heads: int, inner: int, eps: float, dropout: float):
        super().__init__()
        self.heads, self.dropout = heads, dropout
        self.q, self.k, self.v, self.o = (nn.Linear(width, width) for _ in range(4))
        self.ln1, self.ln2 = nn.LayerNorm(width, eps=eps), nn.LayerNorm(width, eps=eps)
        self.inner, self.out = nn.Linear(width, inner), nn.Linear(inner, width)
        self.drop = nn.Dropout(dropout)

    def forward(self, x: torch.Tensor, bias: torch.Tensor) -> torch.Tensor:
        b, n, d = x.shape

        def split(t: torch.Tensor) -> torch.Tensor:
            return t.view(b, n, self.heads, d // self.heads).transpose(1, 2)

        drop = self.dropout if self.training else 0.0
        attended = F.scaled_dot_product_attention(split(self.q(x)), split(self.k(x)), split(self.v(x)), bias, drop)
        x = self.ln1(x + self.drop(self.o(attended.transpose(1, 2).reshape(b, n, d))))
        return self.ln2(x + self.drop(self.out(F.gelu(self.inner(x)))))


class Encoder(nn.Module):
    """Token ids and mask (batch x length) -> one logit per row."""

    def __init__(self, config: dict, layers: int, dropout: float = 0.1):
        super().__init__()
        width, eps = config["hidden_size"], config["layer_norm_eps"]
        self.word = nn.Embedding(config["vocab_size"], width)
        self.position = nn.Embedding(config["max_position_embeddings"], width)
        self.kind = nn.Embedding(config["type_vocab_size"], width)
        self.ln = nn.LayerNorm(width, eps=eps)
        self.layers = nn.ModuleList(
            Layer(width, config["num_attention_heads"], config["intermediate_size"], eps, dropout)
            for _ in range(layers)
        )
        self.drop = nn.Dropout(dropout)
        self.head = nn.Linear(width, 1)

    @classmethod
    def from_weights(cls, weights: dict[str, np.ndarray], config: dict, layers: int) -> Encoder:
        """The first ``layers`` layers of a Hugging Face BERT's ``weights``; a new head."""
        encoder = cls(config, layers)
        state = encoder.state_dict()
        for name in state:
            if not name.startswith("head."):
                state[name] = torch.from_numpy(weights[hf_name(name)].astype(np.float32))
        nn.init.normal_(encoder.head.weight, std=0.02)
        state["head.weight"], state["head.bias"] = encoder.head.weight.detach(), torch.zeros(1)
        encoder.load_state_dict(state)
        return encoder

    def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        x = self.word(ids) + self.position.weight[: ids.shape[1]] + self.kind.weight[0]
        x = self.drop(self.ln(x))
        bias = (1.0 - mask[:, None, None, :].float()) * -1e4
        for layer in self.layers:
            x = layer(x, bias)
        m = mask.unsqueeze(-1).float()
        pooled = (x * m).sum(1) / m.sum(1).clamp(min=1.0)
        return self.head(self.drop(pooled)).squeeze(-1)


def hf_name(name: str) -> str:
    """Hugging Face's name of one of :class:`Encoder`'s parameters (the head keeps its own)."""
    parts = name.split(".")
    if parts[0] == "layers":
        return f"encoder.layer.{parts[1]}.{HF_NAMES[parts[2]]}.{parts[3]}"
    if parts[0] in HF_EMBEDDINGS:
        return f"{HF_EMBEDDINGS[parts[0]]}.{parts[1]}"
    return name


def hf_weights(encoder: Encoder) -> dict[str, np.ndarray]:
    """The encoder's parameters as numpy arrays under Hugging Face's names."""
    return {hf_name(name): value.detach().cpu().numpy() for name, value in encoder.state_dict().items()}


def collate(rows: Sequence[Sequence[int]]) -> tuple[torch.Tensor, torch.Tensor]:
    width = max(len(r) for r in rows)
    ids = torch.zeros((len(rows), width), dtype=torch.long)
    mask = torch.zeros((len(rows), width), dtype=torch.long)
    for i, r in enumerate(rows):
        ids[i, : len(r)] = torch.tensor(r)
        mask[i, : len(r)] = 1
    return ids, mask


def batches(lengths: Sequence[int], size: int, rng: np.random.Generator, pool: int = 50) -> Iterator[np.ndarray]:
    """Shuffled batches of indices, each of sentences of similar length (sorted within pools
    of ``pool`` batches): a third of the padding, and still a random order."""
    order = rng.permutation(len(lengths))
    found = []
    for start in range(0, len(order), size * pool):
        part = sorted(order[start : start + size * pool], key=lambda i: lengths[i])
        found += [np.array(part[s : s + size]) for s in range(0, len(part), size)]
    for i in rng.permutation(len(found)):
        yield found[i]


@torch.no_grad()
def logits(encoder: Encoder, ids: Sequence[Sequence[int]], size: int = 256) -> np.ndarray:
    """The encoder's logits of token id lists, in input order."""
    encoder.eval()
    out = np.zeros(len(ids))
    order = np.argsort([len(x) for x in ids], kind="stable")
    for start in range(0, len(order), size):
        chosen = order[start : start + size]
        out[chosen] = encoder(*collate([ids[i] for i in chosen])).numpy()
    return out


def fine_tune(
    encoder: Encoder,
    train: tuple[list[list[int]], np.ndarray],
    val: tuple[list[list[int]], np.ndarray],
    epochs: int,
    batch: int,
    lr: float,
    seed: int,
    log: Callable[[str], None] = print,
) -> list[dict]:
    """AdamW (encoder ``lr``, head 1e-3), 6% warm-up then linear decay, class-balanced loss;
    the encoder ends with the weights of the epoch of best validation AUC. Returns each
    epoch's validation AUC and seconds."""
    from sklearn.metrics import roc_auc_score

    (train_ids, train_y), (val_ids, val_y) = train, val
    rng = np.random.default_rng(seed)
    positive = float(train_y.sum())
    loss_fn = nn.BCEWithLogitsLoss(pos_weight=torch.tensor((len(train_y) - positive) / max(positive, 1.0)))
    head = list(encoder.head.parameters())
    body = [p for name, p in encoder.named_parameters() if not name.startswith("head.")]
    optimiser = torch.optim.AdamW([{"params": body, "lr": lr}, {"params": head, "lr": 1e-3}], weight_decay=0.01)
    steps = math.ceil(len(train_ids) / batch) * epochs
    warm = max(1, int(0.06 * steps))
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda s: min((s + 1) / warm, max(0.0, (steps - s) / max(1, steps - warm)))
    )
    lengths = [len(x) for x in train_ids]
    history, best, best_state = [], -1.0, None
    for epoch in range(epochs):
        started = time.perf_counter()
        for step, chosen in enumerate(batches(lengths, batch, rng)):
            encoder.train()
            loss = loss_fn(encoder(*collate([train_ids[i] for i in chosen])), torch.from_numpy(train_y[chosen]))
            optimiser.zero_grad(set_to_none=True)
            loss.backward()
            nn.utils.clip_grad_norm_(encoder.parameters(), 1.0)
            optimiser.step()
            schedule.step()
            if step % 500 == 0:
                log(f"deep: epoch {epoch + 1} step {step} loss {loss.item():.3f}")
        auc = float(roc_auc_score(val_y, logits(encoder, val_ids))) if len(set(val_y)) == 2 else float("nan")
        history.append({"epoch": epoch + 1, "val_auc": auc, "seconds": round(time.perf_counter() - started)})
        log(f"deep: epoch {epoch + 1}: validation AUC {auc:.4f} ({history[-1]['seconds']} s)")
        if not auc <= best:  # the first epoch, and every better one (nan: a tiny run)
            best, best_state = auc, copy.deepcopy(encoder.state_dict())
    encoder.load_state_dict(best_state)
    return history
