#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Admission control for every key: RPM and TPM buckets, a concurrency cap, the window budget
/// and the prepaid credit balance — checked and reserved together under one lock, so
/// concurrent requests cannot slip past a limit between check and reserve.
public final class AdmissionController: Sendable {
    private let state: Mutex<AdmissionState>
    private let clock: AdmissionClock

    public init(clock: AdmissionClock = .system) {
        self.clock = clock
        state = Mutex(AdmissionState())
    }

    /// Admits `request` or says why not. Reserves its worst-case cost, tokens and a concurrency slot.
    public func admit(_ request: AdmissionRequest) throws(AdmissionRejection) -> AdmissionTicket {
        let limits = request.limits
        if limits.requestsPerMinute == nil, limits.tokensPerMinute == nil, limits.maxConcurrent == nil, limits.budget == nil,
           request.creditAccount == nil, limits.allows(model: request.model) {
            // Nothing to count: no lock, nothing to settle.
            return AdmissionTicket(
                keyID: request.keyID, creditAccount: nil, reservedMicroDollars: 0, chargedTokens: 0, cappedMaxTokens: nil,
                status: RateLimitStatus(), holdsState: false
            )
        }
        let now = clock.now()
        return try state.withLock { state throws(AdmissionRejection) in try state.admit(request, now: now) }
    }

    /// Ends a request: replaces its reservations with what it actually used and frees its slot.
    /// `returningRequest` also gives back its place in the requests-per-minute bucket, for a
    /// request that is admitted again elsewhere (the fast lane handing it to the full path), so
    /// it counts once.
    public func settle(_ ticket: AdmissionTicket, actualTokens: Int, actualMicroDollars: Int64, returningRequest: Bool = false) {
        guard ticket.holdsState else { return }
        let now = clock.now()
        state.withLock {
            $0.settle(ticket, actualTokens: actualTokens, actualMicroDollars: actualMicroDollars, returningRequest: returningRequest, now: now)
        }
    }

    /// Starts a key's current window with what the ledger already holds for it (at startup).
    public func seedWindowSpend(keyID: String, window: BudgetWindow, spentMicroDollars: Int64) {
        let now = clock.now()
        state.withLock { state in
            let start = window.bounds(containing: now.unixMillis).lowerBound
            state.keys[keyID, default: KeyState()].window = WindowMeter(start: start, meter: SpendMeter(limit: 0, spent: spentMicroDollars))
        }
    }

    /// Sets a prepaid account's balance (the sum of its credit history) at startup.
    public func seedCredit(account: String, balanceMicroDollars: Int64) {
        state.withLock { $0.credits[account] = SpendMeter(limit: balanceMicroDollars) }
    }

    /// Adds a grant or top-up (negative for a manual deduction) to a prepaid account's balance.
    public func addCredit(account: String, microDollars: Int64) {
        state.withLock { $0.credits[account, default: SpendMeter(limit: 0)].limit += microDollars }
    }

    /// The balance of a prepaid account that admission sees: settled balance and what is reserved.
    public func credit(account: String) -> (balance: Int64, reserved: Int64)? {
        state.withLock { state in state.credits[account].map { ($0.limit - $0.spent, $0.reserved) } }
    }

    /// Spend and reservations of a key in its current window.
    public func windowSpend(keyID: String, window: BudgetWindow) -> (spent: Int64, reserved: Int64) {
        let now = clock.now()
        return state.withLock { state in
            guard var key = state.keys[keyID] else { return (0, 0) }
            key.roll(window, now: now)
            return (key.window?.meter.spent ?? 0, key.window?.meter.reserved ?? 0)
        }
    }

    /// How many keys have used (spent plus reserved) at least `fraction` of their current window's budget.
    public func keysNearBudget(fraction: Double) -> Int {
        let now = clock.now().unixMillis
        return state.withLock { state in
            state.keys.values.reduce(0) { count, key in
                guard let window = key.window, window.end > now, window.meter.limit > 0 else { return count }
                let used = Double(window.meter.spent + window.meter.reserved)
                return used >= fraction * Double(window.meter.limit) ? count + 1 : count
            }
        }
    }

    /// Requests of a key in flight now.
    public func inFlight(keyID: String) -> Int {
        state.withLock { $0.keys[keyID]?.inFlight ?? 0 }
    }
}

/// The source of time for admission: monotonic for buckets, wall clock for budget windows.
public struct AdmissionClock: Sendable {
    public var now: @Sendable () -> AdmissionInstant

    public init(now: @escaping @Sendable () -> AdmissionInstant) { self.now = now }

    /// The system clocks.
    public static let system = AdmissionClock {
        let uptime = ContinuousClock.now - processStart
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return AdmissionInstant(
            monotonicNanoseconds: uptime.components.seconds * 1_000_000_000 + uptime.components.attoseconds / 1_000_000_000,
            unixMillis: Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000
        )
    }
}

private let processStart = ContinuousClock.now

/// One reading of the admission clock.
public struct AdmissionInstant: Sendable, Hashable {
    public var monotonicNanoseconds: Int64
    public var unixMillis: Int64

    public init(monotonicNanoseconds: Int64, unixMillis: Int64) {
        self.monotonicNanoseconds = monotonicNanoseconds
        self.unixMillis = unixMillis
    }
}
