import Foundation
import NIOCore
import SwitchyardDialects
import SwitchyardModel
import Testing

@Suite struct AnthropicRequestTranslationTests {
    /// A JSON body as a dictionary, for asserting on what an encoder wrote.
    func object(_ buffer: ByteBuffer) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(buffer.readableBytesView)) as? [String: Any])
    }

    @Test func decodesSystemTurnsBlocksToolsAndLimits() throws {
        let body = #"""
        {"model":"m","max_tokens":64,"system":[{"type":"text","text":"be brief"}],
         "stop_sequences":["END"],"temperature":0.5,"metadata":{"user_id":"u1"},
         "tools":[{"name":"get_weather","description":"d","input_schema":{"type":"object"}}],
         "tool_choice":{"type":"tool","name":"get_weather"},
         "messages":[
          {"role":"user","content":[{"type":"text","text":"look"},{"type":"image","source":{"type":"base64","media_type":"image/png","data":"AAAA"}}]},
          {"role":"assistant","content":[{"type":"text","text":"calling"},{"type":"tool_use","id":"t1","name":"get_weather","input":{"city":"Paris"}}]},
          {"role":"user","content":[{"type":"tool_result","tool_use_id":"t1","content":"sunny"},{"type":"text","text":"thanks"}]}
         ]}
        """#
        let request = try AnthropicRequestDecoder.decode(ByteBuffer(string: body))
        #expect(request.maxTokens == 64)
        #expect(request.stop == ["END"])
        #expect(request.user == "u1")
        #expect(request.original?.dialect == .anthropic)
        #expect(request.messages.map(\.role) == [.system, .user, .assistant, .tool, .user])
        #expect(request.messages[0].text == "be brief")
        #expect(request.messages[1].content == [.text("look"), .image(url: "data:image/png;base64,AAAA", detail: nil)])
        #expect(request.messages[2].toolCalls == [ToolCall(id: "t1", name: "get_weather", arguments: #"{"city":"Paris"}"#)])
        #expect(request.messages[3].toolCallID == "t1")
        #expect(request.messages[3].text == "sunny")
        #expect(request.tools.map(\.name) == ["get_weather"])
        #expect(request.toolChoice == .object(["type": .string("function"), "function": .object(["name": .string("get_weather")])]))
    }

    @Test(arguments: [
        (#"{"model":"m","messages":[{"role":"user","content":"hi"}]}"#, "max_tokens"),
        (#"{"model":"m","max_tokens":0,"messages":[{"role":"user","content":"hi"}]}"#, "max_tokens"),
        (#"{"model":"m","max_tokens":5,"messages":[{"role":"system","content":"hi"}]}"#, "messages[0].role"),
        (#"{"model":"m","max_tokens":5,"temperature":1.5,"messages":[{"role":"user","content":"hi"}]}"#, "temperature"),
    ])
    func rejectsBadInputNamingTheField(body: String, field: String) {
        #expect(throws: GatewayError.self) { try AnthropicRequestDecoder.decode(ByteBuffer(string: body)) }
        do {
            _ = try AnthropicRequestDecoder.decode(ByteBuffer(string: body))
        } catch {
            #expect(error.status == 400)
            #expect(error.param == field)
        }
    }

    @Test func encodesCanonicalAsAlternatingTurnsWithToolResultsAndImages() throws {
        let request = ChatRequest(
            model: "client", messages: [
                .text(.system, "sys"),
                ChatMessage(role: .user, content: [.text("see"), .image(url: "data:image/jpeg;base64,QUJD", detail: nil)]),
                ChatMessage(role: .assistant, content: [], toolCalls: [
                    ToolCall(id: "a", name: "f", arguments: #"{"x":1}"#), ToolCall(id: "b", name: "f", arguments: "not json"),
                ]),
                ChatMessage(role: .tool, content: [.text("r1")], toolCallID: "a"),
                ChatMessage(role: .tool, content: [.text("r2")], toolCallID: "b"),
            ],
            stream: true, temperature: 1.8, stop: ["Z"], tools: [ChatTool(name: "f")], toolChoice: .string("required"),
            responseFormat: .object(["type": .string("json_schema"), "json_schema": .object(["name": .string("o"), "schema": .object(["type": .string("object")])])])
        )
        let body = try object(AnthropicRequestEncoder.encode(request, upstreamModel: "claude-x", defaultMaxTokens: 99))
        #expect(body["model"] as? String == "claude-x")
        #expect(body["max_tokens"] as? Int == 99)
        #expect(body["system"] as? String == "sys")
        #expect(body["temperature"] as? Double == 1)
        #expect(body["stop_sequences"] as? [String] == ["Z"])
        #expect((body["tool_choice"] as? [String: String]) == ["type": "any"])
        #expect(((body["output_config"] as? [String: Any])?["format"] as? [String: Any])?["type"] as? String == "json_schema")
        let messages = try #require(body["messages"] as? [[String: Any]])
        #expect(messages.map { $0["role"] as? String } == ["user", "assistant", "user"])
        let image = try #require((messages[0]["content"] as? [[String: Any]])?[1]["source"] as? [String: String])
        #expect(image == ["type": "base64", "media_type": "image/jpeg", "data": "QUJD"])
        let uses = try #require(messages[1]["content"] as? [[String: Any]])
        #expect(uses.map { $0["type"] as? String } == ["tool_use", "tool_use"])
        #expect((uses[0]["input"] as? [String: Int]) == ["x": 1])
        #expect((uses[1]["input"] as? [String: Int]) == [:])
        let results = try #require(messages[2]["content"] as? [[String: Any]])
        #expect(results.map { $0["tool_use_id"] as? String } == ["a", "b"])
    }

    @Test func jsonObjectModeBecomesAnInstructionInTheSystemPrompt() throws {
        let request = ChatRequest(model: "c", messages: [.text(.user, "hi")], maxTokens: 5, responseFormat: .object(["type": .string("json_object")]))
        let body = try object(AnthropicRequestEncoder.encode(request, upstreamModel: "u", defaultMaxTokens: 1))
        #expect((body["system"] as? String)?.contains("JSON") == true)
        #expect(body["max_tokens"] as? Int == 5)
        #expect(body["output_config"] == nil)
    }
}
