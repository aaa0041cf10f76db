import NIOCore
import Prometheus
import Synchronization
import SwitchyardCatalog
import SwitchyardDialects
import SwitchyardModel
import SwitchyardProviders

/// A request the server's fast lane serves itself: an OpenAI chat completion for a plain model on
/// a plain-HTTP OpenAI-compatible upstream, authenticated, routed and admitted here like any other,
/// sent upstream as the client's bytes with `model` rewritten, and settled through the same ledger
/// path. Everything else — virtual models, content parts, tools, HTTPS, an open breaker, a refusal
/// — is left to the full path (`ChatService.fastLane` returns nil), which answers it as always.
/// A class, so the exchange reading it on every event does not copy it.
public final class FastLaneCall: Sendable {
    let admitted: Admitted
    let attempt: Attempt
    let deployment: String
    /// The request's context (id, trace, arrival).
    public let context: CallContext
    public let endpoint: PlainHTTPEndpoint
    /// The upstream body: the client's with `model` (and, for streams, `stream_options`) rewritten.
    public let body: ByteBuffer
    /// The model name the client sees in responses.
    public let clientModel: String
    public let stream: Bool
    /// Whether the client asked for the usage chunk of a stream.
    public let includeUsage: Bool
    public let provider: String
    public let firstByteTimeout: Duration
    /// When the whole request must be done.
    public let deadline: ContinuousClock.Instant
    /// The largest non-streamed upstream body accepted.
    public let maxResponseBytes: Int
    /// The provider's in-flight gauge, raised while the call is outstanding.
    private let inFlightGauge: Gauge
    private let inFlightEnded = Mutex(false)

    init(
        admitted: Admitted, attempt: Attempt, deployment: String, context: CallContext, endpoint: PlainHTTPEndpoint, body: ByteBuffer,
        clientModel: String, stream: Bool, includeUsage: Bool, provider: String, firstByteTimeout: Duration,
        deadline: ContinuousClock.Instant, maxResponseBytes: Int, inFlightGauge: Gauge
    ) {
        self.admitted = admitted
        self.attempt = attempt
        self.deployment = deployment
        self.context = context
        self.endpoint = endpoint
        self.body = body
        self.clientModel = clientModel
        self.stream = stream
        self.includeUsage = includeUsage
        self.provider = provider
        self.firstByteTimeout = firstByteTimeout
        self.deadline = deadline
        self.maxResponseBytes = maxResponseBytes
        self.inFlightGauge = inFlightGauge
    }

    /// Lowers the provider's in-flight gauge, once however often it is called.
    func endInFlight() {
        if inFlightEnded.withLock({ let was = $0; $0 = true; return !was }) { inFlightGauge.decrement() }
    }
}

extension ChatService {
    /// The fast-lane call for `body`, or nil when the full path must handle the request.
    /// Never fails visibly: any refusal here is the full path's to give, with its exact message.
    public func fastLane(_ body: ByteBuffer, context: CallContext) -> FastLaneCall? {
        guard context.forcedModel == nil, context.maxCostMicroDollars == nil,
              let wire = OpenAIFastLaneRequest.inspect(body),
              registry.routes[wire.model] == nil, registry.cascades[wire.model] == nil,
              let principal = try? authenticator.authenticate(context.presentedKey)
        else { return nil }
        var request = ChatRequest(
            model: wire.model, messages: [], stream: wire.stream, includeUsage: wire.includeUsage, maxTokens: wire.maxTokens,
            original: OriginalBody(dialect: .openAI, bytes: body)
        )
        guard var plan = try? plan(request, principal: principal, context: context), plan.route == "explicit", plan.primary.deprecation == nil else { return nil }
        // Fallbacks are the full path's business, after a failed attempt here.
        plan.candidates = [plan.primary]
        let model = plan.model
        guard principal.limits.allows(model: model.id), model.category != "embedding",
              (wire.maxTokens ?? 0) <= model.maxOutputTokens,
              wire.promptTokenBound + (wire.maxTokens ?? 0) <= model.contextWindow,
              let served = resilience.pick(plan.primary, avoiding: []),
              let provider = served.provider as? OpenAICompatibleProvider, let endpoint = provider.plainHTTPEndpoint,
              let ticket = try? admitToPlan(&request, principal: principal, plan: plan, inputEstimate: wire.promptTokenBound, countingRejections: false)
        else { return nil }
        var servedModel = model
        servedModel.provider = served.deployment.provider
        servedModel.upstreamName = served.deployment.upstreamName
        let call = UpstreamCall(
            request: request, model: servedModel, clientModel: request.model, requestID: context.requestID,
            firstByteTimeout: min(timeouts.firstByte, timeouts.total), totalTimeout: timeouts.total, traceparent: context.traceparent
        )
        let admitted = Admitted(principal: principal, plan: plan, request: request, ticket: ticket, tally: AttemptTally(), trace: context.trace)
        let gauge = metrics.upstreamInFlight(provider: provider.name)
        gauge.increment()
        return FastLaneCall(
            admitted: admitted, attempt: Attempt(index: 0, candidate: 0, provider: provider, call: call), deployment: served.key, context: context,
            endpoint: endpoint, body: OpenAIRequestEncoder.upstreamBody(for: request, upstreamModel: servedModel.upstreamName),
            clientModel: request.model, stream: request.stream, includeUsage: request.includeUsage, provider: provider.name,
            firstByteTimeout: call.firstByteTimeout, deadline: context.receivedAt + timeouts.total, maxResponseBytes: provider.maxResponseBytes,
            inFlightGauge: gauge
        )
    }

