import Foundation
import Logging
import SwitchyardGateway

/// Writes each log event as one JSON object per line on standard error (through `LogOutput`,
/// as a `JSONLogLine`):
/// `{"ts":"…","level":"info","label":"switchyard","message":"request settled","request_id":"…",…}`.
/// Metadata values are written as strings; nothing here ever receives prompt or completion text.
struct JSONLogHandler: LogHandler {
    let label: String
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]

    init(label: String) { self.label = label }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        // Only the values are taken here; the line is made on the log writer's thread.
        let merged = metadata.isEmpty ? event.metadata ?? [:] : event.metadata.map { metadata.merging($0) { $1 } } ?? metadata
        LogOutput.standardError.append(
            JSONLogLine(level: event.level, label: label, message: event.message, metadata: merged), urgent: event.level >= .warning
        )
    }
}

/// How `serve` writes its logs: `SWITCHYARD_LOG_FORMAT=json` (default) or `text`.
enum LogFormat {
    static func bootstrap(environment: [String: String]) {
        let json = (environment["SWITCHYARD_LOG_FORMAT"] ?? "json").lowercased() != "text"
        LoggingSystem.bootstrap { label in
            json ? JSONLogHandler(label: label) as any LogHandler : StreamLogHandler.standardError(label: label)
        }
        // Each request's two lines go to the same output without swift-log's event (`FieldLines`).
        if json { FieldLines.output = LogOutput.standardError }
    }
}
