import AsyncHTTPClient
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// The gateway on a real socket in front of a fake OpenAI-compatible upstream on another.
@Suite struct UpstreamGatewayTests {
    func withUpstream(_ body: @escaping @Sendable (any TestClientProtocol, TestGateway, FakeUpstream) async throws -> Void) async throws {
        let fake = FakeUpstream()
        let upstreamApp = Application(router: fake.router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await upstreamApp.test(.live) { upstreamClient in
            let port = try #require(upstreamClient.port)
            let gateway = try await TestGateway(yaml: TestGateway.yaml(upstreamPort: port), environment: ["FAKE_UPSTREAM_KEY": "sk-upstream-secret"])
            try await gateway.app.test(.live) { client in try await body(client, gateway, fake) }
            try await gateway.shutdown()
        }
    }

    @Test func fastPathRewritesModelAndUsesTheUpstreamKey() async throws {
        try await withUpstream { client, gateway, fake in
            let response = try await client.chat(#"{"model":"ok","messages":[{"role":"user","content":"hi"}],"logprobs":true}"#)
            #expect(response.status == .ok)
            #expect(response.json["model"] as? String == "ok", "the client sees its own model id, not the upstream's")
            let sent = fake.lastRequest.value
            #expect(sent.body?["model"] as? String == "fake/ok")
            #expect(sent.body?["logprobs"] as? Bool == true, "fields the gateway does not model pass through")
            #expect(sent.authorization == "Bearer sk-upstream-secret")
            let record = try #require(await gateway.recorder.next())
            // 11 input of which 4 cached at $3/M (cached = input price here), 3 output at $15/M: 33 + 45 = 78 µ$.
            #expect(record.usage.inputTokens == 11 && record.usage.cachedInputTokens == 4 && record.usage.outputTokens == 3)
            #expect(record.cost.microDollars.value == 78)
        }
    }

    @Test func streamAsksUpstreamForUsageAndHidesItFromTheClient() async throws {
        try await withUpstream { client, gateway, fake in
            let response = try await client.chat(#"{"model":"ok","stream":true,"messages":[{"role":"user","content":"hi"}]}"#)
            #expect(response.status == .ok)
            let options = fake.lastRequest.value.body?["stream_options"] as? [String: Any]
            #expect(options?["include_usage"] as? Bool == true)
            let events = response.events
            #expect(events.last == "[DONE]")
            #expect(!events.contains { $0.contains("\"usage\"") })
            #expect(events.dropLast().allSatisfy { $0.contains(#""model":"ok""#) })
            let record = try #require(await gateway.recorder.next())
            #expect(record.usage.inputTokens == 11 && record.usage.outputTokens == 3)
            #expect(record.stream && record.status == 200)
        }
    }

    @Test func upstreamFailuresMapToGatewayStatuses() async throws {
        try await withUpstream { client, gateway, _ in
            let failing = try await client.chat(#"{"model":"500","messages":[{"role":"user","content":"hi"}]}"#)
            #expect(failing.status == .badGateway)
            #expect(failing.error["code"] as? String == "upstream_error")
            #expect(failing.headers[HTTPField.Name("x-internal-backend")!] == nil, "upstream headers never leak")

            let garbage = try await client.chat(#"{"model":"garbage","messages":[{"role":"user","content":"hi"}]}"#)
            #expect(garbage.status == .badGateway)
            #expect(garbage.error["code"] as? String == "upstream_bad_response")

            let garbageStream = try await client.chat(#"{"model":"garbage","stream":true,"messages":[{"role":"user","content":"hi"}]}"#)
            #expect(garbageStream.status == .badGateway)

            let limited = try await client.chat(#"{"model":"429","messages":[{"role":"user","content":"hi"}]}"#)
            #expect(limited.status == .tooManyRequests)
            #expect(limited.headers[.retryAfter] == "7")

            let slow = try await client.chat(#"{"model":"slow","messages":[{"role":"user","content":"hi"}]}"#)
            #expect(slow.status == .gatewayTimeout)
            #expect(slow.error["code"] as? String == "upstream_timeout")

            // Every attempt is settled, failures included: each failure was retried once (the default policy).
            #expect(gateway.recorder.records.map(\.status) == [502, 502, 502, 502, 502, 502, 429, 429, 504, 504])
            #expect(gateway.recorder.records.map(\.attempt) == [0, 1, 0, 1, 0, 1, 0, 1, 0, 1])
        }
    }

    /// A stream's first byte is its first event: a head alone does not stop the first-byte clock,
    /// on the fast lane or on the full path.
    @Test(arguments: [false, true]) func streamWhoseFirstEventIsLateTimesOut(forcingFullPath: Bool) async throws {
        try await withUpstream { client, gateway, _ in
            var headers = TestGateway.auth
            if forcingFullPath { headers[HTTPField.Name("x-switchyard-force-model")!] = "late" }
            let response = try await client.chat(#"{"model":"late","stream":true,"messages":[{"role":"user","content":"hi"}]}"#, headers: headers)
            #expect(response.status == .gatewayTimeout)
            #expect(response.error["code"] as? String == "upstream_timeout")
            #expect(gateway.recorder.records.map(\.status) == [504, 504])
        }
    }

    /// A stream that outlasts the total timeout (5 s here) ends with an error event on the fast
    /// lane, and its attempt is settled as a 504 with the tokens forwarded so far.
    @Test func streamOutlastingTheTotalTimeoutEndsWithAnErrorEvent() async throws {
        try await withUpstream { client, gateway, _ in
            let response = try await client.chat(#"{"model":"endless","stream":true,"messages":[{"role":"user","content":"hi"}]}"#)
            #expect(response.status == .ok)
            let body = String(buffer: response.body)
            #expect(body.contains("t0 ") && !body.contains("t499 "))
            #expect(body.contains("upstream_timeout") && body.contains("total timeout"), "\(body.suffix(300))")
            let record = try #require(await gateway.recorder.next())
            #expect(record.status == 504 && record.usage.outputTokens > 0)
        }
    }

    @Test func streamCutMidwayEndsWithAnErrorEvent() async throws {
        try await withUpstream { client, gateway, _ in
            let response = try await client.chat(#"{"model":"cut","stream":true,"messages":[{"role":"user","content":"hi"}]}"#)
            #expect(response.status == .ok)
            let events = response.events
            // At least one chunk, then the error event (how many chunks arrive before the reset depends on TCP timing).
            #expect(events.count >= 2)
            #expect(events.first?.contains("one") == true)
            #expect(events.last?.contains(#""code":"upstream_bad_response""#) == true)
            #expect(!events.contains("[DONE]"))
            let record = try #require(await gateway.recorder.next())
            #expect(record.status == 502)
            // The text that reached the client before the cut is billed, as the gateway counts it.
            #expect(record.usage.isEstimated && record.usage.outputTokens > 0 && record.usage.inputTokens > 0)
            #expect(record.cost.picodollars > 0)
            #expect(try await client.chat(#"{"model":"ok","messages":[{"role":"user","content":"hi"}]}"#).status == .ok)
        }
    }

    @Test func clientDisconnectCancelsTheUpstreamAndSettles() async throws {
        try await withUpstream { client, gateway, fake in
            let request = try Self.rawRequest(port: #require(client.port), body: #"{"model":"endless","stream":true,"messages":[{"role":"user","content":"hi"}]}"#)
            let reader = Task {
                let response = try await HTTPClient.shared.execute(request, timeout: .seconds(5))
                var iterator = response.body.makeAsyncIterator()
                return try await iterator.next().map { String(buffer: $0) } ?? ""
            }
            // The task ends after the first chunk; dropping its response closes the client connection.
            // That chunk left while the upstream was still streaming: no end of stream with it.
            let first = try await reader.value
            #expect(first.contains("t0 ") && !first.contains("upstream_timeout") && !first.contains("[DONE]"), "\(first)")
            let disconnects = fake.disconnects
            let upstreamSawDisconnect = await withTaskGroup(of: Bool.self) { group in
                group.addTask {
                    var iterator = disconnects.makeAsyncIterator()
                    return await iterator.next() != nil
                }
                group.addTask { try? await Task.sleep(for: .seconds(5)); return false }
                defer { group.cancelAll() }
                return await group.next() ?? false
            }
            #expect(upstreamSawDisconnect, "the upstream request must be cancelled when the client leaves")
            let record = try #require(await gateway.recorder.next())
            #expect(record.status == 499)
            #expect(record.errorCode == "client_closed_request")
            // What was streamed before the client left is billed, not $0.
            #expect(record.usage.isEstimated && record.usage.outputTokens > 0)
            #expect(record.cost.picodollars > 0)
        }
    }

    @Test func clientLeavingANonStreamedRequestCancelsItAndSettles() async throws {
        try await withUpstream { client, gateway, fake in
            let request = try Self.rawRequest(port: #require(client.port), body: #"{"model":"slow","messages":[{"role":"user","content":"hi"}]}"#)
            let caller = Task { try await HTTPClient.shared.execute(request, timeout: .seconds(5)) }
            // Once the upstream has the request, the client gives up.
            var arrivals = fake.arrivals.makeAsyncIterator()
            #expect(await arrivals.next() == "fake/slow")
            caller.cancel()
            let record = try #require(await gateway.recorder.next())
            // Without cancellation the gateway would wait for the upstream and settle a 504 at the first-byte timeout.
            #expect(record.status == 499)
            #expect(record.errorCode == "client_closed_request")
        }
    }

    /// A chat request for AsyncHTTPClient, for tests that need to walk away from a response.
    static func rawRequest(port: Int, body: String) -> HTTPClientRequest {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/v1/chat/completions")
        request.method = .POST
        request.headers.add(name: "authorization", value: "Bearer \(TestGateway.masterKey)")
        request.body = .bytes(ByteBuffer(string: body))
        return request
    }
}
