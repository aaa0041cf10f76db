import ArgumentParser
import Foundation
import SwitchyardCatalog
import SwitchyardConfig

struct CatalogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog", abstract: "Inspect the model catalog.", subcommands: [Check.self]
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
