import Foundation
import Synchronization
import SwitchyardGateway
import SwitchyardModel
import SwitchyardStorage

/// One replayed request's outcome.
struct ReplayResult: Sendable {
    var index: Int
    var label: String?
    var route: String
    var model: String
    var status: Int
    var inputTokens: Int
    var outputTokens: Int
    var costMicroDollars: Int64
    var costPicodollars: Int64
    /// Real-time latency (measured latency divided by the time scale).
    var latencySeconds: Double
    /// The cascade's verdict (`accepted`, `escalated`, `unjudged`) when the policy has one.
    var cascade: String? = nil
}

/// Every request of one policy.
struct ReplayPolicyResult: Sendable {
    var policy: String
    var results: [ReplayResult]
}

/// Keeps the ledger rows of a replay in memory, summed per request.
final class ReplayRecorder: UsageRecorder, Sendable {
    private let rows = Mutex<[String: (input: Int, output: Int, micro: Int64, pico: Int64)]>([:])

    func record(_ record: UsageRecord) {
        rows.withLock { rows in
            var sum = rows[record.requestID] ?? (0, 0, 0, 0)
            sum.input += record.usage.inputTokens
            sum.output += record.usage.outputTokens
            sum.micro += record.cost.microDollars.value
            sum.pico += record.cost.picodollars
            rows[record.requestID] = sum
        }
    }

    func totals(_ requestID: String) -> (input: Int, output: Int, micro: Int64, pico: Int64) {
        rows.withLock { $0[requestID] ?? (0, 0, 0, 0) }
    }
}

/// Sends a traffic log through the gateway's own request path, `concurrency` at a time.
struct ReplayRunner: Sendable {
    let service: ChatService
    let recorder: ReplayRecorder
    let timeScale: Double
    let concurrency: Int

    func run(policy: String, lines: [TrafficLine]) async -> ReplayPolicyResult {
        let principal = Principal(keyID: "replay", keyPrefix: "replay")
        let progressStep = max(1, lines.count / 10)
        var results: [ReplayResult] = []
        results.reserveCapacity(lines.count)
        await withTaskGroup(of: ReplayResult.self) { group in
            var next = 0
            func add() {
                guard next < lines.count else { return }
                let index = next
                next += 1
                group.addTask { await one(index: index, line: lines[index], policy: policy, principal: principal) }
            }
            for _ in 0..<min(concurrency, lines.count) { add() }
            for await result in group {
                results.append(result)
                if results.count % progressStep == 0 || results.count == lines.count {
                    FileHandle.standardError.write(Data("replay \(policy): \(results.count)/\(lines.count)\n".utf8))
                }
                add()
            }
        }
        return ReplayPolicyResult(policy: policy, results: results.sorted { $0.index < $1.index })
    }

    private func one(index: Int, line: TrafficLine, policy: String, principal: Principal) async -> ReplayResult {
        var request = line.request
        request.model = policy
        request.stream = false
        let requestID = "replay-\(policy)-\(index)"
        let started = ContinuousClock.now
        let context = CallContext(requestID: requestID, presentedKey: nil, receivedAt: started)
        var route = "error"
        var model = ""
        var status = 200
        var cascade: String?
        do {
            let outcome = try await service.complete(request, principal: principal, context: context)
            route = outcome.route
            model = outcome.servedModel
            cascade = outcome.cascade?.rawValue
        } catch {
            status = error.status
        }
        let elapsed = ContinuousClock.now - started
        let seconds = (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18) / timeScale
        let totals = recorder.totals(requestID)
        return ReplayResult(
            index: index, label: line.label, route: route, model: model, status: status, inputTokens: totals.input,
            outputTokens: totals.output, costMicroDollars: totals.micro, costPicodollars: totals.pico, latencySeconds: seconds, cascade: cascade
        )
    }
}
