import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// `POST /v1/messages` in process, on the instant simulator: the same service path as chat, Anthropic's shapes.
@Suite struct MessagesGatewayTests {
    static let headers: HTTPFields = [
        HTTPField.Name("x-api-key")!: TestGateway.masterKey, HTTPField.Name("anthropic-version")!: "2023-06-01", .contentType: "application/json",
    ]

    func withGateway(_ body: @escaping @Sendable (any TestClientProtocol, TestGateway) async throws -> Void) async throws {
        let gateway = try await TestGateway(yaml: TestGateway.yaml())
        try await gateway.app.test(.router) { client in try await body(client, gateway) }
        try await gateway.shutdown()
    }

    func messages(_ client: any TestClientProtocol, _ json: String, headers: HTTPFields = Self.headers) async throws -> TestResponse {
        try await client.execute(uri: "/v1/messages", method: .post, headers: headers, body: ByteBuffer(string: json))
    }

    @Test func answersAMessageAndRecordsTheSameUsageAsChat() async throws {
        try await withGateway { client, gateway in
            let prompt = #""messages":[{"role":"user","content":"hello there"}]"#
            let response = try await messages(client, #"{"model":"sim-small","max_tokens":50,\#(prompt)}"#)
            #expect(response.status == .ok)
            #expect(response.headers[HTTPField.Name("x-switchyard-model")!] == "sim-small")
            let json = response.json
            #expect(json["type"] as? String == "message" && json["role"] as? String == "assistant")
            #expect(json["stop_reason"] as? String == "end_turn")
            let usage = try #require(json["usage"] as? [String: Int])
            let viaMessages = try #require(await gateway.recorder.next())
            #expect(usage["output_tokens"] == viaMessages.usage.outputTokens && usage["input_tokens"] == viaMessages.usage.inputTokens)
            _ = try await client.chat(#"{"model":"sim-small","max_tokens":50,\#(prompt)}"#)
            let viaChat = try #require(await gateway.recorder.next())
            #expect(viaChat.usage == viaMessages.usage && viaChat.cost == viaMessages.cost)
        }
    }

    @Test func streamsAnthropicsEventSequence() async throws {
        try await withGateway { client, _ in
            let response = try await messages(client, #"{"model":"sim-small","max_tokens":20,"stream":true,"messages":[{"role":"user","content":"hi"}]}"#)
            #expect(response.status == .ok)
            let names = String(buffer: response.body).split(separator: "\n").filter { $0.hasPrefix("event: ") }.map { String($0.dropFirst(7)) }
            #expect(Array(names.prefix(3)) == ["message_start", "ping", "content_block_start"])
            #expect(Array(names.suffix(3)) == ["content_block_stop", "message_delta", "message_stop"])
            #expect(Set(names.dropFirst(3).dropLast(3)) == ["content_block_delta"])
        }
    }

    @Test func countsTokensLikeTokenize() async throws {
        try await withGateway { client, _ in
            let counted = try await client.execute(
                uri: "/v1/messages/count_tokens", method: .post, headers: Self.headers,
                body: ByteBuffer(string: #"{"model":"sim-small","system":"be brief","messages":[{"role":"user","content":"hello there"}]}"#)
            )
            let tokenized = try await client.execute(
                uri: "/v1/tokenize", method: .post, headers: TestGateway.auth,
                body: ByteBuffer(string: #"{"model":"sim-small","messages":[{"role":"system","content":"be brief"},{"role":"user","content":"hello there"}]}"#)
            )
            let tokens = try #require(counted.json["input_tokens"] as? Int)
            #expect(tokens > 0 && tokens == tokenized.json["tokens"] as? Int)
        }
    }

    @Test(arguments: [
        ("bad key", #"{"model":"sim-small","max_tokens":5,"messages":[{"role":"user","content":"x"}]}"#, "sk-wrong", 401, "authentication_error"),
        ("unknown model", #"{"model":"nope","max_tokens":5,"messages":[{"role":"user","content":"x"}]}"#, nil, 404, "not_found_error"),
        ("no max_tokens", #"{"model":"sim-small","messages":[{"role":"user","content":"x"}]}"#, nil, 400, "invalid_request_error"),
        ("too large", #"{"model":"sim-small","max_tokens":5,"messages":[{"role":"user","content":"\#(String(repeating: "x", count: 5000))"}]}"#, nil, 413, "request_too_large"),
    ] as [(String, String, String?, Int, String)])
    func errorsUseAnthropicsShape(name: String, body: String, key: String?, status: Int, type: String) async throws {
        try await withGateway { client, _ in
            var headers = Self.headers
            if let key { headers[HTTPField.Name("x-api-key")!] = key }
            let response = try await messages(client, body, headers: headers)
            #expect(response.status.code == status, "\(name)")
            #expect(response.json["type"] as? String == "error")
            #expect((response.json["error"] as? [String: Any])?["type"] as? String == type, "\(name)")
        }
    }
}
