import Synchronization
import SwitchyardModel
import SwitchyardProviders

/// A stream on its way to the client that settles exactly once — when it ends, fails,
/// times out, or the client leaves — with the usage it saw.
public final class MeteredStream: Sendable {
    public let head: ChatStreamHead
    /// Whether the client asked to see the usage chunk.
    public let includeUsage: Bool
    private let events: any ChatEventSource
    private let deadline: ContinuousClock.Instant
    private let providerName: String
    private let settleOnce: Mutex<(@Sendable (Usage, Int, GatewayError?, Duration?) -> Void)?>
    /// When the request arrived, for time to first token.
    private let started: ContinuousClock.Instant

    init(
        stream: ChatStream, includeUsage: Bool, started: ContinuousClock.Instant, deadline: ContinuousClock.Instant, providerName: String,
        settle: @escaping @Sendable (Usage, Int, GatewayError?, Duration?) -> Void
    ) {
        head = stream.head
        events = stream.events
        self.includeUsage = includeUsage
        self.started = started
        self.deadline = deadline
        self.providerName = providerName
        settleOnce = Mutex(settle)
    }

    /// Pulls every event and hands it to `write` with whether more are already buffered (so the
    /// writer can coalesce what arrived together); settles when done. Throws the error that ended it.
    public func run(_ write: @escaping @Sendable (ChatEvent, _ moreBuffered: Bool) async throws -> Void) async throws {
        let source = events
        let tracker = UsageTracker()
        do {
            try await withTimeout(deadline - .now, error: ChatService.totalTimeoutError(self.providerName)) {
                while let event = try await source.next() {
                    tracker.observe(event)
                    try await write(event, source.hasBufferedEvents)
                }
            }
            settle(tracker.usage, 200, nil, tracker.firstTokenAfter(started))
        } catch {
            let gatewayError = error as? GatewayError ?? GatewayError(.clientClosed, "The client closed the connection.")
            // Ended before the upstream's usage arrived: bill what was produced, as the source counts it.
            let usage = tracker.reported ? tracker.usage : (source.usageSoFar() ?? tracker.usage)
            settle(usage, gatewayError.status, gatewayError, tracker.firstTokenAfter(started))
            throw gatewayError
        }
    }

    deinit {
        // A stream dropped without being run (the client left before the first write) still settles.
        settle(Usage(), 499, GatewayError(.clientClosed, "The client closed the connection."), nil)
    }

    private func settle(_ usage: Usage, _ status: Int, _ error: GatewayError?, _ ttft: Duration?) {
        let action = settleOnce.withLock { action in
            defer { action = nil }
            return action
        }
        action?(usage, status, error, ttft)
    }
}

/// Accumulates what a stream reported, for settlement.
private final class UsageTracker: @unchecked Sendable {
    // Touched only by the single task that drains the stream.
    var usage = Usage()
    var reported = false
    var firstToken: ContinuousClock.Instant?

    func observe(_ event: ChatEvent) {
        switch event {
        case .usage(let reported):
            usage = reported
            self.reported = true
        case .delta, .passthrough: if firstToken == nil { firstToken = .now }
        case .finish: break
        }
    }

    func firstTokenAfter(_ start: ContinuousClock.Instant) -> Duration? {
        firstToken.map { $0 - start }
    }
}
