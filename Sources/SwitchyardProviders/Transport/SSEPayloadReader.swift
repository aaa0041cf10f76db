import AsyncHTTPClient
import NIOCore
import SwitchyardModel

/// The `data:` payloads of an upstream SSE body, read one upstream read at a time.
struct SSEPayloadReader {
    private var iterator: HTTPClientResponse.Body.AsyncIterator
    private var parser = SSEParser()
    private var payloads: [ByteBuffer] = []
    private var index = 0
    private let provider: String

    init(body: HTTPClientResponse.Body, provider: String) {
        iterator = body.makeAsyncIterator()
        self.provider = provider
    }

    /// Whether a payload from the last read is still waiting.
    var hasPayload: Bool { index < payloads.count }

    /// The waiting payload, without taking it.
    var peek: ByteBuffer? { hasPayload ? payloads[index] : nil }

    /// Takes the waiting payload.
    mutating func take() -> ByteBuffer? {
        guard hasPayload else { return nil }
        defer { index += 1 }
        return payloads[index]
    }

    /// Reads upstream bytes until at least one payload is ready; false when the body ended first.
    mutating func fill() async throws -> Bool {
        payloads.removeAll(keepingCapacity: true)
        index = 0
        while payloads.isEmpty {
            let chunk: ByteBuffer?
            do {
                chunk = try await iterator.next()
            } catch {
                throw GatewayError.transport(error, provider: provider, afterResponseHead: true)
            }
            guard let chunk else {
                if let last = parser.finish() { payloads.append(last) }
                return !payloads.isEmpty
            }
            guard parser.feed(chunk, into: &payloads) else {
                throw GatewayError(.upstreamBadResponse, "Provider '\(provider)' sent an oversized stream event.")
            }
        }
        return true
    }
}
