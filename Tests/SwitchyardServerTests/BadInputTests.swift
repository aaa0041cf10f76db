import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// Every bad input gets its status and an OpenAI-shaped error naming what is wrong.
@Suite struct BadInputTests {
    struct Row: Sendable, CustomStringConvertible {
        var name: String
        var body: String
        var headers: HTTPFields = TestGateway.auth
        var uri = "/v1/chat/completions"
        var method: HTTPRequest.Method = .post
        var status: HTTPResponse.Status
        var code: String
        var param: String?
        var description: String { name }
    }

    static let valid = #"{"model":"sim-small","messages":[{"role":"user","content":"hi"}]}"#

    static let rows: [Row] = [
        Row(name: "no key", body: valid, headers: [.contentType: "application/json"], status: .unauthorized, code: "missing_api_key"),
        Row(name: "wrong key", body: valid, headers: [.authorization: "Bearer sk-wrong-key-000000000"], status: .unauthorized, code: "invalid_api_key"),
        Row(name: "not bearer", body: valid, headers: [.authorization: "Basic abc"], status: .unauthorized, code: "missing_api_key"),
        Row(name: "malformed JSON", body: #"{"model": "sim-small", "messages": ["#, status: .badRequest, code: "invalid_json"),
        Row(name: "empty body", body: "", status: .badRequest, code: "invalid_json"),
        Row(name: "missing messages", body: #"{"model":"sim-small"}"#, status: .badRequest, code: "missing_required_parameter", param: "messages"),
        Row(name: "wrong type", body: #"{"model":"sim-small","messages":[{"role":"user","content":"x"}],"max_tokens":"ten"}"#, status: .badRequest, code: "invalid_type", param: "max_tokens"),
        Row(name: "bad role", body: #"{"model":"sim-small","messages":[{"role":"robot","content":"x"}]}"#, status: .badRequest, code: "invalid_value", param: "messages[0].role"),
        Row(name: "unknown model", body: #"{"model":"gpt-9","messages":[{"role":"user","content":"x"}]}"#, status: .notFound, code: "model_not_found", param: "model"),
        Row(name: "max_tokens over model max", body: #"{"model":"sim-small","max_tokens":101,"messages":[{"role":"user","content":"x"}]}"#, status: .badRequest, code: "invalid_value", param: "max_tokens"),
        Row(name: "body over limit", body: #"{"model":"sim-small","messages":[{"role":"user","content":""# + String(repeating: "x", count: 5000) + #""}]}"#, status: .contentTooLarge, code: "request_too_large"),
        Row(name: "unknown route", body: "", uri: "/v1/nope", method: .get, status: .notFound, code: "not_found"),
    ]

    @Test(arguments: rows)
    func rejects(_ row: Row) async throws {
        let gateway = try await TestGateway(yaml: TestGateway.yaml())
        try await gateway.app.test(.router) { client in
            let response = try await client.execute(uri: row.uri, method: row.method, headers: row.headers, body: ByteBuffer(string: row.body))
            #expect(response.status == row.status)
            #expect(response.headers[.contentType] == "application/json")
            let error = response.error
            #expect(error["code"] as? String == row.code)
            #expect(error["type"] is String)
            #expect((error["message"] as? String)?.isEmpty == false)
            if let param = row.param { #expect(error["param"] as? String == param) }
            // Nothing crashed: the next good request still works.
            #expect(try await client.chat(Self.valid).status == .ok)
        }
        #expect(gateway.recorder.records.allSatisfy { $0.status == 200 }, "rejected requests never reach a provider")
        try await gateway.shutdown()
    }

    @Test func contextOverflowIsA400() async throws {
        let gateway = try await TestGateway(yaml: TestGateway.yaml().replacingOccurrences(of: "body_limit: 4KiB", with: "body_limit: 64KiB"))
        try await gateway.app.test(.router) { client in
            let body = #"{"model":"sim-small","max_tokens":100,"messages":[{"role":"user","content":""# + String(repeating: "word ", count: 2000) + #""}]}"#
            let response = try await client.chat(body)
            #expect(response.status == .badRequest)
            #expect(response.error["code"] as? String == "context_length_exceeded")
        }
        try await gateway.shutdown()
    }

    @Test func unknownModelListsKnownOnes() async throws {
        let gateway = try await TestGateway(yaml: TestGateway.yaml())
        try await gateway.app.test(.router) { client in
            let response = try await client.chat(#"{"model":"gpt-9","messages":[{"role":"user","content":"x"}]}"#)
            #expect((response.error["message"] as? String)?.contains("sim-small") == true)
        }
        try await gateway.shutdown()
    }
}
