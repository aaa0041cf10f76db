import SwitchyardCatalog
import SwitchyardModel
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

    var primary: Resolution { candidates[0] }
    var model: CatalogModel { primary.model }
}

extension ChatService {
    /// Route: a forced model, a virtual model's classification, or the model asked for — then the
    /// fallback chain of the chosen model.
    func plan(_ request: ChatRequest, context: CallContext) throws(GatewayError) -> RoutePlan {
        let today = self.today()
        var plan: RoutePlan
        if let forced = context.forcedModel {
            plan = RoutePlan(candidates: [try registry.resolve(forced, today: today)], route: "override")
        } else if let route = registry.routes[request.model] {
            let started = ContinuousClock.now
            let decision = route.decide(PromptFeatures(request))
            let elapsed = ContinuousClock.now - started
            plan = RoutePlan(
                candidates: [try registry.resolve(decision.model, today: today)], route: decision.category, classifier: decision.classifier,
                decisionTime: elapsed, baseline: route.baseline.flatMap { registry.catalog.model($0) }
            )
        } else {
            plan = RoutePlan(candidates: [try registry.resolve(request.model, today: today)], route: "explicit")
        }
        for name in registry.fallbacks[plan.model.id] ?? [] {
            guard let fallback = try? registry.resolve(name, today: today),
                  !plan.candidates.contains(where: { $0.model.id == fallback.model.id })
            else { continue }
            plan.candidates.append(fallback)
        }
        return plan
    }
}

extension RoutePlan {
    init(candidates: [Resolution], route: String) {
        self.init(candidates: candidates, route: route, classifier: nil, decisionTime: nil, baseline: nil)
    }
}
