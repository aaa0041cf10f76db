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
        let transport = HTTPTransport(connectTimeout: config.server.connectTimeout, readTimeout: config.server.firstByteTimeout)
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
}
