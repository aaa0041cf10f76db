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
public struct ChatService: Sendable {
    public let registry: ModelRegistry
    let authenticator: any Authenticator
    let recorder: any UsageRecorder
    let timeouts: DispatchTimeouts
    /// Per-key rate limits, concurrency, budgets and credits.
    public let admission: AdmissionController
    let logger: Logger
    /// Today's date (UTC); injected so lifecycle tests can move time.
    public let today: @Sendable () -> CalendarDay

    public init(
        registry: ModelRegistry, authenticator: any Authenticator, recorder: any UsageRecorder, timeouts: DispatchTimeouts,
        admission: AdmissionController = AdmissionController(), logger: Logger = Logger(label: "switchyard.gateway"),
        today: @escaping @Sendable () -> CalendarDay = { CalendarDay(secondsSince1970: Int64(Date().timeIntervalSince1970)) }
    ) {
        self.registry = registry
        self.authenticator = authenticator
        self.recorder = recorder
        self.timeouts = timeouts
        self.admission = admission
        self.logger = logger
        self.today = today
    }

    /// Authenticate: the caller's key as a `Principal`, or a 401. The first stage of every request.
    public func authenticate(_ context: CallContext) throws(GatewayError) -> Principal {
        try authenticator.authenticate(context.presentedKey)
    }

    /// Serves a non-streamed request.
    public func complete(_ request: ChatRequest, principal: Principal, context: CallContext) async throws(GatewayError) -> ChatOutcome<ChatCompletion> {
        let admitted = try prepare(request, principal: principal, context: context)
        let started = ContinuousClock.now
        do {
            let call = admitted.call
            let provider = admitted.provider
            let completion = try await provider.complete(call)
            let waited = ContinuousClock.now - started
            settle(admitted, context: context, usage: completion.usage, status: 200, error: nil, ttft: waited)
            return ChatOutcome(body: completion, servedModel: call.model.id, provider: provider.name, upstreamWait: waited, deprecation: admitted.deprecation, rateLimit: admitted.ticket.status)
        } catch {
            var gatewayError = GatewayError.normalised(error, provider: admitted.provider.name)
            settle(admitted, context: context, usage: Usage(), status: gatewayError.status, error: gatewayError, ttft: nil)
            gatewayError.addRateLimitHeaders(admitted.ticket.status)
            throw gatewayError
        }
    }

    /// Serves a streamed request; returns once the upstream produced its first event.
    public func stream(_ request: ChatRequest, principal: Principal, context: CallContext) async throws(GatewayError) -> ChatOutcome<MeteredStream> {
        let admitted = try prepare(request, principal: principal, context: context)
        let started = ContinuousClock.now
        do {
            let call = admitted.call
            let provider = admitted.provider
            let stream = try await provider.stream(call)
            let waited = ContinuousClock.now - started
            let metered = MeteredStream(
                stream: stream, includeUsage: request.includeUsage, started: context.receivedAt, deadline: started + timeouts.total,
                providerName: provider.name, settle: { usage, status, error, ttft in
                    settle(admitted, context: context, usage: usage, status: status, error: error, ttft: ttft)
                }
            )
            return ChatOutcome(body: metered, servedModel: call.model.id, provider: provider.name, upstreamWait: waited, deprecation: admitted.deprecation, rateLimit: admitted.ticket.status)
        } catch {
            var gatewayError = GatewayError.normalised(error, provider: admitted.provider.name)
            settle(admitted, context: context, usage: Usage(), status: gatewayError.status, error: gatewayError, ttft: nil)
            gatewayError.addRateLimitHeaders(admitted.ticket.status)
            throw gatewayError
        }
    }

    /// Counts tokens of a text or conversation with the tokenizer of the model that would serve it.
    public func countTokens(model name: String, input: TokenizeInput) throws(GatewayError) -> (model: CatalogModel, tokens: Int) {
        let model = try registry.resolve(name, today: today()).model
        switch input {
        case .text(let text): return (model, TokenCounter.count(text, with: model.tokenizer))
        case .messages(let messages): return (model, TokenCounter.count(messages, with: model.tokenizer))
        }
    }

    // MARK: stages

