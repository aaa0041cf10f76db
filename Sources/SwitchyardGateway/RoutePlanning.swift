import SwitchyardCatalog
import SwitchyardModel
import SwitchyardProviders
import SwitchyardRouting

/// The ordered plan for a request: the primary model, then its fallbacks, and how it was chosen.
struct RoutePlan: Sendable {
    /// Models to try in order; the first is the primary.
    var candidates: [Resolution]
    /// The category (for virtual models), `explicit` or `override`.
    var route: String
    var classifier: String?
    var decisionTime: Duration?
    /// The model savings are measured against (a route's baseline); nil for explicit requests.
    var baseline: CatalogModel?
    /// Set while a small-model classifier still has to decide (after admission).
    var pending: PendingClassification?
    /// How long the small-model classifier's call took: upstream time, not the gateway's own.
    var classifierCallTime: Duration = .zero

    var primary: Resolution { candidates[0] }
    var model: CatalogModel { primary.model }
}

extension ChatService {
    /// Route: a forced model, a virtual model's classification, or the model asked for — then the
    /// fallback chain of the chosen model.
    func plan(_ request: ChatRequest, principal: Principal, context: CallContext) throws(GatewayError) -> RoutePlan {
        let today = self.today()
        var plan: RoutePlan
        if let forced = context.forcedModel {
            plan = RoutePlan(candidates: [try registry.resolve(forced, today: today)], route: "override")
        } else if let route = registry.routes[request.model] {
            let started = ContinuousClock.now
            let features = PromptFeatures(request)
            var decision = route.decide(features)
            if let canary = route.canary, canary.includes(keyID: principal.keyID) { decision.model = canary.model }
            let elapsed = ContinuousClock.now - started
            plan = RoutePlan(
                candidates: [try registry.resolve(decision.model, today: today)], route: decision.category, classifier: decision.classifier,
                decisionTime: elapsed, baseline: route.baseline.flatMap { registry.catalog.model($0) }
            )
            if let llm = route.llmClassifier(for: features, decision: decision), let classifierModel = try? registry.resolve(llm.model, today: today) {
                // Everything the small model could choose bounds the reservation; it decides after admission.
                let choices = Set(route.table.values).sorted().compactMap { try? registry.resolve($0, today: today) }
                plan.pending = PendingClassification(route: route, classifier: llm, classifierModel: classifierModel, choices: choices)
                return plan
            }
        } else {
            plan = RoutePlan(candidates: [try registry.resolve(request.model, today: today)], route: "explicit")
        }
        if let limit = context.maxCostMicroDollars ?? request.maxCostMicroDollars {
            try exclude(from: &plan, costingMoreThan: limit, request: request)
        }
        appendFallbacks(to: &plan)
        return plan
    }

    /// Adds the chosen model's fallback chain to the plan.
    func appendFallbacks(to plan: inout RoutePlan) {
        let today = self.today()
        for name in registry.fallbacks[plan.model.id] ?? [] {
            guard let fallback = try? registry.resolve(name, today: today),
                  !plan.candidates.contains(where: { $0.model.id == fallback.model.id })
            else { continue }
            plan.candidates.append(fallback)
        }
    }
}

extension ChatService {
    /// Keeps only models whose worst case (prompt plus output allowance at list prices) fits
    /// `limit`; a virtual model then falls to the dearest table model that fits.
    func exclude(from plan: inout RoutePlan, costingMoreThan limit: Int64, request: ChatRequest) throws(GatewayError) {
        func worstCase(_ model: CatalogModel) -> Int64 {
            let input = Int64(TokenCounter.count(request.messages, with: model.tokenizer))
            let output = Int64(request.maxTokens ?? model.maxOutputTokens)
            return Cost(picodollars: input * model.prices.input.value + output * max(model.prices.output.value, model.prices.reasoning.value)).microDollars.value
        }
        guard worstCase(plan.model) > limit else { return }
        let today = self.today()
        let alternatives = (registry.routes[request.model]?.table.values).map(Set.init)?.sorted() ?? []
        let fitting = alternatives.compactMap { try? registry.resolve($0, today: today) }
            .map { ($0, worstCase($0.model)) }.filter { $0.1 <= limit }.max { $0.1 < $1.1 }
        guard let (replacement, _) = fitting else {
            throw GatewayError(
                .invalidValue,
                "No model fits max_cost \(MicroDollars(limit)) USD: '\(plan.model.id)' could cost up to \(MicroDollars(worstCase(plan.model))) USD for this request. Lower max_tokens or raise the limit.",
                param: "max_cost"
            )
        }
        plan.candidates = [replacement]
    }
}

extension RoutePlan {
    init(candidates: [Resolution], route: String) {
        self.init(candidates: candidates, route: route, classifier: nil, decisionTime: nil, baseline: nil, pending: nil)
    }
}

/// A small-model classification still to run, and the models it may choose.
struct PendingClassification: Sendable {
    var route: VirtualRoute
    var classifier: LLMClassifier
    var classifierModel: Resolution
    var choices: [Resolution]
}
