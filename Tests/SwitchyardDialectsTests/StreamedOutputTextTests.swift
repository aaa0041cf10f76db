import NIOCore
import SwitchyardDialects
import Testing

/// The text a stream forwarded, kept for counting when the upstream reports no usage.
@Suite struct StreamedOutputTextTests {
    let translator = OpenAIChunkTranslator(clientModel: "m", passthrough: true)

    static func chunk(_ delta: String) -> ByteBuffer {
        ByteBuffer(string: #"{"id":"c","object":"chat.completion.chunk","model":"up","choices":[{"index":0,"delta":\#(delta),"finish_reason":null}]}"#)
    }

    @Test func keepsEachChunksContentInOrderWithEscapesDecoded() {
        var text = StreamedOutputText()
        for delta in [#"{"role":"assistant","content":""}"#, #"{"content":"Hi"}"#, #"{}"#, #"{"content":" \"there\"\n"}"#, #"{"content":"é\u00e9"}"#] {
            text.add(Self.chunk(delta))
        }
        #expect(text.text(using: translator) == "Hi \"there\"\néé")
        #expect(text.scaled(7) == 7, "nothing dropped: the count stands")
    }

    @Test func chunksWithoutContentAndRemoveAllLeaveNothing() {
        var text = StreamedOutputText()
        #expect(text.text(using: translator) == "")
        text.add(Self.chunk(#"{"tool_calls":[]}"#))
        text.add(ByteBuffer(string: "not json"))
        #expect(text.text(using: translator) == "")
        text.add(Self.chunk(#"{"content":"kept"}"#))
        #expect(text.text(using: translator) == "kept")
        text.removeAll()
        #expect(text.text(using: translator) == "")
    }

    @Test func pastTheLimitChunksAreMeasuredAndTheCountScaledUp() {
        let chunk = Self.chunk(#"{"content":"word"}"#)
        var text = StreamedOutputText(limit: chunk.readableBytes * 2)
        for _ in 0..<8 { text.add(chunk) }
        #expect(text.text(using: translator) == "wordword", "two chunks kept")
        #expect(text.scaled(2) == 8, "eight chunks of the same size stand for four times the kept count")
        #expect(text.scaled(3) == 12)
        text.removeAll()
        text.add(chunk)
        #expect(text.scaled(1) == 1 && text.text(using: translator) == "word")
    }
}
