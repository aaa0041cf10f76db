import SwitchyardModel

extension AnthropicRequestEncoder {
    /// One Anthropic message: a role and its content blocks.
    struct Turn {
        var role: String
        var blocks: [Block]
    }

    /// A content block of a request message.
    enum Block {
        case text(String)
        case image(url: String)
        case toolUse(ToolCall)
        case toolResult(id: String, text: String)
    }

    /// The conversation without system messages, as alternating Anthropic turns: tool results
    /// go into a user turn and consecutive turns of one role are merged (Anthropic requires alternation).
    static func turns(_ messages: [ChatMessage]) -> [Turn] {
        var turns: [Turn] = []
        for message in messages {
            let role: String
            var blocks: [Block] = []
            switch message.role {
            case .system, .developer: continue
            case .tool:
                role = "user"
                blocks.append(.toolResult(id: message.toolCallID ?? "", text: message.text))
            case .user, .assistant:
                role = message.role == .user ? "user" : "assistant"
                for part in message.content {
                    switch part {
                    case .text(let text): if !text.isEmpty { blocks.append(.text(text)) }
                    case .image(let url, _): blocks.append(.image(url: url))
                    }
                }
                blocks += message.toolCalls.map(Block.toolUse)
            }
            if blocks.isEmpty { blocks.append(.text("")) }
            if let last = turns.indices.last, turns[last].role == role {
                turns[last].blocks += blocks
            } else {
                turns.append(Turn(role: role, blocks: blocks))
            }
        }
        return turns
    }

    static func writeTurn(_ turn: Turn, into json: inout JSONWriter) {
        json.beginObject()
        json.key("role"); json.string(turn.role)
        json.key("content"); json.beginArray()
        for block in turn.blocks {
            json.beginObject()
            switch block {
            case .text(let text):
                json.key("type"); json.string("text")
                json.key("text"); json.string(text)
            case .image(let url):
                json.key("type"); json.string("image")
                json.key("source"); writeImageSource(url, into: &json)
            case .toolUse(let call):
                json.key("type"); json.string("tool_use")
                json.key("id"); json.string(call.id)
                json.key("name"); json.string(call.name)
                json.key("input"); AnthropicResponseEncoder.writeToolInput(call.arguments, into: &json)
            case .toolResult(let id, let text):
                json.key("type"); json.string("tool_result")
                json.key("tool_use_id"); json.string(id)
                json.key("content"); json.string(text)
            }
            json.endObject()
        }
        json.endArray()
        json.endObject()
    }

    /// A `data:` URL as a base64 source, any other URL as a url source.
    static func writeImageSource(_ url: String, into json: inout JSONWriter) {
        json.beginObject()
        if url.hasPrefix("data:"), let comma = url.firstIndex(of: ","), url[..<comma].hasSuffix(";base64") {
            let mediaType = url[url.index(url.startIndex, offsetBy: 5)..<comma].dropLast(";base64".count)
            json.key("type"); json.string("base64")
            json.key("media_type"); json.string(String(mediaType))
            json.key("data"); json.string(String(url[url.index(after: comma)...]))
        } else {
            json.key("type"); json.string("url")
            json.key("url"); json.string(url)
        }
        json.endObject()
    }
}
