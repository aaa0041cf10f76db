import Tracing
import SwitchyardModel
import SwitchyardProviders

/// One upstream attempt: which model of the plan, through which provider.
struct Attempt: Sendable {
    /// 0 for the first attempt of the request, counting retries and fallbacks.
    var index: Int
    /// Position of the model in the plan: 0 is the primary, 1 the first fallback…
    var candidate: Int
    var provider: any ChatProvider
    var call: UpstreamCall
}

extension ChatService {
    /// Tries the plan's models in order, each up to the retry policy's attempts, skipping models
    /// whose breaker is open, until one succeeds or the deadline passes. Every attempt that reached
    /// a provider and failed is settled here (one ledger row each); `body` settles successes.
    /// `waitedBefore` is the time spent on failed attempts and the waits between them, which is
    /// the upstream's, not the gateway's (the overhead the response reports leaves it out).
    func dispatch<Value: Sendable>(
        _ admitted: Admitted, context: CallContext, firstAttempt: Int = 0,
        _ body: (any ChatProvider, UpstreamCall, Attempt) async throws -> Value
    ) async throws(GatewayError) -> (value: Value, attempt: Attempt, waitedBefore: Duration) {
        let deadline = context.receivedAt + timeouts.total
        var lastError: GatewayError?
        var attempts = firstAttempt
        var waitedBefore = Duration.zero
        // The fast lane's failed attempt on the primary counts as its first.
        let prior = firstAttempt == 0 ? context.priorAttempt : nil
        if let prior {
            attempts = 1
            lastError = prior.error
            waitedBefore = prior.upstreamTime
        }
        candidates: for (position, candidate) in admitted.plan.candidates.enumerated() {
            var failedHere: Set<String> = []
            var firstRetry = 0
            if position == 0, let prior {
                failedHere.insert(prior.deployment)
                firstRetry = 1
            }
            for retry in firstRetry..<max(firstRetry, resilience.retry.attempts) {
                if retry > 0 {
                    let delay = resilience.retry.delay(beforeRetry: retry, retryAfterSeconds: lastError?.retryAfterSeconds) { Int64.random(in: $0) }
                    // A wait that would outlast the deadline is better spent on the next model.
                    guard ContinuousClock.now + .nanoseconds(delay) < deadline else { continue candidates }
                    let sleptFrom = ContinuousClock.now
                    do { try await Task.sleep(for: .nanoseconds(delay)) } catch {
                        throw failed(admitted, GatewayError(.clientClosed, "The request was cancelled."))
                    }
                    waitedBefore += ContinuousClock.now - sleptFrom
                }
                guard ContinuousClock.now < deadline else { break candidates }
                guard let served = resilience.pick(candidate, avoiding: failedHere) else {
                    lastError = GatewayError(.upstreamUnavailable, "Model '\(candidate.model.id)' is temporarily unavailable (its circuit breaker is open).", retryAfterSeconds: 1)
                    continue candidates
                }
                let deployment = served.key
                var model = candidate.model
                model.provider = served.deployment.provider
                model.upstreamName = served.deployment.upstreamName
                let remaining = deadline - ContinuousClock.now
                let attemptSpan = admitted.trace?.stage("upstream \(model.id)", kind: .client)
                attemptSpan?.attributes["gen_ai.request.model"] = model.upstreamName
                attemptSpan?.attributes["switchyard.provider"] = served.provider.name
                defer { attemptSpan?.end() }
                let call = UpstreamCall(
                    request: admitted.request, model: model, clientModel: admitted.request.model, requestID: context.requestID,
                    firstByteTimeout: min(timeouts.firstByte, remaining), totalTimeout: remaining,
                    traceparent: attemptSpan.map { RequestTrace.traceparent(of: $0, fallback: context.traceparent) } ?? context.traceparent
                )
                let attempt = Attempt(index: attempts, candidate: position, provider: served.provider, call: call)
                if attempts > firstAttempt { metrics.countRedispatch(model: model.id, fallback: retry == 0) }
                attempts += 1
                let started = ContinuousClock.now
                let inFlight = metrics.upstreamInFlight(provider: served.provider.name)
                inFlight.increment()
                defer { inFlight.decrement() }
                do {
                    let value = try await body(served.provider, call, attempt)
                    resilience.record(deployment, .success, latency: ContinuousClock.now - started)
                    return (value, attempt, waitedBefore)
                } catch {
                    waitedBefore += ContinuousClock.now - started
                    failedHere.insert(deployment)
                    let gatewayError = GatewayError.normalised(error, provider: served.provider.name)
                    attemptSpan?.setStatus(SpanStatus(code: .error, message: gatewayError.code.rawValue))
                    settleAttempt(admitted, attempt: attempt, context: context, usage: Usage(), status: gatewayError.status, error: gatewayError, ttft: nil)
                    resilience.record(deployment, Resilience.outcome(of: gatewayError))
                    guard Resilience.isRetryable(gatewayError) else { throw failed(admitted, gatewayError) }
                    lastError = gatewayError
                }
            }
        }
        throw failed(admitted, lastError ?? GatewayError(.upstreamTimeout, "No model of the plan answered before the deadline."))
    }

    /// Ends a request that will not be served: settles admission and adds the rate-limit headers.
    func failed(_ admitted: Admitted, _ error: GatewayError) -> GatewayError {
        finish(admitted, error: error)
        var error = error
        error.addRateLimitHeaders(admitted.ticket.status)
        return error
    }
}
