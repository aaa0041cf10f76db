import ArgumentParser

/// The `switchyard` command: the gateway and its tools.

struct Switchyard: AsyncParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "switchyard",
        abstract: "An LLM gateway: routing, per-key limits and budgets, exact usage accounting.",
        version: version,
        subcommands: [
            Serve.self, ConfigCommand.self, CatalogCommand.self, KeysCommand.self, AccountsCommand.self, PlansCommand.self, TeamsCommand.self,
            CreditsCommand.self, UsageCommand.self, ReplayCommand.self, RouterCommand.self, BenchCommand.self, Version.self,
        ]
    )
}

struct Version: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print the version.")

    func run() {
        print("switchyard \(Switchyard.version)")
    }
}

extension Switchyard {
    /// Parses the command line and runs the chosen command, awaiting async ones.
    static func runAsRoot() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}

#if os(Linux)
/// glibc's `mallopt`, which the Glibc module does not export.
@_silgen_name("mallopt")
func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32
#endif
