/// Retries of one model before falling back: exponential backoff with full jitter, honouring
/// an upstream's `Retry-After` when it asks for longer.
public struct RetryPolicy: Sendable, Hashable {
    /// Attempts per model, the first included (1 = no retry).
    public var attempts: Int
    public var baseDelayNanoseconds: Int64
    public var maxDelayNanoseconds: Int64

    public init(attempts: Int = 2, baseDelayNanoseconds: Int64 = 100_000_000, maxDelayNanoseconds: Int64 = 2_000_000_000) {
        self.attempts = max(1, attempts)
        self.baseDelayNanoseconds = baseDelayNanoseconds
        self.maxDelayNanoseconds = maxDelayNanoseconds
    }

    /// The wait before retry number `retry` (1-based): uniform in [0, min(max, base·2^(retry−1))],
    /// or the upstream's `Retry-After` if that is longer (capped at the maximum delay).
    public func delay(beforeRetry retry: Int, retryAfterSeconds: Int?, random: (ClosedRange<Int64>) -> Int64) -> Int64 {
        let exponent = min(max(0, retry - 1), 30)
        let ceiling = min(maxDelayNanoseconds, baseDelayNanoseconds << exponent)
        let jittered = random(0...max(0, ceiling))
        guard let retryAfterSeconds else { return jittered }
        return max(jittered, min(maxDelayNanoseconds, Int64(retryAfterSeconds) * 1_000_000_000))
    }
}
