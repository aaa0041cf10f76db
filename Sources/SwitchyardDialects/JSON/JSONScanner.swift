import NIOCore

/// Finds the values of top-level keys in a JSON object without decoding it.
///
/// Used on the fast path: to rewrite `model` or peek at `usage` in bytes that are
/// otherwise forwarded untouched. Ranges are byte offsets from the buffer's reader index.
public enum JSONScanner {
    /// The value ranges of `keys` in the top-level object, `nil` per key when absent;
    /// `nil` overall when the bytes are not a well-formed JSON object at the top level.
    public static func topLevelValues(in buffer: ByteBuffer, keys: [StaticString]) -> JSONKeyRanges? {
        precondition(keys.count <= JSONKeyRanges.capacity, "at most \(JSONKeyRanges.capacity) keys per scan")
        return buffer.withUnsafeReadableBytes { bytes in
            var scanner = Cursor(bytes: bytes)
            var found = JSONKeyRanges()
            scanner.skipWhitespace()
            guard scanner.consume(UInt8(ascii: "{")) else { return nil }
            scanner.skipWhitespace()
            if scanner.consume(UInt8(ascii: "}")) { return found }
            while true {
                scanner.skipWhitespace()
                guard let keyRange = scanner.skipString() else { return nil }
                scanner.skipWhitespace()
                guard scanner.consume(UInt8(ascii: ":")) else { return nil }
                scanner.skipWhitespace()
                let valueStart = scanner.position
                guard scanner.skipValue() else { return nil }
                let keyBytes = UnsafeRawBufferPointer(rebasing: bytes[(keyRange.lowerBound + 1)..<(keyRange.upperBound - 1)])
                for (slot, key) in keys.enumerated() where found[slot] == nil {
                    if keyBytes.elementsEqual(UnsafeRawBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount)) {
                        found[slot] = valueStart..<scanner.position
                    }
                }
                scanner.skipWhitespace()
                if scanner.consume(UInt8(ascii: ",")) { continue }
                guard scanner.consume(UInt8(ascii: "}")) else { return nil }
                return found
            }
        }
    }

    /// Whether the JSON text at `range` (as returned by `topLevelValues`) is exactly `json`.
    public static func value(in buffer: ByteBuffer, at range: Range<Int>, is json: String) -> Bool {
        guard range.count == json.utf8.count else { return false }
        return buffer.withUnsafeReadableBytes { bytes in bytes[range].elementsEqual(json.utf8) }
    }

    /// The non-negative integer at `range` (as returned by `topLevelValues`), or nil for anything else.
    public static func integer(in buffer: ByteBuffer, range: Range<Int>) -> Int? {
        guard !range.isEmpty, range.count <= 18 else { return nil }
        var value = 0
        for offset in range {
            guard let byte = buffer.getInteger(at: buffer.readerIndex + offset, as: UInt8.self),
                  byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9")
            else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }

    /// Like `topLevelValues`, for a buffer that starts with an object and may continue after it
    /// (the first element of an array, say). Ranges are offsets from the buffer's reader index.
    public static func topLevelValuesOfFirstObject(in buffer: ByteBuffer, keys: [StaticString]) -> JSONKeyRanges? {
        guard let end = firstValueLength(in: buffer), let object = buffer.getSlice(at: buffer.readerIndex, length: end) else { return nil }
        return topLevelValues(in: object, keys: keys)
    }

    /// The length in bytes of the JSON value the buffer starts with, or nil when it is not well formed.
    public static func firstValueLength(in buffer: ByteBuffer) -> Int? {
        buffer.withUnsafeReadableBytes { bytes in
            var cursor = Cursor(bytes: bytes)
            return cursor.skipValue() ? cursor.position : nil
        }
    }

    /// A copy of `buffer` with each range replaced by its JSON text, ranges in ascending order.
    /// `prefixMembers`, if any, are inserted right after the opening brace followed by a comma.
    public static func splice(
        _ buffer: ByteBuffer, replacing edits: [(range: Range<Int>, json: String)], insertingFirst prefixMembers: String? = nil
    ) -> ByteBuffer {
        var output = ByteBufferAllocator().buffer(capacity: buffer.readableBytes + 64)
        var cursor = 0
        if let prefixMembers, let brace = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "{")) {
            let braceOffset = brace - buffer.readerIndex
            output.writeBytes(buffer.readableBytesView.prefix(braceOffset + 1))
            output.writeString(prefixMembers)
            let rest = buffer.readableBytesView.dropFirst(braceOffset + 1).drop(while: { isWhitespace($0) })
            if rest.first != UInt8(ascii: "}") { output.writeString(",") }
            cursor = braceOffset + 1
        }
        for edit in edits.sorted(by: { $0.range.lowerBound < $1.range.lowerBound }) {
            output.writeBytes(buffer.readableBytesView[(buffer.readerIndex + cursor)..<(buffer.readerIndex + edit.range.lowerBound)])
            output.writeString(edit.json)
            cursor = edit.range.upperBound
        }
        output.writeBytes(buffer.readableBytesView[(buffer.readerIndex + cursor)...])
        return output
    }

    /// JSON's insignificant whitespace.
    public static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }
}

