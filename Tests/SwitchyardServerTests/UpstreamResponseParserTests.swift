import NIOCore
import NIOHTTP1
import Testing
@testable import SwitchyardServer

/// The fast lane's upstream response parser: every framing, bytes split anywhere, bad bytes refused.
@Suite struct UpstreamResponseParserTests {
    /// What one response parsed into.
    struct Parsed: Equatable {
        var status: Int?
        var headers: [String] = []
        var body = ""
        var ended = false
        var keepAlive = true
    }

    /// Feeds `wire` in pieces of `piece` bytes (0: all at once); `closeAtEnd` closes the connection after.
    static func parse(_ wire: String, piece: Int = 0, closeAtEnd: Bool = false) throws -> Parsed {
        var parser = UpstreamResponseParser()
        parser.expectResponse()
        var parsed = Parsed()
        func drain() throws {
            while let event = try parser.next() {
                switch event {
                case .head(let head):
                    #expect(parsed.status == nil, "two heads")
                    parsed.status = Int(head.status.code)
                    parsed.headers = head.headers.map { "\($0.name.lowercased()): \($0.value)" }
                case .body(let buffer):
                    #expect(!parsed.ended)
                    parsed.body += String(buffer: buffer)
                case .end:
                    parsed.ended = true
                    parsed.keepAlive = parser.keepAlive
                }
            }
        }
        let bytes = Array(wire.utf8)
        let size = piece == 0 ? bytes.count : piece
        for start in stride(from: 0, to: bytes.count, by: size) {
            parser.append(ByteBuffer(bytes: bytes[start..<min(start + size, bytes.count)]))
            try drain()
        }
        if closeAtEnd, parser.closed() { try drain() }
        return parsed
    }

    static let sized = "HTTP/1.1 200 OK\r\nServer: nginx\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n{\"a\":\"b c\"}"
    static let chunked = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
        + "6\r\ndata: \r\nA;ext=1\r\n0123456789\r\n0\r\nX-Trailer: t\r\n\r\n"

    @Test(arguments: [0, 1, 2, 3, 7, 50])
    func contentLengthBodyInAnyPieces(piece: Int) throws {
        let parsed = try Self.parse(Self.sized, piece: piece)
        #expect(parsed == Parsed(status: 200, headers: ["content-type: application/json"], body: #"{"a":"b c"}"#, ended: true, keepAlive: true))
    }

    @Test(arguments: [0, 1, 2, 5, 13])
    func chunkedBodyWithExtensionsAndTrailers(piece: Int) throws {
        let parsed = try Self.parse(Self.chunked, piece: piece)
        #expect(parsed == Parsed(status: 200, headers: ["content-type: text/event-stream"], body: "data: 0123456789", ended: true, keepAlive: true))
    }

    @Test func errorAnswersKeepEveryHeader() throws {
        let parsed = try Self.parse("HTTP/1.1 429 Too Many Requests\r\nRetry-After:  7 \r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}")
        #expect(parsed == Parsed(status: 429, headers: ["retry-after: 7", "content-length: 2", "connection: close"], body: "{}", ended: true, keepAlive: false))
    }

    @Test func bodyWithoutLengthRunsToTheClose() throws {
        let open = try Self.parse("HTTP/1.1 200 OK\r\n\r\npartial")
        #expect(open.body == "partial" && !open.ended)
        let closed = try Self.parse("HTTP/1.1 200 OK\r\n\r\nall of it", piece: 4, closeAtEnd: true)
        #expect(closed == Parsed(status: 200, body: "all of it", ended: true, keepAlive: false))
    }

    @Test func interimHeadsAreSkippedAndEmptyBodiesEnd() throws {
        let parsed = try Self.parse("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n", piece: 3)
        #expect(parsed == Parsed(status: 204, ended: true, keepAlive: true))
        let zero = try Self.parse("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
        #expect(zero == Parsed(status: 200, ended: true, keepAlive: true))
    }

    @Test func http10ClosesUnlessAskedToKeepAlive() throws {
        #expect(try Self.parse("HTTP/1.0 200 OK\r\nContent-Length: 1\r\n\r\nx").keepAlive == false)
        #expect(try Self.parse("HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 1\r\n\r\nx").keepAlive == true)
    }

    @Test(arguments: [
        "garbage\r\n\r\n",
        "HTTP/2 200 OK\r\n\r\n",
        "HTTP/1.1 2x0 OK\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
        "HTTP/1.1 200 OK\r\n: no name\r\n\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n",
        "HTTP/1.1 101 Switching Protocols\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nxy",
    ])
    func malformedBytesAreRefused(wire: String) {
        #expect(throws: UpstreamResponseParser.Malformed.self) { try Self.parse(wire) }
    }

    @Test func oversizedHeadIsRefusedBeforeItEnds() {
        let wire = "HTTP/1.1 200 OK\r\nX-Big: " + String(repeating: "a", count: UpstreamResponseParser.maxHeadBytes)
        #expect(throws: UpstreamResponseParser.Malformed.self) { try Self.parse(wire, piece: 4096) }
    }

    @Test func bytesWithNoRequestOutstandingAreRefused() {
        var parser = UpstreamResponseParser()
        parser.append(ByteBuffer(string: "HTTP/1.1 200 OK\r\n\r\n"))
        #expect(throws: UpstreamResponseParser.Malformed.self) { _ = try parser.next() }
    }
}
