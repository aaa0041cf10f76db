import SwitchyardModel

/// Seed 000's small-model classifier: a system prompt listing the categories, the user's
/// question, `max_tokens` 10 at temperature 0; an answer outside the set means the default.
public struct LLMClassifier: Sendable, Hashable {
    /// The model that classifies (a small, fast one).
    public var model: String
    public var categories: [String]
    public var defaultCategory: String

    public init(model: String, categories: [String], defaultCategory: String) {
        self.model = model
        self.categories = categories.sorted()
        self.defaultCategory = defaultCategory
    }

    /// The classification request for `request` (its last user message, at most 2,000 characters).
    public func request(for request: ChatRequest) -> ChatRequest {
        let question = String((request.messages.last { $0.role == .user }?.text ?? "").prefix(2000))
        let system = """
            Classify the user's request into exactly one category: \(categories.joined(separator: ", ")).
            simple: greetings, FAQ, short facts. general: writing, explaining, summarising, advice. \
            reasoning: math, logic, multi-step analysis. code: programming. agent: tasks needing tools. \
            vision: questions about images.
            Answer with the category name only, in lowercase, nothing else.
            """
        return ChatRequest(model: model, messages: [.text(.system, system), .text(.user, question)], maxTokens: 10, temperature: 0)
    }

    /// The category named by `answer`, or nil when it names none (the caller then uses the default).
    public func category(fromAnswer answer: String) -> String? {
        let word = answer.lowercased().split(whereSeparator: { !$0.isLetter }).first.map(String.init) ?? ""
        return categories.contains(word) ? word : nil
    }
}

/// How a virtual model decides: rules only; the small model only; the semantic classifier; or
/// seed 003's hybrid — structural rules (tools, images) for the obvious, then the semantic
/// classifier, then, if its margin is low, the small model (when configured) or else the rules.
public enum ClassifierKind: Sendable, Hashable {
    case rules
    case llm(LLMClassifier)
    case semantic(SemanticClassifier)
    /// Below `margin`, `llm` is asked (after admission); without one, the rules decide.
    case hybrid(SemanticClassifier, llm: LLMClassifier?, margin: Float)

    /// The name the ledger and `router eval` show.
    public var name: String {
        switch self {
        case .rules: "rules"
        case .llm: "llm"
        case .semantic: "semantic"
        case .hybrid: "hybrid"
        }
    }

    /// The semantic margin under which hybrid asks for a second opinion, unless configured.
    public static let defaultMargin: Float = 0.2
}
