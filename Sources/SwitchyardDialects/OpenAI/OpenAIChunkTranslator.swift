import Foundation
import NIOCore
import NIOFoundationCompat
import SwitchyardModel

/// Turns the `data:` payloads of an OpenAI-compatible stream into canonical events.
///
/// In passthrough mode (client speaks OpenAI too) chunks are forwarded as bytes with only
/// `model` rewritten; usage-only chunks become `.usage` so the gateway decides whether the
/// client sees them.
public struct OpenAIChunkTranslator: Sendable {
    public let clientModel: String
    public let passthrough: Bool
    private let modelJSON: String
    private let modelBytes: ByteBuffer

    public init(clientModel: String, passthrough: Bool) {
        self.clientModel = clientModel
        self.passthrough = passthrough
        self.modelJSON = OpenAIRequestEncoder.jsonString(clientModel)
        self.modelBytes = ByteBuffer(string: modelJSON)
    }

    /// The stream head read from the first chunk.
    public func head(from chunk: ByteBuffer) -> ChatStreamHead {
        let fields = JSONScanner.topLevelValues(in: chunk, keys: ["id", "created"])
        let id = fields?[0].flatMap { OpenAIResponseDecoder.stringValue(chunk, range: $0) } ?? ""
        let created = fields?[1].flatMap { Int64(OpenAIResponseDecoder.rawValue(chunk, range: $0)) } ?? 0
        return ChatStreamHead(id: id, created: created, model: clientModel)
    }

    /// Appends the events of one chunk to `events`; throws 502 for a chunk that is not a JSON object.
    public func translate(_ chunk: ByteBuffer, into events: inout [ChatEvent]) throws(GatewayError) {
        let (fields, usage, hasChoices) = try inspect(chunk)
        if hasChoices {
            if passthrough {
                if let modelRange = fields[0], !JSONScanner.value(in: chunk, at: modelRange, is: modelJSON) {
                    events.append(.passthrough(JSONScanner.splice(chunk, replacing: [(modelRange, modelJSON)])))
                } else {
                    events.append(.passthrough(chunk))
                }
            } else {
                try appendCanonical(chunk, into: &events)
            }
        }
        if let usage { events.append(.usage(usage)) }
    }

    /// `translate` for a passthrough client, framed straight into `out`: a chunk with choices goes
    /// out as `data: <chunk>\n\n`, its `model` rewritten as it is copied, with no buffer made for
    /// it. Returns whether the chunk was written and the usage it carried (for the caller to
    /// settle and, if the client asked, to send as its own chunk).
    public func forward(_ chunk: ByteBuffer, into out: inout ByteBuffer) throws(GatewayError) -> (written: Bool, usage: Usage?) {
        let (fields, usage, hasChoices) = try inspect(chunk)
        guard hasChoices else { return (false, usage) }
        out.writeStaticString("data: ")
        if let model = fields[0], !JSONScanner.value(in: chunk, at: model, is: modelJSON) {
            out.writeImmutableBuffer(chunk.getSlice(at: chunk.readerIndex, length: model.lowerBound)!)
            out.writeImmutableBuffer(modelBytes)
            out.writeImmutableBuffer(chunk.getSlice(at: chunk.readerIndex + model.upperBound, length: chunk.readableBytes - model.upperBound)!)
        } else {
            out.writeImmutableBuffer(chunk)
        }
        out.writeStaticString("\n\n")
        return (true, usage)
    }

    /// The chunk's `model`, `usage`, `choices` and `error` ranges, its usage, and whether it has choices.
    private func inspect(_ chunk: ByteBuffer) throws(GatewayError) -> (fields: JSONKeyRanges, usage: Usage?, hasChoices: Bool) {
        guard let fields = JSONScanner.topLevelValues(in: chunk, keys: ["model", "usage", "choices", "error"]) else {
            throw OpenAIResponseDecoder.badResponse("a stream of JSON chunks")
        }
        if fields[3] != nil, fields[2] == nil {
            throw GatewayError(.upstreamError, "The upstream reported an error in the middle of the stream.")
        }
        let usage = fields[1].flatMap { OpenAIResponseDecoder.decodeUsage(chunk, range: $0) }
        return (fields, usage, fields[2].map { !Self.isEmptyArray(chunk, range: $0) } ?? false)
    }

    private func appendCanonical(_ chunk: ByteBuffer, into events: inout [ChatEvent]) throws(GatewayError) {
        guard let wire = try? JSONDecoder().decode(OpenAIWireChunk.self, from: chunk) else {
            throw OpenAIResponseDecoder.badResponse("a stream of chat completion chunks")
        }
        for choice in wire.choices {
            let index = choice.index ?? 0
            if let delta = choice.delta {
                let calls: [ToolCallDelta] = (delta.tool_calls ?? []).map { (fragment: OpenAIWireChunk.ToolCallFragment) in
                    ToolCallDelta(index: fragment.index ?? 0, id: fragment.id, name: fragment.function?.name, argumentsFragment: fragment.function?.arguments ?? "")
                }
                if delta.role != nil || delta.content != nil || !calls.isEmpty {
                    events.append(.delta(ChatDelta(
                        choice: index, role: delta.role.flatMap(ChatMessage.Role.init(rawValue:)),
                        text: delta.content, toolCalls: calls
                    )))
                }
            }
            if let reason = choice.finish_reason {
                events.append(.finish(choice: index, reason: FinishReason(rawValue: reason)))
            }
        }
    }

    /// The raw JSON string literal of `choices[0].delta.content` in a chunk, without decoding it.
    public func contentLiteral(of chunk: ByteBuffer) -> ByteBuffer? {
        guard let choices = JSONScanner.topLevelValues(in: chunk, keys: ["choices"])?[0],
              let array = chunk.getSlice(at: chunk.readerIndex + choices.lowerBound, length: choices.count),
              let open = array.readableBytesView.firstIndex(of: UInt8(ascii: "{")),
              let first = array.getSlice(at: open, length: array.writerIndex - open),
              let delta = JSONScanner.topLevelValuesOfFirstObject(in: first, keys: ["delta"])?[0],
              let deltaObject = first.getSlice(at: first.readerIndex + delta.lowerBound, length: delta.count),
              let content = JSONScanner.topLevelValues(in: deltaObject, keys: ["content"])?[0],
              let literal = deltaObject.getSlice(at: deltaObject.readerIndex + content.lowerBound, length: content.count),
              literal.readableBytesView.first == UInt8(ascii: "\"")
        else { return nil }
        return literal
    }

    /// Whether the value at `range` is `null` or an empty array, read in place (runs per chunk).
    static func isEmptyArray(_ chunk: ByteBuffer, range: Range<Int>) -> Bool {
        let bytes = chunk.readableBytesView.dropFirst(range.lowerBound).prefix(range.count)
        guard let first = bytes.first else { return true }
        if first == UInt8(ascii: "n") { return true }
        return first == UInt8(ascii: "[") && bytes.dropFirst().first(where: { !JSONScanner.isWhitespace($0) }) == UInt8(ascii: "]")
    }
}

struct OpenAIWireChunk: Decodable {
    var choices: [Choice]

    struct Choice: Decodable {
        var index: Int?
        var delta: Delta?
        var finish_reason: String?
    }

    struct Delta: Decodable {
        var role: String?
        var content: String?
        var tool_calls: [ToolCallFragment]?
    }

    struct ToolCallFragment: Decodable {
        var index: Int?
        var id: String?
        var function: Function?

        struct Function: Decodable {
            var name: String?
            var arguments: String?
        }
    }
}
