import ArgumentParser
import Foundation
import SwitchyardCatalog
import SwitchyardConfig
import SwitchyardProviders

struct CatalogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog", abstract: "Inspect and sync the model catalog.", subcommands: [Check.self, Sync.self]
    )

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Flag models that are free, have no price source or date, stale prices, or deprecation dates gone by. Exits 1 on problems."
        )

        @Option(name: .long, help: "The YAML file (env: SWITCHYARD_CONFIG). Without it, the embedded default.")
        var config: String?

        func run() throws {
            let loaded: GatewayConfig
            do {
                loaded = try ConfigLoader.load(path: config ?? ProcessInfo.processInfo.environment["SWITCHYARD_CONFIG"])
            } catch let error as ConfigError {
                FileHandle.standardError.write(Data("config error: \(error)\n".utf8))
                throw ExitCode(78)
            }
            let today = CalendarDay(secondsSince1970: Int64(Date().timeIntervalSince1970))
            let findings = CatalogAudit.findings(loaded.models, today: today)
            print("\(loaded.source): \(loaded.models.count) models checked on \(today)")
            for finding in findings { print("  \(finding)") }
            let problems = findings.filter { $0.severity == .problem }.count
            print(problems == 0 ? "OK: no problems" : "\(problems) problem(s)")
            if problems > 0 { throw ExitCode(1) }
        }
    }
}

extension CatalogCommand {
    struct Sync: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Compare a provider's models with its /v1/models and a LiteLLM-format pricing file; show the diff and write it on confirmation."
        )

        @Option(name: .long, help: "The YAML file to update (env: SWITCHYARD_CONFIG).")
        var config: String?

        @Option(name: .long, help: "The provider whose models to sync.")
        var provider: String

        @Option(name: .long, help: "A pricing file in LiteLLM's model_prices_and_context_window.json format.")
        var prices: String?

        @Flag(name: .long, help: "Do not ask /v1/models for new models; only compare prices.")
        var pricesOnly = false

        @Flag(name: .long, help: "Write without asking.")
        var yes = false

        func run() async throws {
            guard let path = config ?? ProcessInfo.processInfo.environment["SWITCHYARD_CONFIG"] else {
                throw ValidationError("catalog sync edits a file: pass --config FILE (start from `switchyard config print-default`).")
            }
            let loaded = try loadOrExit(path)
            guard let target = loaded.providers.first(where: { $0.name == provider }) else {
                throw ValidationError("provider '\(provider)' is not in \(path).")
            }
            let pricing = try prices.map { file -> PricingFile in
                guard let data = FileManager.default.contents(atPath: file) else { throw ValidationError("cannot read \(file).") }
                return try PricingFile(json: data)
            }
            var upstreamIDs: [String]?
            if !pricesOnly { upstreamIDs = try await listUpstreamModels(target) }
            let changes = CatalogSync.plan(config: loaded, provider: provider, upstreamIDs: upstreamIDs, prices: pricing)
            guard changes.contains(where: { if case .unpriced = $0 { false } else { true } }) else {
                for change in changes { print(change) }
                print("Nothing to write: \(path) is in sync.")
                return
            }
            for change in changes { print(change) }
            if !yes {
                print("Write these changes to \(path)? A backup goes to \(path).bak; comments are not kept. [y/N] ", terminator: "")
                guard readLine()?.lowercased().hasPrefix("y") == true else {
                    print("Nothing written.")
                    return
                }
            }
            let original = try String(contentsOfFile: path, encoding: .utf8)
            let today = CalendarDay(secondsSince1970: Int64(Date().timeIntervalSince1970))
            let updated = try CatalogSync.apply(changes, to: original, file: path, asOf: today)
            _ = try ConfigLoader.parse(yaml: updated, file: path, environment: ProcessInfo.processInfo.environment)
            try original.write(toFile: path + ".bak", atomically: true, encoding: .utf8)
            try updated.write(toFile: path, atomically: true, encoding: .utf8)
            print("Wrote \(path).")
        }

        private func loadOrExit(_ path: String) throws -> GatewayConfig {
            do {
                return try ConfigLoader.load(path: path)
            } catch let error as ConfigError {
                FileHandle.standardError.write(Data("config error: \(error)\n".utf8))
                throw ExitCode(78)
            }
        }

        private func listUpstreamModels(_ provider: ProviderConfig) async throws -> [String] {
            guard case .openAICompatible(let baseURL, let apiKey, _) = provider.kind else {
                throw ValidationError("provider '\(provider.name)' has no /v1/models; use --prices-only.")
            }
            if let reason = provider.disabledReason { throw ValidationError("provider '\(provider.name)' is disabled: \(reason).") }
            let transport = HTTPTransport(connectTimeout: .seconds(5), readTimeout: .seconds(30))
            let live = OpenAICompatibleProvider(name: provider.name, baseURL: baseURL, apiKey: apiKey?.value, transport: transport)
            do {
                let ids = try await live.listModels(timeout: .seconds(30))
                try await transport.shutdown()
                return ids
            } catch {
                try? await transport.shutdown()
                throw ValidationError("could not list models of '\(provider.name)': \(error)")
            }
        }
    }
}
