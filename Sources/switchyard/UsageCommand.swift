import ArgumentParser
import Foundation
import SwitchyardCatalog
import SwitchyardModel
import SwitchyardStorage

struct UsageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "usage", abstract: "Summarise the usage ledger: attempts, tokens and cost per key, account, team, model or route, by hour, day or month."
    )

    @Option(name: .long, help: "Data directory holding ledger.sqlite (env: SWITCHYARD_DATA_DIR; default: .switchyard).")
    var dataDir: String?

    @Option(name: .long, help: "Time series step: hour, day or month (the billing period); omit for totals only.")
    var by: String?

    @Option(name: .long, help: "Group by: key, account, team, model, provider or route.")
    var group: String?

    @Option(name: .long, help: "Only this key id.") var key: String?
    @Option(name: .long, help: "Only this account id.") var account: String?
    @Option(name: .long, help: "Only this team id.") var team: String?
    @Option(name: .long, help: "Only this served model.") var model: String?

    @Option(name: .long, help: "Only rows settled on or after this day (YYYY-MM-DD, UTC).")
    var since: String?

    @Flag(name: .long, help: "Add what the routes' baseline models would have cost, and the savings.")
    var savings = false

    func run() async throws {
        var query = UsageQuery(keyID: key, accountID: account, teamID: team, model: model)
        if let by {
            guard let interval = UsageInterval(rawValue: by) else {
                throw ValidationError("--by must be one of \(UsageInterval.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
            query.interval = interval
        }
        if let group {
            guard let dimension = UsageDimension(rawValue: group) else {
                throw ValidationError("--group must be one of \(UsageDimension.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
            query.groupBy = dimension
        }
        if let since {
            guard let day = CalendarDay(parsing: since) else { throw ValidationError("--since '\(since)' is not YYYY-MM-DD.") }
            query.sinceMillis = Int64(day.daysSince1970) * 86_400_000
        }
        let directory = dataDir ?? ProcessInfo.processInfo.environment["SWITCHYARD_DATA_DIR"] ?? ".switchyard"
        let path = (directory as NSString).appendingPathComponent("ledger.sqlite")
        guard FileManager.default.fileExists(atPath: path) else { throw ValidationError("no ledger at \(path); start the gateway with --data-dir \(directory) first.") }
        let rows = try await SQLiteUsageLedger(path: path).usage(query)
        let savingsColumns = savings ? ["baseline_usd", "saved_usd", "saved_pct"] : []
        print(([by ?? "period", group ?? "group", "attempts", "input_tokens", "output_tokens", "billed_usd", "exact_usd"] + savingsColumns).joined(separator: "\t"))
        for row in rows {
            print(([row.period ?? "all", row.group ?? "all", "\(row.totals.attempts)", "\(row.totals.inputTokens)", "\(row.totals.outputTokens)", MicroDollars(row.totals.microDollars).description, Self.dollars(picodollars: row.totals.picodollars)] + savingsCells(row.totals)).joined(separator: "\t"))
        }
        let total = UsageTotals.sum(rows.map(\.totals))
        print((["total", "", "\(total.attempts)", "\(total.inputTokens)", "\(total.outputTokens)", MicroDollars(total.microDollars).description, Self.dollars(picodollars: total.picodollars)] + savingsCells(total)).joined(separator: "\t"))
    }

    /// Baseline cost, the saving and its share of the baseline, when `--savings` asks for them.
    func savingsCells(_ totals: UsageTotals) -> [String] {
        guard savings else { return [] }
        let saved = totals.baselineMicroDollars - totals.microDollars
        let share = totals.baselineMicroDollars > 0 ? Double(saved) * 100 / Double(totals.baselineMicroDollars) : 0
        return [MicroDollars(totals.baselineMicroDollars).description, MicroDollars(saved).description, String(format: "%.1f", share)]
    }

    /// Picodollars as dollars with all twelve decimals.
    static func dollars(picodollars: Int64) -> String {
        let fraction = String(picodollars % 1_000_000_000_000)
        return "\(picodollars / 1_000_000_000_000).\(String(repeating: "0", count: 12 - fraction.count))\(fraction)"
    }
}