/// A forward-only reader over JSON bytes that skips values without building them.
private struct Cursor {
    let bytes: UnsafeRawBufferPointer
    var position = 0

    init(bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    mutating func skipWhitespace() {
        while position < bytes.count, JSONScanner.isWhitespace(bytes[position]) { position += 1 }
    }

    mutating func consume(_ byte: UInt8) -> Bool {
        guard position < bytes.count, bytes[position] == byte else { return false }
        position += 1
        return true
    }

    /// Skips a string starting at the current position; returns its range including quotes.
    mutating func skipString() -> Range<Int>? {
        let start = position
        guard consume(UInt8(ascii: "\"")), let base = bytes.baseAddress else { return nil }
        let count = bytes.count
        while true {
            // Eight bytes a step to the next quote or backslash, while eight remain (strings are
            // most of a chunk's bytes; one byte a step was most of the scan's time).
            while position + 8 <= count {
                let marks = Self.quotesAndBackslashes(in: base.loadUnaligned(fromByteOffset: position, as: UInt64.self))
                if marks == 0 {
                    position += 8
                } else {
                    position += marks.trailingZeroBitCount >> 3
                    break
                }
            }
            guard position < count else { return nil }
            let byte = bytes[position]
            position += 1
            if byte == UInt8(ascii: "\\") { position += 1 } else if byte == UInt8(ascii: "\"") { return start..<position }
        }
    }

    /// The high bit of each byte of `word` that is a quote or a backslash; exact up to and
    /// including the first such byte (the lowest set bit), which is all `skipString` reads.
    @inline(__always)
    static func quotesAndBackslashes(in word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let quotes = word ^ (ones &* 0x22), backslashes = word ^ (ones &* 0x5C)
        return (((quotes &- ones) & ~quotes) | ((backslashes &- ones) & ~backslashes)) & (ones &* 0x80)
    }

    mutating func skipValue() -> Bool {
        guard position < bytes.count else { return false }
        switch bytes[position] {
        case UInt8(ascii: "\""):
            return skipString() != nil
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var depth = 0
            while position < bytes.count {
                let byte = bytes[position]
                if byte == UInt8(ascii: "\"") {
                    guard skipString() != nil else { return false }
                    continue
                }
                position += 1
                if byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[") { depth += 1 }
                if byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]") {
                    depth -= 1
                    if depth == 0 { return true }
                }
            }
            return false
        default:
            let start = position
            while position < bytes.count {
                let byte = bytes[position]
                if byte == UInt8(ascii: ",") || byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]") || JSONScanner.isWhitespace(byte) { break }
                position += 1
            }
            return position > start
        }
    }
}
