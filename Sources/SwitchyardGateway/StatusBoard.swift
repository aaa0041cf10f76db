import Foundation
import Synchronization
import SwitchyardRouting
import SwitchyardStorage

/// Recent health of every model for the status page: sees each settled attempt and keeps, per
/// model, a ring of time buckets (counts, errors, a bounded latency sample). Holds no keys,
/// accounts or text — only model ids, counts and latencies.
public final class StatusBoard: UsageRecorder, Sendable {
    /// How far back the page looks: `bucketCount × bucket`.
    public let window: Duration
    private let bucketCount: Int
    private let bucketMillis: Int64
    private let samplesPerBucket: Int
    private let windows = Mutex<[String: StatusWindow]>([:])
    private let nowMillis: @Sendable () -> Int64

    /// - Parameters:
    ///   - bucketCount: buckets in the ring; with `bucket` of 30 s, 10 make five minutes.
    ///   - samplesPerBucket: latencies kept per bucket for percentiles (a reservoir beyond that).
    ///   - nowMillis: the wall clock in milliseconds since 1970, as `UsageRecord.settledAtMillis`.
    public init(
        bucketCount: Int = 10, bucket: Duration = .seconds(30), samplesPerBucket: Int = 64,
        nowMillis: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970 * 1000) }
    ) {
        self.bucketCount = max(1, bucketCount)
        self.bucketMillis = max(1, bucket.components.seconds * 1000 + bucket.components.attoseconds / 1_000_000_000_000_000)
        self.samplesPerBucket = samplesPerBucket
        self.window = .milliseconds(self.bucketMillis * Int64(self.bucketCount))
        self.nowMillis = nowMillis
    }

    public func record(_ record: UsageRecord) {
        let micros = record.latency.microseconds
        let failed = record.status != 200
        windows.withLock { windows in
            windows[record.servedModel, default: StatusWindow(bucketCount: bucketCount, bucketMillis: bucketMillis, capacity: samplesPerBucket)]
                .add(atMillis: record.settledAtMillis, latencyMicros: micros, failed: failed)
        }
    }

    /// The recent attempts of `model` in the window ending now.
    public func summary(of model: String) -> StatusSummary {
        let now = nowMillis()
        return windows.withLock { $0[model]?.summary(atMillis: now) } ?? StatusSummary(requests: 0, errors: 0)
    }

    /// Every served model (and any other that settled attempts recently), by id, with its
    /// deployments' breaker states and its recent attempts.
    public func snapshot(of service: ChatService) -> [ModelStatus] {
        let now = nowMillis()
        let summaries = windows.withLock { $0.mapValues { $0.summary(atMillis: now) } }
        let breakers = service.resilience.states
        var statuses: [String: ModelStatus] = [:]
        for model in service.registry.catalog.models {
            let deployments = service.registry.deployments(of: model).map {
                DeploymentStatus(deployment: $0.key, breaker: breakers[$0.key] ?? .closed)
            }
            let summary = summaries[model.id] ?? StatusSummary(requests: 0, errors: 0)
            statuses[model.id] = ModelStatus(model: model.id, deployments: deployments, recent: summary)
        }
        for (model, summary) in summaries where statuses[model] == nil && summary.requests > 0 {
            statuses[model] = ModelStatus(model: model, deployments: [], recent: summary)
        }
        return statuses.values.sorted { $0.model < $1.model }
    }
}

/// One deployment (`provider/model`) and its circuit breaker's state.
public struct DeploymentStatus: Sendable, Hashable {
    public var deployment: String
    public var breaker: CircuitBreaker.State

    public init(deployment: String, breaker: CircuitBreaker.State) {
        self.deployment = deployment
        self.breaker = breaker
    }
}

/// A model's health on the status page.
public struct ModelStatus: Sendable, Hashable {
    /// `down` when every deployment's breaker is open; `degraded` when some breaker is not closed
    /// or at least `degradedErrorRate` of recent attempts failed; `up` otherwise.
    public enum Health: String, Sendable { case up, degraded, down }

    /// The share of failed attempts from which a model counts as degraded.
    public static let degradedErrorRate = 0.05

    public var model: String
    public var deployments: [DeploymentStatus]
    public var recent: StatusSummary

    public var health: Health {
        if !deployments.isEmpty && deployments.allSatisfy({ $0.breaker == .open }) { return .down }
        if deployments.contains(where: { $0.breaker != .closed }) || recent.errorRate >= Self.degradedErrorRate { return .degraded }
        return .up
    }
}
