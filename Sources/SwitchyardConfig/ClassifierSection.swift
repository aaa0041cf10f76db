import SwitchyardCatalog
import SwitchyardRouting

extension ClassifierKind {
    static let names = ["rules", "llm", "semantic", "hybrid"]

    /// A route's `classifier`, `classifier_model`, `examples`, `example_threshold` and `margin`.
    init(keys: [String: ConfigNode], node: ConfigNode, route: String, table: [String: String], defaultCategory: String, models: [String: CatalogModel]) throws {
        let kindNode = keys["classifier"]
        let kindName = try kindNode?.string() ?? "rules"
        guard Self.names.contains(kindName) else {
            throw kindNode!.error("unknown classifier '\(kindName)'.", fix: "use one of: \(Self.names.joined(separator: ", ")).")
        }
        var llm: LLMClassifier?
        if let modelNode = keys["classifier_model"] {
            let model = try modelNode.string()
            guard models[model] != nil else {
                throw modelNode.error("'\(model)' is not a configured model id.", fix: "name a small, fast model defined under 'models', e.g. llama-3.1-8b.")
            }
            llm = LLMClassifier(model: model, categories: Array(table.keys), defaultCategory: defaultCategory)
        }
        let semanticKeys = ["examples", "example_threshold", "margin"].filter { keys[$0] != nil }
        if kindName == "rules" || kindName == "llm", let first = semanticKeys.first {
            throw keys[first]!.error("'\(first)' applies only to the semantic and hybrid classifiers.", fix: "set 'classifier: semantic' or 'classifier: hybrid', or remove '\(first)'.")
        }
        switch kindName {
        case "rules":
            self = .rules
        case "llm":
            guard let llm else {
                throw (kindNode ?? node).error("classifier 'llm' needs 'classifier_model', a configured model id.", fix: "add e.g. 'classifier_model: llama-3.1-8b'.")
            }
            self = .llm(llm)
        default:
            guard let model = RouterModel.bundled else {
                throw (kindNode ?? node).error("the semantic router model is missing from this build.", fix: "use 'classifier: rules', or rebuild with Sources/SwitchyardRouting/Resources/RouterModel (scripts/make_router_model.py).")
            }
            let examples = try Self.examples(keys["examples"], table: table)
            let threshold = try keys["example_threshold"]?.double(in: 0...1) ?? Double(SemanticClassifier.defaultExampleThreshold)
            let semantic = SemanticClassifier(model: model, categories: Set(table.keys), examples: examples, exampleThreshold: Float(threshold))
            if kindName == "semantic" {
                if keys["margin"] != nil || llm != nil {
                    throw (keys["margin"] ?? keys["classifier_model"]!).error("the semantic classifier takes no second opinion ('classifier_model', 'margin').", fix: "use 'classifier: hybrid' to ask 'classifier_model' (or the rules) when the semantic margin is below 'margin'.")
                }
                self = .semantic(semantic)
            } else {
                let margin = try keys["margin"]?.double(in: 0...1) ?? Double(Self.defaultMargin)
                self = .hybrid(semantic, llm: llm, margin: Float(margin))
            }
        }
    }

    /// `examples: { category: [utterance, ...] }`: categories of the table, non-empty utterances.
    static func examples(_ node: ConfigNode?, table: [String: String]) throws -> [String: [String]] {
        guard let node else { return [:] }
        var result: [String: [String]] = [:]
        for (category, utterances) in try node.namedEntries() {
            guard table[category] != nil else {
                throw utterances.error("examples for '\(category)', which the route's table does not route.", fix: "add '\(category): <model id>' to the table, or use one of: \(table.keys.sorted().joined(separator: ", ")).")
            }
            let texts = try utterances.strings()
            guard !texts.isEmpty, !texts.contains(where: { $0.allSatisfy(\.isWhitespace) }) else {
                throw utterances.error("examples for '\(category)' must be a non-empty list of non-empty prompts.", fix: "write e.g. \(category): [\"first example prompt\", \"second example prompt\"].")
            }
            result[category] = texts
        }
        return result
    }
}
