import SwitchyardRouting
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
