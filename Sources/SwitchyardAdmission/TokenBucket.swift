/// A token bucket refilled continuously: `capacity` tokens per minute.
///
/// Pure: time is passed in as monotonic nanoseconds. The level may go below zero when a
/// settled request used more than it was charged; the debt is repaid by the refill.
public struct TokenBucket: Sendable, Hashable {
    public let capacity: Int
    private var level: Double
    private var updatedAt: Int64

    public init(perMinute capacity: Int, now: Int64) {
        self.capacity = capacity
        level = Double(capacity)
        updatedAt = now
    }

    private var refillPerNanosecond: Double { Double(capacity) / 60e9 }

    private mutating func refill(now: Int64) {
        guard now > updatedAt else { return }
        level = min(Double(capacity), level + Double(now - updatedAt) * refillPerNanosecond)
        updatedAt = now
    }

    /// Takes `amount` tokens, or returns how long until they would be there (nil when they never
    /// can: more than the capacity).
    public mutating func take(_ amount: Int, now: Int64) -> TakeResult {
        refill(now: now)
        if Double(amount) <= level {
            level -= Double(amount)
            return .taken
        }
        guard amount <= capacity else { return .exceedsCapacity }
        let missing = Double(amount) - level
        return .wait(nanoseconds: Int64((missing / refillPerNanosecond).rounded(.up)))
    }

    /// Adjusts by a correction: positive gives tokens back, negative charges more.
    public mutating func adjust(by amount: Int, now: Int64) {
        refill(now: now)
        level = min(Double(capacity), level + Double(amount))
    }

    /// Whole tokens available now.
    public mutating func remaining(now: Int64) -> Int {
        refill(now: now)
        return max(0, Int(level.rounded(.down)))
    }

    /// Nanoseconds until the bucket is full again.
    public mutating func nanosecondsUntilFull(now: Int64) -> Int64 {
        refill(now: now)
        return Int64(((Double(capacity) - level) / refillPerNanosecond).rounded(.up))
    }

    public enum TakeResult: Sendable, Equatable {
        case taken
        case wait(nanoseconds: Int64)
        case exceedsCapacity
    }
}
