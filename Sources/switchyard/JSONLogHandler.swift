import Foundation
import Logging

/// Writes each log event as one JSON object per line on standard error (through `LogOutput`):
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
        // Built as bytes with a hand-made timestamp: Foundation's date formatting and string
        // interpolation cost more than the rest of a fast-lane request.
        var line: [UInt8] = []
        line.reserveCapacity(512)
        line += #"{"ts":""#.utf8
        Self.appendTimestamp(to: &line)
        line += #"","level":"#.utf8
        Self.appendQuoted(event.level.rawValue, to: &line)
        line += #","label":"#.utf8
        Self.appendQuoted(label, to: &line)
        line += #","message":"#.utf8
        Self.appendQuoted(event.message.description, to: &line)
        let merged = metadata.isEmpty ? event.metadata ?? [:] : event.metadata.map { metadata.merging($0) { $1 } } ?? metadata
        for (key, value) in merged.sorted(by: { $0.key < $1.key }) where key != "ts" && key != "level" && key != "label" && key != "message" {
            line.append(UInt8(ascii: ","))
            Self.appendQuoted(key, to: &line)
            line.append(UInt8(ascii: ":"))
            Self.appendQuoted(value.description, to: &line)
        }
        line += "}\n".utf8
        LogOutput.standardError.append(line, urgent: event.level >= .warning)
    }

    /// `2026-11-22T10:26:24.340` (UTC, milliseconds).
    static func appendTimestamp(to line: inout [UInt8]) {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var seconds = now.tv_sec
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func digits(_ value: Int, _ count: Int) {
            var divisor = 1
            for _ in 1..<count { divisor *= 10 }
            var value = value
            while divisor > 0 {
                line.append(UInt8(ascii: "0") + UInt8(value / divisor % 10))
                value %= divisor
                divisor /= 10
            }
        }
        digits(Int(parts.tm_year) + 1900, 4); line.append(UInt8(ascii: "-"))
        digits(Int(parts.tm_mon) + 1, 2); line.append(UInt8(ascii: "-"))
        digits(Int(parts.tm_mday), 2); line.append(UInt8(ascii: "T"))
        digits(Int(parts.tm_hour), 2); line.append(UInt8(ascii: ":"))
        digits(Int(parts.tm_min), 2); line.append(UInt8(ascii: ":"))
        digits(Int(parts.tm_sec), 2); line.append(UInt8(ascii: "."))
        digits(Int(now.tv_nsec) / 1_000_000, 3)
    }

    /// `text` as a JSON string literal, appended.
    static func appendQuoted(_ text: String, to line: inout [UInt8]) {
        line.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { bytes in
            // Most values (ids, model names, numbers) need no escaping: copy them whole.
            guard bytes.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) else {
                line.append(contentsOf: bytes)
                return
            }
            for byte in bytes { appendEscaped(byte, to: &line) }
        }
        line.append(UInt8(ascii: "\""))
    }

    private static func appendEscaped(_ byte: UInt8, to line: inout [UInt8]) {
        switch byte {
        case UInt8(ascii: "\""): line += #"\""#.utf8
        case UInt8(ascii: "\\"): line += #"\\"#.utf8
        case 0x0A: line += #"\n"#.utf8
        case 0x0D: line += #"\r"#.utf8
        case 0x09: line += #"\t"#.utf8
        case 0..<0x20:
            let hex = Array("0123456789abcdef".utf8)
            line += #"\u00"#.utf8
            line.append(hex[Int(byte >> 4)])
            line.append(hex[Int(byte & 0xF)])
        default: line.append(byte)
        }
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
