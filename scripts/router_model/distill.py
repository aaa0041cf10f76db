"""A static token-embedding table distilled from all-MiniLM-L6-v2 (model2vec-style).

Each vocabulary entry is run once through the transformer as `[CLS] token [SEP]` (plain numpy,
float64, no framework), mean-pooled like sentence-transformers does, then the table is reduced
by PCA, weighted by a Zipf/SIF prior on the token's vocabulary rank, and quantised to int8 with a
scale per row. Deterministic: no sampling, SVD of a fixed matrix, sign of each component fixed.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
from safetensors.numpy import load_file

HEADS = 12
EPS = 1e-12


def _layer_norm(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + EPS) * w + b


def _gelu(x: np.ndarray) -> np.ndarray:
    """BERT's exact GELU, x·Φ(x), with erf by Abramowitz–Stegun 7.1.26 (|error| < 1.5e-7)."""
    z = np.abs(x) / math.sqrt(2.0)
    t = 1.0 / (1.0 + 0.3275911 * z)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    erf = np.sign(x) * (1.0 - poly * np.exp(-z * z))
    return 0.5 * x * (1.0 + erf)


def embed_vocabulary(model_dir: Path, batch: int = 2048) -> np.ndarray:
    """(vocab, 384) float64: the mean-pooled output of `[CLS] token [SEP]` for every token id."""
    w = {k: v.astype(np.float64) for k, v in load_file(str(model_dir / "model.safetensors")).items() if v.dtype != np.int64}
    vocab_size = w["embeddings.word_embeddings.weight"].shape[0]
    cls_id, sep_id = 101, 102
    out = np.zeros((vocab_size, 384))
    for start in range(0, vocab_size, batch):
        ids = np.arange(start, min(start + batch, vocab_size))
        seq = np.stack([np.full_like(ids, cls_id), ids, np.full_like(ids, sep_id)], axis=1)
        x = w["embeddings.word_embeddings.weight"][seq] + w["embeddings.position_embeddings.weight"][:3] + w["embeddings.token_type_embeddings.weight"][0]
        x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        for layer in range(6):
            p = f"encoder.layer.{layer}."

            def dense(t: np.ndarray, name: str) -> np.ndarray:
                return t @ w[p + name + ".weight"].T + w[p + name + ".bias"]

            n, s, d = x.shape
            q = dense(x, "attention.self.query").reshape(n, s, HEADS, d // HEADS).transpose(0, 2, 1, 3)
            k = dense(x, "attention.self.key").reshape(n, s, HEADS, d // HEADS).transpose(0, 2, 1, 3)
            v = dense(x, "attention.self.value").reshape(n, s, HEADS, d // HEADS).transpose(0, 2, 1, 3)
            scores = q @ k.transpose(0, 1, 3, 2) / math.sqrt(d // HEADS)
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            scores /= scores.sum(-1, keepdims=True)
            ctx = (scores @ v).transpose(0, 2, 1, 3).reshape(n, s, d)
            x = _layer_norm(x + dense(ctx, "attention.output.dense"), w[p + "attention.output.LayerNorm.weight"], w[p + "attention.output.LayerNorm.bias"])
            h = _gelu(dense(x, "intermediate.dense"))
            x = _layer_norm(x + dense(h, "output.dense"), w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"])
        out[ids] = x.mean(axis=1)
    return out


def reduce(table: np.ndarray, dims: int, sif: float = 1e-3) -> np.ndarray:
    """PCA to `dims` (components' signs fixed so the largest coordinate is positive), then SIF weights by rank."""
    centred = table - table.mean(axis=0)
    _, _, vt = np.linalg.svd(centred, full_matrices=False)
    comps = vt[:dims]
    signs = np.sign(comps[np.arange(dims), np.abs(comps).argmax(axis=1)])
    reduced = centred @ (comps * signs[:, None]).T
    n = table.shape[0]
    rank = np.arange(1, n + 1)
    proba = 1.0 / (rank * math.log(n))
    return reduced * (sif / (sif + proba))[:, None]


def quantise(table: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """int8 rows and a float32 scale per row (max |value| maps to 127)."""
    scale = np.abs(table).max(axis=1) / 127.0
    scale[scale == 0] = 1.0
    q = np.clip(np.rint(table / scale[:, None]), -127, 127).astype(np.int8)
    return q, scale.astype(np.float32)
