import NIOCore

/// Small readers of HTTP/1 head bytes, shared by the fast lane's request and response scans.
enum HTTP1Bytes {
    /// The length of the head at the start of `buffer`, blank line included, once it is all there.
    static func headLength(_ buffer: ByteBuffer) -> Int? {
        buffer.withUnsafeReadableBytes { bytes -> Int? in
            var index = 0
            while let newline = bytes[index...].firstIndex(of: UInt8(ascii: "\n")) {
                let next = newline + 1
                if next < bytes.count, bytes[next] == UInt8(ascii: "\n") { return next + 1 }
                if next + 1 < bytes.count, bytes[next] == UInt8(ascii: "\r"), bytes[next + 1] == UInt8(ascii: "\n") { return next + 2 }
                index = next
            }
            return nil
        }
    }

    static func digit(_ byte: UInt8) -> Int? {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") ? Int(byte - UInt8(ascii: "0")) : nil
    }

    static func trimmed(_ bytes: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        var lower = 0
        var upper = bytes.count
        while lower < upper, bytes[lower] == UInt8(ascii: " ") || bytes[lower] == UInt8(ascii: "\t") { lower += 1 }
        while upper > lower, bytes[upper - 1] == UInt8(ascii: " ") || bytes[upper - 1] == UInt8(ascii: "\t") { upper -= 1 }
        return UnsafeRawBufferPointer(rebasing: bytes[lower..<upper])
    }

    /// Whether `bytes` spell `lowercased` (itself lowercase ASCII), ignoring case.
    static func matches(_ bytes: UnsafeRawBufferPointer, _ lowercased: StaticString) -> Bool {
        guard bytes.count == lowercased.utf8CodeUnitCount else { return false }
        for index in 0..<bytes.count {
            let byte = bytes[index]
            let folded = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
            guard folded == lowercased.utf8Start[index] else { return false }
        }
        return true
    }

    /// A header line's name and trimmed value; nil for a line without a name.
    static func field(_ line: UnsafeRawBufferPointer) -> (name: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer)? {
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > 0 else { return nil }
        return (UnsafeRawBufferPointer(rebasing: line[..<colon]), trimmed(UnsafeRawBufferPointer(rebasing: line[(colon + 1)...])))
    }

    /// A decimal length of up to 15 digits.
    static func length(_ bytes: UnsafeRawBufferPointer) -> Int? {
        guard !bytes.isEmpty, bytes.count <= 15 else { return nil }
        var value = 0
        for byte in bytes {
            guard let digit = digit(byte) else { return nil }
            value = value * 10 + digit
        }
        return value
    }

    /// Calls `line` with each line of a head (without its line break) until the blank line.
    static func forEachLine(_ head: UnsafeRawBufferPointer, _ line: (UnsafeRawBufferPointer) -> Bool) {
        var start = 0
        while start < head.count, let newline = head[start...].firstIndex(of: UInt8(ascii: "\n")) {
            var end = newline
            if end > start, head[end - 1] == UInt8(ascii: "\r") { end -= 1 }
            if end == start || !line(UnsafeRawBufferPointer(rebasing: head[start..<end])) { return }
            start = newline + 1
        }
    }
}
