/// An exact amount of money in integer micro-dollars (1 USD = 1,000,000).
public struct MicroDollars: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var value: Int64

    public init(_ value: Int64) { self.value = value }

    public static let zero = MicroDollars(0)

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.value < rhs.value }
    public static func + (lhs: Self, rhs: Self) -> Self { Self(lhs.value + rhs.value) }

    /// Parses a decimal dollar amount such as `"0.15"` or `"3"` exactly, without floating point.
    /// Returns nil for negative amounts, more than six decimals, or anything not a plain decimal.
    public init?(dollars text: String) {
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, !whole.isEmpty, whole.allSatisfy(\.isASCIIDigit),
              let wholeValue = Int64(whole), wholeValue < 1_000_000_000
        else { return nil }
        var fraction: Int64 = 0
        if parts.count == 2 {
            let digits = parts[1]
            guard !digits.isEmpty, digits.count <= 6, digits.allSatisfy(\.isASCIIDigit) else { return nil }
            fraction = Int64(digits + String(repeating: "0", count: 6 - digits.count)) ?? 0
        }
        self.value = wholeValue * 1_000_000 + fraction
    }

    /// The amount as a dollar string with six decimals, e.g. `0.000150`.
    public var description: String {
        let sign = value < 0 ? "-" : ""
        let magnitude = value.magnitude
        let fraction = String(magnitude % 1_000_000)
        return "\(sign)\(magnitude / 1_000_000).\(String(repeating: "0", count: 6 - fraction.count))\(fraction)"
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
