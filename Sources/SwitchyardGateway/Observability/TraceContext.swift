#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
        guard var header else { return nil }
        let parsed: (String, String, String)? = header.withUTF8 { bytes in
            // 00-<32 hex>-<16 hex>-<2 hex>: 55 bytes, dashes at 2, 35 and 52.
            guard bytes.count == 55, bytes[0] == 0x30, bytes[1] == 0x30, bytes[2] == 0x2D, bytes[35] == 0x2D, bytes[52] == 0x2D else { return nil }
            var traceZero = true, spanZero = true
            for index in 3..<55 where index != 35 && index != 52 {
                let byte = bytes[index]
                guard (byte >= 0x30 && byte <= 0x39) || (byte >= 0x61 && byte <= 0x66) else { return nil }
                if byte != 0x30 {
                    if index < 35 { traceZero = false } else if index < 52 { spanZero = false }
                }
            }
            guard !traceZero, !spanZero else { return nil }
            return (
                String(decoding: UnsafeBufferPointer(rebasing: bytes[3..<35]), as: UTF8.self),
                String(decoding: UnsafeBufferPointer(rebasing: bytes[36..<52]), as: UTF8.self),
                String(decoding: UnsafeBufferPointer(rebasing: bytes[53..<55]), as: UTF8.self)
            )
        }
        guard let (trace, span, flags) = parsed else { return nil }
        traceID = trace
        spanID = span
        self.flags = flags
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
    public var header: String {
        var traceID = traceID, spanID = spanID, flags = flags
        let length = 5 + traceID.utf8.count + spanID.utf8.count + flags.utf8.count
        // One allocation: an interpolation grows its string as it goes.
        return String(unsafeUninitializedCapacity: length) { buffer in
            var end = 0
            func put(_ part: inout String) {
                part.withUTF8 { for byte in $0 { buffer[end] = byte; end += 1 } }
            }
            buffer[0] = 0x30; buffer[1] = 0x30; buffer[2] = 0x2D; end = 3
            put(&traceID)
            buffer[end] = 0x2D; end += 1
            put(&spanID)
            buffer[end] = 0x2D; end += 1
            put(&flags)
            return end
        }
    }

    /// `bytes` (at most 16) random bytes as lowercase hex digits.
    public static func randomHex(_ bytes: Int) -> String {
        precondition(bytes <= 16)
        let random = RandomBytes.sixteen()
        return String(unsafeUninitializedCapacity: bytes * 2) { buffer in
            for index in 0..<bytes {
                buffer[2 * index] = hexDigit(random[index] >> 4)
                buffer[2 * index + 1] = hexDigit(random[index] & 0x0F)
            }
            return bytes * 2
        }
    }

    /// `prefix`, 12 hex digits of the Unix time in milliseconds, then 12 random hex digits: ids
    /// that sort by when they were made, built in one allocation.
    public static func timeOrderedID(prefix: StaticString) -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let millis = UInt64(max(0, now.tv_sec)) &* 1000 &+ UInt64(max(0, now.tv_nsec)) / 1_000_000
        let random = RandomBytes.sixteen()
        return String(unsafeUninitializedCapacity: prefix.utf8CodeUnitCount + 24) { buffer in
            var end = 0
            prefix.withUTF8Buffer { for byte in $0 { buffer[end] = byte; end += 1 } }
            for shift in stride(from: 44, through: 0, by: -4) {
                buffer[end] = hexDigit(UInt8(truncatingIfNeeded: millis >> UInt64(shift)) & 0x0F)
                end += 1
            }
            for index in 0..<6 {
                buffer[end] = hexDigit(random[index] >> 4)
                buffer[end + 1] = hexDigit(random[index] & 0x0F)
                end += 2
            }
            return end
        }
    }

    private static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
    }
}
