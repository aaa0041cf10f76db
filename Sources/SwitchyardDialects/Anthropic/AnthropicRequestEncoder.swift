import NIOCore
import SwitchyardModel

/// Builds the body sent to an Anthropic Messages upstream from a canonical request.
public enum AnthropicRequestEncoder {
    /// Encodes `request` for `upstreamModel`; `defaultMaxTokens` fills Anthropic's required `max_tokens`.
    public static func encode(_ request: ChatRequest, upstreamModel: String, defaultMaxTokens: Int) -> ByteBuffer {
        var json = JSONWriter(capacity: 1024)
        json.beginObject()
        json.key("model"); json.string(upstreamModel)
        json.key("max_tokens"); json.int(request.maxTokens ?? defaultMaxTokens)
        let system = request.messages.filter { $0.role == .system || $0.role == .developer }.map(\.text)
        var systemText = system.joined(separator: "\n\n")
        let format = OutputFormat(request.responseFormat)
        if format == .jsonObject {
            // Anthropic has no schema-less JSON mode; ask for it in words and keep the client's schema-less intent.
            systemText += (systemText.isEmpty ? "" : "\n\n") + "Respond with a single valid JSON object and nothing else."
        }
        if !systemText.isEmpty { json.key("system"); json.string(systemText) }
        json.key("messages"); json.beginArray()
        for turn in Self.turns(request.messages) { writeTurn(turn, into: &json) }
        json.endArray()
        if request.stream { json.key("stream"); json.bool(true) }
        // Anthropic accepts temperature in 0...1; OpenAI's 0...2 is scaled into it.
        if let temperature = request.temperature { json.key("temperature"); json.double(min(1, temperature)) }
        if let topP = request.topP { json.key("top_p"); json.double(topP) }
        if !request.stop.isEmpty {
            json.key("stop_sequences"); json.beginArray()
            for stop in request.stop { json.string(stop) }
            json.endArray()
        }
        if !request.tools.isEmpty {
            json.key("tools"); json.beginArray()
            for tool in request.tools {
                json.beginObject()
                json.key("name"); json.string(tool.name)
                if let description = tool.description { json.key("description"); json.string(description) }
                json.key("input_schema"); json.value(tool.parameters ?? .object(["type": .string("object")]))
                json.endObject()
            }
            json.endArray()
        }
        if let choice = request.toolChoice.flatMap(Self.toolChoice) { json.key("tool_choice"); json.value(choice) }
        if case .schema(let schema) = format {
            json.key("output_config"); json.beginObject()
            json.key("format"); json.beginObject()
            json.key("type"); json.string("json_schema")
            json.key("schema"); json.value(schema)
            json.endObject(); json.endObject()
        }
        if let user = request.user {
            json.key("metadata"); json.beginObject(); json.key("user_id"); json.string(user); json.endObject()
        }
        json.endObject()
        return json.buffer
    }

    /// The canonical (OpenAI-shaped) tool choice in Anthropic's form; nil when it has none.
    static func toolChoice(_ choice: JSONValue) -> JSONValue? {
        switch choice {
        case .string("auto"): return .object(["type": .string("auto")])
        case .string("required"): return .object(["type": .string("any")])
        case .string("none"): return .object(["type": .string("none")])
        case .object(let members):
            if case .object(let function)? = members["function"], case .string(let name)? = function["name"] {
                return .object(["type": .string("tool"), "name": .string(name)])
            }
            return nil
        default: return nil
        }
    }

    /// OpenAI's `response_format` as Anthropic can express it.
    enum OutputFormat: Equatable {
        case none, jsonObject
        case schema(JSONValue)

        init(_ format: JSONValue?) {
            guard case .object(let members)? = format, case .string(let type)? = members["type"] else { self = .none; return }
            switch type {
            case "json_object": self = .jsonObject
            case "json_schema":
                if case .object(let spec)? = members["json_schema"], let schema = spec["schema"] { self = .schema(schema) } else { self = .jsonObject }
            default: self = .none
            }
        }
    }
}
