import Foundation
import Synchronization
import SwitchyardCatalog
import SwitchyardModel
import SwitchyardStorage

/// The tokens and money of a request's attempts so far; admission settles once, with the sum.
final class AttemptTally: Sendable {
    private let state = Mutex<(tokens: Int, microDollars: Int64, finished: Bool)>((0, 0, false))

    func add(tokens: Int, microDollars: Int64) {
        state.withLock { $0.tokens += tokens; $0.microDollars += microDollars }
    }

    /// The totals, the first time only.
    func finish() -> (tokens: Int, microDollars: Int64)? {
        state.withLock { state in
            guard !state.finished else { return nil }
            state.finished = true
            return (state.tokens, state.microDollars)
        }
    }
}

extension ChatService {
    /// Prices one attempt and hands its row to the usage recorder.
    func settleAttempt(_ admitted: Admitted, attempt: Attempt, context: CallContext, usage: Usage, status: Int, error: GatewayError?, ttft: Duration?) {
        let plan = admitted.plan
        let model = attempt.call.model
        record(
            admitted, model: model, route: plan.route, classifier: plan.classifier, attempt: attempt.index,
            decisionTime: attempt.index == 0 ? plan.decisionTime : nil, baseline: (plan.baseline ?? model).prices.cost(of: usage),
            usage: usage, status: status, error: error, ttft: ttft, context: context
        )
    }

    /// Writes one ledger row for `admitted` and adds its tokens and cost to the request's tally.
    func record(
        _ admitted: Admitted, model: CatalogModel, route: String, classifier: String?, attempt: Int, decisionTime: Duration?, baseline: Cost,
        usage: Usage, status: Int, error: GatewayError?, ttft: Duration?, context: CallContext
    ) {
        let cost = model.prices.cost(of: usage)
        let principal = admitted.principal
        var row = UsageRecord(
            requestID: context.requestID, settledAtMillis: Int64(Date().timeIntervalSince1970 * 1000), keyPrefix: principal.keyPrefix,
            requestedModel: admitted.request.model, servedModel: model.id, provider: model.provider, route: route, stream: admitted.request.stream,
            usage: usage, cost: cost, status: status, errorCode: error?.code.rawValue,
            latency: ContinuousClock.now - context.receivedAt, timeToFirstToken: ttft, keyID: principal.keyID, accountID: principal.accountID,
            teamID: principal.teamID, creditAccountID: principal.creditAccountID, attempt: attempt, classifier: classifier,
            decisionTime: decisionTime, baselineCost: baseline
        )
        row.traceID = context.traceID
        metrics.observe(row)
        recorder.record(row)
        admitted.tally.add(tokens: usage.inputTokens + usage.outputTokens, microDollars: cost.microDollars.value)
    }

    /// Settles admission once, with what every attempt used.
    func finish(_ admitted: Admitted, error: GatewayError? = nil, returningRequest: Bool = false) {
        guard let totals = admitted.tally.finish() else { return }
        let settleSpan = admitted.trace?.stage("settle")
        admission.settle(admitted.ticket, actualTokens: totals.tokens, actualMicroDollars: totals.microDollars, returningRequest: returningRequest)
        settleSpan?.end()
        admitted.trace?.end(error: error)
    }

    /// A deprecated id was asked for: one log line and one counter tick per request.
    func reportDeprecation(_ notice: Deprecation, requestID: String) {
        logger.warning("deprecated model requested", metadata: [
            "request_id": .string(requestID), "model": .string(notice.requested), "successor": .string(notice.successor),
            "retires_on": .string(notice.retiresOn.description),
        ])
        metrics.registry.makeCounter(descriptor: GatewayMetrics.describe("switchyard_deprecated_model_requests_total", "Requests for deprecated models, served by their successors."), labels: [("model", notice.requested)]).increment()
    }
}
