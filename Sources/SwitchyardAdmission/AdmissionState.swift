/// Everything admission tracks, guarded by the controller's lock.
struct AdmissionState {
    var keys: [String: KeyState] = [:]
    /// Prepaid balances: `limit` is the balance before `spent` was deducted in this process.
    var credits: [String: SpendMeter] = [:]

    mutating func admit(_ request: AdmissionRequest, now: AdmissionInstant) throws(AdmissionRejection) -> AdmissionTicket {
        let limits = request.limits
        var key = keys[request.keyID] ?? KeyState()
        key.configure(limits, now: now)
        func reject(_ reason: AdmissionRejection.Reason, retry: Int64?, limit: Int64, needed: Int64, available: Int64) -> AdmissionRejection {
            AdmissionRejection(reason: reason, retryAfterNanoseconds: retry, status: key.status(now: now), limit: limit, needed: needed, available: available)
        }
        guard limits.allows(model: request.model) else {
            throw reject(.modelNotAllowed, retry: nil, limit: 0, needed: 0, available: 0)
        }
        if let cap = limits.maxConcurrent, key.inFlight >= cap {
            keys[request.keyID] = key
            throw reject(.concurrency, retry: 1_000_000_000, limit: Int64(cap), needed: 1, available: 0)
        }

        // Money first: it may lower the output allowance, and with it the tokens to charge.
        var output = request.outputAllowance
        var capped: Int?
        key.roll(limits.budget?.window, now: now)
        if let budget = limits.budget { key.window!.meter.limit = budget.microDollars }
        let windowAvailable = limits.budget.map { _ in key.window!.meter.available }
        let creditAvailable = request.creditAccount.map { credits[$0, default: SpendMeter(limit: 0)].available }
        let available = [windowAvailable, creditAvailable].compactMap { $0 }.min()
        var reservation = request.pricing.microDollars(input: request.inputTokens, output: output)
        if let available, reservation > available {
            let reason: AdmissionRejection.Reason = (windowAvailable ?? .max) <= (creditAvailable ?? .max) ? .budget : .credits
            let limit = reason == .budget ? limits.budget!.microDollars : (credits[request.creditAccount!]?.limit ?? 0)
            let retry = reason == .budget ? (key.window!.end - now.unixMillis) * 1_000_000 : nil
            guard request.requestedMaxTokens == nil,
                  let affordable = request.pricing.affordableOutput(input: request.inputTokens, budget: available), affordable >= 1
            else {
                keys[request.keyID] = key
                throw reject(reason, retry: retry, limit: limit, needed: reservation, available: available)
            }
            output = min(output, affordable)
            capped = output
            reservation = request.pricing.microDollars(input: request.inputTokens, output: output)
        }

        // Without a client cap the model's whole output limit is only a bound, not a plan: charge
        // at most the bucket's capacity so such a request is admissible, and correct at settlement.
        var tokens = request.inputTokens + output
        if request.requestedMaxTokens == nil, let capacity = limits.tokensPerMinute {
            tokens = min(tokens, max(capacity, request.inputTokens))
        }
        let clock = now.monotonicNanoseconds
        if let result = key.requests?.take(1, now: clock), result != .taken {
            keys[request.keyID] = key
            throw reject(.requestRate, retry: result.waitNanoseconds, limit: Int64(limits.requestsPerMinute ?? 0), needed: 1, available: 0)
        }
        if let result = key.tokens?.take(tokens, now: clock), result != .taken {
            key.requests?.adjust(by: 1, now: clock)
            let remaining = key.tokens?.remaining(now: clock) ?? 0
            keys[request.keyID] = key
            let reason: AdmissionRejection.Reason = result == .exceedsCapacity ? .tooManyTokens : .tokenRate
            throw reject(reason, retry: result.waitNanoseconds, limit: Int64(limits.tokensPerMinute ?? 0), needed: Int64(tokens), available: Int64(remaining))
        }

        if limits.budget != nil { key.window!.meter.reserved += reservation }
        if let account = request.creditAccount { credits[account, default: SpendMeter(limit: 0)].reserved += reservation }
        key.inFlight += 1
        let status = key.status(now: now)
        keys[request.keyID] = key
        return AdmissionTicket(
            keyID: request.keyID, creditAccount: request.creditAccount, reservedMicroDollars: reservation,
            chargedTokens: tokens, cappedMaxTokens: capped, status: status, holdsState: true
        )
    }

    mutating func settle(_ ticket: AdmissionTicket, actualTokens: Int, actualMicroDollars: Int64, returningRequest: Bool = false, now: AdmissionInstant) {
        if var key = keys[ticket.keyID] {
            key.inFlight = max(0, key.inFlight - 1)
            if returningRequest { key.requests?.adjust(by: 1, now: now.monotonicNanoseconds) }
            key.tokens?.adjust(by: ticket.chargedTokens - actualTokens, now: now.monotonicNanoseconds)
            if let window = key.budgetWindow {
                key.roll(window, now: now)
                key.window!.meter.settle(reservation: ticket.reservedMicroDollars, actual: actualMicroDollars)
            }
            keys[ticket.keyID] = key
        }
        if let account = ticket.creditAccount {
            credits[account, default: SpendMeter(limit: 0)].settle(reservation: ticket.reservedMicroDollars, actual: actualMicroDollars)
        }
    }
}

extension TokenBucket.TakeResult {
    /// How long to wait before retrying; nil when waiting cannot help.
    var waitNanoseconds: Int64? {
        if case .wait(let nanoseconds) = self { return nanoseconds }
        return nil
    }
}
