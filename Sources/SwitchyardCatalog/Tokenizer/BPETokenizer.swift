import Foundation
import Synchronization

/// A byte-pair-encoding tokenizer that reproduces OpenAI's tiktoken `encode_ordinary` token ids for
/// the `o200k_base` and `cl100k_base` encodings (no special tokens: `<|endoftext|>` is plain text).
///
/// Text is split into pieces by a hand-written scanner equivalent to the encoding's regular
/// expression, then each piece is byte-pair merged with the encoding's rank table. Loading an
/// encoding takes tens of milliseconds; use ``shared(_:)`` to load each one once per process.
public struct BPETokenizer: Sendable {
    /// The supported encodings, named as in tiktoken.
    public enum Encoding: String, Sendable, CaseIterable {
        /// GPT-4o, GPT-4.1, o-series and GPT-5 models.
        case o200kBase = "o200k_base"
        /// GPT-4, GPT-3.5-turbo and the text-embedding-3 models.
        case cl100kBase = "cl100k_base"
    }

    /// The encoding this tokenizer implements.
    public let encoding: Encoding
    private let table: BPERankTable
    private let classifier: ScalarClassifier

    init(encoding: Encoding, table: BPERankTable) {
        self.encoding = encoding
        self.table = table
        self.classifier = .shared
    }

    /// Loads an encoding's vocabulary from the module's bundled resources (a fresh copy each call;
    /// prefer ``shared(_:)``).
    public static func load(_ encoding: Encoding) throws -> BPETokenizer {
        let url = try BPEVocabularyFile.url(for: encoding)
        let data = try Data(contentsOf: url, options: .mappedIfSafe)
        return BPETokenizer(encoding: encoding, table: try BPEVocabularyFile.rankTable(from: data))
    }

    /// The token ids of `text`, exactly as tiktoken's `encode_ordinary` returns them.
    public func encode(_ text: String) -> [Int] {
        var tokens: [Int] = []
        tokens.reserveCapacity(text.utf8.count / 3 + 1)
        let merger = BytePairMerger(table: table)
        forEachPiece(of: text) { start, length in merger.encode(start, length: length, into: &tokens) }
        return tokens
    }

    /// The number of tokens in `text` (`encode(text).count`, without building the array).
    public func count(_ text: String) -> Int {
        var total = 0
        let merger = BytePairMerger(table: table)
        forEachPiece(of: text) { start, length in total += merger.count(start, length: length) }
        return total
    }

    /// Calls `body` with the UTF-8 bytes of each pre-tokenized piece of `text`, in order.
    fileprivate func forEachPiece(of text: String, _ body: (UnsafePointer<UInt8>, Int) -> Void) {
        var text = text
        text.withUTF8 { utf8 in
            guard let bytes = utf8.baseAddress, !utf8.isEmpty else { return }
            let reader = UTF8ScalarReader(bytes: bytes, count: utf8.count, classifier: classifier)
            switch encoding {
            case .cl100kBase: CL100KPreTokenizer(reader: reader).forEachPiece(body)
            case .o200kBase: O200KPreTokenizer(reader: reader).forEachPiece(body)
            }
        }
    }
}

extension BPETokenizer {
    private static let loaded = Mutex<[Encoding: BPETokenizer]>([:])

    /// The process-wide tokenizer for `encoding`, loaded on first use and kept for the process's
    /// lifetime. Concurrent first calls load it once (the others wait).
    public static func shared(_ encoding: Encoding) throws -> BPETokenizer {
        try loaded.withLock { tokenizers in
            if let tokenizer = tokenizers[encoding] { return tokenizer }
            let tokenizer = try load(encoding)
            tokenizers[encoding] = tokenizer
            return tokenizer
        }
    }
}

extension BPETokenizer {
    /// The pre-tokenized pieces of `text` (for tests and diagnostics).
    func pieces(_ text: String) -> [String] {
        var pieces: [String] = []
        forEachPiece(of: text) { start, length in
            pieces.append(String(decoding: UnsafeBufferPointer(start: start, count: length), as: UTF8.self))
        }
        return pieces
    }
}
