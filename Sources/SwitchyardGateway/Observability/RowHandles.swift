import Prometheus

/// The labels of one ledger row's metrics.
struct RowKey: Hashable {
    var model: String
    var provider: String
    var route: String
    var status: Int
    var errorCode: String?
}

/// A routing decision's labels.
struct DecisionKey: Hashable {
    var route: String
    var category: String
    var classifier: String
}

/// Every metric a ledger row with one `RowKey` touches, resolved once.
struct RowHandles: Sendable {
    let requests: Counter
    let inputTokens: ValueHistogram
    let outputTokens: ValueHistogram
    let cost: Counter
    let baselineCost: Counter
    let duration: ValueHistogram
    let firstToken: ValueHistogram

    init(key: RowKey, registry: PrometheusCollectorRegistry) {
        typealias Metrics = GatewayMetrics
        requests = registry.makeCounter(descriptor: Metrics.switchyardRequestsTotal, labels: [
            ("model", key.model), ("provider", key.provider), ("route", key.route), ("status_class", "\(key.status / 100)xx"), ("error_code", key.errorCode ?? ""),
        ])
        inputTokens = registry.makeValueHistogram(
            descriptor: Metrics.genAiClientTokenUsage, labels: [("gen_ai_token_type", "input"), ("model", key.model)], buckets: Metrics.tokenBuckets
        )
        outputTokens = registry.makeValueHistogram(
            descriptor: Metrics.genAiClientTokenUsage, labels: [("gen_ai_token_type", "output"), ("model", key.model)], buckets: Metrics.tokenBuckets
        )
        cost = registry.makeCounter(descriptor: Metrics.switchyardCostMicrodollarsTotal, labels: [("model", key.model), ("provider", key.provider), ("route", key.route)])
        baselineCost = registry.makeCounter(descriptor: Metrics.switchyardBaselineCostMicrodollarsTotal, labels: [("route", key.route)])
        let attempt = [("model", key.model), ("provider", key.provider)]
        duration = registry.makeValueHistogram(descriptor: Metrics.genAiClientOperationDurationSeconds, labels: attempt, buckets: Metrics.secondBuckets)
        firstToken = registry.makeValueHistogram(descriptor: Metrics.genAiServerTimeToFirstTokenSeconds, labels: attempt, buckets: Metrics.firstTokenBuckets)
    }
}
