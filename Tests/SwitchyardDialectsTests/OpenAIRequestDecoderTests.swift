import NIOCore
import SwitchyardDialects
import SwitchyardModel
import Testing

@Suite struct OpenAIRequestDecoderTests {
    func decode(_ json: String) throws(GatewayError) -> ChatRequest {
        try OpenAIRequestDecoder.decode(ByteBuffer(string: json))
    }

    func error(_ json: String) -> GatewayError? {
        do { _ = try decode(json); return nil } catch { return error }
    }

    @Test func decodesAFullRequest() throws {
        let request = try decode(#"""
        {"model":"m","messages":[{"role":"system","content":"be brief"},
         {"role":"user","content":[{"type":"text","text":"look"},{"type":"image_url","image_url":{"url":"data:x","detail":"low"}}]},
         {"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"{}"}}]},
         {"role":"tool","tool_call_id":"c1","content":"42"}],
         "stream":true,"stream_options":{"include_usage":true},"max_completion_tokens":7,"temperature":0.5,
         "stop":"END","seed":3,"tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object"}}}],
         "tool_choice":"auto","user":"u1","logprobs":true}
        """#)
        #expect(request.model == "m")
        #expect(request.messages.count == 4)
        #expect(request.messages[1].content == [.text("look"), .image(url: "data:x", detail: "low")])
        #expect(request.messages[2].toolCalls == [ToolCall(id: "c1", name: "f", arguments: "{}")])
        #expect(request.messages[3].toolCallID == "c1")
        #expect(request.stream && request.includeUsage)
        #expect(request.maxTokens == 7)
        #expect(request.stop == ["END"])
        #expect(request.tools.map(\.name) == ["f"])
        #expect(request.toolChoice == .string("auto"))
        #expect(request.original?.dialect == .openAI)
    }

    @Test(arguments: [
        (#"{"model":"m"}"#, "missing_required_parameter", "messages"),
        (#"{"messages":[{"role":"user","content":"x"}]}"#, "missing_required_parameter", "model"),
        (#"{"model":"m","messages":[{"content":"x"}]}"#, "missing_required_parameter", "messages[0].role"),
        (#"{"model":"m","messages":[{"role":"wizard","content":"x"}]}"#, "invalid_value", "messages[0].role"),
        (#"{"model":"m","messages":[{"role":"user","content":"x"}],"temperature":"hot"}"#, "invalid_type", "temperature"),
        (#"{"model":7,"messages":[]}"#, "invalid_type", "model"),
        (#"{"model":"m","messages":"hello"}"#, "invalid_type", "messages"),
        (#"{"model":"m","messages":[]}"#, "invalid_value", "messages"),
        (#"{"model":"m","messages":[{"role":"user","content":"x"}],"temperature":3}"#, "invalid_value", "temperature"),
        (#"{"model":"m","messages":[{"role":"user","content":"x"}],"max_tokens":0}"#, "invalid_value", "max_tokens"),
        (#"{"model":"m","messages":[{"role":"user","content":"x"}],"stop":["a","b","c","d","e"]}"#, "invalid_value", "stop"),
    ])
    func rejectsBadFieldsNamingThem(json: String, code: String, param: String) {
        let failure = error(json)
        #expect(failure?.code.rawValue == code)
        #expect(failure?.param == param)
        #expect(failure?.status == 400)
        #expect(failure?.message.contains(param) == true)
    }

    @Test(arguments: ["", "{", "not json", "[1,2]", #"{"model":"m","messages":[}"#])
    func rejectsMalformedJSON(json: String) {
        let failure = error(json)
        #expect(failure?.status == 400)
        #expect(failure?.code == .invalidJSON || failure?.code == .invalidType)
    }
}
