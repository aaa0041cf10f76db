import SwitchyardCatalog
import SwitchyardModel

/// The built-in offline backend: deterministic answers at each model's catalog pace, honest usage,
/// and injectable failures. A product feature for demos, load tests and replay.
public struct SimulatorProvider: ChatProvider {
    public let name: String
    public let settings: SimulatorSettings

    public init(name: String = "simulator", settings: SimulatorSettings = .init()) {
        self.name = name
        self.settings = settings
    }

    public func complete(_ call: UpstreamCall) async throws -> ChatCompletion {
        let plan = SimulatedAnswer(call: call, fillMaxTokens: settings.fillMaxTokens)
        try await injectFailure(allowCut: true, timeout: call.totalTimeout)
        let seconds = Double(call.model.speed.timeToFirstTokenMillis) / 1000 + Double(plan.outputTokenCount) / call.model.speed.tokensPerSecond
        let limit = call.totalTimeout.seconds
        if seconds * settings.speedMultiplier > limit {
            try await pause(seconds: limit / max(settings.speedMultiplier, 1e-9))
            throw GatewayError(.upstreamTimeout, "Provider '\(name)' did not finish within the total timeout.")
        }
        try await pause(seconds: seconds)
        var completion = ChatCompletion(
            id: plan.id, created: plan.created, model: call.clientModel,
            choices: [ChatChoice(index: 0, message: plan.message, finishReason: plan.finish)], usage: plan.usage
        )
        if call.request.confidenceProbe {
            let range = settings.confidence
            completion.confidence = range.lowerBound + (range.upperBound - range.lowerBound) * plan.unitDraw
        }
        return completion
    }

    public func stream(_ call: UpstreamCall) async throws -> ChatStream {
        let plan = SimulatedAnswer(call: call, fillMaxTokens: settings.fillMaxTokens)
        try await injectFailure(allowCut: false, timeout: call.firstByteTimeout)
        try await pause(seconds: Double(call.model.speed.timeToFirstTokenMillis) / 1000)
        let cutAfter = Double.random(in: 0..<1) < settings.failures.cutRate ? max(1, plan.events.count / 2) : nil
        let source = SimulatorStreamSource(
            events: plan.events, secondsPerEvent: settings.speedMultiplier / call.model.speed.tokensPerSecond,
            cutAfter: cutAfter, provider: name
        )
        return ChatStream(head: ChatStreamHead(id: plan.id, created: plan.created, model: call.clientModel), events: source)
    }

    /// Sleeps `seconds` scaled by the speed multiplier; honours cancellation.
    func pause(seconds: Double) async throws {
        let scaled = seconds * settings.speedMultiplier
        guard scaled > 0 else { return }
        do { try await Task.sleep(for: .seconds(scaled)) } catch { throw GatewayError(.clientClosed, "The request was cancelled.") }
    }

    /// Throws the failure drawn for this request, if any; an injected timeout waits `timeout` first.
    private func injectFailure(allowCut: Bool, timeout: Duration) async throws {
        let failures = settings.failures
        var draw = Double.random(in: 0..<1)
        if draw < failures.errorRate {
            throw GatewayError(.upstreamError, "Provider '\(name)' failed with status 500 (injected).")
        }
        draw -= failures.errorRate
        if draw < failures.rateLimitRate {
            throw GatewayError(.rateLimited, "Provider '\(name)' is rate limiting; retry later (injected).", retryAfterSeconds: 1)
        }
        draw -= failures.rateLimitRate
        if draw < failures.timeoutRate {
            do { try await Task.sleep(for: timeout) } catch { throw GatewayError(.clientClosed, "The request was cancelled.") }
            throw GatewayError(.upstreamTimeout, "Provider '\(name)' did not answer in time (injected).")
        }
        draw -= failures.timeoutRate
        if allowCut, draw < failures.cutRate {
            throw GatewayError(.upstreamBadResponse, "Provider '\(name)' closed the connection before the response was complete (injected).")
        }
    }
}

extension Duration {
    /// The duration in (fractional) seconds.
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}
