import SwitchyardModel

/// OpenAI's `POST /v1/chat/completions` body as it arrives on the wire.
struct OpenAIWireRequest: Decodable {
    var model: String
    var messages: [OpenAIWireMessage]
    var stream: Bool?
    var stream_options: StreamOptions?
    var max_tokens: Int?
    var max_completion_tokens: Int?
    var temperature: Double?
    var top_p: Double?
    var stop: OpenAIStop?
    var seed: Int64?
    var tools: [OpenAIWireTool]?
    var tool_choice: JSONValue?
    var response_format: JSONValue?
    var user: String?

    struct StreamOptions: Decodable {
        var include_usage: Bool?
    }
}

/// `stop`: a string or an array of strings.
struct OpenAIStop: Decodable {
    var values: [String]

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { values = [] }
        else if let single = try? container.decode(String.self) { values = [single] }
        else { values = try container.decode([String].self) }
    }
}

struct OpenAIWireMessage: Decodable {
    var role: ChatMessage.Role
    var content: OpenAIWireContent?
    var name: String?
    var tool_calls: [OpenAIWireToolCall]?
    var tool_call_id: String?
}

/// Message content: a string, an array of typed parts, or null.
struct OpenAIWireContent: Decodable {
    var parts: [ContentPart]

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            parts = [.text(text)]
        } else {
            parts = try container.decode([OpenAIWireContentPart].self).compactMap(\.canonical)
        }
    }
}

struct OpenAIWireContentPart: Decodable {
    var type: String
    var text: String?
    var image_url: ImageURL?

    struct ImageURL: Decodable {
        var url: String
        var detail: String?
    }

    /// The canonical part; parts the gateway does not model (audio, files) are forwarded only on the fast path.
    var canonical: ContentPart? {
        switch type {
        case "text": text.map(ContentPart.text)
        case "image_url": image_url.map { .image(url: $0.url, detail: $0.detail) }
        default: nil
        }
    }
}

struct OpenAIWireToolCall: Codable {
    var id: String
    var type: String?
    var function: Function

    struct Function: Codable {
        var name: String
        var arguments: String
    }
}

struct OpenAIWireTool: Decodable {
    var type: String
    var function: Function

    struct Function: Decodable {
        var name: String
        var description: String?
        var parameters: JSONValue?
    }
}

extension ChatMessage.Role: Decodable {}
