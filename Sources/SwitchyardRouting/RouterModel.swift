import Foundation

/// The semantic router's model: a WordPiece vocabulary, a static int8 token-embedding table
/// distilled from all-MiniLM-L6-v2 (see Resources/RouterModel/NOTICE), and a logistic-regression
/// head over the pooled embedding and a few prompt features. Built by `scripts/make_router_model.py`.
public final class RouterModel: Sendable {
    /// The tokenizer over the model's vocabulary.
    public let tokenizer: WordPieceTokenizer
    /// Embedding dimensions.
    public let dimensions: Int
    let table: [Int8]
    let scales: [Float]
    /// The head's categories, in the order of its outputs.
    public let categories: [String]
    /// Names of the extra features after the embedding, in order (must match `SemanticFeatures`).
    let extraFeatures: [String]
    /// At most this many WordPiece tokens of a prompt are pooled.
    public let maxPieces: Int
    /// The small tier is chosen only when its probability reaches `smallThreshold`.
    let smallCategory: String
    let smallThreshold: Float
    /// Row-major `categories.count × (dimensions + extras)`.
    let weights: [Float]
    let bias: [Float]

    /// The model shipped with Switchyard, or nil when its resource is missing or damaged.
    public static let bundled: RouterModel? = {
        guard let url = Bundle.module.url(forResource: "router-model", withExtension: "bin", subdirectory: "RouterModel")
            ?? Bundle.module.url(forResource: "router-model", withExtension: "bin")
        else { return nil }
        return try? RouterModel(contentsOf: url)
    }()

    /// Reads a model file written by `scripts/make_router_model.py`.
    public convenience init(contentsOf url: URL) throws {
        try self.init(bytes: [UInt8](try Data(contentsOf: url)))
    }

    /// Parses the model file's bytes (little-endian; see `write` in the script for the layout).
    public init(bytes: [UInt8]) throws {
        var reader = ByteReader(bytes: bytes)
        guard try reader.bytes(4) == Array("SYRM".utf8), try reader.u32() == 1 else { throw RouterModelError.badFormat("not a version 1 router model") }
        let vocabCount = Int(try reader.u32())
        dimensions = Int(try reader.u32())
        guard dimensions > 0, dimensions % 16 == 0 else { throw RouterModelError.badFormat("dimensions \(dimensions) are not a multiple of 16") }
        var vocab: [[UInt8]] = []
        vocab.reserveCapacity(vocabCount)
        for _ in 0..<vocabCount { vocab.append(try reader.bytes(Int(try reader.u16()))) }
        table = try reader.int8s(vocabCount * dimensions)
        scales = try reader.floats(vocabCount)
        var normalisation: [UInt32: [Unicode.Scalar]] = [:]
        for _ in 0..<(try reader.u32()) {
            let scalar = try reader.u32()
            normalisation[scalar] = String(decoding: try reader.bytes(Int(try reader.u8())), as: UTF8.self).unicodeScalars.map { $0 }
        }
        categories = try (0..<(try reader.u32())).map { _ in try reader.name() }
        extraFeatures = try (0..<(try reader.u32())).map { _ in try reader.name() }
        guard extraFeatures == SemanticFeatures.names else { throw RouterModelError.badFormat("features \(extraFeatures) differ from \(SemanticFeatures.names)") }
        maxPieces = Int(try reader.u32())
        smallCategory = try reader.name()
        smallThreshold = try reader.floats(1)[0]
        weights = try reader.floats(categories.count * (dimensions + extraFeatures.count))
        bias = try reader.floats(categories.count)
        guard reader.atEnd else { throw RouterModelError.badFormat("trailing bytes") }
        tokenizer = WordPieceTokenizer(vocabulary: vocab, normalisation: normalisation)
    }
}

/// A router model file that cannot be used.
public enum RouterModelError: Error, CustomStringConvertible {
    case badFormat(String)

    public var description: String {
        switch self {
        case .badFormat(let why): "router model file: \(why) (rebuild it with scripts/make_router_model.py)"
        }
    }
}

/// Little-endian reads over a byte array, failing at the end.
struct ByteReader {
    let bytes: [UInt8]
    var offset = 0

    var atEnd: Bool { offset == bytes.count }

    mutating func bytes(_ count: Int) throws -> [UInt8] {
        guard count >= 0, offset + count <= bytes.count else { throw RouterModelError.badFormat("truncated") }
        defer { offset += count }
        return Array(bytes[offset..<offset + count])
    }

    mutating func u8() throws -> UInt8 { try bytes(1)[0] }
    mutating func u16() throws -> UInt16 { try bytes(2).reversed().reduce(0) { $0 << 8 | UInt16($1) } }
    mutating func u32() throws -> UInt32 { try bytes(4).reversed().reduce(0) { $0 << 8 | UInt32($1) } }
    mutating func name() throws -> String { String(decoding: try bytes(Int(try u8())), as: UTF8.self) }

    /// `count` signed bytes, copied in one go.
    mutating func int8s(_ count: Int) throws -> [Int8] {
        guard count >= 0, offset + count <= bytes.count else { throw RouterModelError.badFormat("truncated") }
        defer { offset += count }
        return [Int8](unsafeUninitializedCapacity: count) { buffer, initialised in
            bytes.withUnsafeBytes { source in
                UnsafeMutableRawBufferPointer(buffer).copyMemory(from: UnsafeRawBufferPointer(rebasing: source[offset..<offset + count]))
            }
            initialised = count
        }
    }

    /// `count` little-endian IEEE floats.
    mutating func floats(_ count: Int) throws -> [Float] {
        guard count >= 0, offset + count * 4 <= bytes.count else { throw RouterModelError.badFormat("truncated") }
        defer { offset += count * 4 }
        return bytes.withUnsafeBytes { source in
            (0..<count).map { Float(bitPattern: UInt32(littleEndian: source.loadUnaligned(fromByteOffset: offset + $0 * 4, as: UInt32.self))) }
        }
    }
}
