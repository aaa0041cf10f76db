#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A set of lowercase phrases laid out for one pass over a text: all bytes in one buffer, entries
/// sorted by first byte, and per byte value the range of entries starting with it. A phrase matches
/// as whole words ("proof" is not in "waterproof"): a match can start only at a word's first byte
/// or at a non-word byte, so inside words nothing is checked.
final class PhraseTable: Sendable, Hashable {
    struct Entry {
        var start: Int32
        var length: Int32
        var phrase: Int32
        /// The phrase ends in a word byte, so the text must not continue the word.
        var checkAfter: Bool
    }

    /// The phrases, in the order given.
    let phrases: [[UInt8]]
    private let needles: [UInt8]
    private let entries: [Entry]
    /// `byFirstByte[b]..<byFirstByte[b + 1]` are the entries whose phrase starts with byte `b`.
    private let byFirstByte: [UInt16]
    /// Per byte value: `isWord` (bit 0) and `startsPhrase` (bit 1), one load per byte in the scan.
    private let byteClass: [UInt8]
    static var isWord: UInt8 { 1 }
    static var startsPhrase: UInt8 { 2 }

    init(_ phrases: [[UInt8]]) {
        let phrases = phrases.filter { !$0.isEmpty }
        self.phrases = phrases
        let order = phrases.indices.sorted { (phrases[$0][0], $0) < (phrases[$1][0], $1) }
        var needles: [UInt8] = []
        var entries: [Entry] = []
        for index in order {
            let bytes = phrases[index]
            entries.append(Entry(start: Int32(needles.count), length: Int32(bytes.count), phrase: Int32(index), checkAfter: Self.isWordByte(bytes[bytes.count - 1])))
            needles += bytes
        }
        self.needles = needles
        self.entries = entries
        let byFirstByte = (0...256).map { byte in UInt16(order.filter { Int(phrases[$0][0]) < byte }.count) }
        self.byFirstByte = byFirstByte
        byteClass = (0..<256).map { byte in
            (Self.isWordByte(UInt8(byte)) ? Self.isWord : 0) | (byFirstByte[byte] < byFirstByte[byte + 1] ? Self.startsPhrase : 0)
        }
    }

    static func == (lhs: PhraseTable, rhs: PhraseTable) -> Bool { lhs.phrases == rhs.phrases }
    func hash(into hasher: inout Hasher) { hasher.combine(phrases) }

    /// Whether any phrase occurs in `text`.
    func containsAny(_ text: [UInt8]) -> Bool {
        if phrases.count == 1 { return containsOnly(text) }
        var found = false
        scan(text) { _ in
            found = true
            return false
        }
        return found
    }

    /// How many distinct phrases occur in `text`, counting up to `limit` (at most 64 phrases are told apart).
    func distinctCount(_ text: [UInt8], limit: Int) -> Int {
        var seen: UInt64 = 0
        scan(text) { phrase in
            seen |= 1 << UInt64(phrase & 63)
            return seen.nonzeroBitCount < limit
        }
        return min(seen.nonzeroBitCount, limit)
    }

    /// `containsAny` for a table of one phrase: candidates come from `memchr` on its first byte,
    /// so a long text without it (a fence, say) is passed over at memory speed.
    private func containsOnly(_ text: [UInt8]) -> Bool {
        let needle = phrases[0]
        let first = needle[0]
        let checkBefore = Self.isWordByte(first)
        let checkAfter = Self.isWordByte(needle[needle.count - 1])
        return text.withUnsafeBufferPointer { text in
            guard let base = text.baseAddress, needle.count <= text.count else { return false }
            let last = text.count - needle.count
            var start = 0
            while start <= last, let found = memchr(base + start, Int32(first), last - start + 1) {
                let index = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                start = index + 1
                guard needle.indices.allSatisfy({ text[index + $0] == needle[$0] }) else { continue }
                let end = index + needle.count
                if (!checkBefore || index == 0 || !Self.isWordByte(text[index - 1])) && (!checkAfter || end == text.count || !Self.isWordByte(text[end])) {
                    return true
                }
            }
            return false
        }
    }

    /// Calls `match` with the index of each phrase occurrence, in text order, while it returns true.
    @inline(__always)
    private func scan(_ text: [UInt8], _ match: (Int) -> Bool) {
        text.withUnsafeBufferPointer { text in
            needles.withUnsafeBufferPointer { needles in
                entries.withUnsafeBufferPointer { entries in
                    byFirstByte.withUnsafeBufferPointer { byFirstByte in
                        byteClass.withUnsafeBufferPointer { byteClass in
                            var index = 0
                            while index < text.count {
                                let byte = text[index]
                                let kind = byteClass[Int(byte)]
                                if kind & Self.startsPhrase != 0 {
                                    for candidate in Int(byFirstByte[Int(byte)])..<Int(byFirstByte[Int(byte) + 1]) {
                                        let entry = entries[candidate]
                                        let length = Int(entry.length)
                                        guard length <= text.count - index else { continue }
                                        var offset = 1
                                        while offset < length, text[index + offset] == needles[Int(entry.start) + offset] { offset += 1 }
                                        guard offset == length else { continue }
                                        let end = index + length
                                        guard !entry.checkAfter || end == text.count || !Self.isWordByte(text[end]) else { continue }
                                        if !match(Int(entry.phrase)) { return }
                                    }
                                }
                                index += 1
                                // Inside a word no phrase starts: skip to its end.
                                if kind & Self.isWord != 0 {
                                    while index < text.count, byteClass[Int(text[index])] & Self.isWord != 0 { index += 1 }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Letters, digits and every non-ASCII byte belong to words.
    @inline(__always)
    static func isWordByte(_ byte: UInt8) -> Bool {
        byte &- 0x30 < 10 || (byte | 0x20) &- 0x61 < 26 || byte >= 0x80
    }
}
