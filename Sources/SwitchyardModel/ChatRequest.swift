import NIOCore

/// A chat request in the gateway's canonical form, independent of the client's dialect.
public struct ChatRequest: Sendable {
    /// The model id the client asked for (an id, alias or virtual model).
    public var model: String
    public var messages: [ChatMessage]
    public var stream: Bool
    /// Whether the client asked for a final usage chunk on a stream.
    public var includeUsage: Bool
    public var maxTokens: Int?
    public var temperature: Double?
    public var topP: Double?
    public var stop: [String]
    public var seed: Int64?
    public var tools: [ChatTool]
    public var toolChoice: JSONValue?
    public var responseFormat: JSONValue?
    public var user: String?
    /// The client's original body and dialect, for the same-dialect fast path.
    public var original: OriginalBody?
    /// Set by the gateway (never by a client) when it needs the answer's confidence: the upstream
    /// is asked for token logprobs, and the answer is decoded rather than passed through.
    public var confidenceProbe = false
    /// The most the client will pay for this request (the body's `max_cost`, USD), in micro-dollars.
    public var maxCostMicroDollars: Int64?

    public init(
        model: String, messages: [ChatMessage], stream: Bool = false, includeUsage: Bool = false,
        maxTokens: Int? = nil, temperature: Double? = nil, topP: Double? = nil, stop: [String] = [],
        seed: Int64? = nil, tools: [ChatTool] = [], toolChoice: JSONValue? = nil,
        responseFormat: JSONValue? = nil, user: String? = nil, original: OriginalBody? = nil
    ) {
        self.model = model
        self.messages = messages
        self.stream = stream
        self.includeUsage = includeUsage
        self.maxTokens = maxTokens
        self.temperature = temperature
        self.topP = topP
        self.stop = stop
        self.seed = seed
        self.tools = tools
        self.toolChoice = toolChoice
        self.responseFormat = responseFormat
        self.user = user
        self.original = original
    }
}

/// The wire dialects the gateway speaks.
public enum Dialect: String, Sendable, Hashable {
    case openAI = "openai"
    case anthropic
}

/// A client body kept verbatim so a provider of the same dialect can forward it.
public struct OriginalBody: Sendable {
    public var dialect: Dialect
    public var bytes: ByteBuffer

    public init(dialect: Dialect, bytes: ByteBuffer) {
        self.dialect = dialect
        self.bytes = bytes
    }
}

/// A tool (function) the model may call.
public struct ChatTool: Sendable, Hashable {
    public var name: String
    public var description: String?
    /// The JSON Schema of the arguments.
    public var parameters: JSONValue?

    public init(name: String, description: String? = nil, parameters: JSONValue? = nil) {
        self.name = name
        self.description = description
        self.parameters = parameters
    }
}
