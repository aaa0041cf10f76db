import HTTPTypes
import NIOCore
import NIOHTTP1

/// The fast lane's responses as finished HTTP/1.1 bytes, written at the socket end of the
/// pipeline: one buffer per write instead of three typed parts converted and encoded by the
/// handlers in between (and three iovecs per stream chunk). Field values come from `HTTPFields`,
/// which has already replaced any character not allowed in a field.
enum HTTP1Wire {
    /// Bytes kept free at the front of a chunk buffer for its size line (`ffffffff\r\n` at most).
    static let chunkPrefix = 10

    /// The `Server` header value, the same on both paths.
    static let serverName = "switchyard"

    /// Appends a status line, the fields, `Date` and `Server` (as the full path sends them), and
    /// the blank line that ends them.
    static func writeHead(status: HTTPResponse.Status, fields: HTTPFields, into buffer: inout ByteBuffer) {
        buffer.writeStaticString("HTTP/1.1 ")
        buffer.writeString(String(status.code))
        buffer.writeStaticString(" ")
        // `HTTPResponse.Status(code:)` carries no reason phrase; NIO's table has the standard ones.
        buffer.writeString(HTTPResponseStatus(statusCode: status.code).reasonPhrase)
        buffer.writeStaticString("\r\n")
        for field in fields {
            buffer.writeString(field.name.rawName)
            buffer.writeStaticString(": ")
            buffer.writeString(field.value)
            buffer.writeStaticString("\r\n")
        }
        buffer.writeStaticString("Date: ")
        buffer.writeString(HTTPDate.now())
        buffer.writeStaticString("\r\nServer: ")
        buffer.writeString(serverName)
        buffer.writeStaticString("\r\n\r\n")
    }

    /// A buffer for one chunk's data, with room reserved for its size line.
    static func chunkBuffer(_ allocator: ByteBufferAllocator, capacity: Int) -> ByteBuffer {
        var buffer = allocator.buffer(capacity: capacity + chunkPrefix + 7)
        buffer.moveWriterIndex(to: chunkPrefix)
        buffer.moveReaderIndex(to: chunkPrefix)
        return buffer
    }

    /// Turns a buffer from `chunkBuffer` into one chunk (nothing when it is empty), followed by
    /// the last chunk when `last`.
    static func frameChunk(_ buffer: inout ByteBuffer, last: Bool) {
        let size = buffer.readableBytes
        if size > 0 {
            let sizeLine = String(size, radix: 16) + "\r\n"
            let start = buffer.readerIndex - sizeLine.utf8.count
            precondition(start >= 0, "a chunk buffer needs its reserved prefix")
            buffer.setString(sizeLine, at: start)
            buffer.moveReaderIndex(to: start)
            buffer.writeStaticString("\r\n")
        }
        if last { buffer.writeStaticString("0\r\n\r\n") }
    }
}
