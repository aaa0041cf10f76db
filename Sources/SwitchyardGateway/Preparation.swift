import SwitchyardAdmission
import SwitchyardCatalog
import SwitchyardModel
import SwitchyardProviders

/// A request that passed admission, with everything needed to dispatch and settle it.
struct Admitted: Sendable {
    var principal: Principal
    var plan: RoutePlan
    /// The request as sent upstream (`max_tokens` possibly lowered to what the budget pays for).
    var request: ChatRequest
    var ticket: AdmissionTicket
    /// What the request's attempts used, for settling admission once at the end.
    var tally: AttemptTally
    /// The route's confidence cascade, when it applies to this request.
    var cascade: CascadeStep? = nil
    /// The request's spans, ended when the request settles.
    var trace: RequestTrace? = nil
}

extension ChatService {
    /// Resolve, route and admit: everything between authentication and the first upstream call.
    func prepare(_ request: ChatRequest, principal: Principal, context: CallContext, trace: RequestTrace? = nil) async throws(GatewayError) -> Admitted {
        let routeSpan = trace?.stage("route")
        var plan: RoutePlan
        do { plan = try self.plan(request, principal: principal, context: context) } catch {
            routeSpan?.end()
            throw error
        }
        routeSpan?.attributes["switchyard.route"] = plan.route
        routeSpan?.attributes["gen_ai.request.model"] = plan.model.id
        routeSpan?.end()
        if let notice = plan.primary.deprecation { reportDeprecation(notice, requestID: context.requestID) }
        // A key may name a virtual model in its plan, or the models behind it.
        let limits = principal.limits
        let byName = request.model != plan.model.id && limits.allows(model: request.model)
        guard byName || limits.allows(model: plan.model.id) else {
            metrics.countRejection(reason: "model_not_allowed")
            throw GatewayError.modelNotAllowed(plan.model.id)
        }
        let estimate = try validate(request, model: plan.model)
        plan.candidates = [plan.primary] + plan.candidates.dropFirst().filter { candidate in
            // The prompt is counted once per tokenizer, not once per model.
            let known = candidate.model.tokenizer == plan.model.tokenizer ? estimate : nil
            return (byName || limits.allows(model: candidate.model.id)) && (try? validate(request, model: candidate.model, estimate: known)) != nil
        }
        var upstreamRequest = request
        var pricing = plan
        if let pending = plan.pending { pricing.candidates += pending.choices + [pending.classifierModel] }
        let allows = { (model: String) in byName || limits.allows(model: model) }
        // A cascade may pay for two answers: the first and the escalation's.
        let escalation = plan.route == "override" ? nil : registry.cascades[request.model].flatMap { allows($0.escalateTo) ? registry.catalog.model($0.escalateTo) : nil }
        let admitSpan = trace?.stage("admit")
        defer { admitSpan?.end() }
        let ticket = try admitToPlan(&upstreamRequest, principal: principal, plan: pricing, inputEstimate: estimate, additionally: escalation)
        var admitted = Admitted(principal: principal, plan: plan, request: upstreamRequest, ticket: ticket, tally: AttemptTally(), trace: trace)
        if let pending = plan.pending {
            admitted.plan = await classify(pending, admitted: admitted, context: context)
            let model = admitted.plan.model
            guard byName || limits.allows(model: model.id) else { throw failed(admitted, .modelNotAllowed(model.id)) }
            do { _ = try validate(request, model: model) } catch { throw failed(admitted, error) }
        }
        if escalation != nil { admitted.cascade = cascadeStep(for: request, plan: admitted.plan, allows: allows) }
        return admitted
    }

    /// Rejects what the model cannot take: an output cap above its maximum, or a prompt beyond its context.
    /// Returns the prompt's token estimate.
    func validate(_ request: ChatRequest, model: CatalogModel, estimate known: Int? = nil) throws(GatewayError) -> Int {
        if model.category == "embedding" {
            throw GatewayError(.invalidValue, "'\(model.id)' is an embedding model and does not serve chat completions.", param: "model")
        }
        if let maxTokens = request.maxTokens, maxTokens > model.maxOutputTokens {
            throw GatewayError(.invalidValue, "max_tokens is too large: \(maxTokens). '\(model.id)' supports at most \(model.maxOutputTokens) completion tokens.", param: "max_tokens")
        }
        let estimate = known ?? TokenCounter.count(request.messages, with: model.tokenizer)
        if estimate + (request.maxTokens ?? 0) > model.contextWindow {
            throw GatewayError(.contextLengthExceeded, "This model's maximum context length is \(model.contextWindow) tokens; the messages (about \(estimate) tokens) plus max_tokens exceed it.", param: "messages")
        }
        return estimate
    }

    /// Admits the request against its key's plan: concurrency, window budget and credits (worst
    /// case over every model it may be served by, reserved), RPM and TPM. May lower `max_tokens`
    /// to what the budget pays for.
    func admitToPlan(
        _ request: inout ChatRequest, principal: Principal, plan: RoutePlan, inputEstimate: Int, additionally extra: CatalogModel? = nil,
        countingRejections: Bool = true
    ) throws(GatewayError) -> AdmissionTicket {
        let model = plan.model
        var limits = principal.limits
        limits.allowedModels = nil // checked against the plan above
        // The worst case: no cache discount, output at the dearest rate of any model in the plan.
        let input = (plan.candidates.map(\.model.prices.input.value).max() ?? 0) + (extra?.prices.input.value ?? 0)
        let output = (plan.candidates.map { max($0.model.prices.output.value, $0.model.prices.reasoning.value) }.max() ?? 0)
            + (extra.map { max($0.prices.output.value, $0.prices.reasoning.value) } ?? 0)
        let admissionRequest = AdmissionRequest(
            keyID: principal.keyID, limits: limits, creditAccount: principal.creditAccountID, model: model.id,
            inputTokens: inputEstimate, requestedMaxTokens: request.maxTokens,
            modelMaxOutput: max(1, min(model.maxOutputTokens, model.contextWindow - inputEstimate)),
            pricing: TokenPricing(inputPicodollars: input, outputPicodollars: output)
        )
        do {
            let ticket = try admission.admit(admissionRequest)
            if let cap = ticket.cappedMaxTokens { request.maxTokens = cap }
            return ticket
        } catch {
            if countingRejections { metrics.countRejection(reason: error.reason.metricName) }
            throw GatewayError(rejection: error, model: model.id)
        }
    }
}
