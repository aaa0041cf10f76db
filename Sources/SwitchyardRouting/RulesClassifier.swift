/// One rule: every condition it sets must hold. Conditions left nil are not checked.
public struct RoutingRule: Sendable, Hashable {
    public var category: String
    public var tools: Bool?
    public var images: Bool?
    public var code: Bool?
    /// The prompt has at least this many tokens.
    public var minTokens: Int?
    /// The prompt has at most this many tokens.
    public var maxTokens: Int?
    /// At least one of these phrases (lowercase) occurs in the last user message.
    public var keywords: [String]

    public init(
        category: String, tools: Bool? = nil, images: Bool? = nil, code: Bool? = nil, minTokens: Int? = nil,
        maxTokens: Int? = nil, keywords: [String] = []
    ) {
        self.category = category
        self.tools = tools
        self.images = images
        self.code = code
        self.minTokens = minTokens
        self.maxTokens = maxTokens
        self.keywords = keywords.map { $0.lowercased() }
    }

    func matches(_ features: PromptFeatures) -> Bool {
        if let tools, features.hasTools != tools { return false }
        if let images, features.hasImages != images { return false }
        if let code, features.hasCode != code { return false }
        if let minTokens, features.tokens < minTokens { return false }
        if let maxTokens, features.tokens > maxTokens { return false }
        if !keywords.isEmpty, !keywords.contains(where: features.lastUserText.contains) { return false }
        return true
    }
}

/// The rules classifier: the first matching rule names the category; none → the default.
public struct RulesClassifier: Sendable, Hashable {
    public var rules: [RoutingRule]
    public var defaultCategory: String

    public init(rules: [RoutingRule], defaultCategory: String) {
        self.rules = rules
        self.defaultCategory = defaultCategory
    }

    public func classify(_ features: PromptFeatures) -> String {
        rules.first { $0.matches(features) }?.category ?? defaultCategory
    }

    /// The built-in rules of seed 000's five categories (and vision for images).
    public static func standardRules() -> [RoutingRule] {
        [
            RoutingRule(category: "agent", tools: true),
            RoutingRule(category: "vision", images: true),
            RoutingRule(category: "code", code: true),
            RoutingRule(category: "reasoning", keywords: [
                "prove", "proof", "derive", "step by step", "step-by-step", "theorem", "why does", "why do", "why is",
                "analyze", "analyse", "trade-off", "tradeoff", "optimal", "optimize", "calculate", "solve", "puzzle",
                "logic", "reason about", "compare and contrast", "implications", "evaluate the", "probability",
            ]),
            RoutingRule(category: "simple", maxTokens: 60),
        ]
    }
}
