import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// The gateway in front of an Anthropic Messages upstream on a real socket, serving recorded answers.
@Suite struct AnthropicUpstreamGatewayTests {
    /// A recorded-shape stream: text, then a tool call whose input arrives in pieces, cache usage at the start.
    static let recordedStream = [
        #"{"type":"message_start","message":{"id":"msg_01","type":"message","role":"assistant","model":"claude-up","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":7,"cache_read_input_tokens":20,"cache_creation_input_tokens":3,"output_tokens":1}}}"#,
        #"{"type":"ping"}"#,
        #"{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"#,
        #"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Let me check."}}"#,
        #"{"type":"content_block_stop","index":0}"#,
        #"{"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_01","name":"get_weather","input":{}}}"#,
        #"{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":""}}"#,
        #"{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\"city\": \"Par"}}"#,
        #"{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"is\"}"}}"#,
        #"{"type":"content_block_stop","index":1}"#,
        #"{"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":12}}"#,
        #"{"type":"message_stop"}"#,
    ]
    static let recordedMessage = #"{"id":"msg_02","type":"message","role":"assistant","model":"claude-up","content":[{"type":"text","text":"Hi there"}],"stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":7,"cache_read_input_tokens":20,"cache_creation_input_tokens":3,"output_tokens":2}}"#

    /// What the fake upstream received last: headers and raw body.
    final class Received: @unchecked Sendable {
        private let lock = NSLock()
        private var _headers = HTTPFields()
        private var _body = ""
        var headers: HTTPFields { lock.withLock { _headers } }
        var body: String { lock.withLock { _body } }
        func set(_ headers: HTTPFields, _ body: String) { lock.withLock { _headers = headers; _body = body } }
    }

