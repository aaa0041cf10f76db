import ArgumentParser

/// The `switchyard` command: the gateway and its tools.
@main
struct Switchyard: AsyncParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "switchyard",
        abstract: "An LLM gateway: routing, per-key limits and budgets, exact usage accounting.",
        version: version,
        subcommands: [Serve.self, ConfigCommand.self, Version.self]
    )
}

struct Version: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print the version.")

    func run() {
        print("switchyard \(Switchyard.version)")
    }
}
