import NIOCore
import Testing
@testable import SwitchyardDialects

/// What the fast lane reads from a body's bytes, and what it leaves to the full decoder.
@Suite struct OpenAIFastLaneRequestTests {
    func inspect(_ json: String) -> OpenAIFastLaneRequest? { OpenAIFastLaneRequest.inspect(ByteBuffer(string: json)) }

    @Test func readsModelStreamUsageAndCap() throws {
        let plain = try #require(inspect(#"{"model":"m","messages":[{"role":"system","content":"be brief"},{"role":"user","content":"hi"}],"max_tokens":20,"temperature":0.5}"#))
        #expect(plain.model == "m" && !plain.stream && !plain.includeUsage && plain.maxTokens == 20)
        // 3 + (10 + 8) + (4 + 8): the content literals' bytes with quotes, 8 a message, 3 a conversation.
        #expect(plain.promptTokenBound == 33)
        let streamed = try #require(inspect(#"{"model":"m","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"hi"}],"max_completion_tokens":5,"max_tokens":9}"#))
        #expect(streamed.stream && streamed.includeUsage && streamed.maxTokens == 5, "max_completion_tokens wins, as in the decoder")
    }

    @Test(arguments: [
        #"{"model":"m","messages":[{"role":"user","content":[{"type":"text","text":"hi"}]}]}"#,
        #"{"model":"m","messages":[{"role":"user","content":"hi"}],"tools":[]}"#,
        #"{"model":"m","messages":[{"role":"user","content":"hi"}],"max_cost":0.01}"#,
        #"{"model":"m\u0041","messages":[{"role":"user","content":"hi"}]}"#,
        #"{"model":"m","messages":[]}"#,
        #"{"model":"m","messages":[{"role":"wizard","content":"hi"}]}"#,
        #"{"model":"m","messages":[{"role":"user","content":"hi"}],"max_tokens":0}"#,
        #"{"model":"m","messages":[{"role":"user","content":"hi"}],"temperature":3}"#,
        #"{"model":"m","messages":[{"role":"user","content":"hi"}],"stream":"yes"}"#,
        #"{"model":"m","messages":[{"role":"user","content":"hi"}]"#,
        #"{"model":"","messages":[{"role":"user","content":"hi"}]}"#,
    ])
    func leavesTheRestToTheDecoder(json: String) {
        #expect(inspect(json) == nil)
    }
}
