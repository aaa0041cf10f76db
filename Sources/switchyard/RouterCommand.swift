import ArgumentParser
import Foundation
import SwitchyardCatalog
import SwitchyardConfig
import SwitchyardModel
import SwitchyardRouting

/// `switchyard router eval`: how well a route's classifier sorts a labelled prompt set.
struct RouterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "router", abstract: "Evaluate routing classifiers.", subcommands: [Eval.self])

    struct Eval: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Accuracy, confusion matrix, hard→small misroutes and decision latency of a route on labelled prompts."
        )

        @Argument(help: "JSONL: {\"messages\": [...], \"tools\": [...]?, \"category\": \"...\"} per line.")
        var file: String

        @Option(name: .long, help: "The virtual model to evaluate.") var route = "auto"
        @Option(name: .long, help: "Configuration file (default: the embedded default).") var config: String?
        @Option(name: .long, help: "The category of the small tier, for the hard→small rate.") var smallTier = "simple"
        @Option(name: .long, help: "Evaluate with this classifier instead of the route's own: rules, semantic or hybrid (no model is asked: unsure hybrid decisions take the rules' answer).")
        var classifier: String?

        func run() throws {
            let loaded = try ConfigLoader.load(path: config)
            guard var virtual = loaded.routes.first(where: { $0.name == route }) else {
                throw ValidationError("no route '\(route)' in the configuration (routes: \(loaded.routes.map(\.name).joined(separator: ", "))).")
            }
            if let classifier { virtual.kind = try Self.kind(classifier, for: virtual) }
            let rows = try LabelledPrompts.read(file)
            var confusion: [String: [String: Int]] = [:]
            var latencies: [Double] = []
            let clock = ContinuousClock()
            for row in rows {
                var decision: RouteDecision?
                // Features and decision together: what a request pays.
                for _ in 0..<20 {
                    let elapsed = clock.measure {
                        decision = virtual.decide(PromptFeatures(row.request))
                    }
                    latencies.append(Double(elapsed.components.attoseconds) / 1e12 + Double(elapsed.components.seconds) * 1e6)
                }
                confusion[row.label, default: [:]][decision?.category ?? "?", default: 0] += 1
            }
            print(Self.report(confusion: confusion, latencies: latencies.sorted(), smallTier: smallTier, route: route, rows: rows.count, classifier: Self.evaluatedName(virtual.kind)))
        }

        /// What decides here: the small model of `llm` and `hybrid` is never asked offline.
        static func evaluatedName(_ kind: ClassifierKind) -> String {
            switch kind {
            case .llm: "rules (the route's llm classifier is not asked here)"
            case .hybrid(_, .some, _): "hybrid (its classifier_model is not asked here: unsure decisions stay semantic)"
            default: kind.name
            }
        }

        /// `--classifier`: the route's own semantic settings (examples) when it has them, else the bundled model's.
        static func kind(_ name: String, for route: VirtualRoute) throws -> ClassifierKind {
            var semantic: SemanticClassifier?
            var margin = ClassifierKind.defaultMargin
            switch route.kind {
            case .semantic(let own): semantic = own
            case .hybrid(let own, _, let ownMargin): (semantic, margin) = (own, ownMargin)
            default: semantic = RouterModel.bundled.map { SemanticClassifier(model: $0, categories: Set(route.table.keys)) }
            }
            switch name {
            case "rules": return .rules
            case "semantic", "hybrid":
                guard let semantic else { throw ValidationError("the semantic router model is missing from this build.") }
                // No model is asked here: an unsure hybrid decision takes the rules' answer.
                return name == "semantic" ? .semantic(semantic) : .hybrid(semantic, llm: nil, margin: margin)
            default: throw ValidationError("unknown classifier '\(name)': use rules, semantic or hybrid.")
            }
        }

        static func report(
            confusion: [String: [String: Int]], latencies: [Double], smallTier: String, route: String, rows: Int, classifier: String
        ) -> String {
            let labels = Set(confusion.keys).union(confusion.values.flatMap(\.keys)).sorted()
            let correct = labels.reduce(0) { $0 + (confusion[$1]?[$1] ?? 0) }
            let hard = ["reasoning", "code", "agent"]
            let hardTotal = hard.reduce(0) { $0 + (confusion[$1]?.values.reduce(0, +) ?? 0) }
            let hardToSmall = hard.reduce(0) { $0 + (confusion[$1]?[smallTier] ?? 0) }
            var lines = ["route \(route): \(rows) prompts, classifier \(classifier)"]
            lines.append(String(format: "accuracy %.1f%% (%d/%d)", 100 * Double(correct) / Double(max(rows, 1)), correct, rows))
            lines.append(String(format: "hard (reasoning/code/agent) sent to %@: %.1f%% (%d/%d)", smallTier, 100 * Double(hardToSmall) / Double(max(hardTotal, 1)), hardToSmall, hardTotal))
            func percentile(_ p: Double) -> Double { latencies.isEmpty ? 0 : latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))] }
            lines.append(String(format: "decision latency µs: p50 %.1f  p95 %.1f  p99 %.1f  max %.1f", percentile(0.5), percentile(0.95), percentile(0.99), latencies.last ?? 0))
            lines.append("confusion (rows: label, columns: routed category)")
            lines.append((["label"] + labels + ["recall"]).joined(separator: "\t"))
            for label in labels where confusion[label] != nil {
                let row = confusion[label] ?? [:]
                let total = row.values.reduce(0, +)
                lines.append(([label] + labels.map { "\(row[$0] ?? 0)" } + [String(format: "%.1f%%", 100 * Double(row[label] ?? 0) / Double(max(total, 1)))]).joined(separator: "\t"))
            }
            return lines.joined(separator: "\n")
        }
    }
}

/// A labelled prompt file: messages, optional tools, and the category a person gave.
enum LabelledPrompts {
    struct Row {
        var request: ChatRequest
        var label: String
    }

    static func read(_ path: String) throws -> [Row] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var rows: [Row] = []
        for (number, line) in text.split(separator: "\n").enumerated() where !line.isEmpty {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let label = object["category"] as? String, let messages = object["messages"] as? [[String: Any]]
            else { throw ValidationError("\(path):\(number + 1): expected {\"messages\": [...], \"category\": \"...\"}.") }
            let chat = messages.compactMap { message -> ChatMessage? in
                guard let role = (message["role"] as? String).flatMap(ChatMessage.Role.init(rawValue:)) else { return nil }
                if let content = message["content"] as? String { return .text(role, content) }
                let parts = (message["content"] as? [[String: Any]] ?? []).compactMap { part -> ContentPart? in
                    if let text = part["text"] as? String { return .text(text) }
                    if let image = part["image_url"] as? [String: Any], let url = image["url"] as? String { return .image(url: url, detail: nil) }
                    return nil
                }
                return ChatMessage(role: role, content: parts)
            }
            var request = ChatRequest(model: "eval", messages: chat)
            request.tools = (object["tools"] as? [[String: Any]] ?? []).map { tool in
                ChatTool(name: ((tool["function"] as? [String: Any])?["name"] as? String) ?? "tool")
            }
            rows.append(Row(request: request, label: label))
        }
        return rows
    }
}
