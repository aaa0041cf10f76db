import NIOCore
import SwitchyardModel

/// What the fast lane needs from an OpenAI chat-completions body, read from its bytes without
/// decoding it — or nil when the body needs the full decoder: anything it cannot vouch for
/// (content parts, tools, stop sequences, `max_cost`, escapes in the model name, odd types)
/// goes the long way, where every field is validated and errors name it.
public struct OpenAIFastLaneRequest: Sendable {
    public var model: String
    public var stream: Bool
    public var includeUsage: Bool
    public var maxTokens: Int?
    /// An upper bound on the prompt's tokens: the bytes of its message texts plus a few per
    /// message (a token is at least one byte in every tokenizer the catalog uses).
    public var promptTokenBound: Int

    /// Fields the full path validates beyond their JSON type: their presence sends the body the long way.
    static let unsupported: [StaticString] = ["max_cost", "stop", "seed", "tools", "tool_choice", "response_format", "n", "functions", "function_call"]
    static let keys: [StaticString] = ["model", "messages", "stream", "stream_options", "max_tokens", "max_completion_tokens", "temperature", "top_p", "user"]
    /// `keys` then `unsupported`: what one scan of the body looks for.
    static let scannedKeys = keys + unsupported
    static let messageKeys: [StaticString] = ["role", "content", "name", "tool_calls", "tool_call_id"]

    public static func inspect(_ body: ByteBuffer) -> OpenAIFastLaneRequest? {
        guard let fields = JSONScanner.topLevelValues(in: body, keys: scannedKeys),
              fields.noneFound(in: keys.count..<scannedKeys.count),
              let model = fields[0].flatMap({ plainString(body, $0) }), !model.isEmpty,
              let messages = fields[1].flatMap({ messagesBound(body, $0) })
        else { return nil }
        var request = OpenAIFastLaneRequest(model: model, stream: false, includeUsage: false, maxTokens: nil, promptTokenBound: messages)
        if let range = fields[2] {
            guard let flag = boolean(body, range) else { return nil }
            request.stream = flag ?? false
        }
        if let range = fields[3] {
            guard let options = slice(body, range), let inner = JSONScanner.topLevelValues(in: options, keys: ["include_usage"]) else {
                guard isNull(body, range) else { return nil }
                return request.finishing(fields, body)
            }
            if let usage = inner[0] {
                guard let flag = boolean(options, usage) else { return nil }
                request.includeUsage = flag ?? false
            }
        }
        return request.finishing(fields, body)
    }

    /// Reads the output cap, sampling ranges and `user`; nil when any is out of what the full path accepts.
    private func finishing(_ fields: JSONKeyRanges, _ body: ByteBuffer) -> OpenAIFastLaneRequest? {
        var request = self
        // `max_completion_tokens` wins over `max_tokens`.
        if let range = fields[5], !Self.isNull(body, range) {
            guard let value = JSONScanner.integer(in: body, range: range), value >= 1 else { return nil }
            request.maxTokens = value
        } else if let range = fields[4], !Self.isNull(body, range) {
            guard let value = JSONScanner.integer(in: body, range: range), value >= 1 else { return nil }
            request.maxTokens = value
        }
        guard Self.numberOrNull(body, fields[6], upTo: 2), Self.numberOrNull(body, fields[7], upTo: 1) else { return nil }
        if let range = fields[8], !Self.isNull(body, range), Self.plainString(body, range) == nil { return nil }
        return request
    }

    /// `messages`: a non-empty array of objects with a known role and string content (or null
    /// content), nothing else the decoder would check; returns the prompt's token bound.
    static func messagesBound(_ body: ByteBuffer, _ range: Range<Int>) -> Int? {
        guard var array = slice(body, range), array.readInteger(as: UInt8.self) == UInt8(ascii: "[") else { return nil }
        var bound = 3
        var count = 0
        while true {
            array.moveReaderIndex(forwardBy: array.readableBytesView.prefix { JSONScanner.isWhitespace($0) || $0 == UInt8(ascii: ",") }.count)
            guard let first = array.readableBytesView.first else { return nil }
            if first == UInt8(ascii: "]") { return count > 0 ? bound : nil }
            guard first == UInt8(ascii: "{"),
                  let end = JSONScanner.firstValueLength(in: array), let object = array.readSlice(length: end),
                  let fields = JSONScanner.topLevelValues(in: object, keys: messageKeys),
                  fields.noneFound(in: 2..<messageKeys.count),
                  let role = fields[0].flatMap({ plainString(object, $0) }), ChatMessage.Role(rawValue: role) != nil, role != "tool",
                  let content = fields[1],
                  isNull(object, content) || object.getInteger(at: object.readerIndex + content.lowerBound, as: UInt8.self) == UInt8(ascii: "\"")
            else { return nil }
            bound += content.count + 8
            count += 1
        }
    }

    static func slice(_ body: ByteBuffer, _ range: Range<Int>) -> ByteBuffer? {
        body.getSlice(at: body.readerIndex + range.lowerBound, length: range.count)
    }

    static func literal(_ body: ByteBuffer, _ range: Range<Int>) -> String {
        body.getString(at: body.readerIndex + range.lowerBound, length: range.count) ?? ""
    }

    static func isNull(_ body: ByteBuffer, _ range: Range<Int>) -> Bool {
        JSONScanner.value(in: body, at: range, is: "null")
    }

    /// Absent, null, or a number in 0...`limit`.
    static func numberOrNull(_ body: ByteBuffer, _ range: Range<Int>?, upTo limit: Double) -> Bool {
        guard let range, !isNull(body, range) else { return true }
        guard let value = Double(literal(body, range)) else { return false }
        return value >= 0 && value <= limit
    }

    /// A JSON string without escapes, unquoted; nil for anything else.
    static func plainString(_ body: ByteBuffer, _ range: Range<Int>) -> String? {
        body.withUnsafeReadableBytes { bytes -> String? in
            guard range.count >= 2, range.upperBound <= bytes.count, bytes[range.lowerBound] == UInt8(ascii: "\""),
                  bytes[range.upperBound - 1] == UInt8(ascii: "\"")
            else { return nil }
            let inner = UnsafeRawBufferPointer(rebasing: bytes[(range.lowerBound + 1)..<(range.upperBound - 1)])
            guard !inner.contains(UInt8(ascii: "\\")) else { return nil }
            return String(decoding: inner, as: UTF8.self)
        }
    }

    /// `.some(true/false)`, `.some(nil)` for null, nil for anything else.
    static func boolean(_ body: ByteBuffer, _ range: Range<Int>) -> Bool?? {
        if JSONScanner.value(in: body, at: range, is: "true") { return true }
        if JSONScanner.value(in: body, at: range, is: "false") { return false }
        return isNull(body, range) ? .some(nil) : nil
    }
}
