import Logging
import ServiceLifecycle
import SwitchyardProviders

/// Active health checks: every `interval`, asks each OpenAI-compatible provider for its model
/// list and feeds the answer to the breakers of every model it serves, so a dead backend is
/// taken out of rotation before user requests find out (and put back when it answers again).
/// Any answer below 500 counts as alive: a backend without `/models` (404) still serves chats.
public struct HealthChecker: Service {
    let registry: ModelRegistry
    let resilience: Resilience
    let interval: Duration
    let timeout: Duration
    let logger: Logger

    public init(registry: ModelRegistry, resilience: Resilience, interval: Duration, timeout: Duration = .seconds(5), logger: Logger) {
        self.registry = registry
        self.resilience = resilience
        self.interval = interval
        self.timeout = timeout
        self.logger = logger
    }

    public func run() async throws {
        guard interval > .zero else { return }
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do { try await Task.sleep(for: interval) } catch { return }
                await probeOnce()
            }
        }
    }

    /// Probes every OpenAI-compatible provider once; returns the providers that failed.
    @discardableResult
    public func probeOnce() async -> [String] {
        var failed: [String] = []
        for (name, provider) in registry.providers.sorted(by: { $0.key < $1.key }) {
            guard let remote = provider as? OpenAICompatibleProvider else { continue }
            let healthy: Bool
            do {
                let status = try await remote.probe(timeout: timeout)
                healthy = status < 500
                if !healthy { logger.warning("health check failed", metadata: ["provider": .string(name), "status": .stringConvertible(status)]) }
            } catch {
                healthy = false
                logger.warning("health check failed", metadata: ["provider": .string(name), "error": .string(error.code.rawValue)])
            }
            if !healthy { failed.append(name) }
            for model in registry.catalog.models where model.allDeployments.contains(where: { $0.provider == name }) {
                resilience.record("\(name)/\(model.id)", healthy ? .success : .failure)
            }
        }
        return failed
    }
}
