import HTTPTypes
import Testing
@testable import SwitchyardServer

/// Which request heads the fast lane takes; everything else goes to the router untouched.
@Suite struct FastLaneCandidateTests {
    static func head(method: HTTPRequest.Method = .post, path: String = "/v1/chat/completions", _ fields: HTTPFields) -> HTTPRequest {
        HTTPRequest(method: method, scheme: nil, authority: nil, path: path, headerFields: fields)
    }

    static let traceparent = HTTPField.Name("traceparent")!
    static let plain: HTTPFields = [.authorization: "Bearer k", .contentType: "application/json", .contentLength: "120"]

    @Test func anAuthorizedChatCompletionWithinTheLimitIsTaken() {
        #expect(FastLaneHeaders.candidate(Self.head(Self.plain), bodyLimit: 1024) != nil)
        #expect(FastLaneHeaders.candidate(Self.head([.authorization: "Bearer k"]), bodyLimit: 1024) != nil, "no content-length: chunked bodies are collected")
    }

    @Test func otherMethodsPathsAndUnauthorizedRequestsAreLeft() {
        #expect(FastLaneHeaders.candidate(Self.head(method: .get, Self.plain), bodyLimit: 1024) == nil)
        #expect(FastLaneHeaders.candidate(Self.head(path: "/v1/embeddings", Self.plain), bodyLimit: 1024) == nil)
        #expect(FastLaneHeaders.candidate(Self.head([.contentType: "application/json", .contentLength: "120"]), bodyLimit: 1024) == nil)
    }

    @Test(arguments: [HTTPField.Name.expect, .switchyardForceModel, .switchyardMaxCost])
    func aRequestWithAFieldOnlyTheRouterHandlesIsLeft(_ name: HTTPField.Name) {
        var fields = Self.plain
        fields[name] = "x"
        #expect(FastLaneHeaders.candidate(Self.head(fields), bodyLimit: 1024) == nil)
    }

    @Test func theValuesItReadsAreTakenInOnePass() {
        let fields: HTTPFields = [
            .authorization: "bearer  sk-sy-abc", .requestID: "req-7", Self.traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            .connection: "Close", .contentType: "application/json",
        ]
        let headers = FastLaneHeaders.candidate(Self.head(fields), bodyLimit: 1024)
        #expect(headers == FastLaneHeaders(
            bearerToken: "sk-sy-abc", requestID: "req-7", traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", closes: true
        ))
        #expect(FastLaneHeaders.candidate(Self.head(Self.plain), bodyLimit: 1024) == FastLaneHeaders(bearerToken: "k"))
    }

    @Test(arguments: [HTTPField.Name.authorization, .requestID, Self.traceparent])
    func aRepeatedFieldItReadsIsLeftToTheRouter(_ name: HTTPField.Name) {
        var fields = Self.plain
        fields.append(HTTPField(name: name, value: "one"))
        fields.append(HTTPField(name: name, value: "two"))
        #expect(FastLaneHeaders.candidate(Self.head(fields), bodyLimit: 1024) == nil)
    }

    @Test func aBodyAnnouncedOverTheLimitIsLeftForTheRoutersError() {
        #expect(FastLaneHeaders.candidate(Self.head(Self.plain), bodyLimit: 120) != nil)
        #expect(FastLaneHeaders.candidate(Self.head(Self.plain), bodyLimit: 119) == nil)
    }
}
