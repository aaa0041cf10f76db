import Hummingbird
import NIOCore

/// Hummingbird's per-request context plus the gateway's request id and arrival time.
public struct GatewayRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The request's id: the client's `x-request-id` when valid, else a fresh one.
    public var requestID: String
    /// When the first middleware saw the request.
    public var receivedAt: ContinuousClock.Instant
    /// The caller's valid `traceparent`, or one the gateway started for this request.
    public var traceparent: String?
    /// Completes when the client's connection closes.
    public var connectionClosed: EventLoopFuture<Void>
    /// The fast lane's arrival time and attempt, when it handed this request over after a failure.
    var handedOff: FastLaneHandoff.Record?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        requestID = ""
        receivedAt = .now
        connectionClosed = ClientDisconnectObserver.closed(for: source.channel) ?? source.channel.closeFuture
        handedOff = FastLaneHandoff.take(for: source.channel)
    }
}
