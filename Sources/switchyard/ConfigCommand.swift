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
                for route in loaded.routes {
                    let table = route.table.sorted { $0.key < $1.key }.map { "\($0.key) → \($0.value)" }.joined(separator: ", ")
                    print("  route \(route.name): \(table); default \(route.classifier.defaultCategory)\(route.baseline.map { ", baseline \($0)" } ?? "")")
                }
                if !loaded.fallbacks.isEmpty {
                    print("  fallbacks: " + loaded.fallbacks.sorted { $0.key < $1.key }.map { "\($0.key) → \($0.value.joined(separator: " → "))" }.joined(separator: "; "))
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
