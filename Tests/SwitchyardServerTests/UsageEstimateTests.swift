import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// An upstream that reports no usage is never billed as zero: the gateway counts the tokens.
@Suite struct UsageEstimateTests {
    func withUpstream(_ body: @escaping @Sendable (any TestClientProtocol, TestGateway) async throws -> Void) async throws {
        let fake = FakeUpstream()
        let upstreamApp = Application(router: fake.router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await upstreamApp.test(.live) { upstreamClient in
            let port = try #require(upstreamClient.port)
            let gateway = try await TestGateway(yaml: TestGateway.yaml(upstreamPort: port), environment: ["FAKE_UPSTREAM_KEY": "k"])
            try await gateway.app.test(.live) { client in try await body(client, gateway) }
            try await gateway.shutdown()
        }
    }

    @Test func missingUsageOnAResponseIsCounted() async throws {
        try await withUpstream { client, gateway in
            let response = try await client.chat(#"{"model":"nousage","messages":[{"role":"user","content":"hi"}]}"#)
            #expect(response.status == .ok)
            let record = try #require(await gateway.recorder.next())
            #expect(record.usage.isEstimated)
            // "Hello from fake" is 15 bytes: 4 tokens by the byte heuristic; "hi" in one message frames to 8.
            #expect(record.usage.outputTokens == 4)
            #expect(record.usage.inputTokens == 8)
            #expect(record.cost.picodollars > 0)
        }
    }

    @Test func missingUsageOnAStreamIsCountedFromTheForwardedText() async throws {
        try await withUpstream { client, gateway in
            let response = try await client.chat(#"{"model":"nousage","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"hi"}]}"#)
            #expect(response.status == .ok)
            let record = try #require(await gateway.recorder.next())
            #expect(record.usage.isEstimated)
            // The decoded text is `Hello from fake "quoted"`: 24 bytes, 6 tokens.
            #expect(record.usage.outputTokens == 6)
            // The client that asked for usage gets the gateway's count.
            let usageChunk = response.events.first { $0.contains("\"usage\"") }
            #expect(usageChunk?.contains(#""completion_tokens":6"#) == true)
        }
    }
}

/// `POST /v1/tokenize` counts with the model's tokenizer.
@Suite struct TokenizeRouteTests {
    static let yaml = TestGateway.yaml() + """

      - { id: gpt-like, provider: sim, tokenizer: o200k_base, price: { input: 1, output: 2 } }
    """

    @Test func countsWithTheModelsTokenizer() async throws {
        let gateway = try await TestGateway(yaml: Self.yaml)
        try await gateway.app.test(.router) { client in
            let exact = try await client.execute(uri: "/v1/tokenize", method: .post, headers: TestGateway.auth, body: ByteBuffer(string: #"{"model":"gpt-like","text":"hello world"}"#))
            #expect(exact.status == .ok)
            #expect(exact.json["tokens"] as? Int == 2)
            #expect(exact.json["tokenizer"] as? String == "o200k_base")
            #expect(exact.json["exact"] as? Bool == true)
            let chat = try await client.execute(uri: "/v1/tokenize", method: .post, headers: TestGateway.auth, body: ByteBuffer(string: #"{"model":"gpt-like","messages":[{"role":"user","content":"hello world"}]}"#))
            // 3 reply priming + 3 framing + "user" (1) + "hello world" (2).
            #expect(chat.json["tokens"] as? Int == 9)
            let estimate = try await client.execute(uri: "/v1/tokenize", method: .post, headers: TestGateway.auth, body: ByteBuffer(string: #"{"model":"sim-small","text":"hello world"}"#))
            #expect(estimate.json["exact"] as? Bool == false)
            #expect(estimate.json["tokens"] as? Int == 3)
            let both = try await client.execute(uri: "/v1/tokenize", method: .post, headers: TestGateway.auth, body: ByteBuffer(string: #"{"model":"gpt-like"}"#))
            #expect(both.status == .badRequest)
            let unknown = try await client.execute(uri: "/v1/tokenize", method: .post, headers: TestGateway.auth, body: ByteBuffer(string: #"{"model":"nope","text":"x"}"#))
            #expect(unknown.status == .notFound)
            let anonymous = try await client.execute(uri: "/v1/tokenize", method: .post, body: ByteBuffer(string: #"{"model":"gpt-like","text":"x"}"#))
            #expect(anonymous.status == .unauthorized)
        }
        try await gateway.shutdown()
    }
}

/// `discover_models: true` serves what the upstream lists, as free models.
@Suite struct DiscoveryTests {
    @Test func discoveredModelsAreListedAndServed() async throws {
        let fake = FakeUpstream()
        let upstreamApp = Application(router: fake.router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await upstreamApp.test(.live) { upstreamClient in
            let port = try #require(upstreamClient.port)
            let config = TestGateway.yaml().replacingOccurrences(of: "\nmodels:", with: "\n  - { name: local, type: openai-compatible, base_url: 'http://127.0.0.1:\(port)/v1', discover_models: true }\nmodels:")
            let gateway = try await TestGateway(yaml: config)
            try await gateway.app.test(.router) { client in
                let list = try await client.execute(uri: "/v1/models", method: .get, headers: TestGateway.auth)
                let ids = (list.json["data"] as? [[String: Any]])?.compactMap { $0["id"] as? String } ?? []
                #expect(ids == ["sim-small", "fake/ok", "local/llama-3.2-1b"])
                let response = try await client.chat(#"{"model":"fake/ok","messages":[{"role":"user","content":"hi"}]}"#)
                #expect(response.status == .ok)
                let record = try #require(await gateway.recorder.next())
                #expect(record.provider == "local")
                #expect(record.cost == .zero, "discovered models are free by the operator's choice")
            }
            try await gateway.shutdown()
        }
    }
}
