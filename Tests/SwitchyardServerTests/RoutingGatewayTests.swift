import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// Virtual models, overrides, fallbacks and breakers, against the fake upstream on a real socket.
@Suite struct RoutingGatewayTests {
    static func yaml(upstreamPort: Int, attempts: Int = 1, breakerFailures: Int = 2) -> String {
        TestGateway.yaml(upstreamPort: upstreamPort) + """

          - { id: say-code, provider: fake, upstream: fake/say-code, price: { input: 1, output: 1 } }
          - { id: say-banana, provider: fake, upstream: fake/say-banana, price: { input: 1, output: 1 } }
          - { id: say-slow-code, provider: fake, upstream: fake/say-slow-code, price: { input: 1, output: 1 } }
        routes:
          - name: smart
            classifier: llm
            classifier_model: say-code
            default: general
            baseline: ok
            table: { general: ok, code: sim-small }
          - name: smart-slow
            classifier: llm
            classifier_model: say-slow-code
            default: general
            table: { general: ok, code: sim-small }
          - name: smart-junk
            classifier: llm
            classifier_model: say-banana
            default: general
            table: { general: ok, code: sim-small }
          - name: mixed
            classifier: hybrid
            classifier_model: say-code
            margin: 1
            default: general
            table: { general: ok, code: sim-small, agent: ok }
          - name: auto
            default: general
            baseline: ok
            table: { simple: sim-small, general: ok, code: ok }
          - name: trial
            default: general
            table: { general: ok }
            canary: { model: sim-small, percent: 100 }
        fallbacks:
          "500": [ok]
          garbage: [ok]
        resilience: { attempts: \(attempts), base_delay: 1ms, max_delay: 5ms, breaker: { failures: \(breakerFailures), window: 1m, cooldown: 60m } }
        """
    }

