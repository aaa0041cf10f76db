import Foundation
import NIOCore
import SwitchyardDialects
import SwitchyardModel
import Testing

@Suite struct AnthropicResponseTranslationTests {
    let head = ChatStreamHead(id: "c1", created: 5, model: "client-model")

    /// Splits `event: X\ndata: Y\n\n` frames into (name, JSON object) pairs.
    func frames(_ buffer: ByteBuffer) throws -> [(String, [String: Any])] {
        try String(buffer: buffer).components(separatedBy: "\n\n").filter { !$0.isEmpty }.map { frame in
            let lines = frame.split(separator: "\n", maxSplits: 1)
            let name = String(lines[0].dropFirst("event: ".count))
            let json = try #require(try JSONSerialization.jsonObject(with: Data(lines[1].dropFirst("data: ".count).utf8)) as? [String: Any])
            #expect(json["type"] as? String == name)
            return (name, json)
        }
    }

    @Test func messageCarriesTextToolUseStopReasonAndSplitCacheUsage() throws {
        let completion = ChatCompletion(
            id: "chatcmpl-1", created: 1, model: "client-model",
            choices: [ChatChoice(index: 0, message: ChatMessage(role: .assistant, content: [.text("ok")], toolCalls: [ToolCall(id: "t", name: "f", arguments: #"{"a":[1,2]}"#)]), finishReason: .toolCalls)],
            usage: .anthropic(inputTokens: 10, outputTokens: 3, cacheReadInputTokens: 20, cacheCreationInputTokens: 5)
        )
        let body = try #require(try JSONSerialization.jsonObject(with: Data(AnthropicResponseEncoder.message(completion).readableBytesView)) as? [String: Any])
        #expect(body["id"] as? String == "msg_chatcmpl-1")
        #expect(body["stop_reason"] as? String == "tool_use")
        let content = try #require(body["content"] as? [[String: Any]])
        #expect(content.map { $0["type"] as? String } == ["text", "tool_use"])
        #expect((content[1]["input"] as? [String: [Int]]) == ["a": [1, 2]])
        #expect((body["usage"] as? [String: Int]) == ["input_tokens": 10, "output_tokens": 3, "cache_read_input_tokens": 20, "cache_creation_input_tokens": 5])
    }

    @Test(arguments: [(FinishReason.stop, "end_turn"), (.length, "max_tokens"), (.toolCalls, "tool_use"), (.contentFilter, "refusal")])
    func stopReasonsRoundTrip(canonical: FinishReason, anthropic: String) {
        #expect(AnthropicResponseEncoder.stopReason(canonical) == anthropic)
        #expect(AnthropicStopReason.canonical(anthropic) == canonical)
    }

    @Test(arguments: [(400, "invalid_request_error"), (401, "authentication_error"), (403, "permission_error"), (404, "not_found_error"),
                      (413, "request_too_large"), (429, "rate_limit_error"), (500, "api_error"), (502, "api_error"), (529, "overloaded_error")])
    func errorTypesFollowTheStatus(status: Int, type: String) throws {
        let body = AnthropicResponseEncoder.error(GatewayError(.internalError, "m", status: status))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any])
        #expect(json["type"] as? String == "error")
        #expect((json["error"] as? [String: String]) == ["type": type, "message": "m"])
    }

    @Test func streamEncoderEmitsAnthropicsEventSequenceForTextAndTwoToolCalls() throws {
        var encoder = AnthropicStreamEncoder(head: head)
        var out = ByteBuffer()
        let events: [ChatEvent] = [
            .delta(ChatDelta(role: .assistant, text: "Hi")),
            .delta(ChatDelta(toolCalls: [ToolCallDelta(index: 0, id: "a", name: "f", argumentsFragment: "")])),
            .delta(ChatDelta(toolCalls: [ToolCallDelta(index: 0, argumentsFragment: #"{"x":"#)])),
            .delta(ChatDelta(toolCalls: [ToolCallDelta(index: 0, argumentsFragment: "1}")])),
            .delta(ChatDelta(toolCalls: [ToolCallDelta(index: 1, id: "b", name: "g", argumentsFragment: "{}")])),
            .finish(choice: 0, reason: .toolCalls),
            .usage(.openAI(promptTokens: 12, completionTokens: 7, cachedTokens: 2)),
        ]
        for event in events { encoder.encode(event, into: &out) }
        encoder.finish(into: &out)
        let parsed = try frames(out)
        #expect(parsed.map(\.0) == [
            "message_start", "ping", "content_block_start", "content_block_delta", "content_block_stop",
            "content_block_start", "content_block_delta", "content_block_delta", "content_block_stop",
            "content_block_start", "content_block_delta", "content_block_stop", "message_delta", "message_stop",
        ])
        #expect((parsed[5].1["content_block"] as? [String: Any])?["name"] as? String == "f")
        #expect((parsed[9].1["index"] as? Int) == 2)
        let delta = parsed[12].1
        #expect((delta["delta"] as? [String: Any])?["stop_reason"] as? String == "tool_use")
        #expect((delta["usage"] as? [String: Int]) == ["input_tokens": 10, "output_tokens": 7, "cache_read_input_tokens": 2, "cache_creation_input_tokens": 0])
    }

    /// Regression guard for "streamed multi-tool calls broken": fragments of two calls that arrive
    /// interleaved still land on their own block index, so an index-based accumulator (the SDKs') gets both inputs whole.
    @Test func interleavedToolFragmentsKeepTheirBlockIndex() throws {
        var encoder = AnthropicStreamEncoder(head: head)
        var out = ByteBuffer()
        let fragments = [
            ToolCallDelta(index: 0, id: "a", name: "f", argumentsFragment: #"{"x":"#),
            ToolCallDelta(index: 1, id: "b", name: "g", argumentsFragment: #"{"y":"#),
            ToolCallDelta(index: 0, argumentsFragment: "1}"),
            ToolCallDelta(index: 1, argumentsFragment: "2}"),
        ]
        for fragment in fragments { encoder.encode(.delta(ChatDelta(toolCalls: [fragment])), into: &out) }
        encoder.encode(.finish(choice: 0, reason: .toolCalls), into: &out)
        encoder.finish(into: &out)
        var inputs: [Int: String] = [:]
        for (name, json) in try frames(out) where name == "content_block_delta" {
            let index = try #require(json["index"] as? Int)
            inputs[index, default: ""] += (json["delta"] as? [String: Any])?["partial_json"] as? String ?? ""
        }
        #expect(inputs == [0: #"{"x":1}"#, 1: #"{"y":2}"#])
    }

    @Test func streamTranslatorTurnsAnthropicEventsIntoCanonicalOnes() throws {
        var translator = AnthropicStreamTranslator(clientModel: "client-model", passthrough: false)
        let payloads = [
            #"{"type":"message_start","message":{"id":"msg_1","model":"claude","usage":{"input_tokens":9,"output_tokens":1,"cache_read_input_tokens":4}}}"#,
            #"{"type":"ping"}"#,
            #"{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"#,
            #"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hey"}}"#,
            #"{"type":"content_block_stop","index":0}"#,
            #"{"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_1","name":"f","input":{}}}"#,
            #"{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\"q\":2}"}}"#,
            #"{"type":"content_block_stop","index":1}"#,
            #"{"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":15}}"#,
            #"{"type":"message_stop"}"#,
        ]
        #expect(translator.head(from: ByteBuffer(string: payloads[0])).id == "msg_1")
        var events: [ChatEvent] = []
        for payload in payloads { try translator.translate(ByteBuffer(string: payload), into: &events) }
        #expect(translator.finished)
        guard events.count == 5,
              case .delta(let text) = events[0], case .delta(let start) = events[1], case .delta(let arguments) = events[2],
              case .finish(_, let reason) = events[3], case .usage(let usage) = events[4]
        else { Issue.record("unexpected events \(events)"); return }
        #expect(text.text == "Hey" && text.role == .assistant)
        #expect(start.toolCalls.first?.id == "toolu_1" && start.toolCalls.first?.index == 0)
        #expect(arguments.toolCalls.first?.argumentsFragment == #"{"q":2}"#)
        #expect(reason == .toolCalls)
        #expect(usage == .anthropic(inputTokens: 9, outputTokens: 15, cacheReadInputTokens: 4))
    }

    @Test func streamTranslatorFailsOnAnErrorEvent() {
        var translator = AnthropicStreamTranslator(clientModel: "m", passthrough: false)
        var events: [ChatEvent] = []
        #expect(throws: GatewayError.self) {
            try translator.translate(ByteBuffer(string: #"{"type":"error","error":{"type":"overloaded_error","message":"x"}}"#), into: &events)
        }
    }

    @Test func passthroughForwardsEventsWithTheClientsModelAndStillReadsUsage() throws {
        var translator = AnthropicStreamTranslator(clientModel: "client-model", passthrough: true)
        var events: [ChatEvent] = []
        try translator.translate(ByteBuffer(string: #"{"type":"message_start","message":{"id":"m","model":"claude-upstream","usage":{"input_tokens":3,"output_tokens":1}}}"#), into: &events)
        #expect(translator.usageSoFar == .anthropic(inputTokens: 3, outputTokens: 1))
        let delta = #"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"hi"}}"#
        try translator.translate(ByteBuffer(string: delta), into: &events)
        try translator.translate(ByteBuffer(string: #"{"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":4}}"#), into: &events)
        try translator.translate(ByteBuffer(string: #"{"type":"message_stop"}"#), into: &events)
        guard case .passthrough(let start) = events[0], case .passthrough(let forwarded) = events[1], case .usage(let usage) = events.last else {
            Issue.record("\(events)"); return
        }
        #expect(String(buffer: start).contains(#""model":"client-model""#))
        #expect(String(buffer: forwarded) == delta)
        #expect(events.count == 5)
        #expect(usage == .anthropic(inputTokens: 3, outputTokens: 4))
    }
}
