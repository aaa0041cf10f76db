import Foundation
import NIOCore
import NIOFoundationCompat
import SwitchyardModel

/// Reads an Anthropic Messages upstream's `message` body into canonical form.
public enum AnthropicResponseDecoder {
    /// The canonical completion of a `message` body; 502 when it is not one.
    public static func completion(_ body: ByteBuffer, clientModel: String) throws(GatewayError) -> ChatCompletion {
        guard let wire = try? JSONDecoder().decode(AnthropicWireMessageResponse.self, from: body) else {
            throw GatewayError(.upstreamBadResponse, "The upstream returned a response that is not an Anthropic message.")
        }
        var parts: [ContentPart] = []
        var calls: [ToolCall] = []
        for block in wire.content {
            switch block.type {
            case "text": if let text = block.text { parts.append(.text(text)) }
            case "tool_use": calls.append(ToolCall(id: block.id ?? "", name: block.name ?? "", arguments: AnthropicJSON.text(block.input ?? .object([:]))))
            default: continue
            }
        }
        let text = parts.reduce(into: "") { result, part in if case .text(let piece) = part { result += piece } }
        let message = ChatMessage(role: .assistant, content: text.isEmpty && !calls.isEmpty ? [] : [.text(text)], toolCalls: calls)
        return ChatCompletion(
            id: wire.id ?? "", created: Int64(Date().timeIntervalSince1970), model: clientModel,
            choices: [ChatChoice(index: 0, message: message, finishReason: wire.stop_reason.map(AnthropicStopReason.canonical))],
            usage: wire.usage?.canonical ?? { var missing = Usage(); missing.isEstimated = true; return missing }()
        )
    }
}

/// Anthropic's usage object.
struct AnthropicWireUsage: Decodable {
    var input_tokens: Int?
    var output_tokens: Int?
    var cache_creation_input_tokens: Int?
    var cache_read_input_tokens: Int?

    var canonical: Usage {
        .anthropic(
            inputTokens: input_tokens ?? 0, outputTokens: output_tokens ?? 0,
            cacheReadInputTokens: cache_read_input_tokens ?? 0, cacheCreationInputTokens: cache_creation_input_tokens ?? 0
        )
    }
}

/// A `message` as an Anthropic upstream returns it.
struct AnthropicWireMessageResponse: Decodable {
    var id: String?
    var content: [AnthropicWireBlock]
    var stop_reason: String?
    var usage: AnthropicWireUsage?
}