    func withGateway(attempts: Int = 1, _ body: @escaping @Sendable (any TestClientProtocol, TestGateway, FakeUpstream) async throws -> Void) async throws {
        let fake = FakeUpstream()
        let upstreamApp = Application(router: fake.router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await upstreamApp.test(.live) { upstreamClient in
            let port = try #require(upstreamClient.port)
            let gateway = try await TestGateway(yaml: Self.yaml(upstreamPort: port, attempts: attempts), environment: ["FAKE_UPSTREAM_KEY": "k"])
            try await gateway.app.test(.live) { client in try await body(client, gateway, fake) }
            try await gateway.shutdown()
        }
    }

    static func header(_ response: TestResponse, _ name: String) -> String? {
        response.headers[HTTPField.Name(name)!]
    }

    @Test func autoRoutesEachPromptToItsCategorysModelAndRecordsTheSavings() async throws {
        try await withGateway { client, gateway, _ in
            let simple = try await client.chat(#"{"model":"auto","messages":[{"role":"user","content":"hi there"}]}"#)
            #expect(simple.status == .ok)
            #expect(Self.header(simple, "x-switchyard-route") == "simple")
            #expect(Self.header(simple, "x-switchyard-model") == "sim-small")
            #expect(Self.header(simple, "x-switchyard-fallbacks") == "0")
            let row = try #require(gateway.recorder.records.last)
            #expect(row.route == "simple" && row.classifier == "rules" && row.decisionTime != nil)
            #expect(row.requestedModel == "auto" && row.servedModel == "sim-small")
            // The baseline ('ok', $3/$15) would have cost more than sim-small ($1/$2) for the same tokens.
            #expect(row.baselineCost.picodollars == Int64(row.usage.inputTokens) * 3_000_000 + Int64(row.usage.outputTokens) * 15_000_000)
            #expect(row.baselineCost > row.cost)

            let code = try await client.chat(#"{"model":"auto","messages":[{"role":"user","content":"Why does this fail?\n```swift\nlet x: Int = \"a\"\n```"}]}"#)
            #expect(Self.header(code, "x-switchyard-route") == "code")
            #expect(Self.header(code, "x-switchyard-model") == "ok")
        }
    }

    @Test func aForcedModelBypassesRouting() async throws {
        try await withGateway { client, gateway, _ in
            var headers = TestGateway.auth
            headers[HTTPField.Name("x-switchyard-force-model")!] = "ok"
            let forced = try await client.chat(#"{"model":"auto","messages":[{"role":"user","content":"hi"}]}"#, headers: headers)
            #expect(Self.header(forced, "x-switchyard-route") == "override")
            #expect(Self.header(forced, "x-switchyard-model") == "ok")
            #expect(gateway.recorder.records.last?.route == "override")
            #expect(gateway.recorder.records.last?.classifier == nil)
        }
    }

    @Test(arguments: [false, true])
    func aFailingPrimaryFallsBackWithinTheRequest(stream: Bool) async throws {
        try await withGateway(attempts: 2) { client, gateway, _ in
            let response = try await client.chat(#"{"model":"500","stream":\#(stream),"messages":[{"role":"user","content":"hi"}]}"#)
            #expect(response.status == .ok)
            #expect(Self.header(response, "x-switchyard-model") == "ok")
            #expect(Self.header(response, "x-switchyard-fallbacks") == "1")
            // One row per attempt: the primary and its retry failed, the fallback served.
            let rows = gateway.recorder.records
            #expect(rows.map(\.servedModel) == ["500", "500", "ok"])
            #expect(rows.map(\.status) == [502, 502, 200])
            #expect(rows.map(\.attempt) == [0, 1, 2])
            #expect(Set(rows.map(\.requestID)).count == 1)
        }
    }

    @Test func aGarbageStreamFallsBackBeforeAnyByteReachesTheClient() async throws {
        try await withGateway { client, _, _ in
            let response = try await client.chat(#"{"model":"garbage","stream":true,"messages":[{"role":"user","content":"hi"}]}"#)
            #expect(response.status == .ok)
            #expect(response.events.last == "[DONE]")
            #expect(Self.header(response, "x-switchyard-fallbacks") == "1")
        }
    }

    @Test func aBreakerOpensAfterRepeatedFailuresAndTheFallbackServesAtOnce() async throws {
        try await withGateway { client, gateway, _ in
            for _ in 0..<2 {
                #expect(try await client.chat(#"{"model":"500","messages":[{"role":"user","content":"hi"}]}"#).status == .ok)
            }
            // The breaker of fake/500 is open now: the next request never reaches it.
            let before = gateway.recorder.records.count
            let third = try await client.chat(#"{"model":"500","messages":[{"role":"user","content":"hi"}]}"#)
            #expect(third.status == .ok)
            let rows = gateway.recorder.records.dropFirst(before)
            #expect(rows.map(\.servedModel) == ["ok"])
            #expect(Self.header(third, "x-switchyard-fallbacks") == "1")
        }
    }

    @Test func maxCostExcludesModelsTooDearForTheRequest() async throws {
        try await withGateway { client, gateway, _ in
            var headers = TestGateway.auth
            headers[HTTPField.Name("x-switchyard-max-cost")!] = "0.0005"
            // 'general' would go to 'ok' ($3/$15: up to ~1,530 µ$ with 100 output tokens); sim-small fits 500 µ$.
            let body = #"{"model":"auto","max_tokens":100,"messages":[{"role":"user","content":"Write a short note to the team about Friday."}]}"#
            let routed = try await client.chat(body, headers: headers)
            #expect(routed.status == .ok)
            #expect(Self.header(routed, "x-switchyard-route") == "general")
            #expect(Self.header(routed, "x-switchyard-model") == "sim-small")
            // Without the limit the same request goes to 'ok'.
            #expect(Self.header(try await client.chat(body), "x-switchyard-model") == "ok")
            // A model named explicitly that does not fit is refused, naming the limit.
            let explicit = try await client.chat(#"{"model":"ok","max_tokens":100,"messages":[{"role":"user","content":"hi"}]}"#, headers: headers)
            #expect(explicit.status == .badRequest)
            #expect(explicit.error["param"] as? String == "max_cost")
            #expect(gateway.recorder.records.count == 2)
            headers[HTTPField.Name("x-switchyard-max-cost")!] = "cheap"
            #expect(try await client.chat(body, headers: headers).status == .badRequest)
        }
    }

    @Test func maxCostInTheBodyWorksLikeTheHeaderAndNeverReachesTheUpstream() async throws {
        try await withGateway { client, _, fake in
            let routed = try await client.chat(
                #"{"model":"auto","max_cost":0.0005,"max_tokens":100,"messages":[{"role":"user","content":"Write a short note to the team about Friday."}]}"#
            )
            #expect(Self.header(routed, "x-switchyard-model") == "sim-small")
            let refused = try await client.chat(#"{"model":"ok","max_cost":"0.0005","max_tokens":100,"messages":[{"role":"user","content":"hi"}]}"#)
            #expect(refused.status == .badRequest && refused.error["param"] as? String == "max_cost")
            let served = try await client.chat(#"{"model":"ok","max_cost":5,"max_tokens":100,"messages":[{"role":"user","content":"hi"}]}"#)
            #expect(served.status == .ok)
            let forwarded = try #require(fake.lastRequest.value.body)
            #expect(forwarded["max_cost"] == nil && forwarded["max_tokens"] as? Int == 100)
            let bad = try await client.chat(#"{"model":"ok","max_cost":"cheap","messages":[{"role":"user","content":"hi"}]}"#)
            #expect(bad.status == .badRequest && bad.error["param"] as? String == "max_cost")
        }
    }

    @Test func aCanaryServesItsShareOfKeys() async throws {
        try await withGateway { client, _, _ in
            let response = try await client.chat(#"{"model":"trial","messages":[{"role":"user","content":"Write a haiku."}]}"#)
            #expect(Self.header(response, "x-switchyard-model") == "sim-small")
            #expect(Self.header(response, "x-switchyard-route") == "general")
        }
    }

    @Test func theLLMClassifierChoosesAndItsCallIsALedgerRow() async throws {
        try await withGateway { client, gateway, _ in
            let response = try await client.chat(#"{"model":"smart","messages":[{"role":"user","content":"Good morning!"}]}"#)
            #expect(response.status == .ok)
            #expect(Self.header(response, "x-switchyard-route") == "code")
            #expect(Self.header(response, "x-switchyard-model") == "sim-small")
            let rows = gateway.recorder.records
            #expect(rows.map(\.route) == ["classifier", "code"])
            #expect(rows.map(\.servedModel) == ["say-code", "sim-small"])
            #expect(rows[0].cost.picodollars > 0 && rows[0].baselineCost == .zero)
            #expect(rows[1].classifier == "llm")
            #expect(Set(rows.map(\.requestID)).count == 1)
        }
    }

    @Test func theClassifiersCallIsUpstreamTimeNotTheGatewaysOverhead() async throws {
        try await withGateway { client, gateway, _ in
            let response = try await client.chat(#"{"model":"smart-slow","messages":[{"role":"user","content":"Good morning!"}]}"#)
            #expect(response.status == .ok)
            #expect(Self.header(response, "x-switchyard-route") == "code")
            // The classifier took 300 ms upstream: the gateway's own time is a small part of that.
            let overhead = try #require(Self.header(response, "x-switchyard-overhead-us").flatMap(Int.init))
            #expect(overhead < 150_000, "overhead \(overhead) µs includes the classifier's 300 ms")
            // The routing decision still counts the call: that is what the decision cost.
            let decision = try #require(gateway.recorder.records.last?.decisionTime)
            #expect(decision >= .milliseconds(300))
        }
    }

    @Test func anAnswerOutsideTheCategoriesMeansTheDefault() async throws {
        try await withGateway { client, gateway, _ in
            let response = try await client.chat(#"{"model":"smart-junk","messages":[{"role":"user","content":"Fix my code"}]}"#)
            #expect(Self.header(response, "x-switchyard-route") == "general")
            #expect(Self.header(response, "x-switchyard-model") == "ok")
            #expect(gateway.recorder.records.first?.route == "classifier")
        }
    }

    @Test func hybridAsksTheSmallModelOnlyWhenNoStructuralRuleMatchedAndTheMarginIsLow() async throws {
        try await withGateway { client, gateway, _ in
            // Tools offered: the agent rule decides, no classifier call.
            let tools = #"[{"type":"function","function":{"name":"lookup","parameters":{"type":"object"}}}]"#
            let agent = try await client.chat(#"{"model":"mixed","tools":\#(tools),"messages":[{"role":"user","content":"Find order 7"}]}"#)
            #expect(Self.header(agent, "x-switchyard-route") == "agent")
            #expect(!gateway.recorder.records.contains { $0.route == "classifier" })
            // No structural rule matches and the semantic margin is below 1 (always): the small model is asked.
            let long = String(repeating: "tell me about the shop and its people ", count: 10)
            let asked = try await client.chat(#"{"model":"mixed","messages":[{"role":"user","content":"\#(long)"}]}"#)
            #expect(Self.header(asked, "x-switchyard-route") == "code")
            #expect(gateway.recorder.records.filter { $0.route == "classifier" }.count == 1)
            #expect(gateway.recorder.records.last?.classifier == "hybrid")
        }
    }

    @Test func theDeadlineStopsRetriesThePolicyWouldStillAllow() async throws {
        let fake = FakeUpstream()
        let upstreamApp = Application(router: fake.router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await upstreamApp.test(.live) { upstreamClient in
            let port = try #require(upstreamClient.port)
            // Five attempts allowed, but each waits up to 400 ms for a first byte that 'slow' sends after 1.5 s,
            // and the whole request has 1 s: no more than three attempts fit.
            let yaml = """
                server: { timeouts: { connect: 1s, first_byte: 400ms, total: 1s } }
                providers:
                  - { name: fake, type: openai-compatible, base_url: "http://127.0.0.1:\(port)/v1" }
                models:
                  - { id: slow, provider: fake, upstream: fake/slow, price: { input: 1, output: 1 } }
                resilience: { attempts: 5, base_delay: 1ms, max_delay: 2ms, breaker: { failures: 100, window: 1m, cooldown: 1m } }
                """
            let gateway = try await TestGateway(yaml: yaml)
            try await gateway.app.test(.router) { client in
                let response = try await client.chat(#"{"model":"slow","messages":[{"role":"user","content":"hi"}]}"#)
                #expect(response.status == .gatewayTimeout)
                let rows = gateway.recorder.records
                #expect((1...3).contains(rows.count), "attempts after the deadline must not start")
                #expect(rows.allSatisfy { $0.status == 504 })
            }
            try await gateway.shutdown()
        }
    }
}