    /// The attempt ended, served or failed after bytes reached the client: one ledger row, the
    /// breaker and latency board told, admission settled.
    public func fastLaneSettle(_ call: FastLaneCall, usage: Usage, error: GatewayError?, ttft: Duration?, upstreamTime: Duration) {
        call.endInFlight()
        settleAttempt(call.admitted, attempt: call.attempt, context: call.context, usage: usage, status: error?.status ?? 200, error: error, ttft: ttft)
        if let error { resilience.record(call.deployment, Resilience.outcome(of: error)) } else { resilience.record(call.deployment, .success, latency: upstreamTime) }
        finish(call.admitted, error: error)
    }

    /// The attempt failed before any byte reached the client. Records it (a ledger row, the
    /// breaker) and settles admission; returns the error with rate-limit headers when the client
    /// should get it now, or nil when another attempt may help and the full path should take over
    /// (it retries and falls back as configured).
    public func fastLaneFailed(_ call: FastLaneCall, _ error: GatewayError) -> GatewayError? {
        call.endInFlight()
        settleAttempt(call.admitted, attempt: call.attempt, context: call.context, usage: Usage(), status: error.status, error: error, ttft: nil)
        resilience.record(call.deployment, Resilience.outcome(of: error))
        guard !Resilience.isRetryable(error) else {
            // The full path admits the request again: give its requests-per-minute place back.
            finish(call.admitted, returningRequest: true)
            return nil
        }
        return failed(call.admitted, error)
    }

    /// What the response headers describe, for a served fast-lane call.
    public func fastLaneOutcome(_ call: FastLaneCall, waited: Duration) -> ChatOutcome<Void> {
        outcome((), admitted: call.admitted, attempt: call.attempt, waited: waited)
    }

    /// The gateway's own count when the upstream reported no usage: the prompt (decoded now, in
    /// this rare case) and `outputText` with the model's tokenizer, never billed as zero.
    public func fastLaneEstimate(_ call: FastLaneCall, outputText: String) -> Usage {
        let tokenizer = call.attempt.call.model.tokenizer
        let messages = (try? OpenAIRequestDecoder.decode(call.admitted.request.original?.bytes ?? ByteBuffer()))?.messages ?? []
        var usage = Usage(inputTokens: TokenCounter.count(messages, with: tokenizer), outputTokens: TokenCounter.count(outputText, with: tokenizer))
        usage.isEstimated = true
        return usage
    }
}

extension FastLaneCall {
    /// The failed attempt, for the full path to continue from, after `upstreamTime` with the upstream.
    public func attemptMade(_ error: GatewayError, upstreamTime: Duration) -> PriorAttempt {
        PriorAttempt(deployment: deployment, error: error, upstreamTime: upstreamTime)
    }
}
