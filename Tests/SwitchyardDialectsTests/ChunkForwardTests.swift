import NIOCore
import SwitchyardDialects
import SwitchyardModel
import Testing

/// Passthrough chunks framed straight into the client's buffer.
@Suite struct ChunkForwardTests {
    let translator = OpenAIChunkTranslator(clientModel: "alias", passthrough: true)

    @Test func aChunkGoesOutFramedWithItsModelRewritten() throws {
        var out = ByteBuffer(string: "before|")
        let chunk = ByteBuffer(string: #"{"id":"c","model":"up/model","choices":[{"index":0,"delta":{"content":"hi"}}]}"#)
        let (written, usage) = try translator.forward(chunk, into: &out)
        #expect(written && usage == nil)
        #expect(String(buffer: out) == "before|data: " + #"{"id":"c","model":"alias","choices":[{"index":0,"delta":{"content":"hi"}}]}"# + "\n\n")
    }

    @Test func aChunkNamingTheClientsModelGoesOutAsItCame() throws {
        var out = ByteBuffer()
        let text = #"{"model":"alias","choices":[{"delta":{}}],"usage":{"prompt_tokens":3,"completion_tokens":4}}"#
        let (written, usage) = try translator.forward(ByteBuffer(string: text), into: &out)
        #expect(written && usage?.inputTokens == 3 && usage?.outputTokens == 4)
        #expect(String(buffer: out) == "data: \(text)\n\n")
    }

    @Test func aUsageOnlyChunkIsNotWrittenButReported() throws {
        var out = ByteBuffer()
        let chunk = ByteBuffer(string: #"{"model":"up","choices":[],"usage":{"prompt_tokens":1,"completion_tokens":2}}"#)
        let (written, usage) = try translator.forward(chunk, into: &out)
        #expect(!written && usage?.outputTokens == 2 && out.readableBytes == 0)
    }

    @Test func garbageAndMidStreamErrorsThrowAndWriteNothing() {
        var out = ByteBuffer()
        #expect(throws: GatewayError.self) { _ = try translator.forward(ByteBuffer(string: "not json"), into: &out) }
        #expect(throws: GatewayError.self) { _ = try translator.forward(ByteBuffer(string: #"{"error":{"message":"boom"}}"#), into: &out) }
        #expect(out.readableBytes == 0)
    }
}
