import NIOCore
import NIOHTTP1

extension UpstreamResponseParser {
    /// The length of the head at the start of `buffer`, blank line included, once it is all there.
    static func headLength(_ buffer: ByteBuffer) -> Int? {
        buffer.withUnsafeReadableBytes { bytes -> Int? in
            var index = 0
            while let newline = bytes[index...].firstIndex(of: UInt8(ascii: "\n")) {
                let next = newline + 1
                if next < bytes.count, bytes[next] == UInt8(ascii: "\n") { return next + 1 }
                if next + 1 < bytes.count, bytes[next] == UInt8(ascii: "\r"), bytes[next + 1] == UInt8(ascii: "\n") { return next + 2 }
                index = next
            }
            return nil
        }
    }

    /// Reads a whole head; nil for an interim (1xx) one, which is skipped. Sets the body's framing.
    mutating func readHead(_ head: ByteBuffer) throws(Malformed) -> HTTPResponseHead? {
        var head = head
        guard let statusLine = try Self.readLine(&head), let status = Self.status(of: statusLine) else {
            throw Malformed(description: "not an HTTP/1 status line")
        }
        keepAlive = status.minorVersion >= 1
        var headers = HTTPHeaders()
        var contentLength: Int?
        var chunked = false
        var transferEncoded = false
        let isError = !(200..<300).contains(status.code)
        while let line = try Self.readLine(&head), line.readableBytes > 0 {
            let (name, value) = try Self.field(line)
            if Self.is(name, "content-length") {
                guard let length = Int(Self.text(value)), length >= 0, contentLength == nil || contentLength == length else {
                    throw Malformed(description: "bad Content-Length '\(Self.text(value))'")
                }
                contentLength = length
            } else if Self.is(name, "transfer-encoding") {
                transferEncoded = true
                chunked = Self.tokens(value).last == "chunked"
            } else if Self.is(name, "connection") {
                for token in Self.tokens(value) {
                    if token == "close" { keepAlive = false } else if token == "keep-alive" { keepAlive = true }
                }
            }
            // A success needs only its content type; an error keeps every header for the mapper.
            if isError || Self.is(name, "content-type") { headers.add(name: Self.text(name), value: Self.text(value)) }
        }
        if (100..<200).contains(status.code) {
            guard status.code != 101 else { throw Malformed(description: "an upgrade nobody asked for") }
            state = .head
            return nil
        }
        if status.code == 204 || status.code == 304 {
            state = .ending
        } else if transferEncoded {
            // Transfer-Encoding overrides Content-Length; an unchunked coding runs to the close.
            if chunked { state = .chunkSize } else { state = .untilClose; keepAlive = false }
            if contentLength != nil { keepAlive = false }
        } else if let contentLength {
            state = contentLength == 0 ? .ending : .fixed(remaining: contentLength)
        } else {
            state = .untilClose
            keepAlive = false
        }
        return HTTPResponseHead(version: .http1_1, status: .init(statusCode: status.code), headers: headers)
    }

    /// The next line without its line break (CR LF or LF), or nil when it is not complete yet.
    static func readLine(_ buffer: inout ByteBuffer) throws(Malformed) -> ByteBuffer? {
        guard let newline = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) else {
            guard buffer.readableBytes <= maxLineBytes else { throw Malformed(description: "a line over \(maxLineBytes) bytes") }
            return nil
        }
        var line = buffer.readSlice(length: newline - buffer.readerIndex + 1)!
        line.moveWriterIndex(to: line.writerIndex - 1)
        if line.readableBytesView.last == UInt8(ascii: "\r") { line.moveWriterIndex(to: line.writerIndex - 1) }
        return line
    }

    /// `HTTP/1.x NNN reason`: the status code and minor version.
    static func status(of line: ByteBuffer) -> (code: Int, minorVersion: Int)? {
        let bytes = Array(line.readableBytesView.prefix(12))
        guard bytes.count >= 12, bytes.starts(with: "HTTP/1.".utf8), bytes[8] == UInt8(ascii: " "),
              let minor = Int(String(decoding: bytes[7...7], as: UTF8.self)),
              let code = Int(String(decoding: bytes[9...11], as: UTF8.self)), code >= 100
        else { return nil }
        return (code, minor)
    }

    /// A header line's name and trimmed value, as bytes.
    static func field(_ line: ByteBuffer) throws(Malformed) -> (name: ByteBufferView, value: ByteBufferView) {
        let view = line.readableBytesView
        guard let colon = view.firstIndex(of: UInt8(ascii: ":")), colon > view.startIndex else {
            throw Malformed(description: "a header line without a name")
        }
        return (view[..<colon], trimmed(view[(colon + 1)...]))
    }

    static func trimmed(_ bytes: ByteBufferView) -> ByteBufferView {
        let isBlank = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        guard let first = bytes.firstIndex(where: { !isBlank($0) }), let last = bytes.lastIndex(where: { !isBlank($0) }) else { return bytes[bytes.startIndex..<bytes.startIndex] }
        return bytes[first...last]
    }

    /// Whether a header name is `lowercased` (itself lowercase ASCII), ignoring case.
    static func `is`(_ name: ByteBufferView, _ lowercased: StaticString) -> Bool {
        guard name.count == lowercased.utf8CodeUnitCount else { return false }
        var index = 0
        for byte in name {
            let folded = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
            guard folded == lowercased.utf8Start[index] else { return false }
            index += 1
        }
        return true
    }

    static func text(_ bytes: ByteBufferView) -> String { String(decoding: bytes, as: UTF8.self) }

    /// A comma-separated header value's tokens, trimmed and lowercased.
    static func tokens(_ value: ByteBufferView) -> [String] {
        value.split(separator: UInt8(ascii: ",")).map { text(trimmed($0)).lowercased() }
    }

    /// A chunk-size line: hex digits, then optional extensions after `;`.
    static func chunkSize(_ line: ByteBuffer) throws(Malformed) -> Int {
        var size = 0
        var digits = 0
        for byte in line.readableBytesView {
            let digit: Int
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = Int(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = Int(byte - UInt8(ascii: "a")) + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = Int(byte - UInt8(ascii: "A")) + 10
            case UInt8(ascii: ";"), UInt8(ascii: " "), UInt8(ascii: "\t"):
                guard digits > 0 else { throw Malformed(description: "a chunk size without digits") }
                return size
            default:
                throw Malformed(description: "a bad chunk size")
            }
            digits += 1
            guard digits <= 15 else { throw Malformed(description: "a chunk size too large") }
            size = size * 16 + digit
        }
        guard digits > 0 else { throw Malformed(description: "a chunk size without digits") }
        return size
    }
}
