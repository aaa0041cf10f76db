import NIOCore
import SwitchyardModel

/// Renders canonical responses, stream events and errors in OpenAI's wire shape.
public enum OpenAIResponseEncoder {
    /// A `chat.completion` body; the fast-path body when the completion carries one.
    public static func completion(_ completion: ChatCompletion) -> ByteBuffer {
        if let body = completion.passthroughBody { return body }
        var json = JSONWriter(capacity: 512)
        json.beginObject()
        json.key("id"); json.string(completion.id)
        json.key("object"); json.string("chat.completion")
        json.key("created"); json.int(completion.created)
        json.key("model"); json.string(completion.model)
        json.key("choices"); json.beginArray()
        for choice in completion.choices {
            json.beginObject()
            json.key("index"); json.int(choice.index)
            json.key("message"); writeMessage(choice.message, into: &json)
            json.key("logprobs"); json.null()
            json.key("finish_reason")
            if let reason = choice.finishReason { json.string(reason.rawValue) } else { json.null() }
            json.endObject()
        }
        json.endArray()
        json.key("usage"); writeUsage(completion.usage, into: &json)
        json.endObject()
        return json.buffer
    }

    /// The JSON of one `chat.completion.chunk` for a canonical event, or nil when the event
    /// shows nothing to this client (usage it did not ask for).
    public static func chunk(_ event: ChatEvent, head: ChatStreamHead, includeUsage: Bool) -> ByteBuffer? {
        switch event {
        case .passthrough(let bytes):
            return bytes
        case .usage(let usage):
            guard includeUsage else { return nil }
            var json = chunkPrefix(head)
            json.beginArray(); json.endArray()
            json.key("usage"); writeUsage(usage, into: &json)
            json.endObject()
            return json.buffer
        case .delta(let delta):
            var json = chunkPrefix(head)
            json.beginArray(); json.beginObject()
            json.key("index"); json.int(delta.choice)
            json.key("delta"); json.beginObject()
            if let role = delta.role { json.key("role"); json.string(role.rawValue) }
            if let text = delta.text { json.key("content"); json.string(text) }
            if !delta.toolCalls.isEmpty {
                json.key("tool_calls"); json.beginArray()
                for call in delta.toolCalls { writeToolCallDelta(call, into: &json) }
                json.endArray()
            }
            json.endObject()
            json.key("logprobs"); json.null()
            json.key("finish_reason"); json.null()
            json.endObject(); json.endArray()
            json.endObject()
            return json.buffer
        case .finish(let choice, let reason):
            var json = chunkPrefix(head)
            json.beginArray(); json.beginObject()
            json.key("index"); json.int(choice)
            json.key("delta"); json.beginObject(); json.endObject()
            json.key("logprobs"); json.null()
            json.key("finish_reason"); json.string(reason.rawValue)
            json.endObject(); json.endArray()
            json.endObject()
            return json.buffer
        }
    }

    /// OpenAI's error body: `{"error":{"message","type","param","code"}}`.
    public static func error(_ error: GatewayError) -> ByteBuffer {
        var json = JSONWriter(capacity: 256)
        json.beginObject()
        json.key("error"); json.beginObject()
        json.key("message"); json.string(error.message)
        json.key("type"); json.string(errorType(error.code.kind))
        json.key("param")
        if let param = error.param { json.string(param) } else { json.null() }
        json.key("code"); json.string(error.code.rawValue)
        json.endObject()
        json.endObject()
        return json.buffer
    }

    /// OpenAI's `type` for an error family.
    public static func errorType(_ kind: GatewayError.Kind) -> String {
        switch kind {
        case .invalidRequest, .notFound: "invalid_request_error"
        case .authentication: "authentication_error"
        case .permission: "permission_error"
        case .rateLimit: "rate_limit_error"
        case .quota: "insufficient_quota"
        case .server: "server_error"
        case .upstream: "upstream_error"
        case .timeout: "timeout_error"
        }
    }

    // MARK: pieces

    private static func chunkPrefix(_ head: ChatStreamHead) -> JSONWriter {
        var json = JSONWriter(capacity: 256)
        json.beginObject()
        json.key("id"); json.string(head.id)
        json.key("object"); json.string("chat.completion.chunk")
        json.key("created"); json.int(head.created)
        json.key("model"); json.string(head.model)
        json.key("choices")
        return json
    }

    static func writeMessage(_ message: ChatMessage, into json: inout JSONWriter) {
        json.beginObject()
        json.key("role"); json.string(message.role.rawValue)
        json.key("content")
        if message.content.isEmpty && !message.toolCalls.isEmpty { json.null() } else { json.string(message.text) }
        if !message.toolCalls.isEmpty {
            json.key("tool_calls"); json.beginArray()
            for call in message.toolCalls {
                json.beginObject()
                json.key("id"); json.string(call.id)
                json.key("type"); json.string("function")
                json.key("function"); json.beginObject()
                json.key("name"); json.string(call.name)
                json.key("arguments"); json.string(call.arguments)
                json.endObject()
                json.endObject()
            }
            json.endArray()
        }
        json.endObject()
    }

    private static func writeToolCallDelta(_ call: ToolCallDelta, into json: inout JSONWriter) {
        json.beginObject()
        json.key("index"); json.int(call.index)
        if let id = call.id { json.key("id"); json.string(id); json.key("type"); json.string("function") }
        json.key("function"); json.beginObject()
        if let name = call.name { json.key("name"); json.string(name) }
        json.key("arguments"); json.string(call.argumentsFragment)
        json.endObject()
        json.endObject()
    }

    static func writeUsage(_ usage: Usage, into json: inout JSONWriter) {
        json.beginObject()
        json.key("prompt_tokens"); json.int(usage.inputTokens)
        json.key("completion_tokens"); json.int(usage.outputTokens)
        json.key("total_tokens"); json.int(usage.totalTokens)
        json.key("prompt_tokens_details"); json.beginObject()
        json.key("cached_tokens"); json.int(usage.cachedInputTokens)
        json.endObject()
        json.key("completion_tokens_details"); json.beginObject()
        json.key("reasoning_tokens"); json.int(usage.reasoningTokens)
        json.endObject()
        json.endObject()
    }
}
