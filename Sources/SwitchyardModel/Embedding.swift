import NIOCore

/// An embeddings request in canonical form: what the gateway needs to route, admit and bill it.
///
/// The client's body is kept and forwarded (OpenAI's shape is the only embeddings dialect).
public struct EmbeddingRequest: Sendable {
    /// The model id the client asked for.
    public var model: String
    /// The text inputs, for counting tokens before the upstream does.
    public var texts: [String]
    /// Tokens the client sent as token ids rather than text.
    public var tokenIDCount: Int
    /// How many inputs (texts or token arrays) there are, one embedding each.
    public var inputCount: Int
    /// The client's body, forwarded with only `model` changed.
    public var original: ByteBuffer

    public init(model: String, texts: [String], tokenIDCount: Int = 0, inputCount: Int? = nil, original: ByteBuffer) {
        self.model = model
        self.texts = texts
        self.tokenIDCount = tokenIDCount
        self.inputCount = inputCount ?? texts.count
        self.original = original
    }
}

/// An embeddings response: the body in OpenAI's shape (with the client's model id) and its usage.
public struct EmbeddingResult: Sendable {
    public var body: ByteBuffer
    public var usage: Usage

    public init(body: ByteBuffer, usage: Usage) {
        self.body = body
        self.usage = usage
    }
}
