/// The value ranges one scan found for its keys, by the keys' positions: kept inline, so a scan
/// allocates nothing (the scanner runs several times on every request and response).
public struct JSONKeyRanges: Sendable, Equatable {
    /// The most keys one scan may look for.
    public static let capacity = 32

    // Offsets within one `ByteBuffer`, whose capacity fits in 32 bits: 256 bytes in all, zero
    // when made. `start` holds the lower bound plus one, so zero means the key was not found.
    private var start = SIMD32<UInt32>()
    private var end = SIMD32<UInt32>()

    public init() {}

    /// The range of the value of the key at `slot`, or nil when the object has no such key.
    public subscript(slot: Int) -> Range<Int>? {
        get { start[slot] == 0 ? nil : Int(start[slot] - 1)..<Int(end[slot]) }
        set {
            start[slot] = newValue.map { UInt32($0.lowerBound + 1) } ?? 0
            end[slot] = newValue.map { UInt32($0.upperBound) } ?? 0
        }
    }

    /// Whether none of the keys at `slots` was found.
    public func noneFound(in slots: Range<Int>) -> Bool {
        slots.allSatisfy { start[$0] == 0 }
    }
}
