import Hummingbird
import HummingbirdTesting
import Logging
import SwitchyardConfig
import SwitchyardGateway
import SwitchyardModel
import SwitchyardProviders
import SwitchyardRouting
import Testing

/// Active health checks feed the breakers: a dead backend leaves rotation before users find it.
@Suite struct HealthCheckTests {
    static let yaml = """
        server: { timeouts: { connect: 300ms, first_byte: 500ms, total: 5s } }
        providers:
          - { name: sim, type: simulator, speed: 0 }
          - { name: dead, type: openai-compatible, base_url: "http://127.0.0.1:1/v1" }
        models:
          - { id: sim-small, provider: sim, upstream: sim/small, price: { input: 1, output: 2 } }
          - { id: gone, provider: dead, upstream: gone, price: { input: 1, output: 2 } }
        fallbacks:
          gone: [sim-small]
        resilience: { attempts: 1, health_check: 10s, breaker: { failures: 2, window: 1m, cooldown: 10m } }
        """

    @Test func failedProbesOpenTheBreakerAndRequestsSkipTheDeadBackend() async throws {
        let config = try ConfigLoader.parse(yaml: Self.yaml, file: "test.yaml", environment: [:])
        #expect(config.resilience.healthCheckInterval == .seconds(10))
        let transport = HTTPTransport(connectTimeout: config.server.connectTimeout)
        let logger = Logger(label: "test")
        let registry = await ProviderSetup.registry(for: config, transport: transport, logger: logger)
        let resilience = Resilience(config: config.resilience)
        let checker = HealthChecker(registry: registry, resilience: resilience, interval: .seconds(10), timeout: .milliseconds(500), logger: logger)
        #expect(await checker.probeOnce() == ["dead"])
        #expect(resilience.states["dead/gone"] == .closed)
        #expect(await checker.probeOnce() == ["dead"])
        #expect(resilience.states["dead/gone"] == .open)

        let recorder = RecordingUsageRecorder()
        let service = ChatService(
            registry: registry, authenticator: MasterKeyAuthenticator(masterKey: TestGateway.masterKey), recorder: recorder,
            timeouts: DispatchTimeouts(firstByte: .milliseconds(500), total: .seconds(5)), resilience: resilience, logger: logger
        )
        let request = ChatRequest(model: "gone", messages: [.text(.user, "hi")], maxTokens: 5)
        let outcome = try await service.complete(request, principal: Principal(keyID: "t", keyPrefix: "t"), context: CallContext(requestID: "r1", presentedKey: nil))
        #expect(outcome.servedModel == "sim-small")
        #expect(outcome.fallbacks == 1)
        // The open breaker kept the request away from the dead backend: no attempt, no row for it.
        #expect(recorder.records.map(\.servedModel) == ["sim-small"])
        try await transport.shutdown()
    }

    /// A backend that answers without a model list (404) serves chats: only 5xx and silence count.
    @Test func aBackendWithoutAModelListIsUpAndA5xxIsDown() async throws {
        let router = Router()
        router.get("/broken/v1/models") { _, _ -> Response in Response(status: .serviceUnavailable) }
        let upstream = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await upstream.test(.live) { client in
            let port = try #require(client.port)
            let yaml = """
                providers:
                  - { name: nolist, type: openai-compatible, base_url: "http://127.0.0.1:\(port)/nolist/v1" }
                  - { name: broken, type: openai-compatible, base_url: "http://127.0.0.1:\(port)/broken/v1" }
                models:
                  - { id: a, provider: nolist, upstream: a, price: { input: 1, output: 2 } }
                  - { id: b, provider: broken, upstream: b, price: { input: 1, output: 2 } }
                resilience: { breaker: { failures: 1, window: 1m, cooldown: 10m } }
                """
            let config = try ConfigLoader.parse(yaml: yaml, file: "test.yaml", environment: [:])
            let transport = HTTPTransport(connectTimeout: .seconds(1))
            let registry = await ProviderSetup.registry(for: config, transport: transport, logger: Logger(label: "test"))
            let resilience = Resilience(config: config.resilience)
            let checker = HealthChecker(registry: registry, resilience: resilience, interval: .seconds(10), timeout: .seconds(1), logger: Logger(label: "test"))
            #expect(await checker.probeOnce() == ["broken"])
            #expect(resilience.states["nolist/a"] != .open, "one failure would have opened it")
            #expect(resilience.states["broken/b"] == .open)
            try await transport.shutdown()
        }
    }
}
