import Foundation
import Logging
import SwitchyardGateway
import SwitchyardModel

/// A log event as the caller hands it over: its time, level, label, message and metadata.
/// Made into its JSON line later, on the log writer's thread, so a request's event loop pays
/// only for taking the values, not for sorting and quoting them.
struct JSONLogLine: Sendable {
    let seconds: Int
    let nanoseconds: Int
    let level: Logger.Level
    let label: String
    let message: Logger.Message
    let metadata: Logger.Metadata

    /// The event, stamped now (UTC wall clock).
    init(level: Logger.Level, label: String, message: Logger.Message, metadata: Logger.Metadata) {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        seconds = now.tv_sec
        nanoseconds = now.tv_nsec
        self.level = level
        self.label = label
        self.message = message
        self.metadata = metadata
    }

    /// `{"ts":"…","level":"info","label":"switchyard","message":"…","key":"value",…}` and a newline,
    /// metadata keys (with `LogFields` spread out) in sorted order, every value a string.
    func write(to line: inout [UInt8]) {
        Self.writeStart(seconds: seconds, nanoseconds: nanoseconds, level: level, label: label, message: message.description, to: &line)
        if let fields = metadata.ascendingLogFieldsAlone {
            JSONFieldSink.append(fields, to: &line)
        } else {
            for (key, value) in metadata.spreadingLogFields().sorted(by: { $0.key < $1.key }) { Self.appendField(key, value, to: &line) }
        }
        line += "}\n".utf8
    }

    /// A line of `fields` alone, stamped now: the same bytes `write` makes for them as metadata.
    static func write(level: Logger.Level, label: String, message: String, fields: some LogFields, to line: inout [UInt8]) {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        writeStart(seconds: now.tv_sec, nanoseconds: now.tv_nsec, level: level, label: label, message: message, to: &line)
        if type(of: fields).keysAscend {
            JSONFieldSink.append(fields, to: &line)
        } else {
            var pairs: [(key: String, value: String)] = []
            fields.forEach { pairs.append(($0, $1)) }
            for (key, value) in pairs.sorted(by: { $0.key < $1.key }) { appendField(key, value, to: &line) }
        }
        line += "}\n".utf8
    }

    /// `{"ts":"…","level":"…","label":"…","message":"…"`: what every line starts with.
    private static func writeStart(seconds: Int, nanoseconds: Int, level: Logger.Level, label: String, message: String, to line: inout [UInt8]) {
        line += #"{"ts":""#.utf8
        appendTimestamp(seconds: seconds, nanoseconds: nanoseconds, to: &line)
        line += #"","level":"#.utf8
        JSONFieldSink.appendQuoted(level.rawValue, to: &line)
        line += #","label":"#.utf8
        JSONFieldSink.appendQuoted(label, to: &line)
        line += #","message":"#.utf8
        JSONFieldSink.appendQuoted(message, to: &line)
    }

    /// `,"key":"value"`, unless `key` is one the line starts with.
    private static func appendField(_ key: String, _ value: String, to line: inout [UInt8]) {
        guard key != "ts", key != "level", key != "label", key != "message" else { return }
        line.append(UInt8(ascii: ","))
        JSONFieldSink.appendQuoted(key, to: &line)
        line.append(UInt8(ascii: ":"))
        JSONFieldSink.appendQuoted(value, to: &line)
    }

    /// `2026-11-22T10:26:24.340` (UTC, milliseconds), without Foundation's date formatting.
    private static func appendTimestamp(seconds: Int, nanoseconds: Int, to line: inout [UInt8]) {
        var whole = seconds
        var parts = tm()
        gmtime_r(&whole, &parts)
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
        digits(nanoseconds / 1_000_000, 3)
    }
}
