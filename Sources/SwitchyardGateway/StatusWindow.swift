/// The recent attempts of one model: a ring of time buckets, each holding counts and a bounded
/// latency sample. Pure: time comes in as milliseconds; wrapped by `StatusBoard`'s lock.
struct StatusWindow: Sendable {
    struct Bucket: Sendable {
        /// The time slot (`millis / bucketMillis`) the bucket holds; `.min` while empty.
        var slot: Int64 = .min
        var count = 0
        var errors = 0
        /// Latencies in microseconds: all of them up to `capacity`, then a uniform reservoir sample.
        var samples: [Int64] = []
    }

    let bucketMillis: Int64
    let capacity: Int
    private(set) var buckets: [Bucket]
    /// xorshift state for reservoir sampling; no system call on the request path.
    private var seed: UInt64 = 0x9E37_79B9_7F4A_7C15

    init(bucketCount: Int, bucketMillis: Int64, capacity: Int) {
        self.bucketMillis = max(1, bucketMillis)
        self.capacity = max(1, capacity)
        buckets = Array(repeating: Bucket(), count: max(1, bucketCount))
    }

    /// Counts one attempt that settled at `millis`; attempts older than the ring are dropped.
    mutating func add(atMillis millis: Int64, latencyMicros: Int64, failed: Bool) {
        let slot = millis / bucketMillis
        let position = Int(slot % Int64(buckets.count) + Int64(buckets.count)) % buckets.count
        if buckets[position].slot != slot {
            guard slot > buckets[position].slot else { return }
            buckets[position].slot = slot
            buckets[position].count = 0
            buckets[position].errors = 0
            buckets[position].samples.removeAll(keepingCapacity: true)
        }
        buckets[position].count += 1
        if failed { buckets[position].errors += 1 }
        if buckets[position].samples.count < capacity {
            if buckets[position].samples.capacity == 0 { buckets[position].samples.reserveCapacity(capacity) }
            buckets[position].samples.append(latencyMicros)
        } else {
            let pick = Int(nextRandom() % UInt64(buckets[position].count))
            if pick < capacity { buckets[position].samples[pick] = latencyMicros }
        }
    }

    /// Counts and latency percentiles of the attempts settled in the ring's span ending at `millis`.
    func summary(atMillis millis: Int64) -> StatusSummary {
        let newest = millis / bucketMillis
        let oldest = newest - Int64(buckets.count) + 1
        var requests = 0
        var errors = 0
        var weighted: [(micros: Int64, weight: Double)] = []
        for bucket in buckets where bucket.slot >= oldest && bucket.slot <= newest && bucket.count > 0 {
            requests += bucket.count
            errors += bucket.errors
            // Each kept sample stands for count / samples attempts of its bucket.
            let weight = Double(bucket.count) / Double(bucket.samples.count)
            weighted += bucket.samples.map { ($0, weight) }
        }
        weighted.sort { $0.micros < $1.micros }
        return StatusSummary(
            requests: requests, errors: errors,
            p50: Self.percentile(0.50, of: weighted), p95: Self.percentile(0.95, of: weighted)
        )
    }

    /// The nearest-rank weighted percentile `q` (0…1) of sorted samples.
    static func percentile(_ q: Double, of sorted: [(micros: Int64, weight: Double)]) -> Duration? {
        guard !sorted.isEmpty else { return nil }
        let total = sorted.reduce(0) { $0 + $1.weight }
        let target = q * total
        var running = 0.0
        for sample in sorted {
            running += sample.weight
            if running >= target - 1e-9 { return .microseconds(sample.micros) }
        }
        return .microseconds(sorted[sorted.count - 1].micros)
    }

    private mutating func nextRandom() -> UInt64 {
        seed ^= seed << 13
        seed ^= seed >> 7
        seed ^= seed << 17
        return seed
    }
}

/// What a model's recent attempts add up to.
public struct StatusSummary: Sendable, Hashable {
    /// Attempts (ledger rows) in the window.
    public var requests: Int
    /// Attempts whose status was not 200.
    public var errors: Int
    public var p50: Duration?
    public var p95: Duration?

    public init(requests: Int, errors: Int, p50: Duration? = nil, p95: Duration? = nil) {
        self.requests = requests
        self.errors = errors
        self.p50 = p50
        self.p95 = p95
    }

    /// Errors over attempts; 0 without traffic.
    public var errorRate: Double { requests == 0 ? 0 : Double(errors) / Double(requests) }
}
