import SwitchyardModel

/// Writes each field as `,"key":"value"` into a JSON log line (after its `{"ts":…,"message":…`),
/// numbers and amounts as their digits without making a `String`. The keys are the field types'
/// own (none is `ts`, `level`, `label` or `message`; a test holds them to it).
public struct JSONFieldSink: LogFieldSink {
    /// The line written so far.
    public var line: [UInt8]

    public init(line: [UInt8]) { self.line = line }

    /// Appends `fields` (whose keys ascend) to `line` in place, without copying it.
    public static func append(_ fields: some LogFields, to line: inout [UInt8]) {
        var sink = JSONFieldSink(line: [])
        swap(&sink.line, &line)
        fields.write(to: &sink)
        swap(&sink.line, &line)
    }

    public mutating func field(_ key: StaticString, _ value: String) {
        start(key)
        Self.appendQuoted(value, to: &line)
    }

    public mutating func field(_ key: StaticString, _ value: Int64) {
        start(key)
        line.append(UInt8(ascii: "\""))
        if value < 0 { line.append(UInt8(ascii: "-")) }
        appendDigits(value.magnitude, atLeast: 1)
        line.append(UInt8(ascii: "\""))
    }

    public mutating func field(_ key: StaticString, dollars value: MicroDollars) {
        start(key)
        line.append(UInt8(ascii: "\""))
        if value.value < 0 { line.append(UInt8(ascii: "-")) }
        appendDigits(value.value.magnitude / 1_000_000, atLeast: 1)
        line.append(UInt8(ascii: "."))
        appendDigits(value.value.magnitude % 1_000_000, atLeast: 6)
        line.append(UInt8(ascii: "\""))
    }

    private mutating func start(_ key: StaticString) {
        line.append(UInt8(ascii: ","))
        line.append(UInt8(ascii: "\""))
        key.withUTF8Buffer { line.append(contentsOf: $0) }
        line.append(UInt8(ascii: "\""))
        line.append(UInt8(ascii: ":"))
    }

    /// `value` in decimal, zero-padded to `atLeast` digits.
    private mutating func appendDigits(_ value: UInt64, atLeast minimum: Int) {
        var count = 1
        var rest = value / 10
        while rest > 0 { count += 1; rest /= 10 }
        count = max(count, minimum)
        let start = line.count
        line.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: count))
        var remaining = value
        var index = start + count - 1
        while remaining > 0 {
            line[index] = UInt8(ascii: "0") + UInt8(remaining % 10)
            remaining /= 10
            index -= 1
        }
    }

    /// `text` as a JSON string literal, appended.
    public static func appendQuoted(_ text: String, to line: inout [UInt8]) {
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
