import NIOCore
import NIOHTTP1

extension UpstreamResponseParser {
    /// Reads a whole head; nil for an interim (1xx) one, which is skipped. Sets the body's framing.
    mutating func readHead(_ head: ByteBuffer) throws(Malformed) -> HTTPResponseHead? {
        let scanned = head.withUnsafeReadableBytes { HeadScan.scan($0) }
        let parsed: HeadScan
        switch scanned {
        case .success(let head): parsed = head
        case .failure(let error): throw error
        }
        keepAlive = parsed.connectionClose ? false : parsed.connectionKeepAlive || parsed.minorVersion >= 1
        if (100..<200).contains(parsed.code) {
            guard parsed.code != 101 else { throw Malformed(description: "an upgrade nobody asked for") }
            state = .head
            return nil
        }
        if parsed.code == 204 || parsed.code == 304 {
            state = .ending
        } else if parsed.transferEncoded {
            // Transfer-Encoding overrides Content-Length; an unchunked coding runs to the close.
            if parsed.chunked { state = .chunkSize } else { state = .untilClose; keepAlive = false }
            if parsed.contentLength != nil { keepAlive = false }
        } else if let contentLength = parsed.contentLength {
            state = contentLength == 0 ? .ending : .fixed(remaining: contentLength)
        } else {
            state = .untilClose
            keepAlive = false
        }
        return HTTPResponseHead(version: .http1_1, status: .init(statusCode: parsed.code), headers: parsed.headers)
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
