import SwitchyardAdmission
import SwitchyardStorage
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import SwitchyardCatalog
import SwitchyardConfig
import SwitchyardGateway
import SwitchyardProviders
import SwitchyardServer

/// Builds a gateway from YAML, as `serve` does, with a recorder the test can read.
struct TestGateway {
    static let masterKey = "sk-sy-master-test-0123456789"
    static let auth: HTTPFields = [.authorization: "Bearer \(masterKey)", .contentType: "application/json"]

    let recorder = RecordingUsageRecorder()
    let transport: HTTPTransport
    let app: any ApplicationProtocol
    /// The management side, backed by a fresh SQLite file, when built `withAccess`.
    let admin: AccessAdmin?
    let ledger: SQLiteUsageLedger?
    let databasePath: String

    init(
        yaml: String, environment: [String: String] = [:], today: CalendarDay = CalendarDay(year: 2026, month: 11, day: 22),
        withAccess: Bool = false, logger givenLogger: Logger? = nil
    ) async throws {
        let config = try ConfigLoader.parse(yaml: yaml, file: "test.yaml", environment: environment)
        transport = HTTPTransport(connectTimeout: config.server.connectTimeout)
        let logger = givenLogger ?? {
            var quiet = Logger(label: "test")
            quiet.logLevel = .warning
            return quiet
        }()
        let registry = await ProviderSetup.registry(for: config, transport: transport, logger: logger)
        let admission = AdmissionController()
        databasePath = NSTemporaryDirectory() + "gateway-\(UUID().uuidString).sqlite"
        var recorders: [any UsageRecorder] = [recorder]
        var authenticator: any Authenticator = MasterKeyAuthenticator(masterKey: Self.masterKey)
        if withAccess {
            let database = try SQLiteDatabase(path: databasePath)
            let ledger = SQLiteUsageLedger(database: database)
            let access = SQLiteAccessStore(database: database)
            let writer = LedgerWriter(store: ledger, logger: logger)
            recorders.append(writer)
            let directory = try await AccessBootstrap.directory(store: access, ledger: ledger, admission: admission)
            authenticator = KeyAuthenticator(masterKey: Self.masterKey, directory: directory)
            admin = AccessAdmin(
                store: access, directory: directory, admission: admission, ledger: ledger, flushLedger: { await writer.flush() },
                modelExists: { registry.catalog.model($0)?.id == $0 || registry.routes[$0] != nil }
            )
            self.ledger = ledger
        } else {
            admin = nil
            ledger = nil
        }
        let service = ChatService(
            registry: registry, authenticator: authenticator, recorder: UsageRecorders(recorders),
            timeouts: DispatchTimeouts(firstByte: config.server.firstByteTimeout, total: config.server.totalTimeout),
            admission: admission, resilience: Resilience(config: config.resilience), logger: logger, today: { today }
        )
        app = GatewayApplication.make(service: service, bodyLimit: config.server.bodyLimitBytes, host: "127.0.0.1", port: 0, logger: logger, admin: admin, fastLane: config.server.fastLane)
    }

    /// The gateway config used by most tests: an instant simulator, and the fake upstream when a port is given.
    static func yaml(upstreamPort: Int? = nil) -> String {
        var yaml = """
        server: { body_limit: 4KiB, timeouts: { connect: 1s, first_byte: 2s, total: 5s } }
        providers:
          - name: sim
            type: simulator
            speed: 0
        """
        if let upstreamPort {
            yaml += """

              - name: fake
                type: openai-compatible
                base_url: http://127.0.0.1:\(upstreamPort)/v1
                api_key: env:FAKE_UPSTREAM_KEY
            """
        }
        yaml += """

        models:
          - { id: sim-small, provider: sim, upstream: sim/small, price: { input: 1, output: 2 }, context_window: 2000, max_output: 100 }
        """
        if upstreamPort != nil {
            for name in ["ok", "slow", "late", "500", "garbage", "429", "cut", "endless", "nousage"] {
                yaml += "\n  - { id: \(name), provider: fake, upstream: fake/\(name), price: { input: 3, output: 15 } }"
            }
        }
        return yaml
    }

    func shutdown() async throws { try await transport.shutdown() }
}

/// Keeps every settled attempt for assertions.
final class RecordingUsageRecorder: UsageRecorder, @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [UsageRecord] = []
    private let (stream, continuation) = AsyncStream<UsageRecord>.makeStream()

    func record(_ record: UsageRecord) {
        lock.withLock { stored.append(record) }
        continuation.yield(record)
    }

    var records: [UsageRecord] { lock.withLock { stored } }

    /// The next record settled, waiting at most `timeout`.
    func next(within timeout: Duration = .seconds(5)) async -> UsageRecord? {
        let stream = self.stream
        return await withTaskGroup(of: UsageRecord?.self) { group in
            group.addTask { var iterator = stream.makeAsyncIterator(); return await iterator.next() }
            group.addTask { try? await Task.sleep(for: timeout); return nil }
            defer { group.cancelAll() }
            return await group.next() ?? nil
        }
    }
}

extension TestClientProtocol {
    /// POSTs a JSON chat request with the master key (or the given headers).
    func chat(_ json: String, headers: HTTPFields = TestGateway.auth) async throws -> TestResponse {
        try await execute(uri: "/v1/chat/completions", method: .post, headers: headers, body: ByteBuffer(string: json))
    }
}

extension TestResponse {
    /// The body as JSON.
    var json: [String: Any] {
        ((try? JSONSerialization.jsonObject(with: Data(buffer: body))) as? [String: Any]) ?? [:]
    }

    /// The OpenAI error object of the body.
    var error: [String: Any] { json["error"] as? [String: Any] ?? [:] }

    /// The JSON payloads of an SSE body, `[DONE]` included as a string.
    var events: [String] {
        String(buffer: body).components(separatedBy: "\n\n").compactMap { block in
            block.hasPrefix("data: ") ? String(block.dropFirst(6)) : nil
        }
    }
}
