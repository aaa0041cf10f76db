import SwitchyardModel

/// Emits a planned answer one token at a time at the model's pace.
final class SimulatorStreamSource: ChatEventSource, @unchecked Sendable {
    // One consumer at a time (ChatEventSource's contract), so no lock is needed.
    private let events: [ChatEvent]
    private var index = 0
    private let secondsPerEvent: Double
    private let cutAfter: Int?
    private let provider: String

    init(events: [ChatEvent], secondsPerEvent: Double, cutAfter: Int?, provider: String) {
        self.events = events
        self.secondsPerEvent = secondsPerEvent
        self.cutAfter = cutAfter
        self.provider = provider
    }

    /// At speed 0 the whole answer is ready at once.
    var hasBufferedEvents: Bool { secondsPerEvent == 0 && index < events.count }

    /// The planned prompt tokens and one output token per text delta already emitted.
    func usageSoFar() -> Usage? {
        var usage = Usage()
        for event in events {
            if case .usage(let planned) = event { usage.inputTokens = planned.inputTokens }
        }
        usage.outputTokens = events.prefix(index).reduce(0) { count, event in
            if case .delta(let delta) = event, let text = delta.text, !text.isEmpty { return count + 1 }
            return count
        }
        return usage
    }

    func next() async throws -> ChatEvent? {
        guard index < events.count else { return nil }
        if let cutAfter, index >= cutAfter {
            throw GatewayError(.upstreamBadResponse, "Provider '\(provider)' cut the stream off before it finished (injected).")
        }
        if index > 1, secondsPerEvent > 0, case .delta = events[index] {
            do { try await Task.sleep(for: .seconds(secondsPerEvent)) } catch {
                throw GatewayError(.clientClosed, "The request was cancelled.")
            }
        }
        defer { index += 1 }
        return events[index]
    }
}
