import Foundation
import HTTPTypes
import NIOCore
import Testing
@testable import SwitchyardServer

/// The fast lane's hand-written HTTP/1.1: heads and chunk framing, byte for byte.
@Suite struct HTTP1WireTests {
    @Test func headIsAStatusLineFieldsAndABlankLine() {
        var buffer = ByteBuffer()
        let fields: HTTPFields = [.contentType: "application/json", .contentLength: "2"]
        HTTP1Wire.writeHead(status: .init(code: 429), fields: fields, into: &buffer)
        let text = String(buffer: buffer)
        #expect(text.hasPrefix("HTTP/1.1 429 Too Many Requests\r\nContent-Type: application/json\r\nContent-Length: 2\r\nDate: "))
        #expect(text.hasSuffix(" GMT\r\nServer: switchyard\r\n\r\n"))
    }

    @Test func dateIsAnIMFFixdate() {
        #expect(HTTPDate.format(784_111_777) == "Sun, 06 Nov 1994 08:49:37 GMT")
        #expect(HTTPDate.format(1_700_000_000) == "Tue, 14 Nov 2023 22:13:20 GMT")
        #expect(HTTPDate.now().utf8.count == 29)
    }

    /// What `ISO8601DateFormatter` writes by default, made without it.
    @Test(arguments: [0, 784_111_777, 1_700_000_000, 1_764_775_169, 4_102_444_799])
    func rfc3339MatchesFoundationsFormatter(seconds: Int) {
        let expected = ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
        #expect(HTTPDate.rfc3339(seconds) == expected)
    }

    @Test func fieldValuesCannotSplitTheHead() {
        var buffer = ByteBuffer()
        HTTP1Wire.writeHead(status: .ok, fields: HTTPFields([HTTPField(name: .requestID, value: "a\r\nx-evil: 1")]), into: &buffer)
        let text = String(buffer: buffer)
        #expect(!text.contains("\r\nx-evil"), "\(text)")
        #expect(text.hasSuffix("\r\n\r\n") && text.components(separatedBy: "\r\n").count == 6)
    }

    @Test(arguments: [1, 15, 16, 255, 4096, 70_000])
    func chunkCarriesItsSizeInHex(size: Int) {
        var chunk = HTTP1Wire.chunkBuffer(ByteBufferAllocator(), capacity: size)
        chunk.writeRepeatingByte(UInt8(ascii: "x"), count: size)
        HTTP1Wire.frameChunk(&chunk, last: false)
        #expect(String(buffer: chunk) == String(size, radix: 16) + "\r\n" + String(repeating: "x", count: size) + "\r\n")
    }

    @Test func lastChunkFollowsTheDataOrStandsAlone() {
        var chunk = HTTP1Wire.chunkBuffer(ByteBufferAllocator(), capacity: 8)
        chunk.writeString("data")
        HTTP1Wire.frameChunk(&chunk, last: true)
        #expect(String(buffer: chunk) == "4\r\ndata\r\n0\r\n\r\n")
        var empty = HTTP1Wire.chunkBuffer(ByteBufferAllocator(), capacity: 8)
        HTTP1Wire.frameChunk(&empty, last: true)
        #expect(String(buffer: empty) == "0\r\n\r\n")
    }
}
