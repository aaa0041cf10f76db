/// The semantic classifier: embeds the last user message with the router model's static token
/// table, compares it with the route's example utterances (a close enough match decides, as in
/// semantic-router), and otherwise asks the trained head. No network; microseconds per decision.
public struct SemanticClassifier: Sendable, Hashable {
    /// The token table, tokenizer and head.
    public let model: RouterModel
    /// The route's categories (its table's keys): the head chooses only among these.
    public let categories: Set<String>
    /// Example utterances per category, as configured (kept for equality and display).
    public let examples: [String: [String]]
    /// A best example similarity at or above this decides the category outright.
    public let exampleThreshold: Float
    /// Normalised embeddings of the examples, flattened, with each one's category.
    let exampleVectors: [Float]
    let exampleCategories: [String]
    /// Head output index → whether the route routes that category.
    let headAllowed: [Bool]

    /// The default similarity an example must reach to decide.
    public static let defaultExampleThreshold: Float = 0.8

    /// A classifier for a route with `categories`, embedding `examples` once now.
    public init(model: RouterModel, categories: Set<String>, examples: [String: [String]] = [:], exampleThreshold: Float = defaultExampleThreshold) {
        self.model = model
        self.categories = categories
        self.examples = examples
        self.exampleThreshold = exampleThreshold
        var vectors: [Float] = []
        var owners: [String] = []
        for (category, utterances) in examples.sorted(by: { $0.key < $1.key }) {
            for utterance in utterances {
                vectors += model.embedding(utterance)
                owners.append(category)
            }
        }
        exampleVectors = vectors
        exampleCategories = owners
        headAllowed = model.categories.map { categories.contains($0) }
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.model === rhs.model && lhs.categories == rhs.categories && lhs.examples == rhs.examples && lhs.exampleThreshold == rhs.exampleThreshold
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(ObjectIdentifier(model))
        hasher.combine(categories)
        hasher.combine(examples)
    }

    /// The verdict for `features`, or nil when the head can choose none of the route's categories
    /// and no example matched (the caller then uses the default).
    public func classify(_ features: PromptFeatures) -> SemanticVerdict? {
        let dims = model.dimensions
        return withUnsafeTemporaryAllocation(of: Float.self, capacity: dims + model.categories.count) { scratch in
            let embedding = UnsafeMutableBufferPointer(rebasing: scratch[0..<dims])
            features.lastUserBytes.withUnsafeBufferPointer { model.embed(utf8: $0, into: embedding) }
            if let verdict = nearestExample(embedding) { return verdict }
            let probabilities = UnsafeMutableBufferPointer(rebasing: scratch[dims...])
            model.probabilities(features, embedding: embedding, into: probabilities)
            return choose(probabilities)
        }
    }

    /// The example category whose closest utterance reaches the threshold, with the margin over
    /// the closest utterance of any other category.
    func nearestExample(_ embedding: UnsafeMutableBufferPointer<Float>) -> SemanticVerdict? {
        guard !exampleCategories.isEmpty else { return nil }
        let dims = model.dimensions
        var best: (similarity: Float, index: Int) = (-2, 0)
        var runnerUp: Float = -1
        exampleVectors.withUnsafeBufferPointer { vectors in
            func similarity(_ example: Int) -> Float {
                var dot: Float = 0
                for index in 0..<dims { dot += vectors[example * dims + index] * embedding[index] }
                return dot
            }
            for example in exampleCategories.indices {
                let dot = similarity(example)
                if dot > best.similarity { best = (dot, example) }
            }
            guard best.similarity >= exampleThreshold else { return }
            for example in exampleCategories.indices where exampleCategories[example] != exampleCategories[best.index] {
                runnerUp = max(runnerUp, similarity(example))
            }
        }
        guard best.similarity >= exampleThreshold else { return nil }
        let category = exampleCategories[best.index]
        return SemanticVerdict(category: category, margin: best.similarity - max(runnerUp, 0), fromExamples: true)
    }

    /// The most probable allowed category; the small tier only when its probability reaches the
    /// model's threshold (sending a hard prompt to the small model costs more than the reverse).
    func choose(_ probabilities: UnsafeMutableBufferPointer<Float>) -> SemanticVerdict? {
        var first = (p: Float(-1), index: -1)
        var second = Float(0)
        for index in 0..<probabilities.count where headAllowed[index] {
            var p = probabilities[index]
            if model.categories[index] == model.smallCategory, p < model.smallThreshold { p = 0 }
            if p > first.p {
                second = max(second, first.p)
                first = (p, index)
            } else {
                second = max(second, p)
            }
        }
        guard first.index >= 0 else { return nil }
        return SemanticVerdict(category: model.categories[first.index], margin: first.p - second, fromExamples: false)
    }
}
