import Foundation
import NIOCore
import NIOFoundationCompat
import SwitchyardModel

/// Turns an OpenAI chat-completions body into a canonical `ChatRequest`, or a 400 naming the field.
public enum OpenAIRequestDecoder {
    /// Decodes and validates `body`; keeps the bytes for the same-dialect fast path.
    public static func decode(_ body: ByteBuffer) throws(GatewayError) -> ChatRequest {
        let wire = try decodeRequestBody(OpenAIWireRequest.self, from: body)
        var request = try ChatRequest(validating: wire, original: OriginalBody(dialect: .openAI, bytes: body))
        if let range = JSONScanner.topLevelValues(in: body, keys: ["max_cost"])?[0] {
            // Read from the JSON text, not a Double, so 0.1 means exactly 100,000 micro-dollars.
            var text = body.getString(at: body.readerIndex + range.lowerBound, length: range.count) ?? ""
            if text.hasPrefix("\""), text.hasSuffix("\""), text.count >= 2 { text = String(text.dropFirst().dropLast()) }
            guard let limit = MicroDollars(dollars: text) else {
                throw GatewayError(.invalidValue, "'max_cost' must be a dollar amount like 0.01, got \(text.prefix(40)).", param: "max_cost")
            }
            request.maxCostMicroDollars = limit.value
            // A gateway field: upstreams must not see it, so the body is re-encoded rather than forwarded.
            request.original = nil
        }
        return request
    }
}

/// Decodes a client's JSON body, turning every failure into a 400 that names the field.
func decodeRequestBody<Wire: Decodable>(_ type: Wire.Type, from body: ByteBuffer) throws(GatewayError) -> Wire {
    do {
        return try JSONDecoder().decode(Wire.self, from: body)
    } catch let error as DecodingError {
        throw GatewayError(decoding: error)
    } catch {
        throw GatewayError(.invalidJSON, "The request body is not valid JSON.")
    }
}

extension ChatRequest {
    init(validating wire: OpenAIWireRequest, original: OriginalBody) throws(GatewayError) {
        guard !wire.model.isEmpty else {
            throw GatewayError(.invalidValue, "'model' must not be empty.", param: "model")
        }
        guard !wire.messages.isEmpty else {
            throw GatewayError(.invalidValue, "'messages' must contain at least one message.", param: "messages")
        }
        let maxTokens = wire.max_completion_tokens ?? wire.max_tokens
        if let maxTokens, maxTokens < 1 {
            let field = wire.max_completion_tokens != nil ? "max_completion_tokens" : "max_tokens"
            throw GatewayError(.invalidValue, "'\(field)' must be at least 1, got \(maxTokens).", param: field)
        }
        if let temperature = wire.temperature, !(0...2).contains(temperature) {
            throw GatewayError(.invalidValue, "'temperature' must be between 0 and 2, got \(temperature).", param: "temperature")
        }
        if let topP = wire.top_p, !(0...1).contains(topP) {
            throw GatewayError(.invalidValue, "'top_p' must be between 0 and 1, got \(topP).", param: "top_p")
        }
        let stop = wire.stop?.values ?? []
        if stop.count > 4 {
            throw GatewayError(.invalidValue, "'stop' takes at most 4 sequences, got \(stop.count).", param: "stop")
        }
        let messages = wire.messages.map(\.canonical)
        self.init(
            model: wire.model, messages: messages, stream: wire.stream ?? false,
            includeUsage: wire.stream_options?.include_usage ?? false, maxTokens: maxTokens,
            temperature: wire.temperature, topP: wire.top_p, stop: stop, seed: wire.seed,
            tools: (wire.tools ?? []).map { ChatTool(name: $0.function.name, description: $0.function.description, parameters: $0.function.parameters) },
            toolChoice: wire.tool_choice, responseFormat: wire.response_format, user: wire.user, original: original
        )
    }
}

extension GatewayError {
    /// A 400 that names the offending field, from a decoding failure.
    init(decoding error: DecodingError) {
        switch error {
        case .keyNotFound(let key, let context):
            let field = Self.fieldPath(context.codingPath + [key])
            self.init(.missingField, "Missing required parameter: '\(field)'.", param: field)
        case .typeMismatch(let type, let context):
            let field = Self.fieldPath(context.codingPath)
            self.init(.invalidType, "Invalid type for '\(field)': expected \(Self.typeName(type)).", param: field)
        case .valueNotFound(let type, let context):
            let field = Self.fieldPath(context.codingPath)
            self.init(.invalidType, "Invalid type for '\(field)': expected \(Self.typeName(type)), got null.", param: field)
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            self.init(.invalidJSON, "The request body is not valid JSON. Send a JSON object with 'model' and 'messages'.")
        case .dataCorrupted(let context):
            let field = Self.fieldPath(context.codingPath)
            self.init(.invalidValue, "Invalid value for '\(field)'.", param: field)
        @unknown default:
            self.init(.invalidRequest, "The request body could not be read.")
        }
    }

    static func fieldPath(_ path: [any CodingKey]) -> String {
        path.reduce(into: "") { result, key in
            if let index = key.intValue { result += "[\(index)]" }
            else { result += result.isEmpty ? key.stringValue : ".\(key.stringValue)" }
        }
    }

    static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "a boolean"
        case is Int.Type, is Int64.Type: "an integer"
        case is Double.Type: "a number"
        case is [Any].Type: "an array"
        default: type == [String: Any].self ? "an object" : "a different type"
        }
    }
}
