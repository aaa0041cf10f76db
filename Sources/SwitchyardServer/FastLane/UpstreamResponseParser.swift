import NIOCore
import NIOHTTP1

/// Reads HTTP/1.1 responses off an upstream connection's bytes, one response per request sent:
/// status line and headers, then a body framed by `Content-Length`, by chunks, or by the
/// connection closing; `1xx` heads are skipped. Only what the fast lane uses is kept from the
/// head — the status, `Content-Type`, and every header of an error answer (for `Retry-After`) —
/// so a successful answer costs no header strings. Pull-based (`next()`), so a handler may send
/// the connection's next request while it handles an event.
struct UpstreamResponseParser {
    enum Event {
        case head(HTTPResponseHead)
        case body(ByteBuffer)
        case end
    }

    /// Bytes that are not an HTTP/1 response, or one beyond the limits.
    struct Malformed: Error, CustomStringConvertible {
        let description: String
    }

    enum State {
        /// No request outstanding: any byte is an error.
        case idle
        case head
        case fixed(remaining: Int)
        case chunkSize
        case chunkData(remaining: Int)
        case chunkDataEnd
        case trailers
        case untilClose
        /// The response ended; `.end` is the next event.
        case ending
    }

    static let maxHeadBytes = 64 << 10
    static let maxLineBytes = 8 << 10

    var state = State.idle
    private var unread: ByteBuffer?
    /// Whether the connection may carry another request after this response.
    var keepAlive = true

    /// A request went out: its response is the next one.
    mutating func expectResponse() {
        state = .head
        keepAlive = true
    }

    mutating func append(_ bytes: ByteBuffer) {
        if var existing = unread, existing.readableBytes > 0 {
            existing.writeImmutableBuffer(bytes)
            unread = existing
        } else {
            unread = bytes
        }
    }

    /// The connection closed: true when that ended a close-delimited body (then `.end` is next).
    mutating func closed() -> Bool {
        guard case .untilClose = state else { return false }
        state = .ending
        return true
    }

    /// The next event the appended bytes make, or nil when more bytes are needed.
    mutating func next() throws(Malformed) -> Event? {
        if case .ending = state {
            state = .idle
            return .end
        }
        guard var buffer = unread, buffer.readableBytes > 0 else { return nil }
        defer { unread = buffer.readableBytes > 0 ? buffer : nil }
        while true {
            switch state {
            case .idle:
                throw Malformed(description: "bytes arrived with no request outstanding")
            case .ending:
                return nil
            case .head:
                guard let length = HTTP1Bytes.headLength(buffer) else {
                    guard buffer.readableBytes <= Self.maxHeadBytes else { throw Malformed(description: "response head over \(Self.maxHeadBytes) bytes") }
                    return nil
                }
                let head = try readHead(buffer.readSlice(length: length)!)
                if let head { return .head(head) }
                guard buffer.readableBytes > 0 else { return nil }
            case .fixed(let remaining), .chunkData(let remaining):
                let count = min(remaining, buffer.readableBytes)
                let slice = buffer.readSlice(length: count)!
                if case .fixed = state {
                    state = count == remaining ? .ending : .fixed(remaining: remaining - count)
                } else {
                    state = count == remaining ? .chunkDataEnd : .chunkData(remaining: remaining - count)
                }
                return .body(slice)
            case .chunkSize:
                guard let line = try Self.readLine(&buffer) else { return nil }
                let size = try Self.chunkSize(line)
                state = size == 0 ? .trailers : .chunkData(remaining: size)
            case .chunkDataEnd:
                guard let line = try Self.readLine(&buffer) else { return nil }
                guard line.readableBytes == 0 else { throw Malformed(description: "chunk data longer than its size") }
                state = .chunkSize
            case .trailers:
                guard let line = try Self.readLine(&buffer) else { return nil }
                if line.readableBytes == 0 { state = .ending }
            case .untilClose:
                return .body(buffer.readSlice(length: buffer.readableBytes)!)
            }
            if case .ending = state {
                state = .idle
                return .end
            }
            guard buffer.readableBytes > 0 else { return nil }
        }
    }
}
