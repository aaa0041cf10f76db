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
    /// for `hybrid` only when no rule matched.
    public func llmClassifier(for features: PromptFeatures) -> LLMClassifier? {
        switch kind {
        case .rules: return nil
        case .llm(let classifier): return classifier
        case .hybrid(let classifier): return self.classifier.match(features) == nil ? classifier : nil
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
        let category = classifier.classify(features)
        let model = table[category] ?? table[classifier.defaultCategory] ?? ""
        return RouteDecision(category: table[category] == nil ? classifier.defaultCategory : category, model: model, classifier: "rules")
    }
}

/// What routing chose for one request.
public struct RouteDecision: Sendable, Hashable {
    /// The category (or `explicit` / `override`), as the `x-switchyard-route` header and the ledger show it.
    public var category: String
    public var model: String
    /// Which classifier decided (`rules`), or nil when nothing was classified.
    public var classifier: String?

    public init(category: String, model: String, classifier: String?) {
        self.category = category
        self.model = model
        self.classifier = classifier
    }
}
