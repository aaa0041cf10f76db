import NIOCore
import SwitchyardGateway

/// A served fast-lane response's head written straight as HTTP/1.1 bytes: the same fields, in
/// the same order, as `OutcomeHeaders.make` followed by `HTTP1Wire.writeHead`, without building
/// `HTTPFields` (an allocation and a validation per field, on every response).
///
/// Values are written as they are only when every byte may stand in a field value; an outcome
/// with anything else, or with a header only the full path sets (deprecation, cascade,
/// confidence), is left to the typed path, which cleans values as it always has.
enum ServedHead {
    /// How the body that follows is framed.
    enum Framing {
        case length(Int)
        case chunked

        /// A chunked body is the fast lane's event stream; a sized one, a JSON completion.
        var contentType: String { if case .chunked = self { "text/event-stream" } else { "application/json" } }
    }

    /// Appends the head to `buffer` and returns true, or returns false having written nothing.
    /// Also records the request's overhead in `metrics`, as `OutcomeHeaders.make` does.
    static func write(
        _ outcome: ChatOutcome<Void>, receivedAt: ContinuousClock.Instant, requestID: String, framing: Framing,
        metrics: GatewayMetrics, into buffer: inout ByteBuffer
    ) -> Bool {
        guard outcome.deprecation == nil, outcome.cascade == nil, outcome.confidence == nil,
              isFieldValue(outcome.servedModel), isFieldValue(outcome.provider), isFieldValue(outcome.route), isFieldValue(requestID)
        else { return false }
        let rateLimit = outcome.rateLimit.headers
        guard rateLimit.allSatisfy({ isFieldValue($0.value) }) else { return false }
        let overhead = max(0, ((ContinuousClock.now - receivedAt) - outcome.upstreamWait).microseconds)
        metrics.observeOverhead(microseconds: overhead)

        buffer.writeStaticString("HTTP/1.1 200 OK\r\n")
        field("Content-Type: ", framing.contentType, into: &buffer)
        field("x-switchyard-model: ", outcome.servedModel, into: &buffer)
        field("x-switchyard-provider: ", outcome.provider, into: &buffer)
        field("x-switchyard-overhead-us: ", String(overhead), into: &buffer)
        field("x-switchyard-route: ", outcome.route, into: &buffer)
        field("x-switchyard-fallbacks: ", String(outcome.fallbacks), into: &buffer)
        if case .chunked = framing { buffer.writeStaticString("Cache-Control: no-cache\r\n") }
        for (name, value) in rateLimit {
            buffer.writeString(name)
            buffer.writeStaticString(": ")
            buffer.writeString(value)
            buffer.writeStaticString("\r\n")
        }
        field("x-request-id: ", requestID, into: &buffer)
        switch framing {
        case .length(let length): field("Content-Length: ", String(length), into: &buffer)
        case .chunked: buffer.writeStaticString("Transfer-Encoding: chunked\r\n")
        }
        field("Date: ", HTTPDate.now(), into: &buffer)
        buffer.writeStaticString("Server: ")
        buffer.writeString(HTTP1Wire.serverName)
        buffer.writeStaticString("\r\n\r\n")
        return true
    }

    private static func field(_ name: StaticString, _ value: String, into buffer: inout ByteBuffer) {
        buffer.writeStaticString(name)
        buffer.writeString(value)
        buffer.writeStaticString("\r\n")
    }

    /// Whether `value` may be sent unchanged as a field value: no control characters (tab aside),
    /// no DEL, and no leading or trailing white space.
    static func isFieldValue(_ value: String) -> Bool {
        value.utf8.withContiguousStorageIfAvailable(check) ?? Array(value.utf8).withUnsafeBufferPointer(check)
    }

    private static func check(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = bytes.first, let last = bytes.last else { return true }
        if first == 0x20 || first == 0x09 || last == 0x20 || last == 0x09 { return false }
        for byte in bytes where (byte < 0x20 && byte != 0x09) || byte == 0x7F {
            return false
        }
        return true
    }
}
