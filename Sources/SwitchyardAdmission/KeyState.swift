/// Admission state of one key.
struct KeyState {
    var requests: TokenBucket?
    var tokens: TokenBucket?
    var inFlight = 0
    var window: WindowMeter?
    var budgetWindow: BudgetWindow?

    /// Applies the key's current limits (a plan may change while the process runs).
    mutating func configure(_ limits: KeyLimits, now: AdmissionInstant) {
        requests = Self.bucket(requests, capacity: limits.requestsPerMinute, now: now)
        tokens = Self.bucket(tokens, capacity: limits.tokensPerMinute, now: now)
        budgetWindow = limits.budget?.window
    }

    private static func bucket(_ bucket: TokenBucket?, capacity: Int?, now: AdmissionInstant) -> TokenBucket? {
        guard let capacity else { return nil }
        if let bucket, bucket.capacity == capacity { return bucket }
        return TokenBucket(perMinute: capacity, now: now.monotonicNanoseconds)
    }

    /// Moves the budget meter into the window containing `now`; reservations in flight carry over.
    mutating func roll(_ window: BudgetWindow?, now: AdmissionInstant) {
        guard let window else { return }
        let bounds = window.bounds(containing: now.unixMillis)
        if let current = self.window, current.start == bounds.lowerBound, current.end == bounds.upperBound { return }
        let carried = self.window?.meter.reserved ?? 0
        // A seeded meter (end == start) keeps its spend when it was seeded for this same window.
        let spent = self.window.map { $0.start == bounds.lowerBound ? $0.meter.spent : 0 } ?? 0
        self.window = WindowMeter(start: bounds.lowerBound, end: bounds.upperBound, meter: SpendMeter(limit: 0, spent: spent, reserved: carried))
    }

    func status(now: AdmissionInstant) -> RateLimitStatus {
        var status = RateLimitStatus()
        if var requests {
            status.limitRequests = requests.capacity
            status.remainingRequests = requests.remaining(now: now.monotonicNanoseconds)
            status.resetRequestsNanoseconds = requests.nanosecondsUntilFull(now: now.monotonicNanoseconds)
        }
        if var tokens {
            status.limitTokens = tokens.capacity
            status.remainingTokens = tokens.remaining(now: now.monotonicNanoseconds)
            status.resetTokensNanoseconds = tokens.nanosecondsUntilFull(now: now.monotonicNanoseconds)
        }
        return status
    }
}

/// Spend of a key within one budget window.
struct WindowMeter {
    var start: Int64
    var end: Int64
    var meter: SpendMeter

    init(start: Int64, end: Int64? = nil, meter: SpendMeter) {
        self.start = start
        self.end = end ?? start
        self.meter = meter
    }
}
