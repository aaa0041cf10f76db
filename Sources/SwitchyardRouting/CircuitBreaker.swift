/// A circuit breaker for one deployment: closed until `failureThreshold` failures fall within
/// `window`; then open for `cooldown`; then half-open, letting one probe through — its success
/// closes the breaker, its failure opens it again. Pure: time comes in as nanoseconds.
public struct CircuitBreaker: Sendable, Hashable {
    public enum State: String, Sendable {
        case closed, open, halfOpen = "half_open"
    }

    public let failureThreshold: Int
    public let windowNanoseconds: Int64
    public let cooldownNanoseconds: Int64
    public private(set) var state: State = .closed
    private var failures: [Int64] = []
    private var openedAt: Int64 = 0
    private var probeInFlight = false

    public init(failureThreshold: Int, windowNanoseconds: Int64, cooldownNanoseconds: Int64) {
        self.failureThreshold = max(1, failureThreshold)
        self.windowNanoseconds = windowNanoseconds
        self.cooldownNanoseconds = cooldownNanoseconds
    }

    /// Whether a request may go to the deployment now (a half-open breaker admits one probe).
    public mutating func allows(now: Int64) -> Bool {
        switch state {
        case .closed: return true
        case .open:
            guard now - openedAt >= cooldownNanoseconds else { return false }
            state = .halfOpen
            probeInFlight = true
            return true
        case .halfOpen:
            if probeInFlight { return false }
            probeInFlight = true
            return true
        }
    }

    /// The state as of `now`, without taking the half-open probe: an open breaker whose cooldown
    /// has passed reads half-open (the next call will probe).
    public func state(at now: Int64) -> State {
        state == .open && now - openedAt >= cooldownNanoseconds ? .halfOpen : state
    }

    public mutating func recordSuccess() {
        state = .closed
        failures.removeAll()
        probeInFlight = false
    }

    /// The probe ended without telling (the client left): let the next caller probe.
    public mutating func releaseProbe() {
        probeInFlight = false
    }

    public mutating func recordFailure(now: Int64) {
        switch state {
        case .halfOpen:
            open(now: now)
        case .open:
            break
        case .closed:
            failures.append(now)
            failures.removeAll { now - $0 > windowNanoseconds }
            if failures.count >= failureThreshold { open(now: now) }
        }
    }

    private mutating func open(now: Int64) {
        state = .open
        openedAt = now
        failures.removeAll()
        probeInFlight = false
    }
}
