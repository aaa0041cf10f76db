import SwitchyardAdmission
import SwitchyardRouting

extension GatewayMetrics {
    /// Before each scrape: each deployment's breaker (0 closed, 1 half-open, 2 open; deployments
    /// that never failed read closed), keys near their budget, and the ledger writer's backlog.
    public func watch(service: ChatService, ledgerBacklog: (@Sendable () -> Int)? = nil) {
        let deployments = service.registry.catalog.models.flatMap { model in model.allDeployments.map { "\($0.provider)/\(model.id)" } }
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
}
