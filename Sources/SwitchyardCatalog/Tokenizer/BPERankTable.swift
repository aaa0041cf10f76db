/// A read-only hash table from token bytes to BPE rank (= token id), with open addressing.
///
/// Keys of up to 8 bytes, by far the most common in lookups, are stored packed into the slot
/// itself, so a hit or miss touches a single slot and never the token bytes; longer keys store a
/// 64-bit hash and are confirmed against the token bytes.
final class BPERankTable: @unchecked Sendable {
    // @unchecked: every buffer is written only in `init` and read-only afterwards.

    /// The rank returned for bytes that are no token.
    static let absent = UInt32.max

    struct Slot {
        /// The key's bytes as a little-endian integer (up to 8 bytes), or its hash (longer keys).
        var key: UInt64
        var rank: UInt32
        /// Key length in bytes; 0 marks an empty slot.
        var length: UInt32
    }

    /// Number of tokens; ranks are `0..<tokenCount`.
    let tokenCount: Int
    /// The longest token's length in bytes: longer byte strings are never looked up.
    let longestToken: Int
    /// All tokens' bytes, concatenated in rank order.
    private let tokenBytes: UnsafeMutablePointer<UInt8>
    /// Where each rank's bytes start in `tokenBytes` (`tokenCount + 1` entries).
    private let tokenOffsets: UnsafeMutablePointer<Int>
    private let slots: UnsafeMutablePointer<Slot>
    private let slotMask: Int
    /// The rank of each single byte (every byte is a token in the shipped encodings).
    private let byteRanks: UnsafeMutablePointer<UInt32>

    /// Builds the table from token lengths and the tokens' concatenated bytes, both in rank order.
    init(lengths: UnsafeBufferPointer<UInt8>, bytes: UnsafeBufferPointer<UInt8>) throws(BPETokenizerError) {
        tokenCount = lengths.count
        tokenOffsets = .allocate(capacity: tokenCount + 1)
        var offset = 0
        for (rank, length) in lengths.enumerated() {
            guard length > 0 else { throw .corruptVocabulary("token \(rank) is empty") }
            tokenOffsets[rank] = offset
            offset += Int(length)
        }
        tokenOffsets[tokenCount] = offset
        longestToken = Int(lengths.max() ?? 0)
        guard offset == bytes.count, let source = bytes.baseAddress else {
            tokenOffsets.deallocate()
            throw .corruptVocabulary("token lengths add up to \(offset) bytes, the file holds \(bytes.count)")
        }
        tokenBytes = .allocate(capacity: offset)
        tokenBytes.initialize(from: source, count: offset)

        var capacity = 1024
        while capacity < tokenCount * 5 / 2 { capacity <<= 1 }
        slotMask = capacity - 1
        slots = .allocate(capacity: capacity)
        slots.initialize(repeating: Slot(key: 0, rank: 0, length: 0), count: capacity)
        byteRanks = .allocate(capacity: 256)
        byteRanks.initialize(repeating: Self.absent, count: 256)

        for rank in 0..<tokenCount {
            let start = tokenBytes + tokenOffsets[rank]
            let length = tokenOffsets[rank + 1] - tokenOffsets[rank]
            if length == 1 { byteRanks[Int(start[0])] = UInt32(rank) }
            let (key, hash) = Self.keyAndHash(start, length)
            var index = Int(truncatingIfNeeded: hash) & slotMask
            while slots[index].length != 0 { index = (index + 1) & slotMask }
            slots[index] = Slot(key: key, rank: UInt32(rank), length: UInt32(length))
        }
    }

    deinit {
        tokenBytes.deallocate()
        tokenOffsets.deallocate()
        slots.deallocate()
        byteRanks.deallocate()
    }

    /// The rank of the single byte `byte`, or ``absent``.
    @inline(__always)
    func rank(ofByte byte: UInt8) -> UInt32 { byteRanks[Int(byte)] }

    /// The rank of the `length` bytes at `start` (length ≥ 1), or ``absent`` when they are no token.
    @inline(__always)
    func rank(of start: UnsafePointer<UInt8>, length: Int) -> UInt32 {
        if length > longestToken { return Self.absent }
        let (key, hash) = Self.keyAndHash(start, length)
        var index = Int(truncatingIfNeeded: hash) & slotMask
        while true {
            let slot = slots[index]
            if slot.length == UInt32(truncatingIfNeeded: length), slot.key == key {
                if length <= 8 || Self.equalBytes(tokenBytes + tokenOffsets[Int(slot.rank)], start, length) {
                    return slot.rank
                }
            } else if slot.length == 0 {
                return Self.absent
            }
            index = (index + 1) & slotMask
        }
    }

    /// The bytes of the token with rank `rank`.
    func bytes(ofRank rank: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: tokenBytes + tokenOffsets[rank], count: tokenOffsets[rank + 1] - tokenOffsets[rank])
    }

    // MARK: Keys and hashing

    private static let multiplier: UInt64 = 0x9E37_79B9_7F4A_7C15
    private static let lengthSalt: UInt64 = 0xD6E8_FEB8_6659_FD93

    /// Folds a 128-bit product into 64 bits (a fast, well-mixing step).
    @inline(__always)
    private static func mix(_ value: UInt64) -> UInt64 {
        let product = value.multipliedFullWidth(by: multiplier)
        return product.high ^ product.low
    }

    @inline(__always)
    private static func load<T: FixedWidthInteger>(_ start: UnsafePointer<UInt8>, _ offset: Int, as type: T.Type) -> UInt64 {
        UInt64(T(littleEndian: UnsafeRawPointer(start).loadUnaligned(fromByteOffset: offset, as: T.self)))
    }

    /// The slot key (packed bytes for ≤ 8 bytes, else a hash) and the hash that picks the slot.
    @inline(__always)
    private static func keyAndHash(_ start: UnsafePointer<UInt8>, _ length: Int) -> (key: UInt64, hash: UInt64) {
        let salted = UInt64(truncatingIfNeeded: length) &* lengthSalt
        if length <= 8 {
            let packed: UInt64
            if length >= 4 {
                // Two overlapping 4-byte loads; the shared bytes coincide, so OR-ing rebuilds all of them.
                packed = load(start, 0, as: UInt32.self) | load(start, length - 4, as: UInt32.self) << ((length - 4) * 8)
            } else if length >= 2 {
                packed = load(start, 0, as: UInt16.self) | load(start, length - 2, as: UInt16.self) << ((length - 2) * 8)
            } else {
                packed = UInt64(start[0])
            }
            return (packed, mix(packed ^ salted))
        }
        var hash = salted
        var offset = 0
        while offset + 8 <= length {
            hash = mix(hash ^ load(start, offset, as: UInt64.self))
            offset += 8
        }
        if offset < length { hash = mix(hash ^ load(start, length - 8, as: UInt64.self)) }
        return (hash, hash)
    }

    @inline(__always)
    private static func equalBytes(_ lhs: UnsafePointer<UInt8>, _ rhs: UnsafePointer<UInt8>, _ length: Int) -> Bool {
        for index in 0..<length where lhs[index] != rhs[index] { return false }
        return true
    }
}
