import ArgumentParser
import Foundation
import Hummingbird
import Logging
import SwitchyardAdmission
import SwitchyardConfig
import SwitchyardGateway
import SwitchyardProviders
import ServiceLifecycle
import SwitchyardServer
import SwitchyardStorage

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the gateway.")

    @Option(name: .long, help: "HOST:PORT to listen on (env: SWITCHYARD_LISTEN; default from config, 127.0.0.1:8080).")
    var listen: String?

    @Option(name: .long, help: "Configuration file (env: SWITCHYARD_CONFIG; default: the embedded default).")
    var config: String?

    @Option(name: .long, help: "Data directory for the master key and the database (env: SWITCHYARD_DATA_DIR; default: .switchyard).")
    var dataDir: String?

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        LogFormat.bootstrap(environment: environment)
        var logger = Logger(label: "switchyard")
        logger.logLevel = environment["SWITCHYARD_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info

        let loaded: GatewayConfig
        do {
            loaded = try ConfigLoader.load(path: config ?? environment["SWITCHYARD_CONFIG"], environment: environment)
        } catch let error as ConfigError {
            FileHandle.standardError.write(Data("config error: \(error)\n".utf8))
            throw ExitCode(78)
        }
        var address = loaded.server.listen
        if let text = listen ?? environment["SWITCHYARD_LISTEN"] {
            guard let parsed = ListenAddress(parsing: text) else {
                throw ValidationError("--listen '\(text)' is not HOST:PORT (e.g. 127.0.0.1:8080).")
            }
            address = parsed
        }
        let dataDirectory = dataDir ?? environment["SWITCHYARD_DATA_DIR"] ?? ".switchyard"
        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let master = try MasterKey.load(dataDirectory: dataDirectory, environment: environment)
        if master.generated, let file = master.file {
            FileHandle.standardOutput.write(Data("Generated a master key (stored in \(file), mode 0600; shown only this once):\n  \(master.key)\n".utf8))
        }

        let database = try SQLiteDatabase(path: (dataDirectory as NSString).appendingPathComponent("ledger.sqlite"))
        let ledgerStore = SQLiteUsageLedger(database: database)
        let accessStore = SQLiteAccessStore(database: database)
        let metrics = GatewayMetrics()
        let ledger = LedgerWriter(store: ledgerStore, logger: logger, onFlush: { metrics.observeLedgerFlush($0) })
        let admission = AdmissionController()
        let directory = try await AccessBootstrap.directory(store: accessStore, ledger: ledgerStore, admission: admission)
        let transport = HTTPTransport(connectTimeout: loaded.server.connectTimeout)
        let registry = await ProviderSetup.registry(for: loaded, transport: transport, logger: logger)
        let resilience = Resilience(config: loaded.resilience)
        let statusBoard = StatusBoard()
        let service = ChatService(
            registry: registry, authenticator: KeyAuthenticator(masterKey: master.key, directory: directory),
            recorder: UsageRecorders([ledger, LoggingUsageRecorder(logger: logger), statusBoard]),
            timeouts: DispatchTimeouts(firstByte: loaded.server.firstByteTimeout, total: loaded.server.totalTimeout),
            admission: admission, resilience: resilience, metrics: metrics
        )
        metrics.watch(service: service, ledgerBacklog: { ledger.backlog })
        let health = HealthChecker(registry: registry, resilience: resilience, interval: loaded.resilience.healthCheckInterval, logger: logger)
        let admin = AccessAdmin(
            store: accessStore, directory: directory, admission: admission, ledger: ledgerStore,
            flushLedger: { await ledger.flush() }, modelExists: { registry.catalog.model($0)?.id == $0 || registry.routes[$0] != nil }
        )
        let modelCount = registry.catalog.models.count
        let source = loaded.source
        let listenAddress = address
        let app = GatewayApplication.make(
            service: service, bodyLimit: loaded.server.bodyLimitBytes, host: address.host, port: address.port, logger: logger, admin: admin, statusBoard: statusBoard,
            storageReachable: { await database.isReachable() }, fastLane: loaded.server.fastLane,
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? listenAddress.port
                let line = "Switchyard listening on http://\(listenAddress.host):\(port) (\(modelCount) models, config: \(source))\n"
                FileHandle.standardOutput.write(Data(line.utf8))
            }
        )
        // Shutdown runs in reverse: the server drains its requests first, then the ledger flushes every row.
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
            .init(service: IdleMemoryTrim()), .init(service: ledger), .init(service: health), .init(service: app),
        ]
        if let exporter = try TraceExport.service(environment: environment) { services.insert(.init(service: exporter), at: 0) }
        let group = ServiceGroup(configuration: .init(
            services: services,
            gracefulShutdownSignals: [.sigterm, .sigint], logger: logger
        ))
        do {
            try await group.run()
        } catch {
            try? await transport.shutdown()
            throw error
        }
        try await transport.shutdown()
    }
}
