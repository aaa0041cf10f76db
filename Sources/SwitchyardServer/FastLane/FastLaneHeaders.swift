import NIOCore
import HTTPTypes

/// The header values the fast lane reads, taken in one pass over the request head's bytes.
struct FastLaneHeaders: Equatable {
    var bearerToken: String?
    var requestID: String?
    var traceparent: String?
    /// The connection ends after the response (`Connection: close`, or HTTP/1.0 without keep-alive).
    var closes = false
}

/// A client request head, read from its bytes as far as the server's front needs: where the
/// request ends, and whether the fast lane may take it.
struct ClientRequestHead: Equatable {
    /// Bytes of the head, blank line included.
    var length: Int
    /// The body's length (0 without `Content-Length`).
    var contentLength = 0
    /// Header values for the fast lane, when it may take the request: POST to the chat path,
    /// one bearer key, a body announced within the limit, an acceptable or no `x-request-id`,
    /// no `Expect` or gateway override header, and no repeated field it reads.
    var candidate: FastLaneHeaders?

    /// The path the fast lane serves.
    static let chatPath: StaticString = "/v1/chat/completions"

    /// The head of `bytes` (a whole head, through its blank line). Nil when the request's end
    /// cannot be told from it (a transfer coding, a bad or repeated length, a malformed line) or
    /// the connection may change protocol (`Upgrade`):
    /// then the HTTP/1 decoder reads the connection from here on and answers any error.
    static func scan(_ bytes: UnsafeRawBufferPointer, length: Int, bodyLimit: Int) -> ClientRequestHead? {
        var head = ClientRequestHead(length: length)
        var headers = FastLaneHeaders()
        var isChat = false
        var keepAliveByDefault = true
        var authorizations = 0
        var eligible = true
        var sawLength = false
        var malformed = false
        var first = true
        HTTP1Bytes.forEachLine(bytes) { line in
            if first {
                first = false
                guard let (chat, minorVersion) = requestLine(line) else {
                    malformed = true
                    return false
                }
                isChat = chat
                keepAliveByDefault = minorVersion >= 1
                headers.closes = !keepAliveByDefault
                return true
            }
            guard line[0] != UInt8(ascii: " "), line[0] != UInt8(ascii: "\t"), let (name, value) = HTTP1Bytes.field(line) else {
                malformed = true
                return false
            }
            if HTTP1Bytes.matches(name, "content-length") {
                guard !sawLength, let length = HTTP1Bytes.length(value) else {
                    malformed = true
                    return false
                }
                sawLength = true
                head.contentLength = length
            } else if HTTP1Bytes.matches(name, "transfer-encoding") || HTTP1Bytes.matches(name, "upgrade") {
                // A body in chunks, or a connection that may change protocol: the decoder's from here.
                malformed = true
                return false
            } else if HTTP1Bytes.matches(name, "authorization") {
                authorizations += 1
                headers.bearerToken = HTTPFields.bearerToken(in: String(decoding: value, as: UTF8.self))
            } else if HTTP1Bytes.matches(name, "x-request-id") {
                eligible = eligible && headers.requestID == nil
                headers.requestID = String(decoding: value, as: UTF8.self)
                eligible = eligible && GatewayMiddleware.acceptedID(headers.requestID) != nil
            } else if HTTP1Bytes.matches(name, "traceparent") {
                eligible = eligible && headers.traceparent == nil
                headers.traceparent = String(decoding: value, as: UTF8.self)
            } else if HTTP1Bytes.matches(name, "connection") {
                for token in value.split(separator: UInt8(ascii: ",")) {
                    let token = HTTP1Bytes.trimmed(UnsafeRawBufferPointer(rebasing: token))
                    if HTTP1Bytes.matches(token, "close") { headers.closes = true }
                    if HTTP1Bytes.matches(token, "keep-alive"), !keepAliveByDefault { headers.closes = false }
                }
            } else if HTTP1Bytes.matches(name, "expect") || HTTP1Bytes.matches(name, "x-switchyard-force-model") || HTTP1Bytes.matches(name, "x-switchyard-max-cost") {
                eligible = false
            }
            return true
        }
        guard !malformed, !first else { return nil }
        if isChat, eligible, authorizations == 1, headers.bearerToken != nil, head.contentLength <= bodyLimit { head.candidate = headers }
        return head
    }

    /// `METHOD SP target SP HTTP/1.x`: whether it is `POST` to the chat path, and the minor version.
    private static func requestLine(_ line: UnsafeRawBufferPointer) -> (Bool, Int)? {
        guard let space = line.firstIndex(of: UInt8(ascii: " ")), line.count >= space + 10,
              line[(line.count - 9)...].starts(with: " HTTP/1.".utf8), let minor = HTTP1Bytes.digit(line[line.count - 1])
        else { return nil }
        let method = UnsafeRawBufferPointer(rebasing: line[..<space])
        let target = UnsafeRawBufferPointer(rebasing: line[(space + 1)..<(line.count - 9)])
        let chat = method.elementsEqual("POST".utf8)
            && target.elementsEqual(UnsafeRawBufferPointer(start: chatPath.utf8Start, count: chatPath.utf8CodeUnitCount))
        return (chat, minor)
    }
}

/// A whole client request as it came: its bytes and where its body starts.
struct ClientRequest {
    let bytes: ByteBuffer
    let head: ClientRequestHead

    var body: ByteBuffer { bytes.getSlice(at: bytes.readerIndex + head.length, length: head.contentLength)! }

    /// The bytes with `x-request-id: id` after the request line, unless the client sent one
    /// (the fast lane takes only requests whose id it accepts, so that one is `id`).
    func withRequestID(_ id: String) -> ByteBuffer {
        guard head.candidate?.requestID == nil, let newline = bytes.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) else { return bytes }
        let lineLength = newline - bytes.readerIndex + 1
        var out = ByteBufferAllocator().buffer(capacity: bytes.readableBytes + id.utf8.count + 16)
        out.writeImmutableBuffer(bytes.getSlice(at: bytes.readerIndex, length: lineLength)!)
        out.writeStaticString("x-request-id: ")
        out.writeString(id)
        out.writeStaticString("\r\n")
        out.writeImmutableBuffer(bytes.getSlice(at: bytes.readerIndex + lineLength, length: bytes.readableBytes - lineLength)!)
        return out
    }
}
