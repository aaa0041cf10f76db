import Synchronization
import SwitchyardConfig
import SwitchyardModel
import SwitchyardRouting

/// Retries and per-deployment circuit breakers, shared by every request.
public final class Resilience: Sendable {
    public let retry: RetryPolicy
    let failureThreshold: Int
    let window: Duration
    let cooldown: Duration
    private let breakers = Mutex<[String: CircuitBreaker]>([:])
    /// Recent latency per deployment, for least-latency balancing.
    let latencies = LatencyBoard()
    private let origin = ContinuousClock.now

    public init(retry: RetryPolicy = RetryPolicy(), failureThreshold: Int = 5, window: Duration = .seconds(30), cooldown: Duration = .seconds(15)) {
        self.retry = retry
        self.failureThreshold = failureThreshold
        self.window = window
        self.cooldown = cooldown
    }

    enum Outcome { case success, failure, neutral }

    private var now: Int64 {
        let elapsed = ContinuousClock.now - origin
        return elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000
    }

    /// Whether `deployment` (`provider/model`) may be called now.
    func allows(_ deployment: String) -> Bool {
        let now = self.now
        // Read first: a deployment that never failed has no breaker, and changing an entry in
        // place allocates the accessor's frame on every call.
        return breakers.withLock { breakers in
            guard let breaker = breakers[deployment] else { return true }
            if breaker.state == .closed { return true }
            return breakers[deployment]!.allows(now: now)
        }
    }

    func record(_ deployment: String, _ outcome: Outcome, latency: Duration? = nil) {
        let now = self.now
        if let latency { latencies.record(deployment, sample: Self.nanoseconds(latency)) }
        breakers.withLock { breakers in
            switch outcome {
            case .success:
                if breakers[deployment] != nil { breakers[deployment]!.recordSuccess() }
            case .failure:
                var breaker = breakers[deployment] ?? CircuitBreaker(
                    failureThreshold: failureThreshold, windowNanoseconds: Self.nanoseconds(window), cooldownNanoseconds: Self.nanoseconds(cooldown)
                )
                breaker.recordFailure(now: now)
                breakers[deployment] = breaker
            case .neutral:
                if breakers[deployment] != nil { breakers[deployment]!.releaseProbe() }
            }
        }
    }

    /// Each deployment that has failed, with its breaker's state now (an open breaker past its
    /// cooldown reads half-open).
    public var states: [String: CircuitBreaker.State] {
        let now = self.now
        return breakers.withLock { $0.mapValues { $0.state(at: now) } }
    }

    /// Failures another attempt (or model) may fix: rate limits, server errors, timeouts, unreachable hosts.
    static func isRetryable(_ error: GatewayError) -> Bool {
        [429, 500, 502, 503, 504].contains(error.status)
    }

    /// Server errors and timeouts count against a deployment's health; rate limits and client errors do not.
    static func outcome(of error: GatewayError) -> Outcome {
        [500, 502, 503, 504].contains(error.status) ? .failure : .neutral
    }

    static func nanoseconds(_ duration: Duration) -> Int64 {
        duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000
    }
}

extension Resilience {
    /// Retries and breakers as configured under `resilience:`.
    public convenience init(config: ResilienceSettings) {
        self.init(retry: config.retry, failureThreshold: config.breakerFailures, window: config.breakerWindow, cooldown: config.breakerCooldown)
    }
}
