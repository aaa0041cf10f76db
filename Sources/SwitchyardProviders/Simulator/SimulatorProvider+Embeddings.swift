import Foundation
import NIOCore
import SwitchyardCatalog
import SwitchyardDialects
import SwitchyardModel

extension SimulatorProvider: EmbeddingProvider {
    /// Deterministic unit vectors (the same text always gets the same vector), in OpenAI's shape,
    /// `float` or `base64` as asked, `dimensions` long (1024 by default); usage counted with the model's tokenizer.
    public func embed(_ call: EmbeddingCall) async throws -> EmbeddingResult {
        try await pause(seconds: Double(call.model.speed.timeToFirstTokenMillis) / 1000)
        let request = call.request
        let fields = JSONScanner.topLevelValues(in: request.original, keys: ["dimensions", "encoding_format"])
        let dimensions = min(4096, fields?[0].flatMap { JSONScanner.integer(in: request.original, range: $0) } ?? 1024)
        let base64 = fields?[1].map { request.original.getString(at: request.original.readerIndex + $0.lowerBound, length: $0.count) == #""base64""# } ?? false
        let tokens = request.texts.reduce(request.tokenIDCount) { $0 + TokenCounter.count($1, with: call.model.tokenizer) }
        var json = JSONWriter(capacity: 256 + request.inputCount * dimensions * (base64 ? 6 : 12))
        json.beginObject()
        json.key("object"); json.string("list")
        json.key("data"); json.beginArray()
        for index in 0..<request.inputCount {
            let seed = index < request.texts.count ? Self.fnv1a(request.texts[index]) : UInt64(index) &+ 0x9E37_79B9
            let vector = Self.unitVector(seed: seed, dimensions: max(1, dimensions))
            json.beginObject()
            json.key("object"); json.string("embedding")
            json.key("index"); json.int(index)
            json.key("embedding")
            if base64 {
                var bytes = Data(capacity: vector.count * 4)
                for value in vector { withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) } }
                json.string(bytes.base64EncodedString())
            } else {
                json.beginArray()
                for value in vector { json.double(Double(value)) }
                json.endArray()
            }
            json.endObject()
        }
        json.endArray()
        json.key("model"); json.string(call.clientModel)
        json.key("usage"); json.beginObject()
        json.key("prompt_tokens"); json.int(tokens)
        json.key("total_tokens"); json.int(tokens)
        json.endObject()
        json.endObject()
        return EmbeddingResult(body: json.buffer, usage: Usage(inputTokens: tokens))
    }

    static func fnv1a(_ text: String) -> UInt64 {
        text.utf8.reduce(0xcbf2_9ce4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
    }

    /// A unit-length vector drawn from splitmix64 seeded with `seed`.
    static func unitVector(seed: UInt64, dimensions: Int) -> [Float] {
        var state = seed
        var vector = (0..<dimensions).map { _ -> Float in
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            z ^= z >> 31
            return Float(Double(z >> 11) / Double(1 << 53)) * 2 - 1
        }
        let norm = vector.reduce(0) { $0 + $1 * $1 }.squareRoot()
        if norm > 0 { vector = vector.map { $0 / norm } }
        return vector
    }
}
