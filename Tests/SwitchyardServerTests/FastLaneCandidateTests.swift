import HTTPTypes
import Testing
@testable import SwitchyardServer

/// Which request heads the fast lane takes; everything else goes to the router untouched.
@Suite struct FastLaneCandidateTests {
    static func head(method: HTTPRequest.Method = .post, path: String = "/v1/chat/completions", _ fields: HTTPFields) -> HTTPRequest {
        HTTPRequest(method: method, scheme: nil, authority: nil, path: path, headerFields: fields)
    }

    static let plain: HTTPFields = [.authorization: "Bearer k", .contentType: "application/json", .contentLength: "120"]

    @Test func anAuthorizedChatCompletionWithinTheLimitIsTaken() {
        #expect(FastLaneHandler.isCandidate(Self.head(Self.plain), bodyLimit: 1024))
        #expect(FastLaneHandler.isCandidate(Self.head([.authorization: "Bearer k"]), bodyLimit: 1024), "no content-length: chunked bodies are collected")
    }

    @Test func otherMethodsPathsAndUnauthorizedRequestsAreLeft() {
        #expect(!FastLaneHandler.isCandidate(Self.head(method: .get, Self.plain), bodyLimit: 1024))
        #expect(!FastLaneHandler.isCandidate(Self.head(path: "/v1/embeddings", Self.plain), bodyLimit: 1024))
        #expect(!FastLaneHandler.isCandidate(Self.head([.contentType: "application/json", .contentLength: "120"]), bodyLimit: 1024))
    }

    @Test(arguments: [HTTPField.Name.expect, .switchyardForceModel, .switchyardMaxCost])
    func aRequestWithAFieldOnlyTheRouterHandlesIsLeft(_ name: HTTPField.Name) {
        var fields = Self.plain
        fields[name] = "x"
        #expect(!FastLaneHandler.isCandidate(Self.head(fields), bodyLimit: 1024))
    }

    @Test func aBodyAnnouncedOverTheLimitIsLeftForTheRoutersError() {
        #expect(FastLaneHandler.isCandidate(Self.head(Self.plain), bodyLimit: 120))
        #expect(!FastLaneHandler.isCandidate(Self.head(Self.plain), bodyLimit: 119))
    }
}
