import Foundation
import NIOCore
import NIOFoundationCompat
import SwitchyardModel

/// Turns the `data:` payloads of an Anthropic Messages stream into canonical events.
///
/// Stateful: content blocks are numbered across text and tool use, while canonical tool
/// calls are numbered among tool calls only; usage from `message_start` (input, cache) and
/// `message_delta` (output, cumulative) is combined and reported once at `message_stop`.
/// In passthrough mode (client speaks Anthropic too) every event is forwarded as bytes and
/// only the usage is read.
public struct AnthropicStreamTranslator: Sendable {
    public let clientModel: String
    public let passthrough: Bool
    private var toolCalls: [Int: Int] = [:]
    private var usage = AnthropicWireUsage()
    private var sentRole = false
    /// True once `message_stop` arrived.
    public private(set) var finished = false

    public init(clientModel: String, passthrough: Bool) {
        self.clientModel = clientModel
        self.passthrough = passthrough
    }

    /// The stream head from the `message_start` payload.
    public func head(from payload: ByteBuffer) -> ChatStreamHead {
        let event = try? JSONDecoder().decode(AnthropicWireStreamEvent.self, from: payload)
        return ChatStreamHead(id: event?.message?.id ?? "", created: Int64(Date().timeIntervalSince1970), model: clientModel)
    }

    /// Appends the events of one payload to `events`; throws for an `error` event or a payload that is not an event.
    public mutating func translate(_ payload: ByteBuffer, into events: inout [ChatEvent]) throws(GatewayError) {
        // Fast path: content events are forwarded unread; only the events carrying usage are decoded.
        if passthrough, let type = Self.peekType(payload), Self.forwardedUnread.contains(type) {
            events.append(.passthrough(payload))
            return
        }
        guard let event = try? JSONDecoder().decode(AnthropicWireStreamEvent.self, from: payload) else {
            throw GatewayError(.upstreamBadResponse, "The upstream returned a response that is not a stream of Anthropic events.")
        }
        if passthrough, event.type != "error" {
            events.append(.passthrough(event.type == "message_start" ? Self.renamingModel(payload, to: clientModel) : payload))
        }
        switch event.type {
        case "message_start":
            if let start = event.message?.usage { usage = start }
        case "content_block_start":
            guard !passthrough, let index = event.index, let block = event.content_block else { return }
            if block.type == "tool_use" {
                let call = toolCalls.count
                toolCalls[index] = call
                appendDelta(ChatDelta(toolCalls: [ToolCallDelta(index: call, id: block.id, name: block.name, argumentsFragment: "")]), into: &events)
            } else if block.type == "text", let text = block.text, !text.isEmpty {
                appendDelta(ChatDelta(text: text), into: &events)
            }
        case "content_block_delta":
            guard !passthrough, let delta = event.delta else { return }
            if delta.type == "text_delta", let text = delta.text {
                appendDelta(ChatDelta(text: text), into: &events)
            } else if delta.type == "input_json_delta", let index = event.index, let call = toolCalls[index], let json = delta.partial_json, !json.isEmpty {
                appendDelta(ChatDelta(toolCalls: [ToolCallDelta(index: call, argumentsFragment: json)]), into: &events)
            }
        case "message_delta":
            if let reported = event.usage {
                usage.output_tokens = reported.output_tokens ?? usage.output_tokens
                usage.input_tokens = reported.input_tokens ?? usage.input_tokens
                usage.cache_read_input_tokens = reported.cache_read_input_tokens ?? usage.cache_read_input_tokens
                usage.cache_creation_input_tokens = reported.cache_creation_input_tokens ?? usage.cache_creation_input_tokens
            }
            if !passthrough, let reason = event.delta?.stop_reason {
                events.append(.finish(choice: 0, reason: AnthropicStopReason.canonical(reason)))
            }
        case "message_stop":
            finished = true
            events.append(.usage(usage.canonical))
        case "error":
            let type = event.error?.type ?? "api_error"
            let code: GatewayError.Code = type == "overloaded_error" ? .upstreamUnavailable : .upstreamError
            throw GatewayError(code, "The upstream reported an error in the middle of the stream (\(type)).")
        default:
            return
        }
    }

    /// Usage reported so far (input and cache from `message_start`, output from the latest
    /// `message_delta`), for settling a stream cut before `message_stop`; nil before `message_start`.
    public var usageSoFar: Usage? {
        usage.input_tokens == nil ? nil : usage.canonical
    }

    /// Event types the fast path forwards without decoding.
    static let forwardedUnread: Set<String> = ["content_block_start", "content_block_delta", "content_block_stop", "ping"]

    /// The `type` member of an event, read in place.
    public static func peekType(_ payload: ByteBuffer) -> String? {
        guard let range = JSONScanner.topLevelValues(in: payload, keys: ["type"])?[0], range.count >= 2 else { return nil }
        return payload.getString(at: payload.readerIndex + range.lowerBound + 1, length: range.count - 2)
    }

    private mutating func appendDelta(_ delta: ChatDelta, into events: inout [ChatEvent]) {
        var delta = delta
        if !sentRole { delta.role = .assistant; sentRole = true }
        events.append(.delta(delta))
    }

    /// `message_start` with `message.model` set to the id the client asked for.
    static func renamingModel(_ payload: ByteBuffer, to model: String) -> ByteBuffer {
        guard let messageRange = JSONScanner.topLevelValues(in: payload, keys: ["message"])?[0],
              let message = payload.getSlice(at: payload.readerIndex + messageRange.lowerBound, length: messageRange.count),
              let modelRange = JSONScanner.topLevelValues(in: message, keys: ["model"])?[0]
        else { return payload }
        let shifted = (messageRange.lowerBound + modelRange.lowerBound)..<(messageRange.lowerBound + modelRange.upperBound)
        var json = JSONWriter(capacity: model.utf8.count + 2)
        json.string(model)
        return JSONScanner.splice(payload, replacing: [(shifted, String(buffer: json.buffer))])
    }
}

/// One event of an Anthropic stream; only the fields the gateway reads.
struct AnthropicWireStreamEvent: Decodable {
    var type: String
    var index: Int?
    var message: Message?
    var content_block: AnthropicWireBlock?
    var delta: Delta?
    var usage: AnthropicWireUsage?
    var error: ErrorDetail?

    struct Message: Decodable {
        var id: String?
        var usage: AnthropicWireUsage?
    }

    struct Delta: Decodable {
        var type: String?
        var text: String?
        var partial_json: String?
        var stop_reason: String?
    }

    struct ErrorDetail: Decodable {
        var type: String?
    }
}
