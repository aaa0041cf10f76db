import SwitchyardModel
import SwitchyardAdmission
import SwitchyardCatalog
import SwitchyardRouting

/// Per-request facts the transport knows and the service needs.
public struct CallContext: Sendable {
    public var requestID: String
    /// The presented API key, if any.
    public var presentedKey: String?
    /// The `traceparent` sent upstream: the caller's trace (or a new one) with the gateway's span as parent.
    public var traceparent: String?
    /// The trace this request belongs to (32 hex digits), for log lines.
    public var traceID: String
    /// The caller's `traceparent` as received, for a tracer to join.
    public var incomingTraceparent: String?
    /// When the gateway received the request.
    public var receivedAt: ContinuousClock.Instant
    /// A model forced by the client (`x-switchyard-force-model`), bypassing routing.
    public var forcedModel: String?
    /// The most this request may cost (`x-switchyard-max-cost`, USD): dearer models are excluded.
    public var maxCostMicroDollars: Int64?
    /// The request's spans, from authentication to settlement.
    let trace: RequestTrace
    /// An attempt the server's fast lane already made (and settled) before handing the request
    /// over: dispatch counts it, so retries and attempt numbers continue from it.
    public var priorAttempt: PriorAttempt?

    public init(
        requestID: String, presentedKey: String?, traceparent: String? = nil, receivedAt: ContinuousClock.Instant = .now,
        forcedModel: String? = nil, maxCostMicroDollars: Int64? = nil
    ) {
        self.maxCostMicroDollars = maxCostMicroDollars
        self.requestID = requestID
        self.presentedKey = presentedKey
        self.incomingTraceparent = traceparent
        let trace = (TraceContext(traceparent: traceparent) ?? .start()).child()
        self.traceparent = trace.header
        self.traceID = trace.traceID
        self.receivedAt = receivedAt
        self.forcedModel = forcedModel
        self.trace = RequestTrace(incoming: traceparent, requestID: requestID)
    }

    /// For a transport that already holds the request's trace — the caller's, parsed from its
    /// `traceparent`, or one it started — so that it is not formatted only to be parsed again.
    public init(requestID: String, presentedKey: String?, trace root: TraceContext, receivedAt: ContinuousClock.Instant) {
        let incoming = root.header
        self.requestID = requestID
        self.presentedKey = presentedKey
        self.incomingTraceparent = incoming
        self.traceparent = root.child().header
        self.traceID = root.traceID
        self.receivedAt = receivedAt
        self.trace = RequestTrace(incoming: incoming, requestID: requestID)
    }
}

/// A response and what the transport needs to describe it.
public struct ChatOutcome<Body: Sendable>: Sendable {
    public var body: Body
    /// The model that served the request.
    public var servedModel: String
    public var provider: String
    /// Time spent waiting on the upstream before this outcome was returned.
    public var upstreamWait: Duration
    /// Set when the client asked for a deprecated model and its successor served it.
    public var deprecation: Deprecation?
    /// The key's rate-limit state after admitting this request, for the `x-ratelimit-*` headers.
    public var rateLimit: RateLimitStatus
    /// The route category, `explicit` or `override`.
    public var route: String
    /// How many fallback models were tried before the one that served.
    public var fallbacks: Int
    /// What the route's confidence cascade decided, when it has one.
    public var cascade: CascadeVerdict? = nil
    /// The first answer's confidence, when it was judged and kept.
    public var confidence: Double? = nil
}

/// A failed attempt on a deployment, made before the full path took the request over.
public struct PriorAttempt: Sendable {
    /// The deployment (`provider/model`) that failed.
    public var deployment: String
    public var error: GatewayError
    /// How long the attempt was with the upstream (not part of the gateway's overhead).
    public var upstreamTime: Duration = .zero
}
