import ArgumentParser
import Foundation

/// `switchyard teams|accounts|plans|credits`: the rest of the management API from the shell.
struct TeamsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "teams", abstract: "Create and list teams.", subcommands: [Create.self, List.self])

    struct Create: AsyncParsableCommand {
        @OptionGroup var connection: AdminConnection
        @Option(name: .long, help: "Team id (default: generated).") var id: String?
        @Option(name: .long) var name: String

        func run() async throws {
            var body: [String: Any] = ["name": name]
            if let id { body["id"] = id }
            print("Created team \(AdminOutput.text(try await connection.call(.POST, "/admin/v1/teams", body)["id"])).")
        }
    }

    struct List: AsyncParsableCommand {
        @OptionGroup var connection: AdminConnection
        func run() async throws { AdminOutput.table(try await connection.call(.GET, "/admin/v1/teams"), columns: ["id", "name", "created_at_ms"]) }
    }
}

struct AccountsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "accounts", abstract: "Create and list accounts.", subcommands: [Create.self, List.self])

    struct Create: AsyncParsableCommand {
        @OptionGroup var connection: AdminConnection
        @Option(name: .long, help: "Account id (default: generated).") var id: String?
        @Option(name: .long) var name: String
        @Option(name: .long, help: "Team id the account belongs to.") var team: String?
        @Flag(name: .long, help: "Prepaid: the account can spend only its credit balance.") var prepaid = false

        func run() async throws {
            var body: [String: Any] = ["name": name, "prepaid": prepaid]
            if let id { body["id"] = id }
            if let team { body["team_id"] = team }
            print("Created account \(AdminOutput.text(try await connection.call(.POST, "/admin/v1/accounts", body)["id"])).")
        }
    }

    struct List: AsyncParsableCommand {
        @OptionGroup var connection: AdminConnection
        func run() async throws {
            AdminOutput.table(try await connection.call(.GET, "/admin/v1/accounts"), columns: ["id", "name", "team_id", "prepaid", "created_at_ms"])
        }
    }
}

struct PlansCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "plans", abstract: "Create and list plans.", subcommands: [Create.self, List.self])

    struct Create: AsyncParsableCommand {
        @OptionGroup var connection: AdminConnection
        @Option(name: .long, help: "Plan id (default: generated).") var id: String?
        @Option(name: .long) var name: String
        @OptionGroup(title: "Limits (omit one for no limit)") var limits: LimitOptions

        func run() async throws {
            var body: [String: Any] = ["name": name, "limits": try limits.limits() ?? [:]]
            if let id { body["id"] = id }
            print("Created plan \(AdminOutput.text(try await connection.call(.POST, "/admin/v1/plans", body)["id"])).")
        }
    }

    struct List: AsyncParsableCommand {
        @OptionGroup var connection: AdminConnection
        func run() async throws { AdminOutput.table(try await connection.call(.GET, "/admin/v1/plans"), columns: ["id", "name", "limits"]) }
    }
}

struct CreditsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "credits", abstract: "Grant and show prepaid credits.", subcommands: [Grant.self, Show.self])

    struct Grant: AsyncParsableCommand {
        @OptionGroup var connection: AdminConnection
        @Option(name: .long) var account: String
        @Option(name: .long, help: "Dollars to add, e.g. 10 or 2.50.") var usd: String
        @Option(name: .long, help: "grant, top_up or adjustment.") var kind = "grant"
        @Option(name: .long) var note: String?

        func run() async throws {
            guard let amount = MicroDollarsText.parse(usd) else { throw ValidationError("--usd '\(usd)' is not a dollar amount like 10 or 2.50.") }
            var body: [String: Any] = ["kind": kind, "amount_microdollars": amount]
            if let note { body["note"] = note }
            let statement = try await connection.call(.POST, "/admin/v1/accounts/\(account)/credits", body)
            print("Balance of \(account): \(MicroDollarsText.format(statement["balance_microdollars"])) USD")
        }
    }

    struct Show: AsyncParsableCommand {
        @OptionGroup var connection: AdminConnection
        @Option(name: .long) var account: String

        func run() async throws {
            let statement = try await connection.call(.GET, "/admin/v1/accounts/\(account)/credits")
            AdminOutput.table(["data": statement["entries"] ?? []], columns: ["id", "kind", "amount_microdollars", "request_id", "note", "created_at_ms"])
            print("Balance: \(MicroDollarsText.format(statement["balance_microdollars"])) USD (reserved by requests in flight: \(MicroDollarsText.format(statement["reserved_microdollars"])))")
        }
    }
}
