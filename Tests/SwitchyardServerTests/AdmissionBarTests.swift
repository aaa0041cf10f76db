import AsyncHTTPClient
import Foundation
import NIOCore
import HummingbirdTesting
import Testing

/// The issue's bars: 10·N concurrent requests against a key that allows N, over real sockets.
@Suite struct AdmissionBarTests {
    static let n = 6

    func withLiveGateway(_ body: @escaping @Sendable (any TestClientProtocol, TestGateway, ConcurrentCaller) async throws -> Void) async throws {
        let gateway = try await TestGateway(yaml: TestGateway.accessYAML, withAccess: true)
        try await gateway.app.test(.live) { client in
            let caller = ConcurrentCaller(port: try #require(client.port))
            do {
                try await body(client, gateway, caller)
            } catch {
                try await caller.shutdown()
                throw error
            }
            try await caller.shutdown()
        }
        try await gateway.shutdown()
    }

    @Test(arguments: [false, true])
    func aBudgetForNRequestsNeverPaysForMore(stream: Bool) async throws {
        try await withLiveGateway { client, gateway, caller in
            let input = try await client.promptTokens("count to ten")
            let worst = input * 1 + 8 * 2 // µ$ at $1 in / $2 out per 1M tokens, max_tokens 8
            let budget = Self.n * worst
            let key = try await client.keyOnPlan(#"{"budget_microdollars":\#(budget),"budget_window":"1d"}"#)
            let request = #"{"model":"sim-small","stream":\#(stream),"max_tokens":8,"messages":[{"role":"user","content":"count to ten"}]}"#
            let results = try await caller.chat(request, key: key.secret, count: 10 * Self.n)
            let succeeded = results.filter { $0.status == 200 }
            #expect(succeeded.count >= Self.n - 1)
            for refused in results where refused.status != 200 {
                #expect(refused.status == 429)
                #expect(refused.body.contains(#""code":"insufficient_quota""#))
            }
            // Every admitted attempt is a row; together they cost no more than the budget.
            let rows = gateway.recorder.records.filter { $0.keyID == key.id }
            #expect(rows.count == succeeded.count)
            #expect(rows.reduce(0) { $0 + Int($1.cost.microDollars.value) } <= budget)
            let usage = try await client.admin(.get, "/admin/v1/usage?key_id=\(key.id)")
            let billed = try #require((usage.json["totals"] as? [String: Any])?["cost_microdollars"] as? Int)
            #expect(billed <= budget)
            #expect(billed == rows.reduce(0) { $0 + Int($1.cost.microDollars.value) })
        }
    }

    @Test(arguments: [false, true])
    func anRPMOfNAdmitsNOfTenN(stream: Bool) async throws {
        try await withLiveGateway { client, _, caller in
            let key = try await client.keyOnPlan(#"{"rpm":\#(Self.n)}"#)
            let request = #"{"model":"sim-small","stream":\#(stream),"max_tokens":4,"messages":[{"role":"user","content":"hi"}]}"#
            let results = try await caller.chat(request, key: key.secret, count: 10 * Self.n)
            let succeeded = results.filter { $0.status == 200 }.count
            // One more request may refill while the burst is served (one every 10 s at N = 6).
            #expect((Self.n - 1)...(Self.n + 1) ~= succeeded)
            for refused in results where refused.status != 200 {
                #expect(refused.status == 429)
                #expect(refused.body.contains(#""code":"rate_limit_exceeded""#))
                #expect(Int(refused.headers["retry-after"] ?? "") ?? 0 >= 1)
                #expect(refused.headers["x-ratelimit-limit-requests"] == "\(Self.n)")
                #expect(refused.headers["x-ratelimit-remaining-requests"] == "0")
            }
        }
    }

    @Test(arguments: [false, true])
    func aConcurrencyCapOfNHoldsUnderTenN(stream: Bool) async throws {
        try await withLiveGateway { client, gateway, caller in
            let cap = 3
            let key = try await client.keyOnPlan(#"{"max_concurrent":\#(cap)}"#)
            // 1.5 s to the first token keeps the admitted requests in flight while the rest arrive.
            let request = #"{"model":"sim-slow","stream":\#(stream),"max_tokens":4,"messages":[{"role":"user","content":"hi"}]}"#
            let results = try await caller.chat(request, key: key.secret, count: 10 * cap)
            let succeeded = results.filter { $0.status == 200 }.count
            #expect((cap - 1)...cap ~= succeeded)
            for refused in results where refused.status != 200 {
                #expect(refused.status == 429)
                #expect(refused.body.contains("concurrent requests"))
            }
            // Slots come back when requests end.
            let after = try await caller.chat(request, key: key.secret, count: cap)
            #expect(after.allSatisfy { $0.status == 200 })
            #expect(gateway.recorder.records.filter { $0.keyID == key.id }.count == succeeded + cap)
        }
    }

    @Test func withoutMaxTokensASmallBudgetEndsTheStreamAtLengthInsteadOfOvershooting() async throws {
        try await withLiveGateway { client, gateway, caller in
            let input = try await client.promptTokens("tell me a long story")
            let budget = input + 2 * 5 // pays for the prompt and five output tokens
            let key = try await client.keyOnPlan(#"{"budget_microdollars":\#(budget),"budget_window":"month"}"#)
            let request = #"{"model":"sim-small","stream":true,"messages":[{"role":"user","content":"tell me a long story"}]}"#
            let first = try #require(try await caller.chat(request, key: key.secret, count: 1).first)
            #expect(first.status == 200)
            #expect(first.body.contains(#""finish_reason":"length""#))
            let row = try #require(gateway.recorder.records.last { $0.keyID == key.id })
            #expect(row.usage.outputTokens == 5)
            #expect(row.cost.microDollars.value <= Int64(budget))
            let second = try #require(try await caller.chat(request, key: key.secret, count: 1).first)
            #expect(second.status == 429)
            #expect(second.body.contains("insufficient_quota"))
        }
    }

    @Test func aClientThatLeavesMidStreamFreesItsSlotAndKeepsItsRow() async throws {
        try await withLiveGateway { client, gateway, caller in
            let key = try await client.keyOnPlan(#"{"max_concurrent":1}"#)
            // 20 tokens a second: 60 tokens take three seconds, and the client leaves after the first chunk.
            var request = HTTPClientRequest(url: "http://127.0.0.1:\(caller.port)/v1/chat/completions")
            request.method = .POST
            request.headers.add(name: "authorization", value: "Bearer \(key.secret)")
            request.body = .bytes(ByteBuffer(string: #"{"model":"sim-drip","stream":true,"max_tokens":60,"messages":[{"role":"user","content":"hi"}]}"#))
            let client = caller.client
            let reader = Task {
                let response = try await client.execute(request, timeout: .seconds(30))
                var iterator = response.body.makeAsyncIterator()
                return try await iterator.next()?.readableBytes ?? 0
            }
            // The task ends after the first chunk; dropping its response closes the connection.
            #expect(try await reader.value > 0)
            let row = try #require(await gateway.recorder.next(within: .seconds(10)))
            #expect(row.keyID == key.id)
            #expect(row.status == 499)
            #expect(row.usage.outputTokens > 0 && row.usage.outputTokens < 60)
            // The slot came back with the settlement: the next request is admitted.
            let next = try await caller.chat(#"{"model":"sim-small","max_tokens":4,"messages":[{"role":"user","content":"hi"}]}"#, key: key.secret, count: 1)
            #expect(next.first?.status == 200)
        }
    }
}
