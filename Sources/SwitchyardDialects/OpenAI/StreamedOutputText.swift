import Foundation
import NIOCore
import NIOFoundationCompat

/// A stream's forwarded chunks, kept to count output tokens if the upstream never reports usage
/// (rare: the gateway asks for `stream_options.include_usage`). Nothing is read per chunk: each
/// is copied whole into one buffer, so no chunk keeps its socket read buffer alive for the
/// length of the stream. Past `limit` bytes, later chunks are only measured, and a count of the
/// kept text is scaled by `scaled(_:)` to stand for the whole stream; memory stays bounded however
/// long the stream runs.
public struct StreamedOutputText: Sendable {
    /// Kept chunks, each as a 32-bit length and its bytes.
    private var kept = ByteBuffer()
    private var keptBytes = 0
    private var droppedBytes = 0
    /// The most chunk bytes kept.
    public let limit: Int

    public init(limit: Int = 64 << 10) { self.limit = limit }

    /// Keeps `chunk`, or only its size once `limit` bytes are kept.
    public mutating func add(_ chunk: ByteBuffer) {
        guard keptBytes + chunk.readableBytes <= limit else {
            droppedBytes += chunk.readableBytes
            return
        }
        keptBytes += chunk.readableBytes
        kept.writeInteger(UInt32(chunk.readableBytes))
        kept.writeImmutableBuffer(chunk)
    }

    /// Forgets what was kept (the upstream reported usage after all).
    public mutating func removeAll() {
        kept.clear()
        keptBytes = 0
        droppedBytes = 0
    }

    /// A token count of `text(using:)` scaled to the whole stream by bytes, rounded up (an
    /// estimate errs toward the tokens that were sent); `count` itself when nothing was dropped.
    public func scaled(_ count: Int) -> Int {
        guard droppedBytes > 0, keptBytes > 0 else { return count }
        return Int((Double(count) * Double(keptBytes + droppedBytes) / Double(keptBytes)).rounded(.up))
    }

    /// The `content` text of the kept chunks' first choices, decoded in one pass.
    public func text(using translator: OpenAIChunkTranslator) -> String {
        var chunks = kept
        var array = ByteBuffer(string: "[")
        var first = true
        while let length = chunks.readInteger(as: UInt32.self), let chunk = chunks.readSlice(length: Int(length)) {
            guard var literal = translator.contentLiteral(of: chunk) else { continue }
            if !first { array.writeString(",") }
            first = false
            array.writeBuffer(&literal)
        }
        array.writeString("]")
        return ((try? JSONDecoder().decode([String].self, from: array)) ?? []).joined()
    }
}
