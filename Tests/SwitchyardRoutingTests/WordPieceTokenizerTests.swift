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
        for marker in PromptFeatures.codeMarkerBytes where RoutingRule.containsPhrase(bytes, marker) && expected < 4 { expected += 1 }
        #expect(PromptFeatures.codeMarkerHits(bytes) == expected)
    }
}
