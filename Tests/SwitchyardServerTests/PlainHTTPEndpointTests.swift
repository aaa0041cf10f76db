import Testing
@testable import SwitchyardProviders

/// Which upstream URLs and keys the fast lane may write into a request head itself.
@Suite struct PlainHTTPEndpointTests {
    @Test func plainHTTPWithAVisibleKeyIsAnEndpoint() throws {
        let endpoint = try #require(PlainHTTPEndpoint(url: "http://10.0.0.7:8000/v1/chat/completions", authorization: "Bearer sk-abc 123"))
        #expect(endpoint.hostHeader == "10.0.0.7:8000" && endpoint.path == "/v1/chat/completions")
        #expect(PlainHTTPEndpoint(url: "http://vllm/v1/chat/completions", authorization: nil)?.hostHeader == "vllm")
    }

    @Test(arguments: ["Bearer sk-abc\n", "Bearer sk\r\nx-evil: 1", "Bearer sk\u{7F}"])
    func aKeyThatCouldBreakTheHeadLeavesItToTheFullPath(key: String) {
        #expect(PlainHTTPEndpoint(url: "http://vllm:8000/v1/chat/completions", authorization: key) == nil)
    }

    @Test func onlyPlainHTTPWithoutExtrasIsAnEndpoint() {
        for url in ["https://api.openai.com/v1/chat/completions", "http://user:pw@vllm/v1", "http://vllm/v1?x=1"] {
            #expect(PlainHTTPEndpoint(url: url, authorization: nil) == nil, "\(url)")
        }
    }
}
