/// W3C trace context (`traceparent: 00-<trace id>-<parent id>-<flags>`): the gateway joins the
/// caller's trace, or starts one, and hands the upstream a parent id of its own.
public struct TraceContext: Sendable, Hashable {
    /// 32 lowercase hex digits.
    public var traceID: String
    /// 16 lowercase hex digits: the span that sends the next request.
    public var spanID: String
    public var flags: String

    /// The caller's context, or nil when `header` is absent or not a valid version-00 traceparent.
    public init?(traceparent header: String?) {
        guard let header else { return nil }
        let parts = header.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "00", Self.isHex(parts[1], count: 32), Self.isHex(parts[2], count: 16), Self.isHex(parts[3], count: 2),
              parts[1] != Substring(String(repeating: "0", count: 32)), parts[2] != Substring(String(repeating: "0", count: 16))
        else { return nil }
        traceID = String(parts[1])
        spanID = String(parts[2])
        flags = String(parts[3])
    }

    init(traceID: String, spanID: String, flags: String) {
        self.traceID = traceID
        self.spanID = spanID
        self.flags = flags
    }

    /// A new sampled trace.
    public static func start() -> TraceContext {
        TraceContext(traceID: randomHex(16), spanID: randomHex(8), flags: "01")
    }

    /// The same trace with a new span id: the gateway's own span, the upstream's parent.
    public func child() -> TraceContext {
        TraceContext(traceID: traceID, spanID: Self.randomHex(8), flags: flags)
    }

    /// The `traceparent` header value.
    public var header: String { "00-\(traceID)-\(spanID)-\(flags)" }

    private static func isHex(_ text: Substring, count: Int) -> Bool {
        text.utf8.count == count && text.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }
    }

    private static func randomHex(_ bytes: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        var text = ""
        text.reserveCapacity(bytes * 2)
        for _ in 0..<bytes {
            let byte = UInt8.random(in: 0...255, using: &generator)
            text += byte < 16 ? "0" + String(byte, radix: 16) : String(byte, radix: 16)
        }
        return text
    }
}
