import Foundation

/// Why a tokenizer vocabulary could not be loaded.
public enum BPETokenizerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The vocabulary resource is not in the module's bundle.
    case missingVocabulary(String)
    /// The vocabulary file is not a valid rank table.
    case corruptVocabulary(String)

    /// A one-line explanation.
    public var description: String {
        switch self {
        case .missingVocabulary(let name): "tokenizer vocabulary '\(name)' is not among the bundled resources"
        case .corruptVocabulary(let reason): "tokenizer vocabulary is corrupt: \(reason)"
        }
    }
}

/// Reads the `.bpe` rank tables that `scripts/make_tokenizer_vocabulary.py` writes.
///
/// Layout, integers little-endian: the magic `BPERANKS`, a u32 format version (1), a u32 token
/// count N, N one-byte token lengths in rank order, then the tokens' bytes concatenated in rank
/// order. A token's rank is its position, so ranks are exactly `0..<N`.
enum BPEVocabularyFile {
    static let magic = Array("BPERANKS".utf8)
    static let formatVersion: UInt32 = 1
    static let headerSize = 16

    /// The bundled vocabulary of an encoding.
    static func url(for encoding: BPETokenizer.Encoding) throws(BPETokenizerError) -> URL {
        guard let url = Bundle.module.url(forResource: encoding.rawValue, withExtension: "bpe") else {
            throw .missingVocabulary("\(encoding.rawValue).bpe")
        }
        return url
    }

    /// Parses a rank table file and builds its lookup table.
    static func rankTable(from data: Data) throws(BPETokenizerError) -> BPERankTable {
        let result: Result<BPERankTable, BPETokenizerError> = data.withUnsafeBytes { raw in
            Result { () throws(BPETokenizerError) in try rankTable(from: raw.bindMemory(to: UInt8.self)) }
        }
        return try result.get()
    }

    private static func rankTable(from bytes: UnsafeBufferPointer<UInt8>) throws(BPETokenizerError) -> BPERankTable {
        guard bytes.count >= headerSize, Array(bytes[0..<8]) == magic else {
            throw .corruptVocabulary("not a BPERANKS file")
        }
        let version = readUInt32(bytes, at: 8)
        guard version == formatVersion else { throw .corruptVocabulary("format version \(version), expected \(formatVersion)") }
        let count = Int(readUInt32(bytes, at: 12))
        guard count > 0, bytes.count >= headerSize + count else { throw .corruptVocabulary("truncated token lengths") }
        let lengths = UnsafeBufferPointer(rebasing: bytes[headerSize..<(headerSize + count)])
        let tokens = UnsafeBufferPointer(rebasing: bytes[(headerSize + count)...])
        let table = try BPERankTable(lengths: lengths, bytes: tokens)
        for byte in 0...UInt8.max where table.rank(ofByte: byte) == BPERankTable.absent {
            throw .corruptVocabulary("byte \(byte) is not a token")
        }
        return table
    }

    private static func readUInt32(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> UInt32 {
        (0..<4).reduce(0) { value, index in value | UInt32(bytes[offset + index]) << (8 * index) }
    }
}
