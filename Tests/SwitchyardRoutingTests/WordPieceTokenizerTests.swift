#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
@testable import SwitchyardRouting
import Testing

/// The shipped tokenizer against ids from Hugging Face's reference (tokenizers 0.23, all-MiniLM-L6-v2's tokenizer.json).
@Suite struct WordPieceTokenizerTests {
    let tokenizer = RouterModel.bundled!.tokenizer

    @Test func accentsAreStrippedAndCaseFolded() {
        #expect(tokenizer.tokenize("Héllo, WORLD!") == [7592, 1010, 2088, 999])
        #expect(tokenizer.tokenize("Naïve café — ÉCOLE") == [15743, 7668, 1517, 12431])
    }

    @Test func continuationPiecesCoverAWord() {
        #expect(tokenizer.tokenize("unaffable") == [14477, 20961, 3468])
    }

    @Test func punctuationStandsAloneAndControlsVanish() {
        #expect(tokenizer.tokenize("def f(x):\n\treturn x**2") == [13366, 1042, 1006, 1060, 1007, 1024, 2709, 1060, 1008, 1008, 1016])
        #expect(tokenizer.tokenize("I\u{200B}can't") == [24582, 2319, 1005, 1056])
        #expect(tokenizer.tokenize("東京 is big") == [1879, 1755, 2003, 2502])
    }

    @Test func uncoverableAndOverlongWordsAreUnknown() {
        #expect(tokenizer.tokenize("qwxzptl𝔘") == [100])
        #expect(tokenizer.tokenize(String(repeating: "x", count: 120)) == [100])
        #expect(tokenizer.tokenize("") == [])
    }

    @Test func theLimitCutsTokens() {
        #expect(tokenizer.tokenize("def f(x):\n\treturn x**2", limit: 3) == [13366, 1042, 1006])
    }
}

/// Matching each phrase on its own, with `memchr`: the slow, obvious answer the one-pass table must agree with.
enum PhraseOracle {
    /// Whether `needle` occurs in `haystack` as whole words ("proof" is not in "waterproof").
    /// Candidates are found with `memchr` on the first byte, so long prompts scan at memory speed.
    static func containsPhrase(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard let first = needle.first, needle.count <= haystack.count else { return false }
        func isWordByte(_ byte: UInt8) -> Bool {
            (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A) || byte >= 0x80
        }
        let checkBefore = isWordByte(first)
        let checkAfter = isWordByte(needle[needle.count - 1])
        return haystack.withUnsafeBufferPointer { text in
            guard let base = text.baseAddress else { return false }
            let last = text.count - needle.count
            var start = 0
            while start <= last {
                guard let found = memchr(base + start, Int32(first), last - start + 1) else { return false }
                let index = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                var matches = true
                for offset in 1..<needle.count where text[index + offset] != needle[offset] {
                    matches = false
                    break
                }
                if matches {
                    let before = !checkBefore || index == 0 || !isWordByte(text[index - 1])
                    let end = index + needle.count
                    let after = !checkAfter || end == text.count || !isWordByte(text[end])
                    if before && after { return true }
                }
                start = index + 1
            }
            return false
        }
    }
}

/// The one-pass keyword scan finds a rule's keywords exactly where the phrase-by-phrase match does.
@Suite struct PhraseTableTests {
    @Test(arguments: [
        "is the trail tent waterproof?", "prove it", "a proof.", "step-by-step please", "step by step", "why does it rain",
        "why doesn't it", "sum of squares", "summary of it", "", "p", "how many ways are there", "x(prove)y", "théorem theorem",
    ])
    func containsAnyMatchesPhraseByPhrase(text: String) {
        let keywords = ["prove", "proof", "step by step", "step-by-step", "why does", "sum of", "theorem", "how many ways"].map { Array($0.utf8) }
        let bytes = Array(text.utf8)
        let expected = keywords.contains { PhraseOracle.containsPhrase(bytes, $0) }
        #expect(PhraseTable(keywords).containsAny(bytes) == expected)
        for keyword in keywords {
            #expect(PhraseTable([keyword]).containsAny(bytes) == PhraseOracle.containsPhrase(bytes, keyword))
        }
    }
}

/// The one-pass code-marker count agrees with matching each marker as a whole-word phrase.
@Suite struct CodeMarkerCountTests {
    @Test(arguments: [
        "waterproof java", "javascript only", "c++ and java and rust", "x => y }; f();", "console.log(x) in python",
        "select * from t inner join u", "git push; npm install; pip install x; docker run", "codes and apis", "api", "", "```",
        "debugging the compiler's variable algorithm", "refactor: unit test", "#include <stdio.h>", "printf(\"%d\")",
    ])
    func countsMatchWholeWordPhrases(text: String) {
        let bytes = Array(text.lowercased().utf8)
        var expected = 0
        for marker in PromptFeatures.codeMarkerBytes where PhraseOracle.containsPhrase(bytes, marker) && expected < 4 { expected += 1 }
        #expect(PromptFeatures.codeMarkerHits(bytes) == expected)
    }
}

/// Numbers are counted as `scripts/router_model/features.py` counts them: a run starts at a digit
/// and continues through digits, points and commas.
@Suite struct NumberCountTests {
    @Test(arguments: [
        ("", 0), ("no digits here", 0), ("1", 1), ("12 apples and 3 pears", 2), ("1,234.56 and 7", 2), ("1..2", 1),
        ("1., 2", 2), (".5", 1), ("a1b2c3", 3), ("3,4,5", 1), ("version 10.0.1, build 7", 2),
    ])
    func countsRunsOfDigits(text: String, expected: Int) {
        #expect(PromptFeatures.countNumbers(Array(text.utf8)) == expected)
    }
}
