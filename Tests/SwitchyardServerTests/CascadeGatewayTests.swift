import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// Confidence cascades against the fake upstream's logprobs on a real socket.
@Suite struct CascadeGatewayTests {
    static func yaml(upstreamPort: Int) -> String {
        TestGateway.yaml(upstreamPort: upstreamPort) + """

          - { id: sure, provider: fake, upstream: fake/sure, price: { input: 1, output: 1 } }
          - { id: unsure, provider: fake, upstream: fake/unsure, price: { input: 1, output: 1 } }
          - { id: cheap, provider: fake, upstream: fake/ok, price: { input: 0.1, output: 0.1 } }
          - { id: unsure-slow, provider: fake, upstream: fake/unsure-slow, price: { input: 1, output: 1 } }
        routes:
          - { name: cascade-sure, default: general, baseline: ok, table: { general: sure } }
          - { name: cascade-unsure, default: general, baseline: ok, table: { general: unsure } }
          - { name: cascade-blind, default: general, table: { general: cheap } }
          - { name: cascade-down, default: general, table: { general: ok } }
          - { name: cascade-none, default: general, table: { general: unsure } }
          - { name: cascade-slow, default: general, baseline: ok, table: { general: unsure-slow } }
        cascades:
          - { route: cascade-sure, escalate_to: ok }
          - { route: cascade-unsure, escalate_to: ok, threshold: 0.65 }
          - { route: cascade-blind, escalate_to: ok }
          - { route: cascade-down, escalate_to: sure }
          - { route: cascade-slow, escalate_to: ok, threshold: 0.65 }
        """
    }

    func withGateway(_ body: @escaping @Sendable (any TestClientProtocol, TestGateway, FakeUpstream) async throws -> Void) async throws {
        let fake = FakeUpstream()
        let upstreamApp = Application(router: fake.router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await upstreamApp.test(.live) { upstreamClient in
            let port = try #require(upstreamClient.port)
            let gateway = try await TestGateway(yaml: Self.yaml(upstreamPort: port), environment: ["FAKE_UPSTREAM_KEY": "k"])
            try await gateway.app.test(.live) { client in try await body(client, gateway, fake) }
            try await gateway.shutdown()
        }
    }

    static func header(_ response: TestResponse, _ name: String) -> String? {
        response.headers[HTTPField.Name(name)!]
    }

    @Test func aConfidentFirstAnswerIsServedWithoutTheLogprobsTheGatewayAskedFor() async throws {
        try await withGateway { client, gateway, fake in
            let response = try await client.chat(#"{"model":"cascade-sure","messages":[{"role":"user","content":"hi"}]}"#)
            #expect(response.status == .ok)
            #expect(Self.header(response, "x-switchyard-cascade") == "accepted")
            #expect(Self.header(response, "x-switchyard-model") == "sure")
            let confidence = try #require(Self.header(response, "x-switchyard-confidence").flatMap(Double.init))
            #expect(abs(confidence - exp(-0.17 / 3)) < 0.001)
            #expect(fake.lastRequest.value.body?["logprobs"] as? Bool == true)
            let choice = try #require((response.json["choices"] as? [[String: Any]])?.first)
            #expect(choice["logprobs"] is NSNull)
            #expect((choice["message"] as? [String: Any])?["content"] as? String == "Hello from fake")
            #expect(gateway.recorder.records.map(\.servedModel) == ["sure"])
        }
    }

    @Test func aDoubtfulAnswerEscalatesAndBothAttemptsAreLedgerRows() async throws {
        try await withGateway { client, gateway, fake in
            let response = try await client.chat(#"{"model":"cascade-unsure","messages":[{"role":"user","content":"hi"}]}"#)
            #expect(response.status == .ok)
            #expect(Self.header(response, "x-switchyard-cascade") == "escalated")
            #expect(Self.header(response, "x-switchyard-model") == "ok")
            #expect(Self.header(response, "x-switchyard-route") == "general")
            // The escalation is asked as the client asked: no logprobs.
            #expect(fake.lastRequest.value.body?["logprobs"] == nil)
            let rows = gateway.recorder.records
            #expect(rows.map(\.servedModel) == ["unsure", "ok"])
            #expect(rows.map(\.attempt) == [0, 1])
            #expect(rows.allSatisfy { $0.status == 200 && $0.route == "general" && $0.usage.outputTokens == 3 })
        }
    }

    @Test(arguments: [false, true])
    func theOverheadLeavesOutTheFirstAnswerThatEscalated(stream: Bool) async throws {
        try await withGateway { client, _, _ in
            let response = try await client.chat(#"{"model":"cascade-slow","stream":\#(stream),"messages":[{"role":"user","content":"hi"}]}"#)
            #expect(response.status == .ok)
            #expect(Self.header(response, "x-switchyard-cascade") == "escalated")
            // The first answer took 300 ms upstream: the gateway's own time is a small part of that.
            let overhead = try #require(Self.header(response, "x-switchyard-overhead-us").flatMap(Int.init))
            #expect(overhead < 150_000, "overhead \(overhead) µs includes the first answer's 300 ms")
        }
    }

    @Test func streamsAreBufferedForTheCheckThenReplayedOrEscalated() async throws {
        try await withGateway { client, gateway, _ in
            let kept = try await client.chat(#"{"model":"cascade-sure","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"hi"}]}"#)
            #expect(kept.status == .ok)
            #expect(Self.header(kept, "x-switchyard-cascade") == "accepted")
            #expect(kept.events.last == "[DONE]")
            #expect(kept.events.contains { $0.contains("Hello from fake") })
            #expect(kept.events.contains { $0.contains(#""completion_tokens":3"#) })

            let escalated = try await client.chat(#"{"model":"cascade-unsure","stream":true,"messages":[{"role":"user","content":"hi"}]}"#)
            #expect(escalated.status == .ok)
            #expect(Self.header(escalated, "x-switchyard-cascade") == "escalated")
            #expect(Self.header(escalated, "x-switchyard-model") == "ok")
            #expect(escalated.events.last == "[DONE]")
            #expect(escalated.events.joined().contains("fake"))
            #expect(gateway.recorder.records.map(\.servedModel) == ["sure", "unsure", "ok"])
        }
    }

    @Test func anAnswerWithoutLogprobsIsKeptUnjudgedAndOnlyCheaperModelsAreChecked() async throws {
        try await withGateway { client, gateway, fake in
            let blind = try await client.chat(#"{"model":"cascade-blind","messages":[{"role":"user","content":"hi"}]}"#)
            #expect(Self.header(blind, "x-switchyard-cascade") == "unjudged")
            #expect(Self.header(blind, "x-switchyard-model") == "cheap")
            #expect(Self.header(blind, "x-switchyard-confidence") == nil)

            // Escalating means going up: a model dearer than the escalation target is not checked.
            let down = try await client.chat(#"{"model":"cascade-down","messages":[{"role":"user","content":"hi"}]}"#)
            #expect(Self.header(down, "x-switchyard-cascade") == nil)
            #expect(Self.header(down, "x-switchyard-model") == "ok")

            let plain = try await client.chat(#"{"model":"cascade-none","messages":[{"role":"user","content":"hi"}]}"#)
            #expect(Self.header(plain, "x-switchyard-cascade") == nil)
            #expect(Self.header(plain, "x-switchyard-model") == "unsure")
            #expect(fake.lastRequest.value.body?["logprobs"] == nil)
            #expect(gateway.recorder.records.count == 3)
        }
    }
}
