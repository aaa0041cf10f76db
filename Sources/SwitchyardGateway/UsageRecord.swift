import Logging
import SwitchyardCatalog
import SwitchyardModel

/// What one upstream attempt used and cost. Never holds prompt or completion text.
public struct UsageRecord: Sendable {
    public var requestID: String
    public var keyPrefix: String
    public var requestedModel: String
    public var servedModel: String
    public var provider: String
    /// How the model was chosen (`explicit` until routing exists).
    public var route: String
    public var stream: Bool
    public var usage: Usage
    /// The exact cost; `cost.microDollars` is the amount billed for the attempt.
    public var cost: Cost
    /// The HTTP status the client saw (or would have seen), 499 for a client that left.
    public var status: Int
    /// The error code when the attempt failed.
    public var errorCode: String?
    public var latency: Duration
    public var timeToFirstToken: Duration?
}

/// Where settled attempts go. The ledger store implements it; the default logs a line per attempt.
public protocol UsageRecorder: Sendable {
    func record(_ record: UsageRecord)
}

/// Writes each attempt as one structured log line.
public struct LoggingUsageRecorder: UsageRecorder {
    let logger: Logger

    public init(logger: Logger) { self.logger = logger }

    public func record(_ record: UsageRecord) {
        var metadata: Logger.Metadata = [
            "request_id": .string(record.requestID), "key": .string(record.keyPrefix),
            "model": .string(record.servedModel), "requested_model": .string(record.requestedModel),
            "provider": .string(record.provider), "route": .string(record.route), "stream": .stringConvertible(record.stream),
            "input_tokens": .stringConvertible(record.usage.inputTokens), "output_tokens": .stringConvertible(record.usage.outputTokens),
            "cached_tokens": .stringConvertible(record.usage.cachedInputTokens), "cost_usd": .string(record.cost.microDollars.description),
            "status": .stringConvertible(record.status), "latency_ms": .stringConvertible(record.latency.milliseconds),
        ]
        if let code = record.errorCode { metadata["error"] = .string(code) }
        if record.usage.isEstimated { metadata["usage_estimated"] = "true" }
        if let ttft = record.timeToFirstToken { metadata["ttft_ms"] = .stringConvertible(ttft.milliseconds) }
        logger.info("request settled", metadata: metadata)
    }
}

extension Duration {
    /// Whole milliseconds.
    public var milliseconds: Int64 { components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000 }
    /// Whole microseconds.
    public var microseconds: Int64 { components.seconds * 1_000_000 + components.attoseconds / 1_000_000_000_000 }
}
