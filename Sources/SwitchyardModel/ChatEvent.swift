import NIOCore

/// One event of a streamed response in canonical form.
public enum ChatEvent: Sendable {
    /// New content for one choice.
    case delta(ChatDelta)
    /// A choice finished.
    case finish(choice: Int, reason: FinishReason)
    /// Token usage of the attempt; accounting always sees it, the client only if it asked.
    case usage(Usage)
    /// A chunk already encoded in the client's dialect (fast path): the JSON of one SSE `data:` line.
    case passthrough(ByteBuffer)
}

/// Incremental content of one choice.
public struct ChatDelta: Sendable {
    public var choice: Int
    public var role: ChatMessage.Role?
    public var text: String?
    public var toolCalls: [ToolCallDelta]

    public init(choice: Int = 0, role: ChatMessage.Role? = nil, text: String? = nil, toolCalls: [ToolCallDelta] = []) {
        self.choice = choice
        self.role = role
        self.text = text
        self.toolCalls = toolCalls
    }
}

/// A fragment of a streamed tool call; `id` and `name` arrive with the first fragment.
public struct ToolCallDelta: Sendable {
    public var index: Int
    public var id: String?
    public var name: String?
    public var argumentsFragment: String

    public init(index: Int, id: String? = nil, name: String? = nil, argumentsFragment: String) {
        self.index = index
        self.id = id
        self.name = name
        self.argumentsFragment = argumentsFragment
    }
}

/// What a stream says about itself before its first event.
public struct ChatStreamHead: Sendable {
    public var id: String
    public var created: Int64
    /// The model id the gateway reports to the client.
    public var model: String

    public init(id: String, created: Int64, model: String) {
        self.id = id
        self.created = created
        self.model = model
    }
}

/// A pull-based source of stream events. One consumer; dropping it cancels the upstream.
public protocol ChatEventSource: AnyObject, Sendable {
    /// The next event, or nil when the stream ended normally. Throws `GatewayError`.
    func next() async throws -> ChatEvent?
    /// True when the next event is already in memory (arrived in the same upstream read),
    /// so a writer may hold this one back and send both in one write.
    var hasBufferedEvents: Bool { get }
    /// What the stream has used so far, for settling a stream that ends early (client gone,
    /// upstream cut, timeout) before the upstream reported usage; nil when the source cannot tell.
    func usageSoFar() -> Usage?
}

extension ChatEventSource {
    public var hasBufferedEvents: Bool { false }
    public func usageSoFar() -> Usage? { nil }
}

/// A streamed response: its head and its events.
public struct ChatStream: Sendable {
    public var head: ChatStreamHead
    public var events: any ChatEventSource

    public init(head: ChatStreamHead, events: any ChatEventSource) {
        self.head = head
        self.events = events
    }
}
