import NIOCore
import SwitchyardModel

/// Turns an Anthropic Messages body into a canonical `ChatRequest`, or a 400 naming the field.
public enum AnthropicRequestDecoder {
    /// Decodes and validates `body`; keeps the bytes for the same-dialect fast path.
    public static func decode(_ body: ByteBuffer) throws(GatewayError) -> ChatRequest {
        let wire = try decodeRequestBody(AnthropicWireRequest.self, from: body)
        return try ChatRequest(validating: wire, original: OriginalBody(dialect: .anthropic, bytes: body))
    }
}

extension ChatRequest {
    init(validating wire: AnthropicWireRequest, original: OriginalBody) throws(GatewayError) {
        guard !wire.model.isEmpty else {
            throw GatewayError(.invalidValue, "'model' must not be empty.", param: "model")
        }
        guard !wire.messages.isEmpty else {
            throw GatewayError(.invalidValue, "'messages' must contain at least one message.", param: "messages")
        }
        guard wire.max_tokens >= 1 else {
            throw GatewayError(.invalidValue, "'max_tokens' must be at least 1, got \(wire.max_tokens).", param: "max_tokens")
        }
        if let temperature = wire.temperature, !(0...1).contains(temperature) {
            throw GatewayError(.invalidValue, "'temperature' must be between 0 and 1, got \(temperature).", param: "temperature")
        }
        if let topP = wire.top_p, !(0...1).contains(topP) {
            throw GatewayError(.invalidValue, "'top_p' must be between 0 and 1, got \(topP).", param: "top_p")
        }
        var messages: [ChatMessage] = []
        if let system = wire.system, !system.text.isEmpty { messages.append(.text(.system, system.text)) }
        for (index, message) in wire.messages.enumerated() {
            messages += try Self.canonicalMessages(message, at: index)
        }
        var tools: [ChatTool] = []
        for (index, tool) in (wire.tools ?? []).enumerated() {
            guard tool.type == nil || tool.type == "custom" else {
                throw GatewayError(.invalidValue, "Tool type '\(tool.type!)' is not supported by this gateway; send custom tools with an input_schema.", param: "tools[\(index)].type")
            }
            tools.append(ChatTool(name: tool.name, description: tool.description, parameters: tool.input_schema))
        }
        self.init(
            model: wire.model, messages: messages, stream: wire.stream ?? false, includeUsage: true,
            maxTokens: wire.max_tokens, temperature: wire.temperature, topP: wire.top_p, stop: wire.stop_sequences ?? [],
            tools: tools, toolChoice: try wire.tool_choice.map(Self.canonicalToolChoice),
            responseFormat: Self.canonicalResponseFormat(wire.output_config), user: wire.metadata?.user_id, original: original
        )
    }

    /// One Anthropic message as canonical messages: a user turn's tool results become `tool` messages first.
    static func canonicalMessages(_ message: AnthropicWireMessage, at index: Int) throws(GatewayError) -> [ChatMessage] {
        let blocks = message.content.blocks
        switch message.role {
        case "user":
            var results: [ChatMessage] = []
            var parts: [ContentPart] = []
            for block in blocks {
                switch block.type {
                case "text": parts.append(.text(block.text ?? ""))
                case "image":
                    guard let source = block.source, let url = source.canonicalURL else {
                        throw GatewayError(.invalidValue, "An image block needs a base64 or url source.", param: "messages[\(index)].content")
                    }
                    parts.append(.image(url: url, detail: nil))
                case "tool_result":
                    guard let id = block.tool_use_id else {
                        throw GatewayError(.missingField, "Missing required parameter: 'tool_use_id'.", param: "messages[\(index)].content")
                    }
                    let text = (block.content?.blocks ?? []).compactMap(\.text).joined(separator: "\n")
                    results.append(ChatMessage(role: .tool, content: [.text(text)], toolCallID: id))
                default: continue
                }
            }
            return parts.isEmpty ? results : results + [ChatMessage(role: .user, content: parts)]
        case "assistant":
            var parts: [ContentPart] = []
            var calls: [ToolCall] = []
            for block in blocks {
                switch block.type {
                case "text": if let text = block.text, !text.isEmpty { parts.append(.text(text)) }
                case "tool_use":
                    calls.append(ToolCall(id: block.id ?? "", name: block.name ?? "", arguments: AnthropicJSON.text(block.input ?? .object([:]))))
                default: continue
                }
            }
            return [ChatMessage(role: .assistant, content: parts, toolCalls: calls)]
        default:
            throw GatewayError(.invalidValue, "'role' must be 'user' or 'assistant', got '\(message.role)'.", param: "messages[\(index)].role")
        }
    }

    /// Anthropic's `tool_choice` in the canonical (OpenAI) form.
    static func canonicalToolChoice(_ choice: AnthropicWireToolChoice) throws(GatewayError) -> JSONValue {
        switch choice.type {
        case "auto": return .string("auto")
        case "any": return .string("required")
        case "none": return .string("none")
        case "tool":
            guard let name = choice.name else {
                throw GatewayError(.missingField, "Missing required parameter: 'tool_choice.name'.", param: "tool_choice.name")
            }
            return .object(["type": .string("function"), "function": .object(["name": .string(name)])])
        default:
            throw GatewayError(.invalidValue, "'tool_choice.type' must be auto, any, tool or none, got '\(choice.type)'.", param: "tool_choice.type")
        }
    }

    static func canonicalResponseFormat(_ config: AnthropicWireRequest.OutputConfig?) -> JSONValue? {
        guard let format = config?.format, format.type == "json_schema" else { return nil }
        return .object([
            "type": .string("json_schema"),
            "json_schema": .object(["name": .string("output"), "schema": format.schema ?? .object([:])]),
        ])
    }
}

extension AnthropicWireBlock.ImageSource {
    /// The image as a URL or `data:` URL.
    var canonicalURL: String? {
        switch type {
        case "base64": data.map { "data:\(media_type ?? "image/png");base64,\($0)" }
        case "url": url
        default: nil
        }
    }
}

/// Small JSON helpers shared by the Anthropic codecs.
enum AnthropicJSON {
    /// `value` as compact JSON text.
    static func text(_ value: JSONValue) -> String {
        var json = JSONWriter(capacity: 128)
        json.value(value)
        return String(buffer: json.buffer)
    }
}
