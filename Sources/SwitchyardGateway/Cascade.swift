import SwitchyardModel
import SwitchyardProviders
import SwitchyardRouting

/// A cascade that applies to one request: its policy and the resolved model to escalate to.
struct CascadeStep: Sendable {
    var policy: CascadePolicy
    var target: Resolution
}

extension ChatService {
    /// The cascade of the request's route, when routing chose a model cheaper (by output price)
    /// than the escalation model — not when the model was forced or the key may not use the
    /// escalation model.
    func cascadeStep(for request: ChatRequest, plan: RoutePlan, allows: (String) -> Bool) -> CascadeStep? {
        guard plan.route != "override", let policy = registry.cascades[request.model], allows(policy.escalateTo),
              let target = try? registry.resolve(policy.escalateTo, today: today()),
              plan.model.prices.output.value < target.model.prices.output.value
        else { return nil }
        return CascadeStep(policy: policy, target: target)
    }

    /// Asks the routed model with a confidence probe (never streamed) and judges its answer.
    /// Returns the answer when kept, nil when it escalated (the answer's row is settled either
    /// way); the next attempt's number; and the time the probe spent with upstreams.
    func probe(_ admitted: Admitted, step: CascadeStep, context: CallContext) async throws(GatewayError) -> (ChatOutcome<ChatCompletion>?, Int, Duration) {
        var probing = admitted
        probing.request.confidenceProbe = true
        probing.request.stream = false
        let result = try await dispatch(probing, context: context) { provider, call, attempt in
            let started = ContinuousClock.now
            let completion = try await provider.complete(call)
            let waited = ContinuousClock.now - started
            settleAttempt(probing, attempt: attempt, context: context, usage: completion.usage, status: 200, error: nil, ttft: waited)
            return (completion, waited)
        }
        let (completion, answered) = result.value
        let waited = result.waitedBefore + answered
        let verdict = step.policy.verdict(confidence: completion.confidence)
        metrics.countCascade(route: step.policy.route, outcome: verdict.rawValue)
        guard verdict != .escalated else { return (nil, result.attempt.index + 1, waited) }
        var kept = outcome(completion, admitted: admitted, attempt: result.attempt, waited: waited)
        kept.cascade = verdict
        kept.confidence = completion.confidence
        return (kept, result.attempt.index + 1, waited)
    }

    /// The admitted request re-planned onto the escalation model and its fallbacks.
    func escalated(_ admitted: Admitted, step: CascadeStep) -> Admitted {
        var escalated = admitted
        escalated.plan.candidates = [step.target]
        appendFallbacks(to: &escalated.plan)
        return escalated
    }

    /// Serves a non-streamed request through its cascade.
    func completeCascading(_ admitted: Admitted, step: CascadeStep, context: CallContext) async throws(GatewayError) -> ChatOutcome<ChatCompletion> {
        let (kept, nextAttempt, probed) = try await probe(admitted, step: step, context: context)
        if let kept {
            finish(admitted)
            return kept
        }
        let large = escalated(admitted, step: step)
        let result = try await dispatch(large, context: context, firstAttempt: nextAttempt) { provider, call, attempt in
            let started = ContinuousClock.now
            let completion = try await provider.complete(call)
            let waited = ContinuousClock.now - started
            settleAttempt(large, attempt: attempt, context: context, usage: completion.usage, status: 200, error: nil, ttft: waited)
            return (completion, waited)
        }
        finish(admitted)
        let (completion, waited) = result.value
        var served = outcome(completion, admitted: large, attempt: result.attempt, waited: probed + result.waitedBefore + waited)
        served.cascade = .escalated
        return served
    }

    /// Serves a streamed request through its cascade, stream-buffered: the first answer is taken
    /// whole and judged; a kept answer is replayed as a stream, an escalation streams live.
    func streamCascading(_ admitted: Admitted, step: CascadeStep, context: CallContext) async throws(GatewayError) -> ChatOutcome<MeteredStream> {
        let (kept, nextAttempt, probed) = try await probe(admitted, step: step, context: context)
        if let kept {
            let completion = kept.body
            let replay = ChatStream(
                head: ChatStreamHead(id: completion.id, created: completion.created, model: completion.model),
                events: CompletionReplaySource(completion)
            )
            // The answer's row is already written; the stream only closes admission.
            let metered = MeteredStream(
                stream: replay, includeUsage: admitted.request.includeUsage, started: context.receivedAt,
                deadline: context.receivedAt + timeouts.total, providerName: kept.provider, settle: { [self] _, _, _, _ in finish(admitted) }
            )
            var outcome = ChatOutcome(
                body: metered, servedModel: kept.servedModel, provider: kept.provider, upstreamWait: kept.upstreamWait, deprecation: kept.deprecation,
                rateLimit: kept.rateLimit, route: kept.route, fallbacks: kept.fallbacks
            )
            outcome.cascade = kept.cascade
            outcome.confidence = kept.confidence
            return outcome
        }
        var served = try await streamPlanned(escalated(admitted, step: step), context: context, firstAttempt: nextAttempt, waitedBefore: probed)
        served.cascade = .escalated
        return served
    }
}
