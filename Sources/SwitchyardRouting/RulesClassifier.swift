/// One rule: every condition it sets must hold. Conditions left nil are not checked.
public struct RoutingRule: Sendable, Hashable {
    public var category: String
    public var tools: Bool?
    public var images: Bool?
    public var code: Bool?
    /// The last user message has at least this many tokens (about 4 bytes each).
    public var minTokens: Int?
    /// The last user message has at most this many tokens.
    public var maxTokens: Int?
    /// The last user message holds at least this many numbers.
    public var minNumbers: Int?
    /// At least one of these phrases (lowercase) occurs in the last user message.
    public var keywords: [String] { didSet { keywordTable = PhraseTable(keywords.map { Array($0.utf8) }) } }
    private var keywordTable: PhraseTable

    public init(
        category: String, tools: Bool? = nil, images: Bool? = nil, code: Bool? = nil, minTokens: Int? = nil,
        maxTokens: Int? = nil, minNumbers: Int? = nil, keywords: [String] = []
    ) {
        self.minNumbers = minNumbers
        self.category = category
        self.tools = tools
        self.images = images
        self.code = code
        self.minTokens = minTokens
        self.maxTokens = maxTokens
        let lowered = keywords.map { $0.lowercased() }
        self.keywords = lowered
        keywordTable = PhraseTable(lowered.map { Array($0.utf8) })
    }

    /// A rule about the request's structure only (tools, images): hybrid trusts it outright.
    public var isStructural: Bool {
        (tools == true || images == true) && code == nil && minTokens == nil && maxTokens == nil && minNumbers == nil && keywords.isEmpty
    }

    func matches(_ features: PromptFeatures) -> Bool {
        if let tools, features.hasTools != tools { return false }
        if let images, features.hasImages != images { return false }
        if let code, features.hasCode != code { return false }
        if let minTokens, features.lastUserTokens < minTokens { return false }
        if let maxTokens, features.lastUserTokens > maxTokens { return false }
        if let minNumbers, features.numberCount < minNumbers { return false }
        if !keywords.isEmpty, !keywordTable.containsAny(features.lastUserBytes) { return false }
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
        match(features) ?? defaultCategory
    }

    /// The category of the first matching rule, or nil when none matches.
    public func match(_ features: PromptFeatures) -> String? {
        rules.first { $0.matches(features) }?.category
    }

    /// The built-in rules of seed 000's five categories (and vision for images).
    public static func standardRules() -> [RoutingRule] {
        [
            RoutingRule(category: "agent", tools: true),
            RoutingRule(category: "vision", images: true),
            RoutingRule(category: "code", code: true),
            // Reasoning phrases in a question, not in a long writing brief that mentions analysis.
            RoutingRule(category: "reasoning", maxTokens: 250, keywords: [
                "prove", "proof", "derive", "step by step", "step-by-step", "theorem", "why does", "why do", "why is",
                "analyze", "analyse", "trade-off", "tradeoff", "optimal", "optimize", "calculate", "solve", "puzzle",
                "logic", "reason about", "compare and contrast", "implications", "evaluate the", "probability",
                "always tell the truth", "always lie", "always lies", "knights", "knaves", "truth-teller", "conclude", "deduce",
                "premise", "premises", "if and only if", "riddle", "current position", "how many ways", "find the value",
                "remainder", "inequality", "integers", "equation", "express", "perimeter", "angle between", "how old",
                "does not belong", "what could be the reasons", "divided by", "sum of", "explain your reasoning", "show your work",
            ]),
            // Word problems: several numbers and a quantity asked for.
            RoutingRule(category: "reasoning", maxTokens: 400, minNumbers: 3, keywords: [
                "how many", "how much", "how long", "how far", "how old", "what is the total", "what was the", "what percentage",
                "what fraction", "what is the average", "in total", "altogether", "per day", "per hour", "left over", "remaining",
            ]),
            RoutingRule(category: "general", keywords: [
                "write", "draft", "summarise", "summarize", "explain", "describe", "essay", "email", "letter", "story",
                "article", "paragraph", "outline", "review", "rewrite", "plan", "proposal", "report", "speech", "script",
                "design", "create", "compose", "poem", "slogan", "introduce", "advice",
            ]),
            RoutingRule(category: "simple", maxTokens: 60),
        ]
    }
}
