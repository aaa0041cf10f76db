import Foundation
import NIOCore
import NIOFoundationCompat
import SwitchyardModel

/// Reads what an OpenAI-compatible upstream sends back: whole bodies, stream chunks, usage.
public enum OpenAIResponseDecoder {
    /// A complete upstream body, rewritten for the client (fast path): `model` becomes `clientModel`, usage is peeked
    /// (`usage.isEstimated` is set when the body carries none, so the caller can count it).
    /// Throws 502 when the body is not a chat completion.
    public static func passthroughCompletion(_ body: ByteBuffer, clientModel: String) throws(GatewayError) -> ChatCompletion {
        guard let fields = JSONScanner.topLevelValues(in: body, keys: ["model", "usage", "choices", "id", "created"]),
              fields[2] != nil
        else { throw badResponse("a chat completion object") }
        var usage = Usage()
        if let reported = fields[1].flatMap({ decodeUsage(body, range: $0) }) { usage = reported } else { usage.isEstimated = true }
        var rewritten = body
        let modelJSON = OpenAIRequestEncoder.jsonString(clientModel)
        // Most upstreams already name the model as the client did: then the body goes out as it came.
        if let modelRange = fields[0], !JSONScanner.value(in: body, at: modelRange, is: modelJSON) {
            rewritten = JSONScanner.splice(body, replacing: [(modelRange, modelJSON)])
        }
        let id = fields[3].flatMap { stringValue(body, range: $0) } ?? ""
        let created = fields[4].flatMap { Int64(rawValue(body, range: $0)) } ?? 0
        return ChatCompletion(id: id, created: created, model: clientModel, choices: [], usage: usage, passthroughBody: rewritten)
    }

    /// A complete upstream body decoded into canonical form.
    public static func canonicalCompletion(_ body: ByteBuffer, clientModel: String) throws(GatewayError) -> ChatCompletion {
        guard let wire = try? JSONDecoder().decode(OpenAIWireCompletion.self, from: body) else {
            throw badResponse("a chat completion object")
        }
        let choices = wire.choices.map { choice in
            ChatChoice(index: choice.index ?? 0, message: choice.message.canonical, finishReason: choice.finish_reason.map(FinishReason.init))
        }
        var completion = ChatCompletion(
            id: wire.id ?? "", created: wire.created ?? 0, model: clientModel, choices: choices,
            usage: wire.usage?.canonical ?? { var missing = Usage(); missing.isEstimated = true; return missing }()
        )
        completion.confidence = wire.choices.first?.logprobs?.confidence
        return completion
    }

    /// Usage read from the JSON object at `range`, or nil when it is null or malformed.
    ///
    /// Read with the scanner rather than a decoder: it runs on every response and final chunk.
    public static func decodeUsage(_ body: ByteBuffer, range: Range<Int>) -> Usage? {
        guard let usage = body.getSlice(at: body.readerIndex + range.lowerBound, length: range.count),
              let fields = JSONScanner.topLevelValues(in: usage, keys: ["prompt_tokens", "completion_tokens", "prompt_tokens_details", "completion_tokens_details"])
        else { return nil }
        func int(_ buffer: ByteBuffer, _ range: Range<Int>?) -> Int { range.flatMap { JSONScanner.integer(in: buffer, range: $0) } ?? 0 }
        func nested(_ range: Range<Int>?, _ keys: [StaticString]) -> Int {
            guard let range, let object = usage.getSlice(at: usage.readerIndex + range.lowerBound, length: range.count),
                  let inner = JSONScanner.topLevelValues(in: object, keys: keys)
            else { return 0 }
            return int(object, inner[0])
        }
        return .openAI(
            promptTokens: int(usage, fields[0]), completionTokens: int(usage, fields[1]),
            cachedTokens: nested(fields[2], cachedTokensKey), reasoningTokens: nested(fields[3], reasoningTokensKey)
        )
    }

    // Made once: an array built from a parameter at the call would be allocated on every response.
    private static let cachedTokensKey: [StaticString] = ["cached_tokens"]
    private static let reasoningTokensKey: [StaticString] = ["reasoning_tokens"]

    static func rawValue(_ body: ByteBuffer, range: Range<Int>) -> String {
        body.getString(at: body.readerIndex + range.lowerBound, length: range.count) ?? ""
    }

    static func stringValue(_ body: ByteBuffer, range: Range<Int>) -> String? {
        let raw = rawValue(body, range: range)
        guard raw.count >= 2, raw.first == "\"" else { return nil }
        return String(raw.dropFirst().dropLast())
    }

    static func badResponse(_ expected: String) -> GatewayError {
        GatewayError(.upstreamBadResponse, "The upstream returned a response that is not \(expected).")
    }
}

struct OpenAIWireUsage: Decodable {
    var prompt_tokens: Int?
    var completion_tokens: Int?
    var prompt_tokens_details: PromptDetails?
    var completion_tokens_details: CompletionDetails?

    struct PromptDetails: Decodable { var cached_tokens: Int? }
    struct CompletionDetails: Decodable { var reasoning_tokens: Int? }

    var canonical: Usage {
        .openAI(
            promptTokens: prompt_tokens ?? 0, completionTokens: completion_tokens ?? 0,
            cachedTokens: prompt_tokens_details?.cached_tokens ?? 0, reasoningTokens: completion_tokens_details?.reasoning_tokens ?? 0
        )
    }
}

struct OpenAIWireCompletion: Decodable {
    var id: String?
    var created: Int64?
    var choices: [Choice]
    var usage: OpenAIWireUsage?

    struct Choice: Decodable {
        var index: Int?
        var message: OpenAIWireResponseMessage
        var finish_reason: String?
        var logprobs: Logprobs?
    }

    /// `choices[].logprobs`: one entry per generated token.
    struct Logprobs: Decodable {
        var content: [Token]?
        struct Token: Decodable { var logprob: Double }

        /// The geometric mean of the tokens' probabilities, or nil without tokens.
        var confidence: Double? {
            guard let tokens = content, !tokens.isEmpty else { return nil }
            let mean = tokens.reduce(0) { $0 + $1.logprob } / Double(tokens.count)
            return exp(mean)
        }
    }
}

struct OpenAIWireResponseMessage: Decodable {
    var role: String?
    var content: String?
    var tool_calls: [OpenAIWireToolCall]?

    var canonical: ChatMessage {
        ChatMessage(
            role: .assistant, content: content.map { [.text($0)] } ?? [],
            toolCalls: (tool_calls ?? []).map { ToolCall(id: $0.id, name: $0.function.name, arguments: $0.function.arguments) }
        )
    }
}
