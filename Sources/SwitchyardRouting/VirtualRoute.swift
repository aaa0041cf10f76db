/// A virtual model (e.g. `auto`): requests for it are classified and served by the model its
/// route table names for the category.
public struct VirtualRoute: Sendable, Hashable {
    public var name: String
    public var classifier: RulesClassifier
    /// Category → model id.
    public var table: [String: String]
    /// The model whose price savings are measured against (the "always large" choice).
    public var baseline: String?
    /// A share of the route's keys served by another model, for trying it out.
    public var canary: Canary?
    /// Rules only, or with the small-model classifier.
    public var kind: ClassifierKind

    public init(
        name: String, classifier: RulesClassifier, table: [String: String], baseline: String?, canary: Canary? = nil, kind: ClassifierKind = .rules
    ) {
        self.name = name
        self.classifier = classifier
        self.table = table
        self.baseline = baseline
        self.canary = canary
        self.kind = kind
    }

    /// The small-model classifier to ask for `features`, if this route asks one: always for `llm`,
    /// for `hybrid` only when the semantic margin of `decision` is low.
    public func llmClassifier(for features: PromptFeatures, decision: RouteDecision? = nil) -> LLMClassifier? {
        switch kind {
        case .rules, .semantic: return nil
        case .llm(let classifier): return classifier
        case .hybrid(_, let classifier, let threshold):
            guard let classifier else { return nil }
            let margin = (decision ?? decide(features)).margin
            return margin.map { $0 < threshold } ?? false ? classifier : nil
        }
    }

    /// The decision for a category the small model named (nil: its answer was outside the set).
    public func decide(category: String?, classifier name: String) -> RouteDecision {
        let chosen = category.flatMap { table[$0] == nil ? nil : $0 } ?? classifier.defaultCategory
        return RouteDecision(category: chosen, model: table[chosen] ?? "", classifier: name)
    }

    /// `percent` of keys (chosen by a stable hash of the key id, so each key always gets the same
    /// answer) are served by `model` instead of the table's choice.
    public struct Canary: Sendable, Hashable {
        public var model: String
        public var percent: Int

        public init(model: String, percent: Int) {
            self.model = model
            self.percent = percent
        }

        /// Whether the key with this id is in the canary share.
        public func includes(keyID: String) -> Bool {
            // FNV-1a: stable across processes and platforms, unlike Hasher.
            var hash: UInt64 = 0xCBF2_9CE4_8422_2325
            for byte in keyID.utf8 {
                hash ^= UInt64(byte)
                hash = hash &* 0x0000_0100_0000_01B3
            }
            return Int(hash % 100) < percent
        }
    }

    /// The category and model for `features`; a category without a table entry uses the default's model.
    public func decide(_ features: PromptFeatures) -> RouteDecision {
        var category: String
        var margin: Float?
        switch kind {
        case .rules, .llm:
            category = classifier.classify(features)
        case .semantic(let semantic):
            let verdict = semantic.classify(features)
            category = verdict?.category ?? classifier.defaultCategory
            margin = verdict?.margin
        case .hybrid(let semantic, let llm, let threshold):
            if let obvious = classifier.rules.first(where: { $0.isStructural && $0.matches(features) }) {
                category = obvious.category
            } else {
                let verdict = semantic.classify(features)
                category = verdict?.category ?? classifier.defaultCategory
                margin = verdict?.margin ?? 0
                // Unsure and no small model to ask: the rules are the second opinion.
                if llm == nil, let margin, margin < threshold { category = classifier.classify(features) }
            }
        }
        if table[category] == nil { category = classifier.defaultCategory }
        let name = if case .llm = kind { "rules" } else { kind.name }
        return RouteDecision(category: category, model: table[category] ?? "", classifier: name, margin: margin)
    }
}

/// What routing chose for one request.
public struct RouteDecision: Sendable, Hashable {
    /// The category (or `explicit` / `override`), as the `x-switchyard-route` header and the ledger show it.
    public var category: String
    public var model: String
    /// Which classifier decided (`rules`), or nil when nothing was classified.
    public var classifier: String?
    /// How sure a semantic decision was (top score minus the runner-up's); nil for rules.
    public var margin: Float?

    public init(category: String, model: String, classifier: String?, margin: Float? = nil) {
        self.category = category
        self.model = model
        self.classifier = classifier
        self.margin = margin
    }
}
