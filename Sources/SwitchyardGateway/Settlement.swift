import Foundation
import Metrics
import Synchronization
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
        let model = attempt.call.model
        let cost = model.prices.cost(of: usage)
        let principal = admitted.principal
        let plan = admitted.plan
        recorder.record(UsageRecord(
            requestID: context.requestID, settledAtMillis: Int64(Date().timeIntervalSince1970 * 1000), keyPrefix: principal.keyPrefix,
            requestedModel: admitted.request.model, servedModel: model.id, provider: model.provider, route: plan.route, stream: admitted.request.stream,
            usage: usage, cost: cost, status: status, errorCode: error?.code.rawValue,
            latency: ContinuousClock.now - context.receivedAt, timeToFirstToken: ttft, keyID: principal.keyID, accountID: principal.accountID,
            teamID: principal.teamID, creditAccountID: principal.creditAccountID, attempt: attempt.index, classifier: plan.classifier,
            decisionTime: attempt.index == 0 ? plan.decisionTime : nil, baselineCost: (plan.baseline ?? model).prices.cost(of: usage)
        ))
        admitted.tally.add(tokens: usage.inputTokens + usage.outputTokens, microDollars: cost.microDollars.value)
    }

    /// Settles admission once, with what every attempt used.
    func finish(_ admitted: Admitted) {
        guard let totals = admitted.tally.finish() else { return }
        admission.settle(admitted.ticket, actualTokens: totals.tokens, actualMicroDollars: totals.microDollars)
    }

    /// A deprecated id was asked for: one log line and one counter tick per request.
    func reportDeprecation(_ notice: Deprecation, requestID: String) {
        logger.warning("deprecated model requested", metadata: [
            "request_id": .string(requestID), "model": .string(notice.requested), "successor": .string(notice.successor),
            "retires_on": .string(notice.retiresOn.description),
        ])
        Counter(label: "switchyard_deprecated_model_requests_total", dimensions: [("model", notice.requested)]).increment()
    }
}
