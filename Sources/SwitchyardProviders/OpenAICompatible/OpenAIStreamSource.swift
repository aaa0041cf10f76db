import AsyncHTTPClient
import NIOCore
import SwitchyardDialects
import SwitchyardModel

/// Pulls an upstream SSE body and yields canonical events, one upstream read at a time.
final class OpenAIStreamSource: ChatEventSource, @unchecked Sendable {
    // One consumer at a time (ChatEventSource's contract), so no lock is needed.
    private var reader: SSEPayloadReader
    private var events: [ChatEvent] = []
    private var eventIndex = 0
    private var finished = false
    private let translator: OpenAIChunkTranslator
    private let provider: String
    private let call: UpstreamCall
    /// Output seen so far, kept only to count tokens if the upstream never reports usage.
    private var sawUsage = false
    private var forwardedText = StreamedOutputText()
    private var canonicalText = ""

    init(body: HTTPClientResponse.Body, translator: OpenAIChunkTranslator, provider: String, call: UpstreamCall) {
        self.reader = SSEPayloadReader(body: body, provider: provider)
        self.translator = translator
        self.provider = provider
        self.call = call
    }

    /// Reads up to the first data payload and returns the stream head from it.
    func start() async throws -> ChatStreamHead {
        guard try await reader.fill(), let first = reader.peek else {
            throw GatewayError(.upstreamBadResponse, "Provider '\(provider)' ended the stream before sending anything.")
        }
        return translator.head(from: first)
    }

    var hasBufferedEvents: Bool { eventIndex < events.count || reader.hasPayload }

    func next() async throws -> ChatEvent? {
        while true {
            if eventIndex < events.count {
                defer { eventIndex += 1 }
                observe(events[eventIndex])
                return events[eventIndex]
            }
            events.removeAll(keepingCapacity: true)
            eventIndex = 0
            if let payload = reader.take() {
                if payload.readableBytesView.elementsEqual("[DONE]".utf8) {
                    finished = true
                    return estimatedUsageIfMissing()
                }
                try translator.translate(payload, into: &events)
                continue
            }
            if finished { return estimatedUsageIfMissing() }
            guard try await reader.fill() else {
                throw GatewayError(.upstreamBadResponse, "Provider '\(provider)' cut the stream off before it finished.")
            }
        }
    }

    private func observe(_ event: ChatEvent) {
        switch event {
        case .usage:
            sawUsage = true
            forwardedText.removeAll()
        case .passthrough(let chunk): if !sawUsage { forwardedText.add(chunk) }
        case .delta(let delta): if !sawUsage { canonicalText += delta.text ?? "" }
        case .finish: break
        }
    }

    /// The gateway's count of the prompt and of the output forwarded so far, until the upstream reports usage.
    func usageSoFar() -> Usage? {
        guard !sawUsage else { return nil }
        return estimate()
    }

    /// Once, at the end of a stream that carried no usage: the gateway's own count.
    private func estimatedUsageIfMissing() -> ChatEvent? {
        guard !sawUsage else { return nil }
        sawUsage = true
        let usage = estimate()
        forwardedText.removeAll()
        return .usage(usage)
    }

    /// The count of the output so far. A translator yields canonical deltas (kept whole as text)
    /// or passthrough chunks (kept, and past a limit only measured), never both.
    private func estimate() -> Usage {
        guard canonicalText.isEmpty else { return UsageEstimate.make(call, outputText: canonicalText) }
        var usage = UsageEstimate.make(call, outputText: forwardedText.text(using: translator))
        usage.outputTokens = forwardedText.scaled(usage.outputTokens)
        return usage
    }
}
