import AsyncHTTPClient
import NIOCore
import SwitchyardDialects
import SwitchyardModel

/// Pulls an upstream SSE body and yields canonical events, one upstream read at a time.
final class OpenAIStreamSource: ChatEventSource, @unchecked Sendable {
    // One consumer at a time (ChatEventSource's contract), so no lock is needed.
    private var iterator: HTTPClientResponse.Body.AsyncIterator
    private var parser = SSEParser()
    private var payloads: [ByteBuffer] = []
    private var payloadIndex = 0
    private var events: [ChatEvent] = []
    private var eventIndex = 0
    private var finished = false
    private let translator: OpenAIChunkTranslator
    private let provider: String

    init(body: HTTPClientResponse.Body, translator: OpenAIChunkTranslator, provider: String) {
        self.iterator = body.makeAsyncIterator()
        self.translator = translator
        self.provider = provider
    }

    /// Reads up to the first data payload and returns the stream head from it.
    func start() async throws -> ChatStreamHead {
        guard try await fillPayloads(), payloadIndex < payloads.count else {
            throw GatewayError(.upstreamBadResponse, "Provider '\(provider)' ended the stream before sending anything.")
        }
        return translator.head(from: payloads[payloadIndex])
    }

    var hasBufferedEvents: Bool { eventIndex < events.count || payloadIndex < payloads.count }

    func next() async throws -> ChatEvent? {
        while true {
            if eventIndex < events.count {
                defer { eventIndex += 1 }
                return events[eventIndex]
            }
            events.removeAll(keepingCapacity: true)
            eventIndex = 0
            if payloadIndex < payloads.count {
                let payload = payloads[payloadIndex]
                payloadIndex += 1
                if payload.readableBytesView.elementsEqual("[DONE]".utf8) {
                    finished = true
                    return nil
                }
                try translator.translate(payload, into: &events)
                continue
            }
            if finished { return nil }
            guard try await fillPayloads() else {
                throw GatewayError(.upstreamBadResponse, "Provider '\(provider)' cut the stream off before it finished.")
            }
        }
    }

    /// Reads upstream bytes until at least one payload is ready; false when the body ended first.
    private func fillPayloads() async throws -> Bool {
        payloads.removeAll(keepingCapacity: true)
        payloadIndex = 0
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
