import Foundation
import SwitchyardModel
import SwitchyardRouting
import Testing

/// The shipped semantic classifier on the held-out split, and routing by a route's example utterances.
@Suite struct SemanticClassifierTests {
    static let model = RouterModel.bundled!
    static let table = ["simple": "small", "general": "mid", "reasoning": "think", "code": "coder", "agent": "tools"]

    static func route(_ kind: ClassifierKind) -> VirtualRoute {
        VirtualRoute(
            name: "auto", classifier: RulesClassifier(rules: RulesClassifier.standardRules(), defaultCategory: "general"), table: table, baseline: nil, kind: kind
        )
    }

    /// `data/router-eval/test.jsonl`: never used in training (scripts/make_router_model.py trains on train.jsonl).
    static func testSplit() throws -> [(ChatRequest, String)] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let text = try String(contentsOf: root.appendingPathComponent("data/router-eval/test.jsonl"), encoding: .utf8)
        return try text.split(separator: "\n").map { line in
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let messages = try #require(object["messages"] as? [[String: Any]])
            var request = ChatRequest(model: "auto", messages: messages.map { .text(.user, $0["content"] as? String ?? "") })
            request.tools = (object["tools"] as? [Any] ?? []).map { _ in ChatTool(name: "tool") }
            return (request, try #require(object["category"] as? String))
        }
    }

    @Test(arguments: ["semantic", "hybrid"]) func heldOutAccuracyMeetsTheBars(kind: String) throws {
        let semantic = SemanticClassifier(model: Self.model, categories: Set(Self.table.keys))
        let route = Self.route(kind == "semantic" ? .semantic(semantic) : .hybrid(semantic, llm: nil, margin: ClassifierKind.defaultMargin))
        var correct = 0, hard = 0, hardToSmall = 0
        let rows = try Self.testSplit()
        for (request, label) in rows {
            let decision = route.decide(PromptFeatures(request))
            #expect(decision.classifier == kind)
            if decision.category == label { correct += 1 }
            if ["reasoning", "code", "agent"].contains(label) {
                hard += 1
                if decision.category == "simple" { hardToSmall += 1 }
            }
        }
        #expect(Double(correct) / Double(rows.count) >= 0.90, "accuracy \(correct)/\(rows.count)")
        #expect(Double(hardToSmall) / Double(hard) <= 0.03, "hard→small \(hardToSmall)/\(hard)")
    }

    @Test func exampleUtterancesRouteTheirOwnCategories() {
        var table = Self.table
        table["billing"] = "support"
        let semantic = SemanticClassifier(model: Self.model, categories: Set(table.keys), examples: [
            "billing": ["I was charged twice for my subscription", "How do I get a refund for my last invoice?", "Update the credit card on my account"],
        ])
        let route = VirtualRoute(name: "support", classifier: RulesClassifier(rules: [], defaultCategory: "general"), table: table, baseline: nil, kind: .semantic(semantic))
        let billing = route.decide(PromptFeatures(ChatRequest(model: "support", messages: [.text(.user, "Why was my credit card charged twice this month? I want a refund.")])))
        #expect(billing.category == "billing" && billing.model == "support")
        let other = route.decide(PromptFeatures(ChatRequest(model: "support", messages: [.text(.user, "Write a Python function that merges two sorted lists.")])))
        #expect(other.category == "code")
    }

    @Test func hybridTrustsStructureAndAsksTheModelOnlyWhenUnsure() {
        let semantic = SemanticClassifier(model: Self.model, categories: Set(Self.table.keys))
        let llm = LLMClassifier(model: "small", categories: Array(Self.table.keys), defaultCategory: "general")
        let unsure = Self.route(.hybrid(semantic, llm: llm, margin: 1.01))
        var request = ChatRequest(model: "auto", messages: [.text(.user, "What's the weather in Paris?")])
        request.tools = [ChatTool(name: "get_weather")]
        let features = PromptFeatures(request)
        #expect(unsure.decide(features).category == "agent")
        #expect(unsure.llmClassifier(for: features) == nil)  // a structural rule decided: nothing to ask
        let plain = PromptFeatures(ChatRequest(model: "auto", messages: [.text(.user, "Tell me about the history of tea.")]))
        #expect(unsure.llmClassifier(for: plain) == llm)
        #expect(Self.route(.hybrid(semantic, llm: llm, margin: 0)).llmClassifier(for: plain) == nil)
    }
}
