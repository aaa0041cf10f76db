import NIOCore
import SwitchyardDialects
import SwitchyardModel
import SwitchyardProviders
import Testing

@Suite struct StreamTranslationTests {
    let head = ChatStreamHead(id: "c1", created: 5, model: "client-model")

    @Test func sseParserHandlesSplitsCRLFAndMultilineData() {
        var parser = SSEParser()
        var events: [ByteBuffer] = []
        let wire = ": comment\r\ndata: {\"a\":1}\r\n\r\nevent: x\ndata: line1\ndata: line2\n\ndata:[DONE]\n\n"
        // Feed one byte at a time: events must not depend on how TCP cut the stream.
        for byte in wire.utf8 { #expect(parser.feed(ByteBuffer(bytes: [byte]), into: &events)) }
        #expect(events.map { String(buffer: $0) } == [#"{"a":1}"#, "line1\nline2", "[DONE]"])
        #expect(parser.finish() == nil)
    }

    @Test func sseParserReturnsUnterminatedDataAtEnd() {
        var parser = SSEParser()
        var events: [ByteBuffer] = []
        _ = parser.feed(ByteBuffer(string: "data: tail"), into: &events)
        #expect(events.isEmpty)
        #expect(parser.finish().map { String(buffer: $0) } == "tail")
    }

    @Test func sseParserRefusesOversizedEvents() {
        var parser = SSEParser(maxEventBytes: 16)
        var events: [ByteBuffer] = []
        #expect(!parser.feed(ByteBuffer(string: "data: " + String(repeating: "x", count: 64)), into: &events))
    }

    @Test func passthroughRewritesModelAndSplitsUsage() throws {
        let translator = OpenAIChunkTranslator(clientModel: "client-model", passthrough: true)
        var events: [ChatEvent] = []
        try translator.translate(ByteBuffer(string: #"{"id":"c1","model":"upstream/x","choices":[{"index":0,"delta":{"content":"hi"}}]}"#), into: &events)
        try translator.translate(ByteBuffer(string: #"{"id":"c1","model":"upstream/x","choices":[],"usage":{"prompt_tokens":10,"completion_tokens":2,"prompt_tokens_details":{"cached_tokens":4}}}"#), into: &events)
        #expect(events.count == 2)
        guard case .passthrough(let bytes) = events[0], case .usage(let usage) = events[1] else {
            Issue.record("unexpected events \(events)")
            return
        }
        #expect(String(buffer: bytes) == #"{"id":"c1","model":"client-model","choices":[{"index":0,"delta":{"content":"hi"}}]}"#)
        #expect(usage == Usage(inputTokens: 10, outputTokens: 2, cachedInputTokens: 4))
        // Usage reaches the client only when asked.
        #expect(OpenAIResponseEncoder.chunk(.usage(usage), head: head, includeUsage: false) == nil)
        #expect(OpenAIResponseEncoder.chunk(.usage(usage), head: head, includeUsage: true) != nil)
    }

    @Test(arguments: [#"{"choices":[ ],"usage":{"prompt_tokens":1}}"#, #"{"choices":null,"usage":{"prompt_tokens":1}}"#])
    func usageOnlyChunksAreNotForwarded(chunk: String) throws {
        let translator = OpenAIChunkTranslator(clientModel: "m", passthrough: true)
        var events: [ChatEvent] = []
        try translator.translate(ByteBuffer(string: chunk), into: &events)
        #expect(events.count == 1)
        if case .usage(let usage) = events.first { #expect(usage.inputTokens == 1) } else { Issue.record("expected usage only") }
    }

    @Test func garbageChunksAreUpstreamErrors() {
        let translator = OpenAIChunkTranslator(clientModel: "m", passthrough: true)
        var events: [ChatEvent] = []
        #expect(throws: GatewayError.self) { try translator.translate(ByteBuffer(string: "<html>"), into: &events) }
    }

    @Test func canonicalEventsSurviveEncodeAndDecode() throws {
        let translator = OpenAIChunkTranslator(clientModel: "client-model", passthrough: false)
        let sent: [ChatEvent] = [
            .delta(ChatDelta(role: .assistant, text: "he said \"hi\"\n")),
            .delta(ChatDelta(toolCalls: [ToolCallDelta(index: 0, id: "call_1", name: "f", argumentsFragment: "{\"a\"")])),
            .finish(choice: 0, reason: .toolCalls),
        ]
        var received: [ChatEvent] = []
        for event in sent {
            let json = try #require(OpenAIResponseEncoder.chunk(event, head: head, includeUsage: false))
            try translator.translate(json, into: &received)
        }
        #expect(received.count == 3)
        if case .delta(let delta) = received[0] { #expect(delta.text == "he said \"hi\"\n" && delta.role == .assistant) } else { Issue.record("not a delta") }
        if case .delta(let delta) = received[1] {
            #expect(delta.toolCalls.first?.id == "call_1" && delta.toolCalls.first?.argumentsFragment == "{\"a\"")
        } else { Issue.record("not a delta") }
        if case .finish(_, let reason) = received[2] { #expect(reason == .toolCalls) } else { Issue.record("not a finish") }
    }

    @Test func passthroughCompletionKeepsBodyAndPeeksUsage() throws {
        let body = ByteBuffer(string: #"{"id":"x","created":9,"model":"up","choices":[{"index":0,"message":{"role":"assistant","content":"ok"}}],"usage":{"prompt_tokens":3,"completion_tokens":1}}"#)
        let completion = try OpenAIResponseDecoder.passthroughCompletion(body, clientModel: "mine")
        #expect(completion.usage == Usage(inputTokens: 3, outputTokens: 1))
        #expect(String(buffer: completion.passthroughBody!).contains(#""model":"mine""#))
        #expect(throws: GatewayError.self) { try OpenAIResponseDecoder.passthroughCompletion(ByteBuffer(string: #"{"ok":true}"#), clientModel: "m") }
    }
}
