/// How the built-in simulator behaves: its pace and the failures it injects.
public struct SimulatorSettings: Sendable, Hashable {
    /// Multiplies every delay; 0 answers instantly (load tests), 1 is the catalog's real pace.
    public var speedMultiplier: Double
    public var failures: FailureInjection
    /// Answer with exactly `max_tokens` tokens (replaying traffic with recorded output lengths)
    /// instead of a natural 12–60-token answer.
    public var fillMaxTokens: Bool
    /// The confidence a probed answer reports (see `ChatCompletion.confidence`): drawn per
    /// request, deterministically from the request, evenly within this range.
    public var confidence: ClosedRange<Double>

    public init(speedMultiplier: Double = 1, failures: FailureInjection = .init(), fillMaxTokens: Bool = false, confidence: ClosedRange<Double> = 0.5...0.95) {
        self.speedMultiplier = speedMultiplier
        self.failures = failures
        self.fillMaxTokens = fillMaxTokens
        self.confidence = confidence
    }
}

/// Probabilities (0…1) of each injected failure, drawn per request.
public struct FailureInjection: Sendable, Hashable {
    /// An upstream 500.
    public var errorRate: Double
    /// An upstream 429 with `Retry-After`.
    public var rateLimitRate: Double
    /// No answer at all, until the gateway's timeout fires.
    public var timeoutRate: Double
    /// A stream cut off halfway (a non-streamed response fails as a broken connection).
    public var cutRate: Double

    public init(errorRate: Double = 0, rateLimitRate: Double = 0, timeoutRate: Double = 0, cutRate: Double = 0) {
        self.errorRate = errorRate
        self.rateLimitRate = rateLimitRate
        self.timeoutRate = timeoutRate
        self.cutRate = cutRate
    }
}
