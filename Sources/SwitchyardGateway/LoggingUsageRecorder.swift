import Logging
import SwitchyardStorage

/// Writes each attempt as one structured log line.
public struct LoggingUsageRecorder: UsageRecorder {
    let logger: Logger

    public init(logger: Logger) { self.logger = logger }

    public func record(_ record: UsageRecord) {
        FieldLines.info(logger, "request settled", SettledAttemptFields(record: record))
    }
}

/// The fields of a `request settled` line: tokens, cost, status and timing of one attempt.
struct SettledAttemptFields: LogFields {
    let record: UsageRecord

    static var keysAscend: Bool { true }

    /// In ascending key order (`keysAscend`).
    func forEach(_ field: (String, String) -> Void) {
        field("cached_tokens", String(record.usage.cachedInputTokens))
        field("cost_usd", record.cost.microDollars.description)
        if let code = record.errorCode { field("error", code) }
        field("input_tokens", String(record.usage.inputTokens))
        field("key", record.keyPrefix)
        field("latency_ms", String(record.latency.milliseconds))
        field("model", record.servedModel)
        field("output_tokens", String(record.usage.outputTokens))
        field("provider", record.provider)
        field("request_id", record.requestID)
        field("requested_model", record.requestedModel)
        field("route", record.route)
        field("status", String(record.status))
        field("stream", String(record.stream))
        if let traceID = record.traceID { field("trace_id", traceID) }
        if let ttft = record.timeToFirstToken { field("ttft_ms", String(ttft.milliseconds)) }
        if record.usage.isEstimated { field("usage_estimated", "true") }
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
