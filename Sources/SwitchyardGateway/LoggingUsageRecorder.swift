import Logging
import SwitchyardStorage

/// Writes each attempt as one structured log line.
public struct LoggingUsageRecorder: UsageRecorder {
    let logger: Logger

    public init(logger: Logger) { self.logger = logger }

    public func record(_ record: UsageRecord) {
        // The metadata costs more than the line: skip both when info is filtered out.
        guard logger.logLevel <= .info else { return }
        var metadata: Logger.Metadata = [
            "request_id": .string(record.requestID), "key": .string(record.keyPrefix),
            "model": .string(record.servedModel), "requested_model": .string(record.requestedModel),
            "provider": .string(record.provider), "route": .string(record.route), "stream": .stringConvertible(record.stream),
            "input_tokens": .stringConvertible(record.usage.inputTokens), "output_tokens": .stringConvertible(record.usage.outputTokens),
            "cached_tokens": .stringConvertible(record.usage.cachedInputTokens), "cost_usd": .string(record.cost.microDollars.description),
            "status": .stringConvertible(record.status), "latency_ms": .stringConvertible(record.latency.milliseconds),
        ]
        if let code = record.errorCode { metadata["error"] = .string(code) }
        if let traceID = record.traceID { metadata["trace_id"] = .string(traceID) }
        if record.usage.isEstimated { metadata["usage_estimated"] = "true" }
        if let ttft = record.timeToFirstToken { metadata["ttft_ms"] = .stringConvertible(ttft.milliseconds) }
        logger.info("request settled", metadata: metadata)
    }
}

/// Hands each settled attempt to several recorders (the ledger and the log line).
public struct UsageRecorders: UsageRecorder {
    let recorders: [any UsageRecorder]

    public init(_ recorders: [any UsageRecorder]) { self.recorders = recorders }

    public func record(_ record: UsageRecord) {
        for recorder in recorders { recorder.record(record) }
    }
}
