import SwitchyardAdmission
import SwitchyardRouting

extension GatewayMetrics {
    /// Before each scrape: each deployment's breaker (0 closed, 1 half-open, 2 open; deployments
    /// that never failed read closed), keys near their budget, and the ledger writer's backlog.
    public func watch(service: ChatService, ledgerBacklog: (@Sendable () -> Int)? = nil) {
        let deployments = service.registry.catalog.models.flatMap { model in model.allDeployments.map { "\($0.provider)/\(model.id)" } }
        startAtZero(service.registry)
        beforeScrape { metrics in
            let states = service.resilience.states
            for deployment in Set(deployments).union(states.keys) {
                let value: Double = switch states[deployment] {
                case .open?: 2
                case .halfOpen?: 1
                default: 0
                }
                metrics.registry.makeGauge(descriptor: GatewayMetrics.describe("switchyard_breaker_state", "Circuit breaker of each deployment: 0 closed, 1 half-open, 2 open."), labels: [("deployment", deployment)]).set(value)
            }
            metrics.registry.makeGauge(descriptor: GatewayMetrics.describe("switchyard_keys_near_budget", "Keys that used at least 90% of their current budget window.")).set(Double(service.admission.keysNearBudget(fraction: 0.9)))
            if let ledgerBacklog {
                metrics.registry.makeGauge(descriptor: GatewayMetrics.describe("switchyard_ledger_queue_depth", "Ledger rows queued and not yet written.")).set(Double(ledgerBacklog()))
            }
        }
    }

    /// Creates the counters whose labels the configuration bounds, at zero, so rates and alerts
    /// see a series from the first scrape rather than from the first event.
    func startAtZero(_ registry: ModelRegistry) {
        for reason in ["request_rate", "token_rate", "too_many_tokens", "concurrency", "budget", "credits", "model_not_allowed"] {
            self.registry.makeCounter(descriptor: Self.switchyardAdmissionRejectionsTotal, labels: [("reason", reason)]).increment(by: Int64(0))
        }
        for model in registry.catalog.models {
            self.registry.makeCounter(descriptor: Self.retries, labels: [("model", model.id)]).increment(by: Int64(0))
            self.registry.makeCounter(descriptor: Self.fallbacks, labels: [("model", model.id)]).increment(by: Int64(0))
        }
        for (name, route) in registry.routes {
            for category in Set(route.table.keys) {
                self.registry.makeCounter(descriptor: Self.switchyardRoutingDecisionsTotal, labels: [("route", name), ("category", category), ("classifier", "rules")])
                    .increment(by: Int64(0))
            }
        }
        _ = self.registry.makeValueHistogram(descriptor: Self.switchyardRoutingDecisionSeconds, labels: [("classifier", "rules")], buckets: Self.decisionBuckets)
        for route in registry.cascades.keys {
            for outcome in CascadeVerdict.allCases {
                self.registry.makeCounter(descriptor: Self.switchyardCascadeRequestsTotal, labels: [("route", route), ("outcome", outcome.rawValue)]).increment(by: Int64(0))
            }
        }
    }
}
