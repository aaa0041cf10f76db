import ArgumentParser
import Foundation

/// `switchyard keys create|list|revoke`: API keys through the running gateway's management API.
struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "Create, list and revoke API keys (through a running gateway).",
        subcommands: [Create.self, List.self, Revoke.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a key; its secret is printed once and never again.")
        @OptionGroup var connection: AdminConnection
        @Option(name: .long, help: "Account id that owns the key.") var account: String
        @Option(name: .long, help: "Plan id the key is held to.") var plan: String
        @Option(name: .long, help: "A label for the key.") var name: String?
        @Option(name: .long, help: "Lifetime in days (default: no expiry).") var expiresInDays: Int?
        @Option(name: .long, parsing: .singleValue, help: "Metadata as key=value (repeatable).") var metadata: [String] = []
        @OptionGroup(title: "Overrides of the plan's limits for this key") var overrides: LimitOptions

        func run() async throws {
            var body: [String: Any] = ["account_id": account, "plan_id": plan]
            if let name { body["name"] = name }
            if let expiresInDays { body["expires_in_seconds"] = expiresInDays * 86400 }
            if let limits = try overrides.limits() { body["overrides"] = limits }
            var labels: [String: String] = [:]
            for pair in metadata {
                let parts = pair.split(separator: "=", maxSplits: 1)
                guard parts.count == 2 else { throw ValidationError("--metadata '\(pair)' is not key=value.") }
                labels[String(parts[0])] = String(parts[1])
            }
            if !labels.isEmpty { body["metadata"] = labels }
            let key = try await connection.call(.POST, "/admin/v1/keys", body)
            print("Created key \(AdminOutput.text(key["id"])) (\(AdminOutput.text(key["prefix"]))…) for account \(account) on plan \(plan).")
            print("Secret (shown only this once; store it now):\n  \(AdminOutput.text(key["key"]))")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List keys (never their secrets).")
        @OptionGroup var connection: AdminConnection
        @Option(name: .long, help: "Only keys of this account.") var account: String?

        func run() async throws {
            let query = account.map { "?account_id=\($0.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? $0)" } ?? ""
            let list = try await connection.call(.GET, "/admin/v1/keys\(query)")
            AdminOutput.table(list, columns: ["id", "prefix", "account_id", "plan_id", "name", "status", "expires_at_ms", "overrides"])
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a key; it is refused from its next request.")
        @OptionGroup var connection: AdminConnection
        @Argument(help: "The key id (key_…), as `keys list` shows it.") var id: String

        func run() async throws {
            let key = try await connection.call(.POST, "/admin/v1/keys/\(id)/revoke")
            print("Key \(AdminOutput.text(key["id"])) (\(AdminOutput.text(key["prefix"]))…) is \(AdminOutput.text(key["status"])).")
        }
    }
}
