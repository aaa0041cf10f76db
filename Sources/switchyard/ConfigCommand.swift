import ArgumentParser
import Foundation
import SwitchyardConfig

struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config", abstract: "Check or print configuration.",
        subcommands: [Check.self, PrintDefault.self]
    )

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Validate a configuration file (or the embedded default) and summarise it.")

        @Option(name: .long, help: "The YAML file to check (env: SWITCHYARD_CONFIG). Without it, the embedded default.")
        var config: String?

        func run() throws {
            let path = config ?? ProcessInfo.processInfo.environment["SWITCHYARD_CONFIG"]
            do {
                let loaded = try ConfigLoader.load(path: path)
                print("OK: \(loaded.source)")
                print("  listen \(loaded.server.listen), body limit \(loaded.server.bodyLimitBytes) bytes")
                for provider in loaded.providers {
                    let state = provider.disabledReason.map { "disabled (\($0))" } ?? "enabled"
                    let count = loaded.models.filter { $0.provider == provider.name }.count
                    print("  provider \(provider.name): \(state), \(count) models")
                }
            } catch let error as ConfigError {
                FileHandle.standardError.write(Data("config error: \(error)\n".utf8))
                throw ExitCode(78)
            }
        }
    }

    struct PrintDefault: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "print-default", abstract: "Print the embedded default configuration.")

        func run() {
            print(ConfigLoader.defaultYAML, terminator: "")
        }
    }
}
