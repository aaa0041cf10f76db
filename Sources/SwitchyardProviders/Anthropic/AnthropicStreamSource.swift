import AsyncHTTPClient
import NIOCore
import SwitchyardDialects
import SwitchyardModel

/// Pulls an Anthropic SSE body and yields canonical events, one upstream read at a time.
final class AnthropicStreamSource: ChatEventSource, @unchecked Sendable {
    // One consumer at a time (ChatEventSource's contract), so no lock is needed.
    private var iterator: HTTPClientResponse.Body.AsyncIterator
    private var parser = SSEParser()
    private var payloads: [ByteBuffer] = []
    private var payloadIndex = 0
    private var events: [ChatEvent] = []
    private var eventIndex = 0
    private var translator: AnthropicStreamTranslator
    private let provider: String
    private let call: UpstreamCall
    /// Output text seen so far, only to count tokens of a stream cut before its usage arrived.
    private var outputText = ""

    init(body: HTTPClientResponse.Body, translator: AnthropicStreamTranslator, provider: String, call: UpstreamCall) {
        self.iterator = body.makeAsyncIterator()
        self.translator = translator
        self.provider = provider
        self.call = call
    }

    /// Reads up to the first payload (`message_start`) and returns the stream head from it.
    func start() async throws -> ChatStreamHead {
        guard try await fillPayloads(), payloadIndex < payloads.count else {
            throw GatewayError(.upstreamBadResponse, "Provider '\(provider)' ended the stream before sending anything.")
        }
        let first = payloads[payloadIndex]
        if AnthropicStreamTranslator.peekType(first) == "error" {
            // Failed before anything reached the client: throw now, so dispatch may retry or fall back.
            var ignored: [ChatEvent] = []
            try translator.translate(first, into: &ignored)
        }
        return translator.head(from: first)
    }

    var hasBufferedEvents: Bool { eventIndex < events.count || payloadIndex < payloads.count }

    func next() async throws -> ChatEvent? {
        while true {
            if eventIndex < events.count {
                defer { eventIndex += 1 }
                if case .delta(let delta) = events[eventIndex] { outputText += delta.text ?? "" }
                return events[eventIndex]
            }
            events.removeAll(keepingCapacity: true)
            eventIndex = 0
            if translator.finished { return nil }
            if payloadIndex < payloads.count {
                let payload = payloads[payloadIndex]
                payloadIndex += 1
                try translator.translate(payload, into: &events)
                continue
            }
            guard try await fillPayloads() else {
                throw GatewayError(.upstreamBadResponse, "Provider '\(provider)' cut the stream off before it finished.")
            }
        }
    }

    /// The gateway's count of the prompt and the output seen so far (the stream ended before `message_stop`).
    func usageSoFar() -> Usage? {
        let estimate = UsageEstimate.make(call, outputText: outputText)
        guard var reported = translator.usageSoFar else { return estimate }
        // The upstream's own input count; output only once a message_delta said it.
        if reported.outputTokens <= 1 { reported.outputTokens = estimate.outputTokens }
        return reported
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