    func withUpstream(_ test: @escaping @Sendable (any TestClientProtocol, TestGateway, Received) async throws -> Void) async throws {
        let received = Received()
        let router = Router()
        router.post("/v1/messages") { request, _ -> Response in
            let body = String(buffer: try await request.body.collect(upTo: 1 << 20))
            received.set(request.headers, body)
            if body.contains("overloaded") {
                return Response(status: .init(code: 529), headers: [.contentType: "application/json"],
                                body: .init(byteBuffer: ByteBuffer(string: #"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#)))
            }
            if body.contains("overloaded-stream") {
                let frame = "event: error\ndata: " + #"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"# + "\n\n"
                return Response(status: .ok, headers: [.contentType: "text/event-stream"], body: .init(byteBuffer: ByteBuffer(string: frame)))
            }
            if body.contains(#""stream":true"#) {
                let frames = Self.recordedStream.map { json in
                    let name = (try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])?["type"] as? String ?? ""
                    return "event: " + name + "\ndata: " + json + "\n\n"
                }.joined()
                return Response(status: .ok, headers: [.contentType: "text/event-stream"], body: .init(byteBuffer: ByteBuffer(string: frames)))
            }
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: Self.recordedMessage)))
        }
        let upstream = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await upstream.test(.live) { upstreamClient in
            let port = try #require(upstreamClient.port)
            let yaml = """
            server: { body_limit: 64KiB, timeouts: { connect: 1s, first_byte: 5s, total: 10s } }
            providers:
              - { name: claude, type: anthropic, base_url: "http://127.0.0.1:\(port)/v1", api_key: "env:ANTHROPIC_API_KEY" }
            models:
              - { id: claude, provider: claude, upstream: claude-up, price: { input: 3, cached_input: 0.3, cache_write: 3.75, output: 15 }, context_window: 200000, max_output: 640 }
            """
            let gateway = try await TestGateway(yaml: yaml, environment: ["ANTHROPIC_API_KEY": "sk-ant-upstream"])
            try await gateway.app.test(.live) { client in try await test(client, gateway, received) }
            try await gateway.shutdown()
        }
    }

    @Test func openAIClientGetsAnOpenAIAnswerBilledWithCacheReadsAndWrites() async throws {
        try await withUpstream { client, gateway, received in
            let response = try await client.chat(#"{"model":"claude","messages":[{"role":"system","content":"sys"},{"role":"user","content":"hi"}]}"#)
            #expect(response.status == .ok)
            #expect(response.json["object"] as? String == "chat.completion" && response.json["model"] as? String == "claude")
            let usage = try #require(response.json["usage"] as? [String: Any])
            #expect(usage["prompt_tokens"] as? Int == 30 && usage["completion_tokens"] as? Int == 2)
            #expect(received.headers[HTTPField.Name("x-api-key")!] == "sk-ant-upstream")
            #expect(received.headers[HTTPField.Name("anthropic-version")!] == "2023-06-01")
            let sent = try #require(try JSONSerialization.jsonObject(with: Data(received.body.utf8)) as? [String: Any])
            #expect(sent["model"] as? String == "claude-up" && sent["system"] as? String == "sys" && sent["max_tokens"] as? Int == 640)
            let record = try #require(await gateway.recorder.next())
            #expect(record.usage.inputTokens == 30 && record.usage.cachedInputTokens == 20 && record.usage.cacheWriteTokens == 3)
            // 7 × $3 + 20 × $0.30 + 3 × $3.75 + 2 × $15 per 1M = 21 + 6 + 11.25 + 30 = 68.25 µ$.
            #expect(record.cost.picodollars == 68_250_000)
        }
    }

    @Test func openAIStreamCarriesTheToolCallInPiecesAndTheUsage() async throws {
        try await withUpstream { client, gateway, _ in
            let response = try await client.chat(#"{"model":"claude","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"weather?"}]}"#)
            let chunks = response.events.dropLast().compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
            let deltas = chunks.compactMap { (($0["choices"] as? [[String: Any]])?.first?["delta"]) as? [String: Any] }
            #expect(deltas.compactMap { $0["content"] as? String }.joined() == "Let me check.")
            let calls = deltas.compactMap { ($0["tool_calls"] as? [[String: Any]])?.first?["function"] as? [String: Any] }
            #expect(calls.compactMap { $0["name"] as? String } == ["get_weather"])
            #expect(calls.compactMap { $0["arguments"] as? String }.joined() == #"{"city": "Paris"}"#)
            let finishes = chunks.compactMap { (($0["choices"] as? [[String: Any]])?.first?["finish_reason"]) as? String }
            #expect(finishes == ["tool_calls"])
            #expect((chunks.last?["usage"] as? [String: Any])?["prompt_tokens"] as? Int == 30)
            let record = try #require(await gateway.recorder.next())
            #expect(record.usage.outputTokens == 12 && record.usage.cacheWriteTokens == 3 && record.stream)
        }
    }

    @Test func anthropicClientTakesTheFastPath() async throws {
        try await withUpstream { client, gateway, received in
            let body = #"{"model":"claude","max_tokens":100,"messages":[{"role":"user","content":[{"type":"text","text":"hi","cache_control":{"type":"ephemeral"}}]}],"top_k":5}"#
            let response = try await client.execute(uri: "/v1/messages", method: .post, headers: [HTTPField.Name("x-api-key")!: TestGateway.masterKey], body: ByteBuffer(string: body))
            #expect(response.status == .ok)
            #expect(received.body == body.replacingOccurrences(of: #""model":"claude""#, with: #""model":"claude-up""#), "forwarded as sent, but for the model")
            #expect(String(buffer: response.body) == Self.recordedMessage.replacingOccurrences(of: #""model":"claude-up""#, with: #""model":"claude""#))
            let streamed = try await client.execute(
                uri: "/v1/messages", method: .post, headers: [HTTPField.Name("x-api-key")!: TestGateway.masterKey],
                body: ByteBuffer(string: body.replacingOccurrences(of: #""max_tokens":100"#, with: #""max_tokens":100,"stream":true"#))
            )
            let events = String(buffer: streamed.body).components(separatedBy: "\n\n").filter { !$0.isEmpty }
            #expect(events.count == Self.recordedStream.count)
            #expect(events.last == "event: message_stop\ndata: {\"type\":\"message_stop\"}")
            _ = try #require(await gateway.recorder.next())
            let streamRecord = try #require(await gateway.recorder.next())
            #expect(streamRecord.usage.outputTokens == 12 && streamRecord.usage.inputTokens == 30)
        }
    }

    @Test func anOverloadedUpstreamIsAnOverloadedErrorForAnthropicClients() async throws {
        try await withUpstream { client, _, _ in
            let response = try await client.execute(
                uri: "/v1/messages", method: .post, headers: [HTTPField.Name("x-api-key")!: TestGateway.masterKey],
                body: ByteBuffer(string: #"{"model":"claude","max_tokens":10,"messages":[{"role":"user","content":"overloaded"}]}"#)
            )
            #expect(response.status.code == 503)
            #expect((response.json["error"] as? [String: Any])?["type"] as? String == "overloaded_error")
            // An error event before anything else fails the attempt before the client saw a byte.
            let streamed = try await client.chat(#"{"model":"claude","stream":true,"messages":[{"role":"user","content":"overloaded-stream"}]}"#)
            #expect(streamed.status.code == 503)
        }
    }
}
