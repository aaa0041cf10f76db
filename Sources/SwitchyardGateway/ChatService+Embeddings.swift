import SwitchyardCatalog
import SwitchyardModel
import SwitchyardProviders

extension ChatService {
    /// Serves an embeddings request through the same stages as chat: resolve (explicit or forced
    /// model and its fallbacks; virtual routes do not embed), admit, dispatch with retries, and
    /// one ledger row per attempt.
    public func embed(_ request: EmbeddingRequest, principal: Principal, context: CallContext) async throws(GatewayError) -> ChatOutcome<EmbeddingResult> {
        if registry.routes[request.model] != nil {
            throw GatewayError(.invalidValue, "'\(request.model)' is a virtual model for chat; name an embedding model.", param: "model")
        }
        let today = self.today()
        var plan = RoutePlan(candidates: [try registry.resolve(context.forcedModel ?? request.model, today: today)], route: context.forcedModel == nil ? "explicit" : "override")
        appendFallbacks(to: &plan)
        if let notice = plan.primary.deprecation { reportDeprecation(notice, requestID: context.requestID) }
        let limits = principal.limits
        guard limits.allows(model: request.model) || limits.allows(model: plan.model.id) else { throw GatewayError.modelNotAllowed(plan.model.id) }
        let estimate = request.texts.reduce(request.tokenIDCount) { $0 + TokenCounter.count($1, with: plan.model.tokenizer) }
        guard plan.primary.provider is any EmbeddingProvider, plan.model.category == "embedding" else {
            throw GatewayError(.invalidValue, "'\(plan.model.id)' does not serve embeddings; name an embedding model.", param: "model")
        }
        plan.candidates = [plan.primary] + plan.candidates.dropFirst().filter { candidate in
            candidate.provider is any EmbeddingProvider && candidate.model.category == "embedding" && limits.allows(model: candidate.model.id)
        }
        // One prompt-sized reservation; embeddings have no output to wait for.
        var shim = ChatRequest(model: request.model, messages: [])
        let ticket = try admitToPlan(&shim, principal: principal, plan: plan, inputEstimate: estimate)
        let admitted = Admitted(principal: principal, plan: plan, request: shim, ticket: ticket, tally: AttemptTally())
        let result = try await dispatch(admitted, context: context) { provider, call, attempt in
            guard let embedder = provider as? any EmbeddingProvider else {
                throw GatewayError(.invalidValue, "'\(call.model.id)' does not serve embeddings.", param: "model")
            }
            let started = ContinuousClock.now
            let embedding = try await embedder.embed(EmbeddingCall(
                request: request, model: call.model, clientModel: request.model, requestID: call.requestID,
                timeout: min(call.totalTimeout, call.firstByteTimeout), traceparent: call.traceparent
            ))
            let waited = ContinuousClock.now - started
            settleAttempt(admitted, attempt: attempt, context: context, usage: embedding.usage, status: 200, error: nil, ttft: waited)
            return (embedding, waited)
        }
        finish(admitted)
        let (embedding, waited) = result.value
        return outcome(embedding, admitted: admitted, attempt: result.attempt, waited: result.waitedBefore + waited)
    }
}
