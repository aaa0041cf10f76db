/// A virtual model (e.g. `auto`): requests for it are classified and served by the model its
/// route table names for the category.
public struct VirtualRoute: Sendable, Hashable {
    public var name: String
    public var classifier: RulesClassifier
    /// Category → model id.
    public var table: [String: String]
    /// The model whose price savings are measured against (the "always large" choice).
    public var baseline: String?

    public init(name: String, classifier: RulesClassifier, table: [String: String], baseline: String?) {
        self.name = name
        self.classifier = classifier
        self.table = table
        self.baseline = baseline
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
