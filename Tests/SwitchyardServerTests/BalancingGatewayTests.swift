import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// Models with several deployments, against the fake upstream (reached as two providers) on a real socket.
@Suite struct BalancingGatewayTests {
    static func yaml(upstreamPort: Int) -> String {
        (TestGateway.yaml(upstreamPort: upstreamPort) + """

          - id: spread
            price: { input: 1, output: 1 }
            deployments:
              - { provider: fake, upstream: fake/ok, weight: 3 }
              - { provider: fake-b, upstream: fake/say-b, weight: 1 }
          - id: flaky
            price: { input: 1, output: 1 }
            deployments:
              - { provider: fake, upstream: fake/500 }
              - { provider: fake-b, upstream: fake/ok, weight: 0 }
          - id: quickest
            price: { input: 1, output: 1 }
            balance: least_latency
            deployments:
              - { provider: fake, upstream: fake/ok }
              - { provider: fake-b, upstream: fake/say-b }
        resilience: { attempts: 2, base_delay: 1ms, max_delay: 5ms, breaker: { failures: 2, window: 1m, cooldown: 60m } }
        """).replacingOccurrences(of: "\nmodels:", with: """

          - name: fake-b
            type: openai-compatible
            base_url: http://127.0.0.1:\(upstreamPort)/v1
            api_key: env:FAKE_UPSTREAM_KEY
        models:
        """)
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

    @Test func weightedDeploymentsShareTrafficByWeight() async throws {
        try await withGateway { client, gateway, _ in
            var byProvider: [String: Int] = [:]
            for _ in 0..<100 {
                let response = try await client.chat(#"{"model":"spread","messages":[{"role":"user","content":"hi"}]}"#)
                #expect(response.status == .ok)
                #expect(response.headers[HTTPField.Name("x-switchyard-model")!] == "spread")
                byProvider[response.headers[HTTPField.Name("x-switchyard-provider")!] ?? "?", default: 0] += 1
            }
            // 3:1 over 100 requests: about 25 on fake-b (standard deviation ≈ 4.3).
            let second = byProvider["fake-b"] ?? 0
            #expect(byProvider["fake", default: 0] + second == 100)
            #expect((10...45).contains(second), "fake-b served \(second) of 100")
            #expect(gateway.recorder.records.filter { $0.provider == "fake-b" }.count == second)
        }
    }

    @Test func aFailingDeploymentHandsTheRetryToAnotherAndItsBreakerKeepsItOut() async throws {
        try await withGateway { client, gateway, _ in
            let first = try await client.chat(#"{"model":"flaky","messages":[{"role":"user","content":"hi"}]}"#)
            #expect(first.status == .ok)
            #expect(first.headers[HTTPField.Name("x-switchyard-provider")!] == "fake-b")
            #expect(gateway.recorder.records.map(\.provider) == ["fake", "fake-b"])
            #expect(gateway.recorder.records.map(\.status) == [502, 200])
            _ = try await client.chat(#"{"model":"flaky","messages":[{"role":"user","content":"hi"}]}"#)
            // Two failures opened fake's breaker: from now on only the standby serves, in one attempt.
            let before = gateway.recorder.records.count
            let third = try await client.chat(#"{"model":"flaky","messages":[{"role":"user","content":"hi"}]}"#)
            #expect(third.status == .ok)
            #expect(gateway.recorder.records.dropFirst(before).map(\.provider) == ["fake-b"])
        }
    }

    @Test func leastLatencyMeasuresEachDeploymentBeforeChoosing() async throws {
        try await withGateway { client, _, fake in
            var arrivals = fake.arrivals.makeAsyncIterator()
            for expected in ["fake/ok", "fake/say-b"] {
                let response = try await client.chat(#"{"model":"quickest","messages":[{"role":"user","content":"hi"}]}"#)
                #expect(response.status == .ok)
                #expect(await arrivals.next() == expected)
            }
        }
    }
}
