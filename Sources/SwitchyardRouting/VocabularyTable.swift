#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Vocabulary lookup without allocation: every piece's bytes in one buffer, and an open-addressing
/// table of ids keyed by an FNV-1a hash of (continuation flag, bytes). `##` prefixes are stripped
/// and kept as the flag, so a continuation lookup needs no prefixed copy of the word.
struct VocabularyTable: Sendable {
    private let bytes: [UInt8]
    /// Per id: where its bytes start, how many, and whether it continues a word.
    private let entries: [Entry]
    /// id + 1, or 0 for an empty slot.
    private let slots: [Int32]
    private let mask: Int
    /// The longest piece in bytes (without `##`): no match is longer.
    let maxPieceBytes: Int

    init(_ vocabulary: [[UInt8]]) {
        var bytes: [UInt8] = []
        var starts: [Int32] = []
        var lengths: [UInt16] = []
        var continuation: [Bool] = []
        var longest = 1
        for token in vocabulary {
            let isContinuation = token.count > 2 && token[0] == 0x23 && token[1] == 0x23
            let piece = isContinuation ? token[2...] : token[...]
            starts.append(Int32(bytes.count))
            lengths.append(UInt16(piece.count))
            continuation.append(isContinuation)
            bytes.append(contentsOf: piece)
            longest = max(longest, piece.count)
        }
        var capacity = 1
        while capacity < vocabulary.count * 2 { capacity <<= 1 }
        var slots = [Int32](repeating: 0, count: capacity)
        for id in vocabulary.indices {
            let start = Int(starts[id])
            let piece = bytes[start..<start + Int(lengths[id])]
            var slot = piece.withUnsafeBufferPointer { Self.hash($0[...], continuation[id]) } & (capacity - 1)
            while slots[slot] != 0 { slot = (slot + 1) & (capacity - 1) }
            slots[slot] = Int32(id + 1)
        }
        // Duplicate spellings keep the first id (as a dictionary built in order would not; BERT has none).
        self.bytes = bytes
        entries = vocabulary.indices.map { Entry(start: starts[$0], length: lengths[$0], continuation: continuation[$0]) }
        self.slots = slots
        mask = capacity - 1
        maxPieceBytes = longest
    }

    /// FNV-1a's starting state for a piece (continuations start elsewhere).
    @inline(__always)
    static func seed(_ continuation: Bool) -> UInt64 { continuation ? 0x84222325CBF29CE4 : 0xCBF2_9CE4_8422_2325 }

    /// The state after one more byte: a prefix's state extends to the next prefix's.
    @inline(__always)
    static func step(_ state: UInt64, _ byte: UInt8) -> UInt64 { (state ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }

    /// A finished state as a table position (before masking).
    @inline(__always)
    static func finish(_ state: UInt64) -> Int { Int(truncatingIfNeeded: state ^ (state >> 29)) }

    static func hash(_ piece: Slice<UnsafeBufferPointer<UInt8>>, _ continuation: Bool) -> Int {
        var state = seed(continuation)
        for byte in piece { state = step(state, byte) }
        return finish(state)
    }

    /// The id of `piece` (a continuation when `continuation`), or nil.
    func lookup(_ piece: Slice<UnsafeBufferPointer<UInt8>>, continuation isContinuation: Bool) -> Int32? {
        lookup(piece, continuation: isContinuation, hash: Self.hash(piece, isContinuation))
    }

    /// `lookup` with the piece's `hash` already known (the tokenizer hashes every prefix in one pass).
    func lookup(_ piece: Slice<UnsafeBufferPointer<UInt8>>, continuation isContinuation: Bool, hash: Int) -> Int32? {
        var slot = hash & mask
        return slots.withUnsafeBufferPointer { slots in
            entries.withUnsafeBufferPointer { entries in
                bytes.withUnsafeBufferPointer { bytes in
                    while true {
                        let slotValue = Int(slots[slot])
                        if slotValue == 0 { return nil }
                        let entry = entries[slotValue - 1]
                        if entry.continuation == isContinuation, Int(entry.length) == piece.count,
                           memcmp(bytes.baseAddress! + Int(entry.start), piece.base.baseAddress! + piece.startIndex, piece.count) == 0 {
                            return Int32(slotValue - 1)
                        }
                        slot = (slot + 1) & mask
                    }
                }
            }
        }
    }

    /// `lookup` for an array slice (tests and the `[UNK]` id).
    func lookup(_ piece: ArraySlice<UInt8>, continuation: Bool) -> Int32? {
        piece.withUnsafeBufferPointer { lookup($0[...], continuation: continuation) }
    }

    struct Entry {
        var start: Int32
        var length: UInt16
        var continuation: Bool
    }
}
