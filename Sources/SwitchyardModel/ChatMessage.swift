/// One message of a conversation in canonical form.
public struct ChatMessage: Sendable, Hashable {
    /// Who wrote a message.
    public enum Role: String, Sendable, Hashable, CaseIterable {
        case system, developer, user, assistant, tool
    }

    public var role: Role
    public var content: [ContentPart]
    public var name: String?
    public var toolCalls: [ToolCall]
    /// For `tool` messages: the call this message answers.
    public var toolCallID: String?

    public init(role: Role, content: [ContentPart], name: String? = nil, toolCalls: [ToolCall] = [], toolCallID: String? = nil) {
        self.role = role
        self.content = content
        self.name = name
        self.toolCalls = toolCalls
        self.toolCallID = toolCallID
    }

    /// A message holding a single text part.
    public static func text(_ role: Role, _ text: String) -> ChatMessage {
        ChatMessage(role: role, content: [.text(text)])
    }

    /// The concatenated text of all text parts.
    public var text: String {
        content.reduce(into: "") { result, part in
            if case .text(let text) = part { result += text }
        }
    }
}

/// A piece of message content.
public enum ContentPart: Sendable, Hashable {
    case text(String)
    /// An image by URL or `data:` URL, with OpenAI's optional detail level.
    case image(url: String, detail: String?)
}

/// A tool call made by the assistant.
public struct ToolCall: Sendable, Hashable {
    public var id: String
    public var name: String
    /// The arguments as a JSON text, exactly as the model produced them.
    public var arguments: String

    public init(id: String, name: String, arguments: String) {
        self.id = id
        self.name = name
        self.arguments = arguments
    }
}
