"""BERT-uncased WordPiece, written to match Sources/SwitchyardRouting/WordPieceTokenizer.swift.

Basic tokenisation (clean control characters, space out CJK ideographs, split on whitespace,
lowercase and strip accents, split off punctuation) then greedy longest-match-first pieces with a
`##` prefix for continuations; a word with no complete cover becomes `[UNK]`. Lowercasing and
accent stripping go through `normalisation_map()`, the table the Swift side reads from the model
file, so both sides use one definition (Python's `unicodedata`, version recorded in the file).
"""

from __future__ import annotations

import unicodedata

MAX_WORD_CHARS = 100
UNK = "[UNK]"


def is_whitespace(ch: str) -> bool:
    return ch in " \t\n\r" or unicodedata.category(ch) == "Zs"


def is_control(ch: str) -> bool:
    return ch not in "\t\n\r" and unicodedata.category(ch).startswith("C")


def is_punctuation(ch: str) -> bool:
    cp = ord(ch)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


def is_cjk(cp: int) -> bool:
    return (
        0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0x20000 <= cp <= 0x2A6DF or 0x2A700 <= cp <= 0x2B73F
        or 0x2B740 <= cp <= 0x2B81F or 0x2B820 <= cp <= 0x2CEAF or 0xF900 <= cp <= 0xFAFF or 0x2F800 <= cp <= 0x2FA1F
    )


def normalise_char(ch: str) -> str:
    """Lowercase, decompose (NFD) and drop nonspacing marks: BERT-uncased's per-character rule."""
    return "".join(c for c in unicodedata.normalize("NFD", ch.lower()) if unicodedata.category(c) != "Mn")


def normalisation_map() -> dict[int, str]:
    """Every non-ASCII BMP scalar whose normalised form differs from itself (ASCII is lowercased inline)."""
    table = {}
    for cp in range(0x80, 0x10000):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        ch = chr(cp)
        out = normalise_char(ch)
        if out != ch:
            table[cp] = out
    return table


def basic_words(text: str, norm: dict[int, str]) -> list[str]:
    """Words after cleaning, CJK spacing, whitespace split, normalisation and punctuation split."""
    words: list[str] = []
    current: list[str] = []

    def flush() -> None:
        if current:
            words.append("".join(current))
            current.clear()

    for ch in text:
        cp = ord(ch)
        if cp == 0 or cp == 0xFFFD or is_control(ch):
            continue
        if is_whitespace(ch):
            flush()
            continue
        if is_cjk(cp):
            flush()
            words.append(ch)
            continue
        mapped = ch.lower() if cp < 0x80 else norm.get(cp, ch)
        for m in mapped:
            if is_punctuation(m):
                flush()
                words.append(m)
            elif is_whitespace(m):
                flush()
            else:
                current.append(m)
    flush()
    return words


def wordpiece(word: str, vocab: dict[str, int]) -> list[int]:
    if len(word) > MAX_WORD_CHARS:
        return [vocab[UNK]]
    pieces = []
    start = 0
    while start < len(word):
        end = len(word)
        found = None
        while start < end:
            sub = word[start:end] if start == 0 else "##" + word[start:end]
            if sub in vocab:
                found = vocab[sub]
                break
            end -= 1
        if found is None:
            return [vocab[UNK]]
        pieces.append(found)
        start = end
    return pieces


def tokenize(text: str, vocab: dict[str, int], norm: dict[int, str], max_pieces: int | None = None) -> list[int]:
    ids: list[int] = []
    for word in basic_words(text, norm):
        ids.extend(wordpiece(word, vocab))
        if max_pieces is not None and len(ids) >= max_pieces:
            return ids[:max_pieces]
    return ids
