import NIOCore
import SwitchyardModel

/// Decodes OpenAI's `POST /v1/embeddings` body, or a 400 naming the field.
public enum OpenAIEmbeddingRequestDecoder {
    /// The most inputs one request may carry (OpenAI's limit).
    public static let maxInputs = 2048

    struct Wire: Decodable {
        var model: String
        var input: Input
        var encoding_format: String?
        var dimensions: Int?
    }

    /// `input`: a string, an array of strings, an array of token ids, or an array of those arrays.
    enum Input: Decodable {
        case texts([String])
        case tokens([[Int]])

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let text = try? container.decode(String.self) { self = .texts([text]) }
            else if let texts = try? container.decode([String].self) { self = .texts(texts) }
            else if let tokens = try? container.decode([Int].self) { self = .tokens([tokens]) }
            else { self = .tokens(try container.decode([[Int]].self)) }
        }
    }

    /// Decodes and validates `body`.
    public static func decode(_ body: ByteBuffer) throws(GatewayError) -> EmbeddingRequest {
        let wire = try decodeRequestBody(Wire.self, from: body)
        guard !wire.model.isEmpty else { throw GatewayError(.invalidValue, "'model' must not be empty.", param: "model") }
        if let format = wire.encoding_format, format != "float", format != "base64" {
            throw GatewayError(.invalidValue, "'encoding_format' must be 'float' or 'base64', got '\(format.prefix(40))'.", param: "encoding_format")
        }
        if let dimensions = wire.dimensions, dimensions < 1 {
            throw GatewayError(.invalidValue, "'dimensions' must be at least 1, got \(dimensions).", param: "dimensions")
        }
        switch wire.input {
        case .texts(let texts):
            try checkCount(texts.count)
            if texts.contains(where: \.isEmpty) {
                throw GatewayError(.invalidValue, "'input' must not contain empty strings.", param: "input")
            }
            return EmbeddingRequest(model: wire.model, texts: texts, original: body)
        case .tokens(let arrays):
            try checkCount(arrays.count)
            if arrays.contains(where: \.isEmpty) {
                throw GatewayError(.invalidValue, "'input' must not contain empty token arrays.", param: "input")
            }
            return EmbeddingRequest(model: wire.model, texts: [], tokenIDCount: arrays.reduce(0) { $0 + $1.count }, inputCount: arrays.count, original: body)
        }
    }

    private static func checkCount(_ count: Int) throws(GatewayError) {
        guard (1...maxInputs).contains(count) else {
            throw GatewayError(.invalidValue, "'input' must hold between 1 and \(maxInputs) items, got \(count).", param: "input")
        }
    }
}
