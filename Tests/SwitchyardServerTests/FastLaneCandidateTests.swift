import NIOHTTP1
import Testing
@testable import SwitchyardServer

/// Which request heads the fast lane takes; everything else goes to the router untouched.
@Suite struct FastLaneCandidateTests {
    static func head(method: HTTPMethod = .POST, path: String = "/v1/chat/completions", version: HTTPVersion = .http1_1, _ fields: [(String, String)]) -> HTTPRequestHead {
        HTTPRequestHead(version: version, method: method, uri: path, headers: HTTPHeaders(fields))
    }

    static let plain = [("Authorization", "Bearer k"), ("Content-Type", "application/json"), ("Content-Length", "120")]

    @Test func anAuthorizedChatCompletionWithinTheLimitIsTaken() {
        #expect(FastLaneHeaders.candidate(Self.head(Self.plain), bodyLimit: 1024) != nil)
        #expect(FastLaneHeaders.candidate(Self.head([("authorization", "Bearer k")]), bodyLimit: 1024) != nil, "no content-length: chunked bodies are collected")
    }

    @Test func otherMethodsPathsAndUnauthorizedRequestsAreLeft() {
        #expect(FastLaneHeaders.candidate(Self.head(method: .GET, Self.plain), bodyLimit: 1024) == nil)
        #expect(FastLaneHeaders.candidate(Self.head(path: "/v1/embeddings", Self.plain), bodyLimit: 1024) == nil)
        #expect(FastLaneHeaders.candidate(Self.head([("Content-Type", "application/json"), ("Content-Length", "120")]), bodyLimit: 1024) == nil)
    }

    @Test(arguments: ["Expect", "x-switchyard-force-model", "X-Switchyard-Max-Cost"])
    func aRequestWithAFieldOnlyTheRouterHandlesIsLeft(_ name: String) {
        #expect(FastLaneHeaders.candidate(Self.head(Self.plain + [(name, "x")]), bodyLimit: 1024) == nil)
    }

    @Test func theValuesItReadsAreTakenInOnePass() {
        let fields = [
            ("AUTHORIZATION", "bearer  sk-sy-abc"), ("X-Request-Id", "req-7"), ("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"),
            ("Connection", "Close"), ("Content-Type", "application/json"),
        ]
        let headers = FastLaneHeaders.candidate(Self.head(fields), bodyLimit: 1024)
        #expect(headers == FastLaneHeaders(
            bearerToken: "sk-sy-abc", requestID: "req-7", traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", closes: true
        ))
        #expect(FastLaneHeaders.candidate(Self.head(Self.plain), bodyLimit: 1024) == FastLaneHeaders(bearerToken: "k"))
    }

    @Test func anHTTP10ClientWithoutKeepAliveIsAnsweredThenClosed() {
        #expect(FastLaneHeaders.candidate(Self.head(version: .http1_0, Self.plain), bodyLimit: 1024)?.closes == true)
        #expect(FastLaneHeaders.candidate(Self.head(version: .http1_0, Self.plain + [("Connection", "keep-alive")]), bodyLimit: 1024)?.closes == false)
    }

    @Test(arguments: ["Authorization", "x-request-id", "traceparent"])
    func aRepeatedFieldItReadsIsLeftToTheRouter(_ name: String) {
        #expect(FastLaneHeaders.candidate(Self.head(Self.plain + [(name, "one"), (name, "two")]), bodyLimit: 1024) == nil)
    }

    @Test func aBodyAnnouncedOverTheLimitIsLeftForTheRoutersError() {
        #expect(FastLaneHeaders.candidate(Self.head(Self.plain), bodyLimit: 120) != nil)
        #expect(FastLaneHeaders.candidate(Self.head(Self.plain), bodyLimit: 119) == nil)
    }
}
