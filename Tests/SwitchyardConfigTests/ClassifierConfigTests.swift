import SwitchyardConfig
import SwitchyardRouting
import Testing

/// A route's `classifier` (rules, llm, semantic, hybrid), its example utterances, and the errors a wrong one gets.
@Suite struct ClassifierConfigTests {
    static let base = """
    providers:
      - { name: sim, type: simulator }
    models:
      - { id: small, provider: sim, price: { input: 0.1, output: 0.2 } }
      - { id: large, provider: sim, price: { input: 1, output: 2 } }
    routes:
      - name: auto
        default: general
        table: { simple: small, general: large, billing: small }

    """

    func route(_ extra: String) throws -> VirtualRoute {
        try #require(try ConfigLoader.parse(yaml: Self.base + extra, file: "test.yaml", environment: [:]).routes.first)
    }

    func problem(_ extra: String) -> String? {
        do { _ = try route(extra); return nil } catch let error as ConfigError { return error.description } catch { return "\(error)" }
    }

    @Test func semanticAndHybridRoutesParse() throws {
        let semantic = try route("    classifier: semantic\n    examples: { billing: [\"refund my last invoice\", \"I was charged twice\"] }\n    example_threshold: 0.7\n")
        guard case .semantic(let classifier) = semantic.kind else { Issue.record("not semantic: \(semantic.kind)"); return }
        #expect(classifier.examples["billing"]?.count == 2 && classifier.exampleThreshold == 0.7)
        let hybrid = try route("    classifier: hybrid\n")
        guard case .hybrid(_, let llm, let margin) = hybrid.kind else { Issue.record("not hybrid"); return }
        #expect(llm == nil && margin == ClassifierKind.defaultMargin)
        let asking = try route("    classifier: hybrid\n    classifier_model: small\n    margin: 0.3\n")
        guard case .hybrid(_, let model, let threshold) = asking.kind else { Issue.record("not hybrid"); return }
        #expect(model?.model == "small" && threshold == 0.3)
        guard case .llm = try route("    classifier: llm\n    classifier_model: small\n").kind else { Issue.record("not llm"); return }
    }

    @Test func wrongClassifiersFailWithFileKeyAndFix() {
        let unknown = problem("    classifier: embeddings\n")
        #expect(unknown?.hasPrefix("test.yaml:") == true && unknown?.contains("classifier:") == true && unknown?.contains("Fix:") == true)
        #expect(unknown?.contains("unknown classifier 'embeddings'") == true && unknown?.contains("rules, llm, semantic, hybrid") == true)
        #expect(problem("    classifier: llm\n")?.contains("needs 'classifier_model'") == true)
        #expect(problem("    classifier: hybrid\n    classifier_model: nope\n")?.contains("'nope' is not a configured model id") == true)
        #expect(problem("    classifier: semantic\n    classifier_model: small\n")?.contains("takes no second opinion") == true)
    }

    @Test func badExamplesFailWithTheCategoryAndFix() {
        let unrouted = problem("    classifier: semantic\n    examples: { refunds: [\"money back please\"] }\n")
        #expect(unrouted?.contains("examples for 'refunds'") == true && unrouted?.contains("billing, general, simple") == true)
        #expect(problem("    classifier: semantic\n    examples: { billing: [] }\n")?.contains("non-empty list") == true)
        #expect(problem("    classifier: semantic\n    examples: { billing: [\"  \"] }\n")?.contains("non-empty prompts") == true)
        #expect(problem("    examples: { billing: [\"refund\"] }\n")?.contains("only to the semantic and hybrid") == true)
        #expect(problem("    classifier: semantic\n    example_threshold: 2\n") != nil)
    }
}
