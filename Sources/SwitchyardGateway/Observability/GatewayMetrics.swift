import Prometheus
import Synchronization
import SwitchyardStorage

/// The gateway's Prometheus metrics, one registry per gateway (`GET /metrics` renders it).
///
/// Names follow the OpenTelemetry GenAI conventions where one exists (`gen_ai_client_token_usage`,
/// `gen_ai_server_time_to_first_token_seconds`, …). Labels are bounded by the configuration:
/// models, providers, routes, categories, error codes — never keys, accounts or users.
public final class GatewayMetrics: Sendable {
    public let registry = PrometheusCollectorRegistry()
    /// Called just before each scrape, to set gauges read from elsewhere (breakers, ledger backlog).
    private let scrapeHooks = Mutex<[@Sendable (GatewayMetrics) -> Void]>([])

    static let tokenBuckets: [Double] = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262_144, 1_048_576]
    static let secondBuckets: [Double] = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300]
    static let firstTokenBuckets: [Double] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]
    static let overheadBuckets: [Double] = [10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000]
    static let decisionBuckets: [Double] = [0.000_001, 0.000_005, 0.000_01, 0.000_05, 0.000_1, 0.000_5, 0.001, 0.01, 0.1, 1]
    static let flushBuckets: [Double] = [0.000_5, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1]

    static var switchyardRequestsTotal: MetricNameDescriptor { describe("switchyard_requests_total", "Upstream attempts and classifier calls (one per ledger row), by outcome.") }
    static var genAiClientTokenUsage: MetricNameDescriptor { describe("gen_ai_client_token_usage", "Tokens per attempt, input and output (OpenTelemetry GenAI).") }
    static var switchyardCostMicrodollarsTotal: MetricNameDescriptor { describe("switchyard_cost_microdollars_total", "What attempts cost, in micro-dollars.") }
    static var switchyardBaselineCostMicrodollarsTotal: MetricNameDescriptor { describe("switchyard_baseline_cost_microdollars_total", "What the route's baseline model would have cost for the same tokens, in micro-dollars.") }
    static var genAiClientOperationDurationSeconds: MetricNameDescriptor { describe("gen_ai_client_operation_duration_seconds", "Attempt duration, from request arrival to settlement (OpenTelemetry GenAI).") }
    static var genAiServerTimeToFirstTokenSeconds: MetricNameDescriptor { describe("gen_ai_server_time_to_first_token_seconds", "Time to the first token of successful attempts (OpenTelemetry GenAI).") }
    static var switchyardRoutingDecisionsTotal: MetricNameDescriptor { describe("switchyard_routing_decisions_total", "Routing decisions of virtual models, by category and classifier.") }
    static var switchyardRoutingDecisionSeconds: MetricNameDescriptor { describe("switchyard_routing_decision_seconds", "Time spent deciding a route.") }
    static var switchyardGatewayOverheadMicroseconds: MetricNameDescriptor { describe("switchyard_gateway_overhead_microseconds", "The gateway's own time per request, excluding the upstream.") }
    static var switchyardCascadeRequestsTotal: MetricNameDescriptor { describe("switchyard_cascade_requests_total", "Confidence cascade checks by outcome (accepted, escalated, unjudged).") }
    static var fallbacks: MetricNameDescriptor { describe("switchyard_fallbacks_total", "Attempts on a fallback model after the previous model failed.") }
    static var retries: MetricNameDescriptor { describe("switchyard_retries_total", "Retries of the same model.") }
    static var switchyardAdmissionRejectionsTotal: MetricNameDescriptor { describe("switchyard_admission_rejections_total", "Requests refused by admission control, by reason.") }
    static var switchyardUpstreamInFlight: MetricNameDescriptor { describe("switchyard_upstream_in_flight", "Upstream calls in progress.") }
    static var switchyardLedgerFlushSeconds: MetricNameDescriptor { describe("switchyard_ledger_flush_seconds", "Duration of one ledger write transaction.") }

    /// A metric's full name and help text.
    static func describe(_ name: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(metricName: name, unitName: "", helpText: help)
    }

    /// Resolved metric handles per label combination, so the request path skips the registry's lookups.
    private let rowHandles = Mutex<[RowKey: RowHandles]>([:])
    private let decisionHandles = Mutex<[DecisionKey: (count: Counter, time: ValueHistogram)]>([:])
    private let inFlightGauges = Mutex<[String: Gauge]>([:])
    private let overhead: ValueHistogram

    public init() {
        overhead = registry.makeValueHistogram(descriptor: Self.switchyardGatewayOverheadMicroseconds, buckets: Self.overheadBuckets)
    }

    /// One ledger row (an upstream attempt or a classifier call): counts, tokens, money, latency.
    /// Fed from the same place the ledger is, so the two agree row for row.
    public func observe(_ row: UsageRecord) {
        let key = RowKey(model: row.servedModel, provider: row.provider, route: row.route, status: row.status, errorCode: row.errorCode)
        let handles = rowHandles.withLock { cache in
            if let known = cache[key] { return known }
            let made = RowHandles(key: key, registry: registry)
            cache[key] = made
            return made
        }
        handles.requests.increment()
        handles.inputTokens.record(Double(row.usage.inputTokens))
        handles.outputTokens.record(Double(row.usage.outputTokens))
        handles.cost.increment(by: row.cost.microDollars.value)
        handles.baselineCost.increment(by: row.baselineCost.microDollars.value)
        handles.duration.record(row.latency.seconds)
        if let ttft = row.timeToFirstToken, row.status == 200 { handles.firstToken.record(ttft.seconds) }
        if row.attempt == 0, let decision = row.decisionTime, let classifier = row.classifier {
            let key = DecisionKey(route: row.requestedModel, category: row.route, classifier: classifier)
            let handles = decisionHandles.withLock { cache in
                if let known = cache[key] { return known }
                let made = (
                    registry.makeCounter(descriptor: Self.switchyardRoutingDecisionsTotal, labels: [("route", key.route), ("category", key.category), ("classifier", classifier)]),
                    registry.makeValueHistogram(descriptor: Self.switchyardRoutingDecisionSeconds, labels: [("classifier", classifier)], buckets: Self.decisionBuckets)
                )
                cache[key] = made
                return made
            }
            handles.count.increment()
            handles.time.record(decision.seconds)
        }
    }

    /// The gateway's own time for one request, excluding the upstream.
    public func observeOverhead(microseconds: Int64) {
        overhead.record(Double(microseconds))
    }

    func countCascade(route: String, outcome: String) {
        registry.makeCounter(descriptor: Self.switchyardCascadeRequestsTotal, labels: [("route", route), ("outcome", outcome)]).increment()
    }

    /// A retry of the same model, or a fallback to the next model of the chain.
    func countRedispatch(model: String, fallback: Bool) {
        registry.makeCounter(descriptor: fallback ? Self.fallbacks : Self.retries, labels: [("model", model)]).increment()
    }

    /// The counter of chat completions the server's fast lane served (`served`) or gave to the
    /// full path (`handed_over`: not fast-lane material; `retried`: after a retryable failure).
    /// Fetched once by the server and kept, so a request pays no registry lookup.
    public func fastLaneCounter(_ outcome: String) -> FastLaneCounter {
        FastLaneCounter(counter: registry.makeCounter(descriptor: Self.fastLane, labels: [("outcome", outcome)]))
    }

    static var fastLane: MetricNameDescriptor { describe("switchyard_fast_lane_requests_total", "Chat completions the fast lane served, or handed to the full path.") }

    func countRejection(reason: String) {
        registry.makeCounter(descriptor: Self.switchyardAdmissionRejectionsTotal, labels: [("reason", reason)]).increment()
    }

    func upstreamInFlight(provider: String) -> Gauge {
        inFlightGauges.withLock { gauges in
            if let known = gauges[provider] { return known }
            let made = registry.makeGauge(descriptor: Self.switchyardUpstreamInFlight, labels: [("provider", provider)])
            gauges[provider] = made
            return made
        }
    }

    /// One ledger transaction of `rows` rows that took `duration`.
    public func observeLedgerFlush(_ duration: Duration) {
        registry.makeValueHistogram(descriptor: Self.switchyardLedgerFlushSeconds, buckets: Self.flushBuckets).record(duration.seconds)
    }

    /// Registers work to do right before each scrape.
    public func beforeScrape(_ hook: @escaping @Sendable (GatewayMetrics) -> Void) {
        scrapeHooks.withLock { $0.append(hook) }
    }

    /// The Prometheus text exposition of every metric.
    public func scrape() -> [UInt8] {
        for hook in scrapeHooks.withLock({ $0 }) { hook(self) }
        return registry.emitToBuffer()
    }
}

extension Duration {
    /// The duration in (fractional) seconds.
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}

/// One outcome's count of `switchyard_fast_lane_requests_total`.
public struct FastLaneCounter: Sendable {
    let counter: Counter

    public func increment() { counter.increment() }
}
