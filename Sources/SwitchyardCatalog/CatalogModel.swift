import SwitchyardModel

/// A model the gateway can serve: where it lives, what it costs and how fast it is.
public struct CatalogModel: Sendable, Hashable {
    /// The id clients use in `model`.
    public var id: String
    /// The name of the provider (from the configuration) that serves it.
    public var provider: String
    /// The model name sent upstream.
    public var upstreamName: String
    public var prices: ModelPrices
    /// Maximum input plus output tokens.
    public var contextWindow: Int
    /// Maximum output tokens per response.
    public var maxOutputTokens: Int
    public var speed: SpeedProfile

    public init(
        id: String, provider: String, upstreamName: String, prices: ModelPrices,
        contextWindow: Int, maxOutputTokens: Int, speed: SpeedProfile
    ) {
        self.id = id
        self.provider = provider
        self.upstreamName = upstreamName
        self.prices = prices
        self.contextWindow = contextWindow
        self.maxOutputTokens = maxOutputTokens
        self.speed = speed
    }
}

/// How fast a model answers: time to first token and output tokens per second.
public struct SpeedProfile: Sendable, Hashable {
    public var timeToFirstTokenMillis: Int
    public var tokensPerSecond: Double

    public init(timeToFirstTokenMillis: Int, tokensPerSecond: Double) {
        self.timeToFirstTokenMillis = timeToFirstTokenMillis
        self.tokensPerSecond = tokensPerSecond
    }
}
