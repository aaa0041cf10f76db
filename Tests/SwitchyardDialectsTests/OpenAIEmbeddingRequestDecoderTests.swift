import NIOCore
import SwitchyardDialects
import SwitchyardModel
import Testing

@Suite struct OpenAIEmbeddingRequestDecoderTests {
    @Test func acceptsTextsAndTokenArraysKeepingTheBody() throws {
        let single = try OpenAIEmbeddingRequestDecoder.decode(ByteBuffer(string: #"{"model":"e","input":"one two"}"#))
        #expect(single.texts == ["one two"] && single.tokenIDCount == 0)
        #expect(String(buffer: single.original) == #"{"model":"e","input":"one two"}"#)
        let many = try OpenAIEmbeddingRequestDecoder.decode(ByteBuffer(string: #"{"model":"e","input":["a","b"],"encoding_format":"base64"}"#))
        #expect(many.texts == ["a", "b"])
        let tokens = try OpenAIEmbeddingRequestDecoder.decode(ByteBuffer(string: #"{"model":"e","input":[[1,2,3],[4]]}"#))
        #expect(tokens.texts.isEmpty && tokens.tokenIDCount == 4)
        #expect(try OpenAIEmbeddingRequestDecoder.decode(ByteBuffer(string: #"{"model":"e","input":[5,6]}"#)).tokenIDCount == 2)
    }

    @Test(arguments: [
        (#"{"model":"e"}"#, "input"),
        (#"{"model":"e","input":[]}"#, "input"),
        (#"{"model":"e","input":[""]}"#, "input"),
        (#"{"model":"e","input":"x","encoding_format":"int8"}"#, "encoding_format"),
        (#"{"model":"","input":"x"}"#, "model"),
    ])
    func rejectsBadBodiesNamingTheField(body: String, field: String) {
        do {
            _ = try OpenAIEmbeddingRequestDecoder.decode(ByteBuffer(string: body))
            Issue.record("accepted \(body)")
        } catch {
            #expect(error.status == 400 && error.param == field)
        }
    }
}
