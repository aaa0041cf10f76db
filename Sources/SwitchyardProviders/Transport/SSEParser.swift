#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore

/// Splits a server-sent-events byte stream into the payloads of its `data:` fields.
///
/// Events end at a blank line; several `data:` lines of one event are joined with `\n`;
/// comments (`:`) and other fields are ignored. Works on chunks cut at any byte.
public struct SSEParser: Sendable {
    private var pending = ByteBuffer()
    /// How many of `pending`'s readable bytes are known to hold no line break (a line still arriving).
    private var scanned = 0
    private var data: ByteBuffer?
    /// The largest event accepted, so a garbage upstream cannot grow memory without bound.
    public let maxEventBytes: Int

    public init(maxEventBytes: Int = 8 << 20) {
        self.maxEventBytes = maxEventBytes
    }

    /// Feeds bytes; appends each completed event's data to `events`. Returns false when an event is too large.
    public mutating func feed(_ chunk: ByteBuffer, into events: inout [ByteBuffer]) -> Bool {
        if pending.readableBytes == 0 {
            pending = chunk
            scanned = 0
        } else if pending.readerIndex == 0, scanned > 0 {
            // A line longer than one read, in a buffer of its own: it grows in place (amortised),
            // rather than being copied again with every read.
            pending.writeImmutableBuffer(chunk)
        } else {
            // Only the unread tail is carried over: appending to `pending` itself would keep every
            // byte it ever held (a read buffer's consumed bytes included) for the stream's life.
            var joined = ByteBufferAllocator().buffer(capacity: pending.readableBytes + chunk.readableBytes)
            joined.writeBuffer(&pending)
            joined.writeImmutableBuffer(chunk)
            pending = joined
        }
        // One pass over the raw bytes (`memchr` for line breaks, fast in every build); lines are
        // ranges, and only `data:` values become slices.
        let buffer = pending
        var consumed = 0
        buffer.withUnsafeReadableBytes { bytes in
            guard let base = bytes.baseAddress else { return }
            var start = 0
            var searchFrom = scanned
            while searchFrom < bytes.count, let found = memchr(base + searchFrom, Int32(UInt8(ascii: "\n")), bytes.count - searchFrom) {
                let newline = base.distance(to: UnsafeRawPointer(found))
                var end = newline
                if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                if end == start {
                    if let event = data { events.append(event) }
                    data = nil
                } else if end - start >= 5, bytes[start] == UInt8(ascii: "d"), bytes[start + 1] == UInt8(ascii: "a"),
                          bytes[start + 2] == UInt8(ascii: "t"), bytes[start + 3] == UInt8(ascii: "a"), bytes[start + 4] == UInt8(ascii: ":") {
                    var valueStart = start + 5
                    if valueStart < end, bytes[valueStart] == UInt8(ascii: " ") { valueStart += 1 }
                    append(buffer.getSlice(at: buffer.readerIndex + valueStart, length: end - valueStart)!)
                }
                start = newline + 1
                searchFrom = start
            }
            consumed = start
        }
        pending.moveReaderIndex(forwardBy: consumed)
        scanned = pending.readableBytes
        return pending.readableBytes <= maxEventBytes && (data?.readableBytes ?? 0) <= maxEventBytes
    }

    /// The bytes of storage the parser holds between feeds (at least the unread tail).
    var heldCapacity: Int { pending.capacity + (data?.capacity ?? 0) }

    /// Data left without a terminating blank line when the stream ends.
    public mutating func finish() -> ByteBuffer? {
        if pending.readableBytes > 0 { handle(pending); pending.clear(); scanned = 0 }
        defer { data = nil }
        return data
    }

    /// A line of the stream (without its line break): only `data:` fields count.
    private mutating func handle(_ line: ByteBuffer) {
        guard line.readableBytesView.starts(with: "data:".utf8) else { return }
        var value = line.getSlice(at: line.readerIndex + 5, length: line.readableBytes - 5)!
        if value.readableBytesView.first == UInt8(ascii: " ") { value.moveReaderIndex(forwardBy: 1) }
        append(value)
    }

    /// A `data:` value: the event's data, or its next line.
    private mutating func append(_ value: ByteBuffer) {
        if data == nil {
            data = value
        } else {
            var value = value
            data!.writeString("\n")
            data!.writeBuffer(&value)
        }
    }
}
