import NIOCore
import SwitchyardModel

/// Builds the body sent to an OpenAI-compatible upstream.
public enum OpenAIRequestEncoder {
    /// The upstream body for `request`, naming `upstreamModel` and asking for stream usage.
    ///
    /// Same-dialect requests keep the client's bytes and change only `model`,
    /// `stream_options` and a budget-capped `max_tokens` (fast path); others are encoded from the canonical form.
    public static func upstreamBody(for request: ChatRequest, upstreamModel: String) -> ByteBuffer {
        if let original = request.original, original.dialect == .openAI,
           let fields = JSONScanner.topLevelValues(in: original.bytes, keys: ["model", "stream_options", "max_tokens", "max_completion_tokens", "logprobs"]),
           let modelRange = fields[0] {
            let modelJSON = jsonString(upstreamModel)
            // A model the upstream knows by the client's name needs no edit.
            var edits: [(range: Range<Int>, json: String)] = JSONScanner.value(in: original.bytes, at: modelRange, is: modelJSON) ? [] : [(modelRange, modelJSON)]
            var prefixes: [String] = []
            if request.stream {
                if let optionsRange = fields[1] {
                    edits.append((optionsRange, #"{"include_usage":true}"#))
                } else {
                    prefixes.append(#""stream_options":{"include_usage":true}"#)
                }
            }
            // Admission capped the output to what the key's budget pays for.
            if let maxTokens = request.maxTokens, fields[2] == nil, fields[3] == nil {
                prefixes.append(#""max_tokens":\#(maxTokens)"#)
            }
            if request.confidenceProbe, fields[4] == nil { prefixes.append(#""logprobs":true"#) }
            if edits.isEmpty, prefixes.isEmpty { return original.bytes }
            return JSONScanner.splice(original.bytes, replacing: edits, insertingFirst: prefixes.isEmpty ? nil : prefixes.joined(separator: ","))
        }
        return encodeCanonical(request, upstreamModel: upstreamModel)
    }

    /// Encodes a canonical request as an OpenAI body.
    public static func encodeCanonical(_ request: ChatRequest, upstreamModel: String) -> ByteBuffer {
        var json = JSONWriter(capacity: 1024)
        json.beginObject()
        json.key("model"); json.string(upstreamModel)
        json.key("messages"); json.beginArray()
        for message in request.messages { writeRequestMessage(message, into: &json) }
        json.endArray()
        if request.stream {
            json.key("stream"); json.bool(true)
            json.key("stream_options"); json.beginObject(); json.key("include_usage"); json.bool(true); json.endObject()
        }
        if let maxTokens = request.maxTokens { json.key("max_tokens"); json.int(maxTokens) }
        if request.confidenceProbe { json.key("logprobs"); json.bool(true) }
        if let temperature = request.temperature { json.key("temperature"); json.double(temperature) }
        if let topP = request.topP { json.key("top_p"); json.double(topP) }
        if !request.stop.isEmpty {
            json.key("stop"); json.beginArray()
            for stop in request.stop { json.string(stop) }
            json.endArray()
        }
        if let seed = request.seed { json.key("seed"); json.int(seed) }
        if !request.tools.isEmpty {
            json.key("tools"); json.beginArray()
            for tool in request.tools {
                json.beginObject()
                json.key("type"); json.string("function")
                json.key("function"); json.beginObject()
                json.key("name"); json.string(tool.name)
                if let description = tool.description { json.key("description"); json.string(description) }
                if let parameters = tool.parameters { json.key("parameters"); json.value(parameters) }
                json.endObject()
                json.endObject()
            }
            json.endArray()
        }
        if let choice = request.toolChoice { json.key("tool_choice"); json.value(choice) }
        if let format = request.responseFormat { json.key("response_format"); json.value(format) }
        if let user = request.user { json.key("user"); json.string(user) }
        json.endObject()
        return json.buffer
    }

    private static func writeRequestMessage(_ message: ChatMessage, into json: inout JSONWriter) {
        json.beginObject()
        json.key("role"); json.string(message.role.rawValue)
        json.key("content")
        let hasImage = message.content.contains { if case .image = $0 { true } else { false } }
        if hasImage {
            json.beginArray()
            for part in message.content {
                json.beginObject()
                switch part {
                case .text(let text):
                    json.key("type"); json.string("text"); json.key("text"); json.string(text)
                case .image(let url, let detail):
                    json.key("type"); json.string("image_url")
                    json.key("image_url"); json.beginObject()
                    json.key("url"); json.string(url)
                    if let detail { json.key("detail"); json.string(detail) }
                    json.endObject()
                }
                json.endObject()
            }
            json.endArray()
        } else if message.content.isEmpty && !message.toolCalls.isEmpty {
            json.null()
        } else {
            json.string(message.text)
        }
        if let name = message.name { json.key("name"); json.string(name) }
        if let id = message.toolCallID { json.key("tool_call_id"); json.string(id) }
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

    /// `text` as a JSON string literal.
    public static func jsonString(_ text: String) -> String {
        // Model names are printable ASCII with nothing to escape: quoted as they are, a short
        // one stays a small string (no allocation) — this runs twice on every fast-lane request.
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }) {
            return "\"" + text + "\""
        }
        var json = JSONWriter(capacity: text.utf8.count + 2)
        json.string(text)
        return String(buffer: json.buffer)
    }
}
