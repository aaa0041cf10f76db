/// Picks one of a model's deployments for an attempt. Pure: the caller supplies which ones are
/// eligible (breaker closed, not already failed in this request), their latencies and the dice.
public enum LoadBalancer {
    /// One deployment as the balancer sees it.
    public struct Candidate: Sendable, Hashable {
        public var weight: Int
        /// Recent latency in nanoseconds (an exponentially weighted mean), nil before the first success.
        public var latencyNanoseconds: Int64?

        public init(weight: Int, latencyNanoseconds: Int64? = nil) {
            self.weight = weight
            self.latencyNanoseconds = latencyNanoseconds
        }
    }

    /// Weighted: a draw in proportion to weight. `draw` returns a number in `0..<total`.
    public static func weighted(_ candidates: [Candidate], draw: (Int) -> Int) -> Int? {
        let total = candidates.reduce(0) { $0 + max(0, $1.weight) }
        guard total > 0 else { return candidates.isEmpty ? nil : 0 }
        var point = draw(total)
        for (index, candidate) in candidates.enumerated() {
            point -= max(0, candidate.weight)
            if point < 0 { return index }
        }
        return candidates.count - 1
    }

    /// Least latency: unmeasured deployments first (in order), then the lowest latency; ties by weight.
    public static func leastLatency(_ candidates: [Candidate]) -> Int? {
        if let unmeasured = candidates.firstIndex(where: { $0.latencyNanoseconds == nil }) { return unmeasured }
        return candidates.indices.min { left, right in
            let a = candidates[left], b = candidates[right]
            return a.latencyNanoseconds! != b.latencyNanoseconds! ? a.latencyNanoseconds! < b.latencyNanoseconds! : a.weight > b.weight
        }
    }

    /// The next exponentially weighted mean latency after observing `sample` (α = 0.3).
    public static func updatedLatency(_ previous: Int64?, sample: Int64) -> Int64 {
        guard let previous else { return sample }
        return previous + (sample - previous) * 3 / 10
    }
}
