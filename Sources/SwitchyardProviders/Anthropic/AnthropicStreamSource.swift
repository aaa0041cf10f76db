import AsyncHTTPClient
import NIOCore
import SwitchyardDialects
import SwitchyardModel

/// Pulls an Anthropic SSE body and yields canonical events, one upstream read at a time.
final class AnthropicStreamSource: ChatEventSource, @unchecked Sendable {
    // One consumer at a time (ChatEventSource's contract), so no lock is needed.
    private var reader: SSEPayloadReader
    private var events: [ChatEvent] = []
    private var eventIndex = 0
    private var translator: AnthropicStreamTranslator
    private let provider: String
    private let call: UpstreamCall
    /// Output text seen so far, only to count tokens of a stream cut before its usage arrived.
    private var outputText = ""

    init(body: HTTPClientResponse.Body, translator: AnthropicStreamTranslator, provider: String, call: UpstreamCall) {
        self.reader = SSEPayloadReader(body: body, provider: provider)
        self.translator = translator
        self.provider = provider
        self.call = call
    }

    /// Reads up to the first payload (`message_start`) and returns the stream head from it.
    func start() async throws -> ChatStreamHead {
        guard try await reader.fill(), let first = reader.peek else {
            throw GatewayError(.upstreamBadResponse, "Provider '\(provider)' ended the stream before sending anything.")
        }
        if AnthropicStreamTranslator.peekType(first) == "error" {
            // Failed before anything reached the client: throw now, so dispatch may retry or fall back.
            var ignored: [ChatEvent] = []
            try translator.translate(first, into: &ignored)
        }
        return translator.head(from: first)
    }

    var hasBufferedEvents: Bool { eventIndex < events.count || reader.hasPayload }

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
            if let payload = reader.take() {
                try translator.translate(payload, into: &events)
                continue
            }
            guard try await reader.fill() else {
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
}
