import Logging
import Synchronization
import SwitchyardConfig
import SwitchyardGateway
import SwitchyardCatalog
import SwitchyardModel
import SwitchyardProviders
import SwitchyardRouting
import SwitchyardStorage
import Testing

/// The status page's numbers: recent attempts per model in a ring of time buckets.
@Suite struct StatusBoardTests {
    /// A wall clock the test moves.
    final class Clock: Sendable {
        let millis = Mutex<Int64>(1_800_000_000_000)
        var now: Int64 { millis.withLock { $0 } }
        func advance(_ duration: Duration) { millis.withLock { $0 += duration.components.seconds * 1000 } }
    }

    static func row(_ model: String, at millis: Int64, latencyMillis: Int64, status: Int = 200) -> UsageRecord {
        UsageRecord(
            requestID: "r", settledAtMillis: millis, keyPrefix: "sk-x", requestedModel: model, servedModel: model, provider: "sim",
            route: "explicit", stream: false, usage: Usage(inputTokens: 1, outputTokens: 1), cost: .zero,
            status: status, errorCode: status == 200 ? nil : "upstream_error", latency: .milliseconds(latencyMillis), timeToFirstToken: nil
        )
    }

    @Test func percentilesAndErrorRateOfTheWindow() {
        let clock = Clock()
        let board = StatusBoard(samplesPerBucket: 200, nowMillis: { clock.now })
        for latency in Int64(1)...100 {
            board.record(Self.row("a", at: clock.now, latencyMillis: latency, status: latency % 20 == 0 ? 502 : 200))
        }
        let summary = board.summary(of: "a")
        #expect(summary.requests == 100)
        #expect(summary.errors == 5)
        #expect(summary.errorRate == 0.05)
        #expect(summary.p50 == .milliseconds(50))
        #expect(summary.p95 == .milliseconds(95))
        #expect(board.summary(of: "b") == StatusSummary(requests: 0, errors: 0))
    }

    @Test func attemptsOlderThanTheWindowDropOut() {
        let clock = Clock()
        let board = StatusBoard(bucketCount: 10, bucket: .seconds(30), nowMillis: { clock.now })
        board.record(Self.row("a", at: clock.now, latencyMillis: 10))
        clock.advance(.seconds(240))
        board.record(Self.row("a", at: clock.now, latencyMillis: 20))
        #expect(board.summary(of: "a").requests == 2)
        clock.advance(.seconds(60))
        // The first attempt's bucket has left the five-minute ring; the second remains.
        #expect(board.summary(of: "a") == StatusSummary(requests: 1, errors: 0, p50: .milliseconds(20), p95: .milliseconds(20)))
        // A new attempt in the slot the first one held replaces it rather than adding to it.
        board.record(Self.row("a", at: clock.now, latencyMillis: 30))
        #expect(board.summary(of: "a").requests == 2)
        // An attempt that settled before the ring's span is not counted.
        board.record(Self.row("a", at: clock.now - 600_000, latencyMillis: 40))
        #expect(board.summary(of: "a").requests == 2)
    }

    @Test func boundedSamplesStillWeighBucketsByTheirTraffic() {
        let clock = Clock()
        let board = StatusBoard(samplesPerBucket: 4, nowMillis: { clock.now })
        for _ in 0..<1000 { board.record(Self.row("a", at: clock.now, latencyMillis: 10)) }
        clock.advance(.seconds(30))
        for _ in 0..<4 { board.record(Self.row("a", at: clock.now, latencyMillis: 1000)) }
        let summary = board.summary(of: "a")
        #expect(summary.requests == 1004)
        // Four slow attempts of 1004 are below the 95th percentile, though they are half the kept samples.
        #expect(summary.p50 == .milliseconds(10))
        #expect(summary.p95 == .milliseconds(10))
    }

    @Test func snapshotShowsBreakerStatesAndHealth() async throws {
        let yaml = """
            server: { timeouts: { connect: 300ms, first_byte: 500ms, total: 5s } }
            providers:
              - { name: sim, type: simulator, speed: 0 }
              - { name: dead, type: openai-compatible, base_url: "http://127.0.0.1:1/v1" }
            models:
              - { id: sim-small, provider: sim, upstream: sim/small, price: { input: 1, output: 2 } }
              - { id: gone, provider: dead, upstream: gone, price: { input: 1, output: 2 } }
            resilience: { attempts: 1, breaker: { failures: 1, window: 1m, cooldown: 10m } }
            """
        let config = try ConfigLoader.parse(yaml: yaml, file: "test.yaml", environment: [:])
        let transport = HTTPTransport(connectTimeout: config.server.connectTimeout)
        let logger = Logger(label: "test")
        let registry = await ProviderSetup.registry(for: config, transport: transport, logger: logger)
        let resilience = Resilience(config: config.resilience)
        let checker = HealthChecker(registry: registry, resilience: resilience, interval: .seconds(10), timeout: .milliseconds(500), logger: logger)
        #expect(await checker.probeOnce() == ["dead"])
        let clock = Clock()
        let board = StatusBoard(nowMillis: { clock.now })
        let service = ChatService(
            registry: registry, authenticator: MasterKeyAuthenticator(masterKey: TestGateway.masterKey), recorder: board,
            timeouts: DispatchTimeouts(firstByte: .milliseconds(500), total: .seconds(5)), resilience: resilience, logger: logger
        )
        board.record(Self.row("sim-small", at: clock.now, latencyMillis: 12))
        board.record(Self.row("sim-small", at: clock.now, latencyMillis: 12, status: 499))
        let statuses = board.snapshot(of: service)
        #expect(statuses.map(\.model) == ["gone", "sim-small"])
        #expect(statuses[0].deployments == [DeploymentStatus(deployment: "dead/gone", breaker: .open)])
        #expect(statuses[0].health == .down)
        #expect(statuses[1].deployments.map(\.breaker) == [.closed])
        #expect(statuses[1].recent.errorRate == 0.5)
        #expect(statuses[1].health == .degraded)
        try await transport.shutdown()
    }
}
