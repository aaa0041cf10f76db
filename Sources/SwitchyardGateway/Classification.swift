import SwitchyardModel
import SwitchyardProviders
import SwitchyardRouting

extension ChatService {
    /// Asks the route's small model for the category and plans with its answer; an answer outside
    /// the categories, or a failed call, means the default category. The call is a ledger row of
    /// its own (route `classifier`, no baseline cost: always-baseline traffic would not make it),
    /// charged to the key.
    func classify(_ pending: PendingClassification, admitted: Admitted, context: CallContext) async -> RoutePlan {
        let started = ContinuousClock.now
        let classifierModel = pending.classifierModel
        let call = UpstreamCall(
            request: pending.classifier.request(for: admitted.request), model: classifierModel.model, clientModel: classifierModel.model.id,
            requestID: context.requestID, firstByteTimeout: timeouts.firstByte, totalTimeout: timeouts.firstByte, traceparent: context.traceparent
        )
        var category: String?
        var usage = Usage()
        var failure: GatewayError?
        do {
            let completion = try await classifierModel.provider.complete(call)
            usage = completion.usage
            category = pending.classifier.category(fromAnswer: completion.choices.first?.message.text ?? "")
        } catch {
            failure = GatewayError.normalised(error, provider: classifierModel.provider.name)
        }
        let elapsed = ContinuousClock.now - started
        recordClassifierCall(admitted, model: classifierModel, usage: usage, error: failure, elapsed: elapsed, context: context)
        let kind = pending.route.kind.name
        // Hybrid keeps the semantic choice when the small model fails or answers outside the set.
        let fallback = if case .hybrid = pending.route.kind { admitted.plan.route } else { String?.none }
        let decision = pending.route.decide(category: category ?? fallback, classifier: kind)
        var plan = admitted.plan
        plan.pending = nil
        plan.route = decision.category
        plan.classifier = kind
        plan.decisionTime = (plan.decisionTime ?? .zero) + elapsed
        plan.classifierCallTime = elapsed
        if let resolved = try? registry.resolve(decision.model, today: today()) { plan.candidates = [resolved] }
        appendFallbacks(to: &plan)
        return plan
    }

    /// The classifier call's row: route `classifier`, no baseline cost (always-baseline traffic would not make it).
    func recordClassifierCall(_ admitted: Admitted, model: Resolution, usage: Usage, error: GatewayError?, elapsed: Duration, context: CallContext) {
        var row = admitted
        row.request.stream = false
        record(
            row, model: model.model, route: "classifier", classifier: "llm", attempt: 0, decisionTime: nil, baseline: .zero,
            usage: usage, status: error?.status ?? 200, error: error, ttft: elapsed, context: context
        )
    }
}
