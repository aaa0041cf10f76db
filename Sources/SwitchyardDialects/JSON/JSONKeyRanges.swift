/// The value ranges one scan found for its keys, by the keys' positions: kept inline, so a scan
/// allocates nothing (the scanner runs several times on every request and response).
public struct JSONKeyRanges: Sendable, Equatable {
    /// The most keys one scan may look for.
    public static let capacity = 32

    /// Lower bounds, -1 where the key was not found.
    private var lower = SIMD32<Int>(repeating: -1)
    private var upper = SIMD32<Int>(repeating: 0)

    public init() {}

    /// The range of the value of the key at `slot`, or nil when the object has no such key.
    public subscript(slot: Int) -> Range<Int>? {
        get { lower[slot] < 0 ? nil : lower[slot]..<upper[slot] }
        set {
            lower[slot] = newValue?.lowerBound ?? -1
            upper[slot] = newValue?.upperBound ?? 0
        }
    }

    /// Whether none of the keys at `slots` was found.
    public func noneFound(in slots: Range<Int>) -> Bool {
        slots.allSatisfy { lower[$0] < 0 }
    }
}
