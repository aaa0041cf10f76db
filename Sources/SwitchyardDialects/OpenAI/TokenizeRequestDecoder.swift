import Foundation
import NIOCore
import NIOFoundationCompat
import SwitchyardModel

/// What `POST /v1/tokenize` is asked to count.
public enum TokenizeInput: Sendable {
    case text(String)
    case messages([ChatMessage])
}

/// Decodes `{"model": …, "text": "…"}` or `{"model": …, "messages": [...]}` (OpenAI message shape).
public enum TokenizeRequestDecoder {
    struct Wire: Decodable {
        var model: String
        var text: String?
        var messages: [OpenAIWireMessage]?
    }

    public static func decode(_ body: ByteBuffer) throws(GatewayError) -> (model: String, input: TokenizeInput) {
        let wire = try decodeRequestBody(Wire.self, from: body)
        switch (wire.text, wire.messages) {
        case (let text?, nil):
            return (wire.model, .text(text))
        case (nil, let messages?):
            return (wire.model, .messages(messages.map(\.canonical)))
        default:
            throw GatewayError(.invalidRequest, "Send exactly one of 'text' or 'messages'.", param: "text")
        }
    }
}

extension OpenAIWireMessage {
    var canonical: ChatMessage {
        ChatMessage(
            role: role, content: content?.parts ?? [], name: name,
            toolCalls: (tool_calls ?? []).map { ToolCall(id: $0.id, name: $0.function.name, arguments: $0.function.arguments) },
            toolCallID: tool_call_id
        )
    }
}
