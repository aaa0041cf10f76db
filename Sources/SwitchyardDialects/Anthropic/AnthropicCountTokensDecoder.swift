import NIOCore
import SwitchyardModel

/// Decodes Anthropic's `POST /v1/messages/count_tokens` body: a Messages request without `max_tokens`.
public enum AnthropicCountTokensDecoder {
    struct Wire: Decodable {
        var model: String
        var messages: [AnthropicWireMessage]
        var system: AnthropicWireText?
    }

    /// The model asked about and the conversation (system prompt first) in canonical form.
    public static func decode(_ body: ByteBuffer) throws(GatewayError) -> (model: String, messages: [ChatMessage]) {
        let wire = try decodeRequestBody(Wire.self, from: body)
        var messages: [ChatMessage] = []
        if let system = wire.system, !system.text.isEmpty { messages.append(.text(.system, system.text)) }
        for (index, message) in wire.messages.enumerated() {
            messages += try ChatRequest.canonicalMessages(message, at: index)
        }
        return (wire.model, messages)
    }
}
