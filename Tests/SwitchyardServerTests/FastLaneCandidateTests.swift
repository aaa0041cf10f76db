import NIOCore
import Testing
@testable import SwitchyardServer

/// Which request heads the fast lane takes, read from their bytes; everything else goes to the
/// router untouched, and a head whose request end cannot be told hands the connection to the decoder.
@Suite struct FastLaneCandidateTests {
    /// The head's bytes, as a client sends them.
    static func wire(method: String = "POST", path: String = "/v1/chat/completions", version: String = "1.1", _ fields: [(String, String)]) -> String {
        "\(method) \(path) HTTP/\(version)\r\n" + fields.map { "\($0.0): \($0.1)\r\n" }.joined() + "\r\n"
    }

    static func scan(_ wire: String, bodyLimit: Int = 1024) -> ClientRequestHead? {
        let bytes = Array(wire.utf8)
        return bytes.withUnsafeBytes { ClientRequestHead.scan($0, length: bytes.count, bodyLimit: bodyLimit) }
    }

    /// Stands in for the old head type in the table below: the fields, as bytes.
    static func head(method: String = "POST", path: String = "/v1/chat/completions", version: String = "1.1", _ fields: [(String, String)]) -> String {
        wire(method: method, path: path, version: version, fields)
    }

    static let plain = [("Authorization", "Bearer k"), ("Content-Type", "application/json"), ("Content-Length", "120")]

    @Test func anAuthorizedChatCompletionWithinTheLimitIsTaken() {
        #expect(Self.candidate(Self.head(Self.plain), bodyLimit: 1024) != nil)
        #expect(Self.candidate(Self.head([("authorization", "Bearer k")]), bodyLimit: 1024) != nil, "no content-length: an empty body")
    }

    @Test func otherMethodsPathsAndUnauthorizedRequestsAreLeft() {
        #expect(Self.candidate(Self.head(method: "GET", Self.plain), bodyLimit: 1024) == nil)
        #expect(Self.candidate(Self.head(path: "/v1/embeddings", Self.plain), bodyLimit: 1024) == nil)
        #expect(Self.candidate(Self.head([("Content-Type", "application/json"), ("Content-Length", "120")]), bodyLimit: 1024) == nil)
    }

    @Test(arguments: ["Expect", "x-switchyard-force-model", "X-Switchyard-Max-Cost"])
    func aRequestWithAFieldOnlyTheRouterHandlesIsLeft(_ name: String) {
        #expect(Self.candidate(Self.head(Self.plain + [(name, "x")]), bodyLimit: 1024) == nil)
    }

    @Test func theValuesItReadsAreTakenInOnePass() {
        let fields = [
            ("AUTHORIZATION", "bearer  sk-sy-abc"), ("X-Request-Id", "req-7"), ("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"),
            ("Connection", "Close"), ("Content-Type", "application/json"),
        ]
        let headers = Self.candidate(Self.head(fields), bodyLimit: 1024)
        #expect(headers == FastLaneHeaders(
            bearerToken: "sk-sy-abc", requestID: "req-7", traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", closes: true
        ))
        #expect(Self.candidate(Self.head(Self.plain), bodyLimit: 1024) == FastLaneHeaders(bearerToken: "k"))
    }

    @Test func anHTTP10ClientWithoutKeepAliveIsAnsweredThenClosed() {
        #expect(Self.candidate(Self.head(version: "1.0", Self.plain), bodyLimit: 1024)?.closes == true)
        #expect(Self.candidate(Self.head(version: "1.0", Self.plain + [("Connection", "keep-alive")]), bodyLimit: 1024)?.closes == false)
    }

    @Test(arguments: ["Authorization", "x-request-id", "traceparent"])
    func aRepeatedFieldItReadsIsLeftToTheRouter(_ name: String) {
        #expect(Self.candidate(Self.head(Self.plain + [(name, "one"), (name, "two")]), bodyLimit: 1024) == nil)
    }

    @Test func aBodyAnnouncedOverTheLimitIsLeftForTheRoutersError() {
        #expect(Self.candidate(Self.head(Self.plain), bodyLimit: 120) != nil)
        #expect(Self.candidate(Self.head(Self.plain), bodyLimit: 119) == nil)
    }

    static func candidate(_ wire: String, bodyLimit: Int) -> FastLaneHeaders? {
        scan(wire, bodyLimit: bodyLimit)?.candidate
    }

    @Test func theHeadSaysWhereTheRequestEnds() throws {
        let wire = Self.wire(Self.plain)
        let head = try #require(Self.scan(wire))
        #expect(head.length == wire.utf8.count && head.contentLength == 120)
        #expect(Self.scan(Self.wire(method: "GET", path: "/v1/models", [("Host", "x")]))?.contentLength == 0)
    }

    @Test(arguments: [
        "POST /v1/chat/completions HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n",
        "GET /chat HTTP/1.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n",
        "POST /v1/chat/completions HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\n",
        "POST /v1/chat/completions HTTP/1.1\r\nContent-Length: five\r\n\r\n",
        "POST /v1/chat/completions HTTP/1.1\r\nno colon\r\n\r\n",
        "POST /v1/chat/completions HTTP/1.1\r\nX-A: 1\r\n folded\r\n\r\n",
        "POST /v1/chat/completions HTTP/2.0\r\n\r\n",
        "garbage\r\n\r\n",
    ])
    func aHeadWhoseEndCannotBeToldGoesToTheDecoder(_ wire: String) {
        #expect(Self.scan(wire) == nil)
    }

    @Test func aRequestIDTheGatewayWouldNotAcceptIsLeftToTheRouter() {
        #expect(Self.candidate(Self.wire(Self.plain + [("x-request-id", "has space")]), bodyLimit: 1024) == nil)
        #expect(Self.candidate(Self.wire(Self.plain + [("x-request-id", "req-ok")]), bodyLimit: 1024)?.requestID == "req-ok")
    }

    @Test func aHandedOverRequestCarriesTheChosenIDRightAfterItsRequestLine() throws {
        let wire = Self.wire([("Authorization", "Bearer k"), ("Content-Length", "2")]) + "{}"
        let head = try #require(Self.scan(Self.wire([("Authorization", "Bearer k"), ("Content-Length", "2")])))
        let request = ClientRequest(bytes: ByteBuffer(string: wire), head: head)
        #expect(String(buffer: request.body) == "{}")
        #expect(String(buffer: request.withRequestID("req_abc")) == "POST /v1/chat/completions HTTP/1.1\r\nx-request-id: req_abc\r\nAuthorization: Bearer k\r\nContent-Length: 2\r\n\r\n{}")
        let withID = Self.wire([("Authorization", "Bearer k"), ("x-request-id", "mine"), ("Content-Length", "0")])
        let own = ClientRequest(bytes: ByteBuffer(string: withID), head: try #require(Self.scan(withID)))
        #expect(String(buffer: own.withRequestID("mine")) == withID)
    }
}
