/// A confidence cascade on a virtual model: the model routing chose answers first; when it is
/// less sure of its answer than `threshold`, the request is asked again of `escalateTo`.
public struct CascadePolicy: Sendable, Hashable {
    /// The virtual model (route) this cascade applies to.
    public var route: String
    /// The large model that answers when the first answer is not confident enough.
    public var escalateTo: String
    /// Answers below this confidence (0…1) escalate. Seed 003's default is 0.65.
    public var threshold: Double

    public init(route: String, escalateTo: String, threshold: Double = 0.65) {
        self.route = route
        self.escalateTo = escalateTo
        self.threshold = threshold
    }

    /// What to do with an answer of this confidence; an answer without one (the backend returned
    /// no logprobs) cannot be judged and is kept.
    public func verdict(confidence: Double?) -> CascadeVerdict {
        guard let confidence else { return .unjudged }
        return confidence < threshold ? .escalated : .accepted
    }
}

/// The outcome of a cascade's check, as the `x-switchyard-cascade` header and metrics show it.
public enum CascadeVerdict: String, Sendable, Hashable, CaseIterable {
    /// The first answer was confident enough and was served.
    case accepted
    /// The first answer was below the threshold; the escalation model's answer was served.
    case escalated
    /// The backend gave no logprobs, so the first answer was served unjudged.
    case unjudged
}
