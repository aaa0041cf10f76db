import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Synchronization
import Testing
@testable import SwitchyardServer

/// The fast lane answers exactly as the full path does, and says in its metric that it served.
@Suite struct FastLaneTests {
    /// Status, body (or stream events) and ledger row facts of each request, with the lane on or off.
    struct Observed: Equatable {
        var statuses: [Int] = []
        var bodies: [String] = []
        var rows: [String] = []
        var metrics = ""
    }

    static let requests = [
        #"{"model":"ok","messages":[{"role":"system","content":"be brief"},{"role":"user","content":"hi"}],"max_tokens":20}"#,
        #"{"model":"ok","stream":true,"messages":[{"role":"user","content":"hi"}]}"#,
        #"{"model":"ok","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"hi"}]}"#,
        // Not fast-lane material (a tool) and a refusal (unknown model): both answered by the full path.
        #"{"model":"ok","messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function","function":{"name":"f"}}]}"#,
        #"{"model":"nope","messages":[{"role":"user","content":"hi"}]}"#,
        // A failing upstream: the fast lane's attempt is attempt 0, the full path's retry attempt 1.
        #"{"model":"500","messages":[{"role":"user","content":"hi"}]}"#,
    ]

    func observe(fastLane: Bool) async throws -> Observed {
        let fake = FakeUpstream()
        let upstreamApp = Application(router: fake.router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        let observed = Mutex(Observed())
        try await upstreamApp.test(.live) { upstreamClient in
            let port = try #require(upstreamClient.port)
            let yaml = TestGateway.yaml(upstreamPort: port).replacingOccurrences(of: "server: { body_limit", with: "server: { fast_lane: \(fastLane), body_limit")
            let gateway = try await TestGateway(yaml: yaml, environment: ["FAKE_UPSTREAM_KEY": "sk-upstream-secret"])
            try await gateway.app.test(.live) { client in
                for request in Self.requests {
                    let response = try await client.chat(request)
                    // Ids and timestamps the upstream or gateway makes up differ per run.
                    let body = String(buffer: response.body).replacing(/"(id|created)":("[^"]*"|[0-9]+)/, with: "")
                    observed.withLock { $0.statuses.append(Int(response.status.code)); $0.bodies.append(body) }
                }
                let metrics = try await client.execute(uri: "/metrics", method: .get, headers: TestGateway.auth, body: nil)
                let lines = String(buffer: metrics.body).split(separator: "\n").filter { $0.hasPrefix("switchyard_fast_lane_requests_total{") }
                observed.withLock { $0.metrics = lines.sorted().joined(separator: "\n") }
            }
            let rows = gateway.recorder.records.map {
                "\($0.servedModel) \($0.status) attempt=\($0.attempt) in=\($0.usage.inputTokens) out=\($0.usage.outputTokens) cost=\($0.cost.microDollars.value) stream=\($0.stream) route=\($0.route)"
            }
            observed.withLock { $0.rows = rows }
            try await gateway.shutdown()
        }
        return observed.withLock { $0 }
    }

    @Test func answersAndLedgerRowsMatchTheFullPath() async throws {
        var fast = try await observe(fastLane: true)
        var full = try await observe(fastLane: false)
        #expect(fast.statuses == [200, 200, 200, 200, 404, 502])
        #expect(fast.metrics.contains(#"outcome="served"} 4"#), "JSON, two streams and the failing request went the fast lane")
        #expect(fast.metrics.contains(#"outcome="handed_over"} 2"#))
        #expect(fast.metrics.contains(#"outcome="retried"} 1"#))
        #expect(full.metrics.isEmpty)
        #expect(fast.rows.filter { $0.hasPrefix("ok 502") || $0.contains(" 502 ") }.map { $0.contains("attempt=0") || $0.contains("attempt=1") } == [true, true])
        fast.metrics = ""
        full.metrics = ""
        #expect(fast == full)
    }
}
