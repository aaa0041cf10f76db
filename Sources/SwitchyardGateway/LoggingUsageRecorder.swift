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
    func write(to sink: inout some LogFieldSink) {
        sink.field("cached_tokens", Int64(record.usage.cachedInputTokens))
        sink.field("cost_usd", dollars: record.cost.microDollars)
        if let code = record.errorCode { sink.field("error", code) }
        sink.field("input_tokens", Int64(record.usage.inputTokens))
        sink.field("key", record.keyPrefix)
        sink.field("latency_ms", record.latency.milliseconds)
        sink.field("model", record.servedModel)
        sink.field("output_tokens", Int64(record.usage.outputTokens))
        sink.field("provider", record.provider)
        sink.field("request_id", record.requestID)
        sink.field("requested_model", record.requestedModel)
        sink.field("route", record.route)
        sink.field("status", Int64(record.status))
        sink.field("stream", record.stream ? "true" : "false")
        if let traceID = record.traceID { sink.field("trace_id", traceID) }
        if let ttft = record.timeToFirstToken { sink.field("ttft_ms", ttft.milliseconds) }
        if record.usage.isEstimated { sink.field("usage_estimated", "true") }
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
