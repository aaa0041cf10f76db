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
        var start = 0
        var first = true
        while start < bytes.count {
            guard let newline = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) else { break }
            var end = newline
            if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
            let line = UnsafeRawBufferPointer(rebasing: bytes[start..<end])
            start = newline + 1
            if first {
                guard head.readStatus(line) else { return .failure(Malformed(description: "not an HTTP/1 status line")) }
                first = false
            } else if line.isEmpty {
                break
            } else if let error = head.readField(line) {
                return .failure(error)
            }
        }
        return first ? .failure(Malformed(description: "not an HTTP/1 status line")) : .success(head)
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
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > 0 else { return Malformed(description: "a header line without a name") }
        let name = UnsafeRawBufferPointer(rebasing: line[..<colon])
        let value = HTTP1Bytes.trimmed(UnsafeRawBufferPointer(rebasing: line[(colon + 1)...]))
        if HTTP1Bytes.matches(name, "content-length") {
            var length = 0
            guard !value.isEmpty, value.count <= 15 else { return Malformed(description: "bad Content-Length") }
            for byte in value {
                guard let digit = HTTP1Bytes.digit(byte) else { return Malformed(description: "bad Content-Length") }
                length = length * 10 + digit
            }
            guard contentLength == nil || contentLength == length else { return Malformed(description: "two different Content-Lengths") }
            contentLength = length
        } else if HTTP1Bytes.matches(name, "transfer-encoding") {
            transferEncoded = true
            let last = value.lastIndex(of: UInt8(ascii: ",")).map { UnsafeRawBufferPointer(rebasing: value[($0 + 1)...]) } ?? value
            chunked = HTTP1Bytes.matches(HTTP1Bytes.trimmed(last), "chunked")
        } else if HTTP1Bytes.matches(name, "connection") {
            for token in value.split(separator: UInt8(ascii: ",")) {
                let token = HTTP1Bytes.trimmed(UnsafeRawBufferPointer(rebasing: token))
                if HTTP1Bytes.matches(token, "close") { connectionClose = true } else if HTTP1Bytes.matches(token, "keep-alive") { connectionKeepAlive = true }
            }
        }
        // A success needs only its content type; an error keeps every header for the mapper.
        if !(200..<300).contains(code) || HTTP1Bytes.matches(name, "content-type") {
            headers.add(name: String(decoding: name, as: UTF8.self), value: String(decoding: value, as: UTF8.self))
        }
        return nil
    }
}
