/// One place a model is served: a provider and the name it knows the model by. A model with
/// several deployments spreads its traffic over them.
public struct ModelDeployment: Sendable, Hashable {
    public var provider: String
    public var upstreamName: String
    /// Share of traffic under weighted balancing (relative to the other deployments).
    public var weight: Int

    public init(provider: String, upstreamName: String, weight: Int = 1) {
        self.provider = provider
        self.upstreamName = upstreamName
        self.weight = weight
    }
}

/// How a model with several deployments picks one for each attempt.
public enum LoadBalancing: String, Sendable, Hashable, CaseIterable {
    /// At random, in proportion to the deployments' weights.
    case weighted
    /// The deployment with the lowest recent latency (deployments not yet measured go first).
    case leastLatency = "least_latency"
}

extension CatalogModel {
    /// Every deployment of the model: the configured list, or the single `provider`/`upstreamName`.
    public var allDeployments: [ModelDeployment] {
        deployments.isEmpty ? [ModelDeployment(provider: provider, upstreamName: upstreamName)] : deployments
    }
}
