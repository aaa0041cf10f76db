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
    private let call: UpstreamCall
    /// Output seen so far, kept only to count tokens if the upstream never reports usage.
    /// Chunks are held by reference and read only in that case, so nothing is scanned per chunk.
    private var sawUsage = false
    private var forwardedChunks: [ByteBuffer] = []
    private var canonicalText = ""

    init(body: HTTPClientResponse.Body, translator: OpenAIChunkTranslator, provider: String, call: UpstreamCall) {
        self.iterator = body.makeAsyncIterator()
        self.translator = translator
        self.provider = provider
        self.call = call
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
                observe(events[eventIndex])
                return events[eventIndex]
            }
            events.removeAll(keepingCapacity: true)
            eventIndex = 0
            if payloadIndex < payloads.count {
                let payload = payloads[payloadIndex]
                payloadIndex += 1
                if payload.readableBytesView.elementsEqual("[DONE]".utf8) {
                    finished = true
                    return estimatedUsageIfMissing()
                }
                try translator.translate(payload, into: &events)
                continue
            }
            if finished { return estimatedUsageIfMissing() }
            guard try await fillPayloads() else {
                throw GatewayError(.upstreamBadResponse, "Provider '\(provider)' cut the stream off before it finished.")
            }
        }
    }

    private func observe(_ event: ChatEvent) {
        switch event {
        case .usage:
            sawUsage = true
            forwardedChunks = []
        case .passthrough(let chunk): if !sawUsage { forwardedChunks.append(chunk) }
        case .delta(let delta): if !sawUsage { canonicalText += delta.text ?? "" }
        case .finish: break
        }
    }

    /// The gateway's count of the prompt and of the output forwarded so far, until the upstream reports usage.
    func usageSoFar() -> Usage? {
        guard !sawUsage else { return nil }
        let text = canonicalText + OpenAIChunkTranslator.decodeLiterals(forwardedChunks.compactMap(translator.contentLiteral(of:)))
        return UsageEstimate.make(call, outputText: text)
    }

    /// Once, at the end of a stream that carried no usage: the gateway's own count.
    private func estimatedUsageIfMissing() -> ChatEvent? {
        guard !sawUsage else { return nil }
        sawUsage = true
        let text = canonicalText + OpenAIChunkTranslator.decodeLiterals(forwardedChunks.compactMap(translator.contentLiteral(of:)))
        forwardedChunks = []
        return .usage(UsageEstimate.make(call, outputText: text))
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
