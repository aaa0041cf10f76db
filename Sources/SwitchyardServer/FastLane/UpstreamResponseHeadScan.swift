import NIOCore
import NIOHTTP1

/// What an upstream response head says, read from its bytes in one pass: no string is made
/// except the `Content-Type` of a success and every header of an error answer.
struct HeadScan {
    var code = 0
    var minorVersion = 1
    var contentLength: Int?
    var transferEncoded = false
    var chunked = false
    var connectionClose = false
    var connectionKeepAlive = false
    var headers = HTTPHeaders()

    typealias Malformed = UpstreamResponseParser.Malformed

    /// `bytes`: a whole head, status line to blank line.
    static func scan(_ bytes: UnsafeRawBufferPointer) -> Result<HeadScan, Malformed> {
        var head = HeadScan()
        var failure: Malformed?
        var first = true
        HTTP1Bytes.forEachLine(bytes) { line in
            if first {
                first = false
                if !head.readStatus(line) { failure = Malformed(description: "not an HTTP/1 status line") }
            } else {
                failure = head.readField(line)
            }
            return failure == nil
        }
        if first { failure = Malformed(description: "not an HTTP/1 status line") }
        return failure.map { .failure($0) } ?? .success(head)
    }

    /// `HTTP/1.x NNN reason`.
    private mutating func readStatus(_ line: UnsafeRawBufferPointer) -> Bool {
        guard line.count >= 12, line.starts(with: "HTTP/1.".utf8), line[8] == UInt8(ascii: " "),
              let minor = HTTP1Bytes.digit(line[7]), let hundreds = HTTP1Bytes.digit(line[9]), let tens = HTTP1Bytes.digit(line[10]), let ones = HTTP1Bytes.digit(line[11]),
              hundreds >= 1, line.count == 12 || line[12] == UInt8(ascii: " ")
        else { return false }
        minorVersion = minor
        code = hundreds * 100 + tens * 10 + ones
        return true
    }

    /// One `name: value` line; an error for a line without a name or a bad length.
    private mutating func readField(_ line: UnsafeRawBufferPointer) -> Malformed? {
        guard let (name, value) = HTTP1Bytes.field(line) else { return Malformed(description: "a header line without a name") }
        if HTTP1Bytes.matches(name, "content-length") {
            guard let length = HTTP1Bytes.length(value) else { return Malformed(description: "bad Content-Length") }
            guard contentLength == nil || contentLength == length else { return Malformed(description: "two different Content-Lengths") }
            contentLength = length
        } else if HTTP1Bytes.matches(name, "transfer-encoding") {
            transferEncoded = true
            let last = value.lastIndex(of: UInt8(ascii: ",")).map { UnsafeRawBufferPointer(rebasing: value[($0 + 1)...]) } ?? value
            chunked = HTTP1Bytes.matches(HTTP1Bytes.trimmed(last), "chunked")
        } else if HTTP1Bytes.matches(name, "connection") {
            // Token by token, without splitting into an array.
            var start = value.startIndex
            while start <= value.endIndex {
                let end = value[start...].firstIndex(of: UInt8(ascii: ",")) ?? value.endIndex
                let token = HTTP1Bytes.trimmed(UnsafeRawBufferPointer(rebasing: value[start..<end]))
                if HTTP1Bytes.matches(token, "close") { connectionClose = true } else if HTTP1Bytes.matches(token, "keep-alive") { connectionKeepAlive = true }
                start = end + 1
            }
        }
        // A success needs only its content type; an error keeps every header for the mapper.
        if !(200..<300).contains(code) || HTTP1Bytes.matches(name, "content-type") {
            headers.add(name: String(decoding: name, as: UTF8.self), value: String(decoding: value, as: UTF8.self))
        }
        return nil
    }
}
