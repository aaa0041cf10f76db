import Synchronization
import SwitchyardCatalog
import SwitchyardRouting

/// Recent latency per deployment (`provider/model`): an exponentially weighted mean of successes.
final class LatencyBoard: Sendable {
    private let means = Mutex<[String: Int64]>([:])

    func record(_ deployment: String, sample: Int64) {
        means.withLock { $0[deployment] = LoadBalancer.updatedLatency($0[deployment], sample: sample) }
    }

    func latency(of deployment: String) -> Int64? {
        means.withLock { $0[deployment] }
    }
}

extension Resilience {
    /// The deployment of `candidate` for the next attempt: among those whose breaker allows a call,
    /// preferring ones that have not failed in this request, by the model's balancing strategy.
    /// Nil when every breaker is open.
    func pick(_ candidate: Resolution, avoiding failed: Set<String>) -> ServedDeployment? {
        // The common case, one deployment: no lists to filter.
        if candidate.deployments.count == 1 {
            let only = candidate.deployments[0]
            return allows(only.key) ? only : nil
        }
        let open = candidate.deployments.filter { allows($0.key) }
        guard !open.isEmpty else { return nil }
        let fresh = open.filter { !failed.contains($0.key) }
        let pool = fresh.isEmpty ? open : fresh
        guard pool.count > 1 else { return pool[0] }
        let choices = pool.map { LoadBalancer.Candidate(weight: $0.deployment.weight, latencyNanoseconds: latencies.latency(of: $0.key)) }
        let index: Int? = switch candidate.model.balancing {
        case .weighted: LoadBalancer.weighted(choices) { Int.random(in: 0..<$0) }
        case .leastLatency: LoadBalancer.leastLatency(choices)
        }
        return pool[index ?? 0]
    }
}
