import Foundation
import Logging
import Metrics
import SwitchyardAdmission
import SwitchyardCatalog
import SwitchyardDialects
import SwitchyardModel
import SwitchyardStorage
import SwitchyardProviders

/// The request path: authenticate → resolve → route → admit → dispatch → settle.
///
/// Plain Swift: it takes a canonical request and returns a canonical response or stream.
public final class ChatService: Sendable {
    public let registry: ModelRegistry
    let authenticator: any Authenticator
    let recorder: any UsageRecorder
    let timeouts: DispatchTimeouts
    /// Per-key rate limits, concurrency, budgets and credits.
    public let admission: AdmissionController
    /// Retries and circuit breakers of dispatch.
    public let resilience: Resilience
    /// Prometheus metrics of this gateway.
    public let metrics: GatewayMetrics
    let logger: Logger
    /// Today's date (UTC); injected so lifecycle tests can move time.
    public let today: @Sendable () -> CalendarDay

    public init(
        registry: ModelRegistry, authenticator: any Authenticator, recorder: any UsageRecorder, timeouts: DispatchTimeouts,
        admission: AdmissionController = AdmissionController(), resilience: Resilience = Resilience(), metrics: GatewayMetrics = GatewayMetrics(), logger: Logger = Logger(label: "switchyard.gateway"),
        today: @escaping @Sendable () -> CalendarDay = { CalendarDay(secondsSince1970: Int64(Date().timeIntervalSince1970)) }
    ) {
        self.registry = registry
        self.authenticator = authenticator
        self.recorder = recorder
        self.timeouts = timeouts
        self.admission = admission
        self.resilience = resilience
        self.metrics = metrics
        self.logger = logger
        self.today = today
    }

    /// Authenticate: the caller's key as a `Principal`, or a 401. The first stage of every request.
    public func authenticate(_ context: CallContext) throws(GatewayError) -> Principal {
        let span = context.trace.stage("authenticate")
        defer { span.end() }
        do {
            return try authenticator.authenticate(context.presentedKey)
        } catch {
            context.trace.end(error: error)
            throw error
        }
    }

    /// Names the request's trace and prepares it; a refusal ends the trace with its error.
    func prepareTraced(_ request: ChatRequest, principal: Principal, context: CallContext) async throws(GatewayError) -> Admitted {
        let trace = context.trace
        trace.name("chat \(request.model)")
        do { return try await prepare(request, principal: principal, context: context, trace: trace) } catch {
            trace.end(error: error)
            throw error
        }
    }

    /// Serves a non-streamed request, falling back along its plan.
    public func complete(_ request: ChatRequest, principal: Principal, context: CallContext) async throws(GatewayError) -> ChatOutcome<ChatCompletion> {
        let admitted = try await prepareTraced(request, principal: principal, context: context)
        if let step = admitted.cascade { return try await completeCascading(admitted, step: step, context: context) }
        let result = try await dispatch(admitted, context: context) { provider, call, attempt in
            let started = ContinuousClock.now
            let completion = try await provider.complete(call)
            let waited = ContinuousClock.now - started
            settleAttempt(admitted, attempt: attempt, context: context, usage: completion.usage, status: 200, error: nil, ttft: waited)
            return (completion, waited)
        }
        finish(admitted)
        let (completion, waited) = result.value
        return outcome(completion, admitted: admitted, attempt: result.attempt, waited: result.waitedBefore + waited)
    }

    /// Serves a streamed request; returns once an upstream produced its first event. Falls back
    /// only before that: once a byte may have reached the client, a failure ends the stream.
    public func stream(_ request: ChatRequest, principal: Principal, context: CallContext) async throws(GatewayError) -> ChatOutcome<MeteredStream> {
        let admitted = try await prepareTraced(request, principal: principal, context: context)
        if let step = admitted.cascade { return try await streamCascading(admitted, step: step, context: context) }
        return try await streamPlanned(admitted, context: context)
    }

    /// Streams the admitted request along its plan, attempts numbered from `firstAttempt`, after
    /// `waitedBefore` with upstreams already (a cascade's probe).
    func streamPlanned(
        _ admitted: Admitted, context: CallContext, firstAttempt: Int = 0, waitedBefore: Duration = .zero
    ) async throws(GatewayError) -> ChatOutcome<MeteredStream> {
        let request = admitted.request
        let result = try await dispatch(admitted, context: context, firstAttempt: firstAttempt) { provider, call, _ in
            let started = ContinuousClock.now
            return (try await provider.stream(call), ContinuousClock.now - started)
        }
        let (stream, waited) = result.value
        let attempt = result.attempt
        let metered = MeteredStream(
            stream: stream, includeUsage: request.includeUsage, started: context.receivedAt, deadline: context.receivedAt + timeouts.total,
            providerName: attempt.provider.name, settle: { [self] usage, status, error, ttft in
                settleAttempt(admitted, attempt: attempt, context: context, usage: usage, status: status, error: error, ttft: ttft)
                finish(admitted)
            }
        )
        return outcome(metered, admitted: admitted, attempt: attempt, waited: waitedBefore + result.waitedBefore + waited)
    }

    /// What the response says of a served request; `waited` is its time with upstreams (the
    /// classifier's call is added here).
    func outcome<Body>(_ body: Body, admitted: Admitted, attempt: Attempt, waited: Duration) -> ChatOutcome<Body> {
        ChatOutcome(
            body: body, servedModel: attempt.call.model.id, provider: attempt.provider.name, upstreamWait: admitted.plan.classifierCallTime + waited,
            deprecation: attempt.index == 0 ? admitted.plan.primary.deprecation : nil, rateLimit: admitted.ticket.status,
            route: admitted.plan.route, fallbacks: attempt.candidate
        )
    }

    /// Counts tokens of a text or conversation with the tokenizer of the model that would serve it.
    public func countTokens(model name: String, input: TokenizeInput) throws(GatewayError) -> (model: CatalogModel, tokens: Int) {
        let model = try registry.resolve(name, today: today()).model
        switch input {
        case .text(let text): return (model, TokenCounter.count(text, with: model.tokenizer))
        case .messages(let messages): return (model, TokenCounter.count(messages, with: model.tokenizer))
        }
    }

    static func totalTimeoutError(_ provider: String) -> GatewayError {
        GatewayError(.upstreamTimeout, "Provider '\(provider)' did not finish within the total timeout.")
    }
}

/// Timeouts applied to each upstream attempt.
public struct DispatchTimeouts: Sendable {
    public var firstByte: Duration
    public var total: Duration

    public init(firstByte: Duration, total: Duration) {
        self.firstByte = firstByte
        self.total = total
    }
}

extension GatewayError {
    /// Any error from a provider as a `GatewayError`.
    static func normalised(_ error: any Error, provider: String) -> GatewayError {
        if let gatewayError = error as? GatewayError { return gatewayError }
        if error is CancellationError { return GatewayError(.clientClosed, "The request was cancelled.") }
        return GatewayError(.internalError, "Provider '\(provider)' failed unexpectedly.")
    }
}
