"""Prompt features the head sees besides the embedding; mirrors Sources/SwitchyardRouting/PromptFeatures.swift.

The text is the last user message's text parts; `tools` is whether the request defines tools.
Numbers are computed exactly as the Swift side does (ASCII lowercase on bytes, whole-word phrase
matching, runs of digits), so a head trained here scores the same vector in the gateway.
"""

from __future__ import annotations

import math

# The same list as PromptFeatures.codeMarkers.
CODE_MARKERS = [
    "def ", "func ", "function", "#include", "=>", "};", "();", "console.log", "printf(", "public static", "select *",
    "sql", "npm ", "pip install", "git ", "traceback", "stack trace", "segfault", "regex", "python", "javascript",
    "typescript", "rust", "golang", "java", "c++", "kotlin", "bash", "shell script", "docker", "kubernetes", "api",
    "unit test", "refactor", "debug", "compiler", "null pointer", "variable", "algorithm", "code", "group by", "inner join",
]
EXTRA_NAMES = ["tools", "fence", "code_markers", "log_tokens", "log_numbers"]


def _is_word_byte(b: int) -> bool:
    return 0x30 <= b <= 0x39 or 0x61 <= (b | 0x20) <= 0x7A or b >= 0x80


def contains_phrase(hay: bytes, needle: bytes) -> bool:
    check_before, check_after = _is_word_byte(needle[0]), _is_word_byte(needle[-1])
    start = 0
    while True:
        i = hay.find(needle, start)
        if i < 0:
            return False
        end = i + len(needle)
        before = not check_before or i == 0 or not _is_word_byte(hay[i - 1])
        after = not check_after or end == len(hay) or not _is_word_byte(hay[end])
        if before and after:
            return True
        start = i + 1


def lowered_bytes(text: str) -> bytes:
    return bytes(b | 0x20 if 0x41 <= b <= 0x5A else b for b in text.encode("utf-8"))


# The window the gateway reads of a long message (AnalysedWindow.swift): head, newline, tail.
HEAD_BYTES, TAIL_BYTES = 3072, 1024


def analysed_window(data: bytes) -> bytes:
    if len(data) <= HEAD_BYTES + TAIL_BYTES:
        return data
    head_end, tail_start = HEAD_BYTES, len(data) - TAIL_BYTES
    while head_end > 0 and data[head_end] & 0xC0 == 0x80:
        head_end -= 1
    while tail_start < len(data) and data[tail_start] & 0xC0 == 0x80:
        tail_start += 1
    return data[:head_end] + b"\n" + data[tail_start:]


def count_numbers(data: bytes) -> int:
    count, in_number = 0, False
    for b in data:
        digit = 0x30 <= b <= 0x39
        if digit and not in_number:
            count += 1
        in_number = digit or (in_number and b in (0x2E, 0x2C))
    return count


def extras(text: str, tools: bool) -> list[float]:
    whole = lowered_bytes(text)
    low = analysed_window(whole)
    fence = contains_phrase(low, b"```") if len(low) >= 3 else False
    hits = sum(1 for m in CODE_MARKERS if len(m.encode()) <= len(low) and contains_phrase(low, m.encode()))
    tokens = (len(whole) + 3) // 4
    return [float(tools), float(fence), min(hits, 4) / 4.0, math.log1p(tokens) / 8.0, math.log1p(count_numbers(low)) / 3.0]
