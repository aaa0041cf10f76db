"""The classification head: multinomial logistic regression with L2, full-batch gradient descent.

Deterministic (zero start, fixed steps, no sampling). Inputs are the L2-normalised mean of the
prompt's token rows followed by the extra features of features.py.
"""

from __future__ import annotations

import numpy as np


def pool(ids: list[int], table: np.ndarray) -> np.ndarray:
    if not ids:
        return np.zeros(table.shape[1])
    v = table[ids].mean(axis=0)
    n = np.linalg.norm(v)
    return v / n if n > 0 else v


def train(x: np.ndarray, y: np.ndarray, classes: int, l2: float = 1e-3, steps: int = 3000, lr: float = 0.5,
          class_weight: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    n, d = x.shape
    w = np.zeros((classes, d))
    b = np.zeros(classes)
    onehot = np.eye(classes)[y]
    sample_w = np.ones(n) if class_weight is None else class_weight[y]
    sample_w = sample_w / sample_w.sum()
    # Nesterov momentum on a convex loss: converges well in a few thousand steps.
    vw, vb = np.zeros_like(w), np.zeros_like(b)
    for _ in range(steps):
        lw, lb = w + 0.9 * vw, b + 0.9 * vb
        logits = x @ lw.T + lb
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        p /= p.sum(axis=1, keepdims=True)
        g = (p - onehot) * sample_w[:, None]
        gw = g.T @ x + l2 * lw
        gb = g.sum(axis=0)
        vw = 0.9 * vw - lr * gw
        vb = 0.9 * vb - lr * gb
        w, b = w + vw, b + vb
    return w, b


def predict(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    logits = x @ w.T + b
    logits -= logits.max(axis=1, keepdims=True)
    p = np.exp(logits)
    return p / p.sum(axis=1, keepdims=True)
