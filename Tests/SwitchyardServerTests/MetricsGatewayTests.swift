import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import SwitchyardGateway
import SwitchyardStorage
import Testing

/// `/metrics` after scripted traffic agrees with the ledger, and trace context reaches the upstream.
@Suite struct MetricsGatewayTests {
    static func yaml(upstreamPort: Int) -> String {
        TestGateway.yaml(upstreamPort: upstreamPort) + """

        routes:
          - { name: auto, default: general, baseline: ok, table: { simple: sim-small, general: ok } }
        fallbacks:
          "500": [ok]
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

    /// The sum of every sample of `name` whose labels contain all of `labels` (`key="value"` pairs).
    static func sum(_ exposition: String, _ name: String, _ labels: [String] = []) -> Double {
        exposition.split(separator: "\n").reduce(0) { total, line in
            guard !line.hasPrefix("#"), line.hasPrefix(name + "{") || line.hasPrefix(name + " "),
                  labels.allSatisfy({ line.contains($0) }), let value = line.split(separator: " ").last.flatMap({ Double($0) })
            else { return total }
            return total + value
        }
    }

    @Test func countersMatchTheLedgerExactlyAfterAMixOfTraffic() async throws {
        try await withGateway { client, gateway, _ in
            let requests = [
                #"{"model":"ok","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"hi"}]}"#,
                #"{"model":"ok","messages":[{"role":"user","content":"hello"}]}"#,
                #"{"model":"ok","messages":[{"role":"user","content":"hello again, a little longer"}]}"#,
                #"{"model":"500","messages":[{"role":"user","content":"fails over"}]}"#,
                #"{"model":"429","messages":[{"role":"user","content":"rate limited"}]}"#,
                #"{"model":"auto","messages":[{"role":"user","content":"hi there"}]}"#,
                #"{"model":"nope","messages":[{"role":"user","content":"unknown model: no attempt"}]}"#,
            ]
            for body in requests { _ = try await client.chat(body) }
            // Rows: stream 1, ok 2, the 500 twice (default attempts: 2) and its fallback 1, the 429 twice, auto 1.
            // The stream settles as it ends, possibly after its response reached us.
            while gateway.recorder.records.count < 9 { #expect(await gateway.recorder.next() != nil) }
            let rows = gateway.recorder.records
            let response = try await client.execute(uri: "/metrics", method: .get, headers: [:], body: nil)
            #expect(response.status == .ok)
            let text = String(buffer: response.body)
            #expect(Self.sum(text, "switchyard_requests_total") == Double(rows.count))
            #expect(Self.sum(text, "switchyard_requests_total", [#"status_class="2xx""#]) == Double(rows.filter { $0.status == 200 }.count))
            let failedOver = rows.filter { $0.servedModel == "500" }.count
            #expect(failedOver >= 1)
            #expect(Self.sum(text, "switchyard_requests_total", [#"model="500""#, #"status_class="5xx""#]) == Double(failedOver))
            #expect(Self.sum(text, "switchyard_retries_total", [#"model="500""#]) == Double(failedOver - 1))
            #expect(Self.sum(text, "gen_ai_client_token_usage_sum", [#"gen_ai_token_type="input""#]) == Double(rows.reduce(0) { $0 + $1.usage.inputTokens }))
            #expect(Self.sum(text, "gen_ai_client_token_usage_sum", [#"gen_ai_token_type="output""#]) == Double(rows.reduce(0) { $0 + $1.usage.outputTokens }))
            #expect(Self.sum(text, "switchyard_cost_microdollars_total") == Double(rows.reduce(0) { $0 + $1.cost.microDollars.value }))
            #expect(Self.sum(text, "switchyard_baseline_cost_microdollars_total") == Double(rows.reduce(0) { $0 + $1.baselineCost.microDollars.value }))
            #expect(Self.sum(text, "switchyard_fallbacks_total", [#"model="ok""#]) == 1)
            #expect(Self.sum(text, "switchyard_routing_decisions_total", [#"route="auto""#, #"category="simple""#, #"classifier="rules""#]) == 1)
            #expect(Self.sum(text, "switchyard_gateway_overhead_microseconds_count") >= 4)
            #expect(Self.sum(text, "switchyard_breaker_state", [#"deployment="fake/500""#]) == 0)
            #expect(Self.sum(text, "switchyard_upstream_in_flight") == 0)
            #expect(text.contains("# TYPE gen_ai_server_time_to_first_token_seconds histogram"))
            // No key material in any label.
            #expect(!text.contains(TestGateway.masterKey))
        }
    }

    @Test func theCallersTraceReachesTheUpstreamUnderTheGatewaysOwnSpanAndTheLedgerRow() async throws {
        try await withGateway { client, gateway, fake in
            let incoming = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
            var headers = TestGateway.auth
            headers[HTTPField.Name("traceparent")!] = incoming
            _ = try await client.chat(#"{"model":"ok","messages":[{"role":"user","content":"hi"}]}"#, headers: headers)
            let forwarded = try #require(fake.lastTraceparent.value)
            let parts = forwarded.split(separator: "-")
            #expect(parts.count == 4 && parts[0] == "00" && parts[3] == "01")
            #expect(parts[1] == "4bf92f3577b34da6a3ce929d0e0e4736")
            #expect(parts[2].count == 16 && parts[2] != "00f067aa0ba902b7")
            #expect(gateway.recorder.records.last?.traceID == "4bf92f3577b34da6a3ce929d0e0e4736")

            // Without one (or with a malformed one) the gateway starts a trace.
            headers[HTTPField.Name("traceparent")!] = "00-zz-bad"
            _ = try await client.chat(#"{"model":"ok","messages":[{"role":"user","content":"hi"}]}"#, headers: headers)
            let started = try #require(fake.lastTraceparent.value).split(separator: "-")
            #expect(started.count == 4 && started[1].count == 32 && started[1] != "4bf92f3577b34da6a3ce929d0e0e4736")
            #expect(gateway.recorder.records.last?.traceID == String(started[1]))
        }
    }

    @Test func onlyValidVersion00TraceparentsAreJoined() {
        let valid = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
        #expect(TraceContext(traceparent: valid)?.header == valid)
        #expect(TraceContext(traceparent: valid)?.child().traceID == "4bf92f3577b34da6a3ce929d0e0e4736")
        for bad in [
            "00-00000000000000000000000000000000-00f067aa0ba902b7-01", "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
            "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01", "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra", "", "00_4bf92f3577b34da6a3ce929d0e0e4736_00f067aa0ba902b7_01",
        ] {
            #expect(TraceContext(traceparent: bad) == nil, "\(bad)")
        }
        let started = TraceContext.start()
        #expect(TraceContext(traceparent: started.header) == started)
        #expect(started.traceID.count == 32 && started.spanID.count == 16 && started.traceID != TraceContext.start().traceID)
    }

    @Test func theLogLineCarriesTheTraceIDAndNoText() {
        let lines = CapturedLog()
        let logger = Logger(label: "test") { _ in CapturingLogHandler(lines: lines) }
        var row = UsageRecord(
            requestID: "req_1", settledAtMillis: 0, keyPrefix: "sk-sy-abc", requestedModel: "ok", servedModel: "ok", provider: "fake",
            route: "explicit", stream: false, usage: .openAI(promptTokens: 3, completionTokens: 2), cost: .zero, status: 200, errorCode: nil,
            latency: .milliseconds(12), timeToFirstToken: nil
        )
        row.traceID = "4bf92f3577b34da6a3ce929d0e0e4736"
        LoggingUsageRecorder(logger: logger).record(row)
        #expect(lines.value.count == 1)
        let metadata = lines.value.first
        #expect(metadata?["trace_id"] == "4bf92f3577b34da6a3ce929d0e0e4736")
        #expect(metadata?["request_id"] == "req_1" && metadata?["input_tokens"] == "3")
    }

    @Test func aHandlerThatKnowsNoFieldsPrintsThemAsSortedPairs() throws {
        let lines = CapturedLog()
        let logger = Logger(label: "test") { _ in CapturingLogHandler(lines: lines) }
        let row = UsageRecord(
            requestID: "req_2", settledAtMillis: 0, keyPrefix: "sk-sy-abc", requestedModel: "ok", servedModel: "ok", provider: "fake",
            route: "explicit", stream: true, usage: .openAI(promptTokens: 3, completionTokens: 2), cost: .zero, status: 499, errorCode: "client_closed",
            latency: .milliseconds(7), timeToFirstToken: .milliseconds(5)
        )
        LoggingUsageRecorder(logger: logger).record(row)
        let metadata = try #require(lines.raw.first)
        #expect(metadata.count == 1)
        // What a text handler prints for the one entry.
        let text = try #require(metadata["fields"]).description
        #expect(text.hasPrefix("cached_tokens=0 cost_usd=0.000000 error=client_closed input_tokens=3 key=sk-sy-abc latency_ms=7 model=ok output_tokens=2"))
        #expect(text.hasSuffix("status=499 stream=true ttft_ms=5"))
        let spread = Dictionary(metadata.spreadingLogFields(), uniquingKeysWith: { $1 })
        #expect(spread["request_id"] == "req_2" && spread["ttft_ms"] == "5" && spread["fields"] == nil)
    }
}

/// The per-request log line, for served and refused requests alike.
@Suite struct RequestLogTests {
    @Test func everyRequestGetsOneLineWithItsTraceAndNoPromptText() async throws {
        let lines = CapturedLog()
        var logger = Logger(label: "test") { _ in CapturingLogHandler(lines: lines) }
        logger.logLevel = .info
        let gateway = try await TestGateway(yaml: TestGateway.yaml(), logger: logger)
        try await gateway.app.test(.live) { client in
            var headers = TestGateway.auth
            headers[HTTPField.Name("traceparent")!] = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
            let served = try await client.chat(#"{"model":"sim-small","messages":[{"role":"user","content":"a secret prompt"}]}"#, headers: headers)
            #expect(served.status == .ok)
            let refused = try await client.chat(
                #"{"model":"sim-small","messages":[{"role":"user","content":"a secret prompt"}]}"#,
                headers: [.authorization: "Bearer sk-sy-wrongwrongwrong", .contentType: "application/json"]
            )
            #expect(refused.status == .unauthorized)
        }
        try await gateway.shutdown()
        let requests = lines.value.filter { $0["method"] != nil }
        #expect(requests.count == 2)
        let first = try #require(requests.first)
        #expect(first["trace_id"] == "4bf92f3577b34da6a3ce929d0e0e4736" && first["status"] == "200")
        #expect(first["model"] == "sim-small" && first["provider"] == "sim" && first["route"] == "explicit" && first["path"] == "/v1/chat/completions")
        // The attempt's ledger row (and so its `request settled` line) carries the same trace id.
        #expect(gateway.recorder.records.map(\.traceID) == ["4bf92f3577b34da6a3ce929d0e0e4736"])
        let second = try #require(requests.last)
        #expect(second["status"] == "401" && second["error"] != nil && second["key"] == "sk-sy-wrongw")
        #expect(second["trace_id"]?.count == 32 && second["trace_id"] != first["trace_id"])
        #expect(!lines.value.contains { $0.values.contains { $0.contains("secret prompt") } })
    }
}

/// Log lines' metadata, as strings with `LogFields` spread out, and as the handler got it; in order.
final class CapturedLog: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [[String: String]] = []
    private var rawLines: [Logger.Metadata] = []
    func append(_ metadata: Logger.Metadata) {
        let line = Dictionary(metadata.spreadingLogFields(), uniquingKeysWith: { $1 })
        lock.withLock {
            lines.append(line)
            rawLines.append(metadata)
        }
    }
    var value: [[String: String]] { lock.withLock { lines } }
    var raw: [Logger.Metadata] { lock.withLock { rawLines } }
}

struct CapturingLogHandler: LogHandler {
    let lines: CapturedLog
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace
    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }
    func log(event: LogEvent) {
        lines.append(event.metadata ?? [:])
    }
}

/// `/health/ready` turns 503 when a route has no model with a usable breaker.
@Suite struct ReadinessTests {
    @Test func aRouteWhoseOnlyModelsBreakerIsOpenMakesTheGatewayNotReady() async throws {
        let fake = FakeUpstream()
        let upstreamApp = Application(router: fake.router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await upstreamApp.test(.live) { upstreamClient in
            let port = try #require(upstreamClient.port)
            let yaml = TestGateway.yaml(upstreamPort: port) + """

            routes:
              - { name: fragile, default: general, table: { general: "500" } }
            resilience: { attempts: 1, base_delay: 1ms, max_delay: 5ms, breaker: { failures: 1, window: 1m, cooldown: 60m } }
            """
            let gateway = try await TestGateway(yaml: yaml, environment: ["FAKE_UPSTREAM_KEY": "k"])
            try await gateway.app.test(.live) { client in
                let before = try await client.execute(uri: "/health/ready", method: .get, headers: [:], body: nil)
                #expect(before.status == .ok)
                #expect(String(buffer: before.body).contains(#""routes_without_healthy_model":[]"#))
                _ = try await client.chat(#"{"model":"fragile","messages":[{"role":"user","content":"hi"}]}"#)
                let after = try await client.execute(uri: "/health/ready", method: .get, headers: [:], body: nil)
                #expect(after.status == .serviceUnavailable)
                #expect(String(buffer: after.body).contains(#""routes_without_healthy_model":["fragile"]"#))
            }
            try await gateway.shutdown()
        }
    }
}