    /// Resolve, route and admit: everything between authentication and the upstream call.
    func prepare(_ request: ChatRequest, principal: Principal, context: CallContext) throws(GatewayError) -> Admitted {
        let resolution = try registry.resolve(request.model, today: today())
        if let notice = resolution.deprecation { reportDeprecation(notice, requestID: context.requestID) }
        let provider = resolution.provider
        let plan = RoutePlan(model: resolution.model, route: "explicit")
        let estimate = try admit(request, model: plan.model)
        var request = request
        let ticket = try admitToPlan(&request, principal: principal, model: plan.model, inputEstimate: estimate)
        let call = UpstreamCall(
            request: request, model: plan.model, clientModel: request.model, requestID: context.requestID,
            firstByteTimeout: timeouts.firstByte, totalTimeout: timeouts.total, traceparent: context.traceparent
        )
        return Admitted(principal: principal, plan: plan, provider: provider, call: call, deprecation: resolution.deprecation, ticket: ticket)
    }

    /// A deprecated id was asked for: one log line and one counter tick per request.
    func reportDeprecation(_ notice: Deprecation, requestID: String) {
        logger.warning("deprecated model requested", metadata: [
            "request_id": .string(requestID), "model": .string(notice.requested), "successor": .string(notice.successor),
            "retires_on": .string(notice.retiresOn.description),
        ])
        Counter(label: "switchyard_deprecated_model_requests_total", dimensions: [("model", notice.requested)]).increment()
    }

    /// Rejects what the model cannot take: an output cap above its maximum, or a prompt beyond its context.
    /// Returns the prompt's token estimate.
    func admit(_ request: ChatRequest, model: CatalogModel) throws(GatewayError) -> Int {
        if model.category == "embedding" {
            throw GatewayError(.invalidValue, "'\(model.id)' is an embedding model and does not serve chat completions.", param: "model")
        }
        if let maxTokens = request.maxTokens, maxTokens > model.maxOutputTokens {
            throw GatewayError(.invalidValue, "max_tokens is too large: \(maxTokens). '\(model.id)' supports at most \(model.maxOutputTokens) completion tokens.", param: "max_tokens")
        }
        let estimate = TokenCounter.count(request.messages, with: model.tokenizer)
        if estimate + (request.maxTokens ?? 0) > model.contextWindow {
            throw GatewayError(.contextLengthExceeded, "This model's maximum context length is \(model.contextWindow) tokens; the messages (about \(estimate) tokens) plus max_tokens exceed it.", param: "messages")
        }
        return estimate
    }

    /// Prices the attempt, hands it to the usage recorder and settles its admission reservations.
    func settle(_ admitted: Admitted, context: CallContext, usage: Usage, status: Int, error: GatewayError?, ttft: Duration?) {
        let model = admitted.plan.model
        let cost = model.prices.cost(of: usage)
        let principal = admitted.principal
        recorder.record(UsageRecord(
            requestID: context.requestID, settledAtMillis: Int64(Date().timeIntervalSince1970 * 1000), keyPrefix: admitted.principal.keyPrefix, requestedModel: admitted.call.request.model,
            servedModel: model.id, provider: model.provider, route: admitted.plan.route, stream: admitted.call.request.stream,
            usage: usage, cost: cost, status: status, errorCode: error?.code.rawValue,
            latency: ContinuousClock.now - context.receivedAt, timeToFirstToken: ttft, keyID: principal.keyID, accountID: principal.accountID,
            teamID: principal.teamID, creditAccountID: principal.creditAccountID
        ))
        admission.settle(admitted.ticket, actualTokens: usage.inputTokens + usage.outputTokens, actualMicroDollars: cost.microDollars.value)
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

/// The ordered plan for a request; one explicit model until routing exists.
struct RoutePlan: Sendable {
    var model: CatalogModel
    var route: String
}

/// A request that passed admission, with everything needed to dispatch and settle it.
struct Admitted: Sendable {
    var principal: Principal
    var plan: RoutePlan
    var provider: any ChatProvider
    var call: UpstreamCall
    var deprecation: Deprecation?
    var ticket: AdmissionTicket
}

extension GatewayError {
    /// Any error from a provider as a `GatewayError`.
    static func normalised(_ error: any Error, provider: String) -> GatewayError {
        if let gatewayError = error as? GatewayError { return gatewayError }
        if error is CancellationError { return GatewayError(.clientClosed, "The request was cancelled.") }
        return GatewayError(.internalError, "Provider '\(provider)' failed unexpectedly.")
    }
}
