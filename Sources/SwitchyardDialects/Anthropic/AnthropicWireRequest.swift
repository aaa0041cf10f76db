import SwitchyardModel

/// Anthropic's `POST /v1/messages` body as it arrives on the wire.
struct AnthropicWireRequest: Decodable {
    var model: String
    var messages: [AnthropicWireMessage]
    var max_tokens: Int
    var system: AnthropicWireText?
    var stream: Bool?
    var stop_sequences: [String]?
    var temperature: Double?
    var top_p: Double?
    var top_k: Int?
    var tools: [AnthropicWireTool]?
    var tool_choice: AnthropicWireToolChoice?
    var metadata: Metadata?
    var output_config: OutputConfig?

    struct Metadata: Decodable {
        var user_id: String?
    }

    /// Structured output: `{"format": {"type": "json_schema", "schema": {...}}}`.
    struct OutputConfig: Decodable {
        var format: Format?

        struct Format: Decodable {
            var type: String
            var schema: JSONValue?
        }
    }
}

/// `system`: a string or an array of text blocks.
struct AnthropicWireText: Decodable {
    var text: String

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let single = try? container.decode(String.self) {
            text = single
        } else {
            text = try container.decode([AnthropicWireBlock].self).compactMap(\.text).joined(separator: "\n")
        }
    }
}

struct AnthropicWireMessage: Decodable {
    var role: String
    var content: AnthropicWireContent
}

/// Message content: a string or an array of content blocks.
struct AnthropicWireContent: Decodable {
    var blocks: [AnthropicWireBlock]

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            blocks = [AnthropicWireBlock(type: "text", text: text)]
        } else {
            blocks = try container.decode([AnthropicWireBlock].self)
        }
    }
}

/// One content block: `text`, `image`, `tool_use`, `tool_result` (others are carried but ignored).
struct AnthropicWireBlock: Decodable {
    var type: String
    var text: String?
    var source: ImageSource?
    var id: String?
    var name: String?
    var input: JSONValue?
    var tool_use_id: String?
    var content: AnthropicWireContent?
    var is_error: Bool?

    init(type: String, text: String? = nil) {
        self.type = type
        self.text = text
    }

    struct ImageSource: Decodable {
        var type: String
        var media_type: String?
        var data: String?
        var url: String?
    }
}

struct AnthropicWireTool: Decodable {
    var type: String?
    var name: String
    var description: String?
    var input_schema: JSONValue?
}

struct AnthropicWireToolChoice: Decodable {
    var type: String
    var name: String?
    var disable_parallel_tool_use: Bool?
}
