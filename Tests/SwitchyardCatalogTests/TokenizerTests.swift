import Foundation
import Testing
@testable import SwitchyardCatalog

/// The fixture written by `scripts/make_token_fixture.py`: texts with tiktoken's token ids.
private struct TokenFixture: Decodable {
    struct Entry: Decodable {
        let name: String
        let text: String
        let cl100k_base: [Int]
        let o200k_base: [Int]

        func ids(_ encoding: BPETokenizer.Encoding) -> [Int] {
            switch encoding {
            case .cl100kBase: cl100k_base
            case .o200kBase: o200k_base
            }
        }
    }

    let tiktoken: String
    let entries: [Entry]

    static let loaded: TokenFixture? = try? load("token_counts", as: TokenFixture.self)
}

/// Which scalars tiktoken's regex engine puts in each Unicode class, as inclusive ranges.
private struct UnicodeClassFixture: Decodable {
    struct Class: Decodable {
        let `class`: String
        let ranges: [[UInt32]]
    }

    let classes: [Class]
}

private func load<T: Decodable>(_ name: String, as type: T.Type) throws -> T {
    let url = try #require(Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures"))
    return try JSONDecoder().decode(T.self, from: Data(contentsOf: url))
}

@Suite struct TokenizerTests {
    @Test(arguments: BPETokenizer.Encoding.allCases)
    func matchesTiktokenOnEveryFixtureEntry(encoding: BPETokenizer.Encoding) throws {
        let fixture = try #require(TokenFixture.loaded)
        #expect(fixture.entries.count > 500)
        let tokenizer = try BPETokenizer.shared(encoding)
        var mismatches: [String] = []
        for entry in fixture.entries {
            let expected = entry.ids(encoding)
            let ids = tokenizer.encode(entry.text)
            let count = tokenizer.count(entry.text)
            if ids != expected || count != expected.count {
                mismatches.append("\(entry.name): \(ids.count) ids (count \(count)), tiktoken \(expected.count)")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) of \(fixture.entries.count) differ: \(mismatches.prefix(10))")
    }

    @Test func handCheckedTokenIDs() throws {
        let cl100k = try BPETokenizer.shared(.cl100kBase)
        let o200k = try BPETokenizer.shared(.o200kBase)
        #expect(cl100k.encode("hello world") == [15339, 1917])
        #expect(o200k.encode("hello world") == [24912, 2375])
        // Special-token text is ordinary text.
        #expect(cl100k.encode("<|endoftext|>") == [27, 91, 8862, 728, 428, 91, 29])
        #expect(cl100k.encode("") == [])
        #expect(cl100k.count("") == 0)
        #expect(o200k.count("a") == 1)
    }

    @Test func cl100kSplitsLikeItsPattern() throws {
        let tokenizer = try BPETokenizer.shared(.cl100kBase)
        #expect(tokenizer.pieces("I'M  here\n\n") == ["I", "'M", " ", " here", "\n\n"])
        #expect(tokenizer.pieces("don't 12345 !!\n\nx") == ["don", "'t", " ", "123", "45", " !!\n\n", "x"])
        #expect(tokenizer.pieces("a  \n  b   ") == ["a", "  \n", " ", " b", "   "])
        #expect(tokenizer.pieces("\tfoo 'llama'ſ") == ["\tfoo", " '", "llama", "'ſ"])
        #expect(tokenizer.pieces("'llama") == ["'ll", "ama"])
    }

    @Test func o200kSplitsLikeItsPattern() throws {
        let tokenizer = try BPETokenizer.shared(.o200kBase)
        #expect(tokenizer.pieces("don't STOP HelloWorld") == ["don't", " STOP", " Hello", "World"])
        #expect(tokenizer.pieces("a/b!/\n/c  \n  d") == ["a", "/b", "!/\n/", "c", "  \n", " ", " d"])
        // A leading mark is both a possible prefix and a word scalar: the prefix is given back.
        #expect(tokenizer.pieces("\u{301}A ") == ["\u{301}", "A", " "])
        #expect(tokenizer.pieces("1234567") == ["123", "456", "7"])
    }

    @Test func classifiesEveryScalarLikeTheReferenceRegexEngine() throws {
        let fixture = try load("regex_unicode_classes", as: UnicodeClassFixture.self)
        let bits: [String: ScalarClass] = [
            "L": .letter, "N": .number, "s": .whitespace,
            "Lu": .upperOrCaseless, "Lt": .upperOrCaseless, "Lm": [.upperOrCaseless, .lowerOrCaseless],
            "Lo": [.upperOrCaseless, .lowerOrCaseless], "M": [.upperOrCaseless, .lowerOrCaseless], "Ll": .lowerOrCaseless,
        ]
        #expect(Set(fixture.classes.map(\.class)) == Set(bits.keys))
        var expected = [UInt8](repeating: 0, count: 0x110000)
        for entry in fixture.classes {
            let bit = try #require(bits[entry.class]).rawValue
            for range in entry.ranges {
                for value in range[0]...range[1] { expected[Int(value)] |= bit }
            }
        }
        let classifier = ScalarClassifier.shared
        var differing: [String] = []
        for value in UInt32(0)..<0x110000 where !(0xD800...0xDFFF).contains(value) {
            let actual = classifier.classOf(value).rawValue
            if actual != expected[Int(value)] { differing.append(String(value, radix: 16, uppercase: true)) }
        }
        #expect(differing.isEmpty, "\(differing.count) scalars differ, e.g. U+\(differing.prefix(10))")
    }

    @Test func sharedTokenizersWorkConcurrently() async throws {
        let text = String(repeating: "Concurrency is not parallelism. ", count: 50)
        let expected = try BPETokenizer.shared(.o200kBase).count(text)
        let counts = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<8 { group.addTask { try BPETokenizer.shared(.o200kBase).count(text) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(counts == Array(repeating: expected, count: 8))
    }
}
