import NIOCore

/// Why a choice stopped generating. Unknown upstream reasons are kept as they are.
public struct FinishReason: RawRepresentable, Sendable, Hashable {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let stop = FinishReason(rawValue: "stop")
    public static let length = FinishReason(rawValue: "length")
    public static let toolCalls = FinishReason(rawValue: "tool_calls")
    public static let contentFilter = FinishReason(rawValue: "content_filter")
}

/// A complete (non-streamed) chat response in canonical form.
public struct ChatCompletion: Sendable {
    public var id: String
    public var created: Int64
    /// The model id the gateway reports to the client.
    public var model: String
    public var choices: [ChatChoice]
    public var usage: Usage
    /// The upstream's body already in the client's dialect (fast path), if any.
    public var passthroughBody: ByteBuffer?
    /// How sure the model was of its answer (0…1: the geometric mean of its tokens' probabilities),
    /// when the request was a confidence probe and the backend returned logprobs.
    public var confidence: Double?

    public init(id: String, created: Int64, model: String, choices: [ChatChoice], usage: Usage, passthroughBody: ByteBuffer? = nil) {
        self.id = id
        self.created = created
        self.model = model
        self.choices = choices
        self.usage = usage
        self.passthroughBody = passthroughBody
    }
}

/// One choice of a complete response.
public struct ChatChoice: Sendable {
    public var index: Int
    public var message: ChatMessage
    public var finishReason: FinishReason?

    public init(index: Int, message: ChatMessage, finishReason: FinishReason?) {
        self.index = index
        self.message = message
        self.finishReason = finishReason
    }
}
