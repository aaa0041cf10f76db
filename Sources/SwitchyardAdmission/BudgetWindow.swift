/// The period a budget applies to: fixed windows of a whole number of seconds aligned to
/// 00:00 UTC on 1 January 1970 (so "1d" is a UTC calendar day, "5h" five-hour blocks), or the
/// UTC calendar month.
public enum BudgetWindow: Sendable, Hashable, CustomStringConvertible {
    case fixed(seconds: Int64)
    case calendarMonth

    /// Parses `5h`, `1d`, `30m`, `7d`, `month`.
    public init?(parsing text: String) {
        if text == "month" || text == "1mo" { self = .calendarMonth; return }
        guard let unit = text.last, let count = Int64(text.dropLast()), count > 0 else { return nil }
        switch unit {
        case "m": self = .fixed(seconds: count * 60)
        case "h": self = .fixed(seconds: count * 3600)
        case "d": self = .fixed(seconds: count * 86400)
        default: return nil
        }
    }

    public var description: String {
        switch self {
        case .calendarMonth: return "month"
        case .fixed(let seconds):
            if seconds % 86400 == 0 { return "\(seconds / 86400)d" }
            if seconds % 3600 == 0 { return "\(seconds / 3600)h" }
            return "\(seconds / 60)m"
        }
    }

    /// The window containing `unixMillis`, as [start, end) in milliseconds since 1970.
    public func bounds(containing unixMillis: Int64) -> Range<Int64> {
        switch self {
        case .fixed(let seconds):
            let length = seconds * 1000
            let start = unixMillis - ((unixMillis % length) + length) % length
            return start..<(start + length)
        case .calendarMonth:
            let day = Self.floorDiv(unixMillis, 86_400_000)
            let (year, month) = Self.yearMonth(daysSince1970: day)
            let start = Self.daysSince1970(year: year, month: month) * 86_400_000
            let next = month == 12 ? Self.daysSince1970(year: year + 1, month: 1) : Self.daysSince1970(year: year, month: month + 1)
            return start..<(next * 86_400_000)
        }
    }

    static func floorDiv(_ value: Int64, _ divisor: Int64) -> Int64 {
        (value - ((value % divisor) + divisor) % divisor) / divisor
    }

    /// Days since 1970-01-01 of the first day of `month` (proleptic Gregorian, civil-from-days inverse).
    static func daysSince1970(year: Int64, month: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = floorDiv(y, 400)
        let yearOfEra = y - era * 400
        let shiftedMonth = (month + 9) % 12
        let dayOfYear = (153 * shiftedMonth + 2) / 5
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func yearMonth(daysSince1970 days: Int64) -> (Int64, Int64) {
        let shifted = days + 719_468
        let era = floorDiv(shifted, 146_097)
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month)
    }
}
