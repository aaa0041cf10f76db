import Foundation
import Logging
import Synchronization

/// Writes each log event as one JSON object per line on standard error:
/// `{"ts":"…","level":"info","label":"switchyard","message":"request settled","request_id":"…",…}`.
/// Metadata values are written as strings; nothing here ever receives prompt or completion text.
struct JSONLogHandler: LogHandler {
    let label: String
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]
    private static let output = Mutex(())

    init(label: String) { self.label = label }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var line = #"{"ts":"# + Self.quoted(Date().ISO8601Format(.iso8601.time(includingFractionalSeconds: true).year().month().day()))
        line += #","level":"# + Self.quoted(event.level.rawValue) + #","label":"# + Self.quoted(label) + #","message":"# + Self.quoted(event.message.description)
        let merged = event.metadata.map { metadata.merging($0) { $1 } } ?? metadata
        for key in merged.keys.sorted() where !["ts", "level", "label", "message"].contains(key) {
            line += "," + Self.quoted(key) + ":" + Self.quoted("\(merged[key]!)")
        }
        line += "}\n"
        Self.output.withLock { _ in FileHandle.standardError.write(Data(line.utf8)) }
    }

    /// `text` as a JSON string literal.
    static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case let control where control.value < 0x20: result += String(format: "\\u%04x", control.value)
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}

/// How `serve` writes its logs: `SWITCHYARD_LOG_FORMAT=json` (default) or `text`.
enum LogFormat {
    static func bootstrap(environment: [String: String]) {
        let json = (environment["SWITCHYARD_LOG_FORMAT"] ?? "json").lowercased() != "text"
        LoggingSystem.bootstrap { label in
            json ? JSONLogHandler(label: label) as any LogHandler : StreamLogHandler.standardError(label: label)
        }
    }
}
