import SwitchyardCatalog
import SwitchyardRouting

/// Retries, fallbacks and breakers of dispatch.
public struct ResilienceSettings: Sendable, Hashable {
    public var retry: RetryPolicy
    /// Failures within `breakerWindow` that open a deployment's breaker.
    public var breakerFailures: Int
    public var breakerWindow: Duration
    /// How long an open breaker refuses before letting a probe through.
    public var breakerCooldown: Duration
    /// How often each remote provider is probed (`GET /models`); zero turns active checks off.
    public var healthCheckInterval: Duration = .seconds(30)

    public init(retry: RetryPolicy = RetryPolicy(), breakerFailures: Int = 5, breakerWindow: Duration = .seconds(30), breakerCooldown: Duration = .seconds(15)) {
        self.retry = retry
        self.breakerFailures = breakerFailures
        self.breakerWindow = breakerWindow
        self.breakerCooldown = breakerCooldown
    }
}

extension ResilienceSettings {
    init(node: ConfigNode) throws {
        let keys = try node.mapping(allowed: ["attempts", "base_delay", "max_delay", "breaker", "health_check"])
        self.init()
        if let attempts = keys["attempts"] { retry.attempts = try attempts.int(min: 1) }
        if let delay = keys["base_delay"] { retry.baseDelayNanoseconds = try delay.duration().nanoseconds }
        if let delay = keys["max_delay"] { retry.maxDelayNanoseconds = try delay.duration().nanoseconds }
        if let check = keys["health_check"] {
            healthCheckInterval = try check.string() == "off" ? .zero : try check.duration()
        }
        if let breaker = try keys["breaker"]?.mapping(allowed: ["failures", "window", "cooldown"]) {
            if let failures = breaker["failures"] { breakerFailures = try failures.int(min: 1) }
            if let window = breaker["window"] { breakerWindow = try window.duration() }
            if let cooldown = breaker["cooldown"] { breakerCooldown = try cooldown.duration() }
        }
    }
}

extension VirtualRoute {
    /// A `routes:` entry; model ids are checked against `models` (ids, not aliases).
    init(node: ConfigNode, models: [String: CatalogModel]) throws {
        let keys = try node.mapping(allowed: [
            "name", "default", "baseline", "table", "rules", "canary", "classifier", "classifier_model", "examples", "example_threshold", "margin",
        ])
        guard let name = try keys["name"]?.string() else { throw node.error("a route has no 'name'.", fix: "add 'name: auto' (the model name clients send).") }
        guard let tableNode = keys["table"] else { throw node.error("route '\(name)' has no 'table'.", fix: "map categories to model ids, e.g. table: { simple: llama-3.1-8b, general: deepseek-v3.2 }.") }
        var table: [String: String] = [:]
        for (category, modelNode) in try tableNode.namedEntries() {
            let model = try modelNode.string()
            guard models[model] != nil else { throw modelNode.error("'\(model)' is not a configured model id.", fix: "use an id defined under 'models'.") }
            table[category] = model
        }
        let defaultCategory = try keys["default"]?.string() ?? "general"
        guard table[defaultCategory] != nil else {
            throw (keys["default"] ?? tableNode).error("the default category '\(defaultCategory)' has no model in the table.", fix: "add '\(defaultCategory): <model id>' to the table or set 'default' to one of: \(table.keys.sorted().joined(separator: ", ")).")
        }
        let baseline = try keys["baseline"]?.string()
        if let baseline, models[baseline] == nil {
            throw keys["baseline"]!.error("'\(baseline)' is not a configured model id.", fix: "name the model savings are measured against, e.g. the large default.")
        }
        let rules = try keys["rules"].map { try $0.sequence().map(RoutingRule.init(node:)) } ?? RulesClassifier.standardRules()
        var canary: Canary?
        if let canaryNode = keys["canary"] {
            let fields = try canaryNode.mapping(allowed: ["model", "percent"])
            guard let model = try fields["model"]?.string(), models[model] != nil else {
                throw canaryNode.error("a canary needs the 'model' id of a configured model.", fix: "write canary: { model: <model id>, percent: 10 }.")
            }
            let percent = try fields["percent"]?.int() ?? 0
            guard (0...100).contains(percent) else { throw canaryNode.error("'percent' must be 0–100.", fix: "write e.g. percent: 10.") }
            canary = Canary(model: model, percent: percent)
        }
        let kind = try ClassifierKind(keys: keys, node: node, route: name, table: table, defaultCategory: defaultCategory, models: models)
        self.init(
            name: name, classifier: RulesClassifier(rules: rules, defaultCategory: defaultCategory), table: table, baseline: baseline,
            canary: canary, kind: kind
        )
    }
}

extension RoutingRule {
    init(node: ConfigNode) throws {
        let keys = try node.mapping(allowed: ["category", "tools", "images", "code", "min_tokens", "max_tokens", "min_numbers", "keywords"])
        guard let category = try keys["category"]?.string() else { throw node.error("a rule has no 'category'.", fix: "add 'category: <name>'.") }
        self.init(
            category: category, tools: try keys["tools"]?.bool(), images: try keys["images"]?.bool(), code: try keys["code"]?.bool(),
            minTokens: try keys["min_tokens"]?.int(), maxTokens: try keys["max_tokens"]?.int(), minNumbers: try keys["min_numbers"]?.int(), keywords: try keys["keywords"]?.strings() ?? []
        )
    }
}

extension Duration {
    var nanoseconds: Int64 { components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000 }
}
