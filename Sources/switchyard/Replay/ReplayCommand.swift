import ArgumentParser
import Foundation
import Logging
import NIOCore
import SwitchyardConfig
import SwitchyardDialects
import SwitchyardGateway
import SwitchyardModel
import SwitchyardProviders

/// `switchyard replay`: runs a traffic log through routing policies against the simulator and
/// compares cost, latency and route mix with an always-baseline policy.
struct ReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Replay traffic through routing policies on the simulator: route mix, cost, latency and savings vs a baseline model."
    )

    @Argument(help: "Traffic log: one OpenAI chat request per line (JSON), optionally with a \"category\" label.")
    var traffic: String?

    @Option(name: .long, help: "A built-in traffic scenario instead of a file: seed000 (1,000 requests, seed 000's mix).")
    var scenario: String?

    @Option(name: .long, parsing: .singleValue, help: "A policy: a virtual model (e.g. auto) or a model id (repeatable; default: auto).")
    var policy: [String] = []

    @Option(name: .long, help: "The always-one-model baseline (default: the first policy's route baseline).")
    var baseline: String?

    @Option(name: .long, help: "Configuration file (default: the embedded default).")
    var config: String?

    @Option(name: .long, help: "Simulator time scale: 0.1 runs ten times faster than real time; latencies are reported unscaled.")
    var timeScale = 0.1

    @Option(name: .long, help: "Requests in flight at once.")
    var concurrency = 100

    @Option(name: .long, help: "Per-request results as CSV.")
    var csv = "replay.csv"

    @Option(name: .long, help: "Cost and latency chart as SVG.")
    var svg = "replay.svg"

    @Option(name: .long, help: "Write the scenario's traffic as JSONL to this file and exit.")
    var writeTraffic: String?

    func run() async throws {
        let lines = try loadTraffic()
        if let writeTraffic {
            try ReplayTraffic.write(lines, to: writeTraffic)
            print("Wrote \(lines.count) requests to \(writeTraffic)")
            return
        }
        guard timeScale > 0, timeScale <= 10 else { throw ValidationError("--time-scale must be in (0, 10].") }
        var loaded = try ConfigLoader.load(path: config)
        loaded.providers = loaded.providers.map { provider in
            guard case .simulator(var settings) = provider.kind else { return provider }
            settings.speedMultiplier = timeScale
            settings.fillMaxTokens = true
            return ProviderConfig(name: provider.name, kind: .simulator(settings), disabledReason: provider.disabledReason)
        }
        let policies = policy.isEmpty ? ["auto"] : policy
        let routes = Dictionary(uniqueKeysWithValues: loaded.routes.map { ($0.name, $0) })
        guard let baselineModel = baseline ?? policies.lazy.compactMap({ routes[$0]?.baseline }).first else {
            throw ValidationError("no baseline: pass --baseline MODEL (the model to compare against).")
        }
        var logger = Logger(label: "switchyard.replay")
        logger.logLevel = .error
        let transport = HTTPTransport(connectTimeout: loaded.server.connectTimeout)
        let registry = await ProviderSetup.registry(for: loaded, transport: transport, logger: logger)
        let recorder = ReplayRecorder()
        let service = ChatService(
            registry: registry, authenticator: MasterKeyAuthenticator(masterKey: "replay"), recorder: recorder,
            timeouts: DispatchTimeouts(firstByte: loaded.server.firstByteTimeout, total: loaded.server.totalTimeout),
            resilience: Resilience(config: loaded.resilience), logger: logger
        )
        let runner = ReplayRunner(service: service, recorder: recorder, timeScale: timeScale, concurrency: max(1, concurrency))
        var results: [ReplayPolicyResult] = []
        for name in policies + (policies.contains(baselineModel) ? [] : [baselineModel]) {
            results.append(await runner.run(policy: name, lines: lines))
        }
        try await transport.shutdown()
        let report = ReplayReport(results: results, baseline: baselineModel, timeScale: timeScale)
        print(report.table())
        try report.csv().write(toFile: csv, atomically: true, encoding: .utf8)
        try report.svg().write(toFile: svg, atomically: true, encoding: .utf8)
        print("Per-request results: \(csv); chart: \(svg)")
    }

    func loadTraffic() throws -> [TrafficLine] {
        switch (traffic, scenario) {
        case (nil, "seed000"?): return ReplayScenario.seed000()
        case (nil, let other?): throw ValidationError("unknown scenario '\(other)'; the built-in one is seed000.")
        case (let path?, nil): return try ReplayTraffic.read(path)
        case (nil, nil): throw ValidationError("give a traffic file or --scenario seed000.")
        case (_?, _?): throw ValidationError("give either a traffic file or --scenario, not both.")
        }
    }
}
