import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// The gateway in process, serving the instant simulator.
@Suite struct SimulatorGatewayTests {
    let request = #"{"model":"sim-small","messages":[{"role":"user","content":"hello there"}]}"#

    func withGateway(_ body: @escaping @Sendable (any TestClientProtocol, TestGateway) async throws -> Void) async throws {
        let gateway = try await TestGateway(yaml: TestGateway.yaml())
        try await gateway.app.test(.router) { client in try await body(client, gateway) }
        try await gateway.shutdown()
    }

    @Test func answersAChatCompletionWithHeadersAndUsage() async throws {
        try await withGateway { client, gateway in
            let response = try await client.chat(request)
            #expect(response.status == .ok)
            #expect(response.headers[HTTPField.Name("x-switchyard-model")!] == "sim-small")
            #expect(response.headers[HTTPField.Name("x-switchyard-provider")!] == "sim")
            #expect(Int(response.headers[HTTPField.Name("x-switchyard-overhead-us")!] ?? "") != nil)
            #expect(response.headers[HTTPField.Name("x-request-id")!]?.hasPrefix("req_") == true)
            let json = response.json
            #expect(json["object"] as? String == "chat.completion")
            #expect(json["model"] as? String == "sim-small")
            let usage = try #require(json["usage"] as? [String: Any])
            let choices = try #require(json["choices"] as? [[String: Any]])
            let text = try #require((choices.first?["message"] as? [String: Any])?["content"] as? String)
            #expect(!text.isEmpty)
            // Honest usage: one output token per emitted word or final period.
            let words = text.split(separator: " ").count + (text.hasSuffix(".") ? 1 : 0)
            #expect(usage["completion_tokens"] as? Int == words)
            let record = try #require(await gateway.recorder.next())
            #expect(record.usage.outputTokens == words)
            #expect(record.status == 200 && record.servedModel == "sim-small")
            #expect(record.cost.picodollars > 0)
        }
    }

    @Test func sameRequestSameAnswerStreamedOrNot() async throws {
        try await withGateway { client, _ in
            let plain = try await client.chat(request)
            let plainText = ((plain.json["choices"] as? [[String: Any]])?.first?["message"] as? [String: Any])?["content"] as? String
            let streamed = try await client.chat(#"{"model":"sim-small","stream":true,"messages":[{"role":"user","content":"hello there"}]}"#)
            #expect(streamed.status == .ok)
            #expect(streamed.headers[.contentType] == "text/event-stream")
            let events = streamed.events
            #expect(events.last == "[DONE]")
            var text = ""
            for event in events.dropLast() {
                let chunk = try #require(try JSONSerialization.jsonObject(with: Data(event.utf8)) as? [String: Any])
                #expect(chunk["usage"] == nil, "usage must not be sent unless asked for")
                let delta = (chunk["choices"] as? [[String: Any]])?.first?["delta"] as? [String: Any]
                text += delta?["content"] as? String ?? ""
            }
            #expect(text == plainText)
        }
    }

    @Test func streamSendsUsageWhenAsked() async throws {
        try await withGateway { client, _ in
            let response = try await client.chat(#"{"model":"sim-small","stream":true,"stream_options":{"include_usage":true},"max_tokens":3,"messages":[{"role":"user","content":"hi"}]}"#)
            let events = response.events
            let usageChunk = try #require(events.dropLast().last.flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) } as? [String: Any])
            #expect((usageChunk["usage"] as? [String: Any])?["completion_tokens"] as? Int == 3)
            #expect((usageChunk["choices"] as? [Any])?.isEmpty == true)
            #expect(events.contains { $0.contains(#""finish_reason":"length""#) })
        }
    }

    @Test func honoursAClientRequestID() async throws {
        try await withGateway { client, _ in
            var headers = TestGateway.auth
            headers[HTTPField.Name("x-request-id")!] = "client-id-42"
            let response = try await client.chat(request, headers: headers)
            #expect(response.headers[HTTPField.Name("x-request-id")!] == "client-id-42")
            let failed = try await client.chat("{", headers: headers)
            #expect(failed.headers[HTTPField.Name("x-request-id")!] == "client-id-42")
        }
    }

    @Test func listsModelsWithPrices() async throws {
        try await withGateway { client, _ in
            let response = try await client.execute(uri: "/v1/models", method: .get, headers: TestGateway.auth)
            #expect(response.status == .ok)
            let data = try #require(response.json["data"] as? [[String: Any]])
            #expect(data.map { $0["id"] as? String } == ["sim-small"])
            let details = data.first?["switchyard"] as? [String: Any]
            let pricing = details?["pricing"] as? [String: Any]
            #expect(pricing?["input"] as? String == "1.000000")
            #expect(pricing?["free"] as? Bool == false)
            #expect((details?["lifecycle"] as? [String: Any])?["status"] as? String == "active")
            #expect(details?["context_window"] as? Int == 2000)
            let unauthorized = try await client.execute(uri: "/v1/models", method: .get)
            #expect(unauthorized.status == .unauthorized)
        }
    }

    @Test func healthEndpoints() async throws {
        try await withGateway { client, _ in
            #expect(try await client.execute(uri: "/health", method: .get).status == .ok)
            let ready = try await client.execute(uri: "/health/ready", method: .get)
            #expect(ready.status == .ok)
            #expect(ready.json["models"] as? Int == 1)
        }
    }

    @Test func answersToolCallsWhenToolsAreOffered() async throws {
        try await withGateway { client, _ in
            let response = try await client.chat(#"{"model":"sim-small","messages":[{"role":"user","content":"weather?"}],"tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object"}}}]}"#)
            let choice = try #require((response.json["choices"] as? [[String: Any]])?.first)
            #expect(choice["finish_reason"] as? String == "tool_calls")
            let calls = (choice["message"] as? [String: Any])?["tool_calls"] as? [[String: Any]]
            #expect((calls?.first?["function"] as? [String: Any])?["name"] as? String == "get_weather")
        }
    }
}
