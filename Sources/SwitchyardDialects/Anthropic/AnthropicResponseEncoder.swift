import NIOCore
import SwitchyardModel

/// Renders canonical responses and errors in Anthropic's Messages wire shape.
public enum AnthropicResponseEncoder {
    /// A `message` body for the first choice; the fast-path body when the completion carries one.
    public static func message(_ completion: ChatCompletion) -> ByteBuffer {
        if let body = completion.passthroughBody { return body }
        let choice = completion.choices.first
        var json = JSONWriter(capacity: 512)
        json.beginObject()
        json.key("id"); json.string(messageID(completion.id))
        json.key("type"); json.string("message")
        json.key("role"); json.string("assistant")
        json.key("model"); json.string(completion.model)
        json.key("content"); json.beginArray()
        if let message = choice?.message {
            let text = message.text
            if !text.isEmpty || message.toolCalls.isEmpty {
                json.beginObject()
                json.key("type"); json.string("text")
                json.key("text"); json.string(text)
                json.endObject()
            }
            for call in message.toolCalls { writeToolUse(call, input: call.arguments, into: &json) }
        }
        json.endArray()
        json.key("stop_reason")
        if let reason = choice?.finishReason { json.string(stopReason(reason)) } else { json.null() }
        json.key("stop_sequence"); json.null()
        json.key("usage"); writeUsage(completion.usage, into: &json)
        json.endObject()
        return json.buffer
    }

    /// Anthropic's error body: `{"type":"error","error":{"type","message"}}`.
    public static func error(_ error: GatewayError) -> ByteBuffer {
        var json = JSONWriter(capacity: 256)
        json.beginObject()
        json.key("type"); json.string("error")
        json.key("error"); json.beginObject()
        json.key("type"); json.string(errorType(status: error.status))
        json.key("message"); json.string(error.message)
        json.endObject()
        json.endObject()
        return json.buffer
    }

    /// Anthropic's error `type` for an HTTP status, matching what its SDK expects per status.
    public static func errorType(status: Int) -> String {
        switch status {
        case 400, 405, 409, 415, 422: "invalid_request_error"
        case 401: "authentication_error"
        case 402: "billing_error"
        case 403: "permission_error"
        case 404: "not_found_error"
        case 413: "request_too_large"
        case 429: "rate_limit_error"
        case 503, 529: "overloaded_error"
        case 504: "timeout_error"
        default: "api_error"
        }
    }

    /// The Anthropic `stop_reason` for a canonical finish reason.
    public static func stopReason(_ reason: FinishReason) -> String {
        switch reason {
        case .stop: "end_turn"
        case .length: "max_tokens"
        case .toolCalls, FinishReason(rawValue: "function_call"): "tool_use"
        case .contentFilter: "refusal"
        default: AnthropicStopReason.isAnthropic(reason.rawValue) ? reason.rawValue : "end_turn"
        }
    }

    /// A message id in Anthropic's `msg_` form.
    static func messageID(_ id: String) -> String {
        id.hasPrefix("msg_") ? id : "msg_" + id
    }

    // MARK: pieces

    static func writeToolUse(_ call: ToolCall, input: String, into json: inout JSONWriter) {
        json.beginObject()
        json.key("type"); json.string("tool_use")
        json.key("id"); json.string(call.id)
        json.key("name"); json.string(call.name)
        json.key("input"); writeToolInput(input, into: &json)
        json.endObject()
    }

    /// Tool arguments (JSON text) as an `input` object; anything that is not a JSON object becomes `{}`.
    static func writeToolInput(_ arguments: String, into json: inout JSONWriter) {
        let bytes = ByteBuffer(string: arguments)
        if arguments.utf8.first(where: { !JSONScanner.isWhitespace($0) }) == UInt8(ascii: "{"),
           JSONScanner.topLevelValues(in: bytes, keys: []) != nil {
            json.raw(bytes)
        } else {
            json.beginObject(); json.endObject()
        }
    }

    /// Anthropic's usage object: `input_tokens` excludes cache reads and writes, reported apart.
    static func writeUsage(_ usage: Usage, into json: inout JSONWriter) {
        json.beginObject()
        json.key("input_tokens"); json.int(max(0, usage.inputTokens - usage.cachedInputTokens - usage.cacheWriteTokens))
        json.key("output_tokens"); json.int(usage.outputTokens)
        json.key("cache_creation_input_tokens"); json.int(usage.cacheWriteTokens)
        json.key("cache_read_input_tokens"); json.int(usage.cachedInputTokens)
        json.endObject()
    }
}

/// Anthropic's stop reasons and their canonical finish reasons.
public enum AnthropicStopReason {
    static let known: Set<String> = ["end_turn", "max_tokens", "stop_sequence", "tool_use", "pause_turn", "refusal"]

    static func isAnthropic(_ reason: String) -> Bool { known.contains(reason) }

    /// The canonical finish reason for an Anthropic `stop_reason`.
    public static func canonical(_ reason: String) -> FinishReason {
        switch reason {
        case "end_turn", "stop_sequence", "pause_turn": .stop
        case "max_tokens": .length
        case "tool_use": .toolCalls
        case "refusal": .contentFilter
        default: FinishReason(rawValue: reason)
        }
    }
}
