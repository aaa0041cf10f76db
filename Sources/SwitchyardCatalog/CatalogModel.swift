import SwitchyardModel

/// A model the gateway can serve: where it lives, what it can do, what it costs, how fast it is
/// and where it is in its lifecycle.
public struct CatalogModel: Sendable, Hashable {
    /// The id clients use in `model`.
    public var id: String
    /// The name of the provider (from the configuration) that serves it.
    public var provider: String
    /// The model name sent upstream.
    public var upstreamName: String
    public var displayName: String
    /// A coarse family such as `general`, `reasoning`, `code`, `vision`, `embedding`.
    public var category: String
    public var tags: [String]
    /// Other ids that resolve to this model.
    public var aliases: [String]
    public var capabilities: ModelCapabilities
    /// Prices per 1M tokens; all zero only for a model the configuration marks free.
    public var prices: ModelPrices
    /// True only when the configuration marks the model free; a missing price is never $0 by accident.
    public var isFree: Bool
    /// Maximum input plus output tokens.
    public var contextWindow: Int
    /// Maximum output tokens per response.
    public var maxOutputTokens: Int
    public var speed: SpeedProfile
    public var lifecycle: ModelLifecycle
    /// How to count this model's tokens.
    public var tokenizer: TokenizerKind
    /// Where the model is served when more than one place serves it; empty for the single
    /// `provider`/`upstreamName` (see `allDeployments`).
    public var deployments: [ModelDeployment] = []
    /// How an attempt picks among several deployments.
    public var balancing: LoadBalancing = .weighted

    public init(
        id: String, provider: String, upstreamName: String, prices: ModelPrices,
        contextWindow: Int, maxOutputTokens: Int, speed: SpeedProfile,
        displayName: String? = nil, category: String = "general", tags: [String] = [], aliases: [String] = [],
        capabilities: ModelCapabilities = [], isFree: Bool = false, lifecycle: ModelLifecycle = .active,
        tokenizer: TokenizerKind = .heuristic
    ) {
        self.id = id
        self.provider = provider
        self.upstreamName = upstreamName
        self.prices = prices
        self.contextWindow = contextWindow
        self.maxOutputTokens = maxOutputTokens
        self.speed = speed
        self.displayName = displayName ?? id
        self.category = category
        self.tags = tags
        self.aliases = aliases
        self.capabilities = capabilities
        self.isFree = isFree
        self.lifecycle = lifecycle
        self.tokenizer = tokenizer
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

/// What a model accepts and produces.
public struct ModelCapabilities: OptionSet, Sendable, Hashable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    public static let tools = ModelCapabilities(rawValue: 1 << 0)
    public static let vision = ModelCapabilities(rawValue: 1 << 1)
    public static let jsonMode = ModelCapabilities(rawValue: 1 << 2)
    public static let reasoning = ModelCapabilities(rawValue: 1 << 3)
    public static let embeddings = ModelCapabilities(rawValue: 1 << 4)

    /// Each capability with its configuration name, in a stable order.
    public static let named: [(name: String, capability: ModelCapabilities)] = [
        ("tools", .tools), ("vision", .vision), ("json", .jsonMode), ("reasoning", .reasoning), ("embeddings", .embeddings),
    ]

    /// The configuration names of the capabilities present.
    public var names: [String] { Self.named.filter { contains($0.capability) }.map(\.name) }
}

/// Which tokenizer counts a model's tokens.
public enum TokenizerKind: String, Sendable, Hashable, CaseIterable {
    case o200kBase = "o200k_base"
    case cl100kBase = "cl100k_base"
    /// About four UTF-8 bytes per token, for models whose tokenizer is not shipped.
    case heuristic
}
