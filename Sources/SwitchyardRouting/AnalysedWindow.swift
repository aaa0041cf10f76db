/// The part of the last user message the classifiers read: all of it up to `headBytes + tailBytes`,
/// else its first `headBytes` and last `tailBytes` joined by a newline (cut at character boundaries).
/// A pasted document then costs the same decision time as a page: the question sits at its start or
/// end, and length still counts the whole message. ASCII letters are lowercased in the copy (keywords
/// and markers are ASCII; full Unicode case mapping would cost more than the whole decision).
/// Mirrors `analysed_window` in `scripts/router_model/features.py`.
struct AnalysedWindow {
    static let headBytes = 3072
    static let tailBytes = 1024

    /// The lowercased window.
    let bytes: [UInt8]
    /// The whole message's size in bytes.
    let messageBytes: Int

    init(_ parts: [String]) {
        var parts = parts
        let total = parts.reduce(0) { $0 + $1.utf8.count }
        messageBytes = total
        let cut = total > Self.headBytes + Self.tailBytes
        bytes = [UInt8](unsafeUninitializedCapacity: cut ? Self.headBytes + 1 + Self.tailBytes : total) { buffer, count in
            guard let out = buffer.baseAddress else { return }
            // Offsets into the concatenated message: [0, headEnd) and [tailStart, total).
            var headEnd = cut ? Self.headBytes : total
            var tailStart = cut ? total - Self.tailBytes : total
            var offset = 0
            count = 0
            for index in parts.indices {
                parts[index].withUTF8 { utf8 in
                    guard let source = utf8.baseAddress else { return }
                    if cut {
                        // Move the cuts off UTF-8 continuation bytes (0b10xxxxxx) that fall in this part.
                        while headEnd > offset, headEnd < offset + utf8.count, source[headEnd - offset] & 0xC0 == 0x80 { headEnd -= 1 }
                        while tailStart > offset, tailStart < offset + utf8.count, source[tailStart - offset] & 0xC0 == 0x80 { tailStart += 1 }
                    }
                    let headPart = max(0, min(utf8.count, headEnd - offset))
                    count = Self.lowercase(source, headPart, into: out, at: count)
                    if cut, headEnd >= offset, headEnd <= offset + utf8.count, count == headEnd {
                        out[count] = 0x0A
                        count += 1
                    }
                    let tailFrom = max(headPart, min(utf8.count, tailStart - offset))
                    count = Self.lowercase(source + tailFrom, utf8.count - tailFrom, into: out, at: count)
                    offset += utf8.count
                }
            }
        }
    }

    /// Copies `length` bytes from `source` to `out + at`, ASCII letters lowercased; the new count.
    @inline(__always)
    static func lowercase(_ source: UnsafePointer<UInt8>, _ length: Int, into out: UnsafeMutablePointer<UInt8>, at: Int) -> Int {
        let target = out + at
        for index in 0..<length {
            let byte = source[index]
            target[index] = byte &- 0x41 < 26 ? byte | 0x20 : byte
        }
        return at + length
    }
}
