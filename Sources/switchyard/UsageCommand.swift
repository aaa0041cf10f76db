import ArgumentParser
import Foundation
import SwitchyardCatalog
import SwitchyardModel
import SwitchyardStorage

struct UsageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "usage", abstract: "Summarise the usage ledger: attempts, tokens and cost per hour, day, model, provider or key."
    )

    @Option(name: .long, help: "Data directory holding ledger.sqlite (env: SWITCHYARD_DATA_DIR; default: .switchyard).")
    var dataDir: String?

    @Option(name: .long, help: "Group by: hour, day, model, provider or key.")
    var by: String = "day"

    @Option(name: .long, help: "Only rows settled on or after this day (YYYY-MM-DD, UTC).")
    var since: String?

    func run() async throws {
        guard let grouping = UsageGrouping(rawValue: by) else {
            throw ValidationError("--by must be one of \(UsageGrouping.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        var sinceMillis: Int64 = 0
        if let since {
            guard let day = CalendarDay(parsing: since) else { throw ValidationError("--since '\(since)' is not YYYY-MM-DD.") }
            sinceMillis = Int64(day.daysSince1970) * 86_400_000
        }
        let directory = dataDir ?? ProcessInfo.processInfo.environment["SWITCHYARD_DATA_DIR"] ?? ".switchyard"
        let path = (directory as NSString).appendingPathComponent("ledger.sqlite")
        guard FileManager.default.fileExists(atPath: path) else { throw ValidationError("no ledger at \(path); start the gateway with --data-dir \(directory) first.") }
        let rows = try await SQLiteUsageLedger(path: path).summary(by: grouping, sinceMillis: sinceMillis)
        print([by, "attempts", "input_tokens", "output_tokens", "billed_usd", "exact_usd"].joined(separator: "\t"))
        var total = UsageTotals()
        for row in rows {
            print([row.group, "\(row.totals.attempts)", "\(row.totals.inputTokens)", "\(row.totals.outputTokens)", MicroDollars(row.totals.microDollars).description, Self.dollars(picodollars: row.totals.picodollars)].joined(separator: "\t"))
            total.attempts += row.totals.attempts
            total.inputTokens += row.totals.inputTokens
            total.outputTokens += row.totals.outputTokens
            total.microDollars += row.totals.microDollars
            total.picodollars += row.totals.picodollars
        }
        print(["total", "\(total.attempts)", "\(total.inputTokens)", "\(total.outputTokens)", MicroDollars(total.microDollars).description, Self.dollars(picodollars: total.picodollars)].joined(separator: "\t"))
    }

    /// Picodollars as dollars with all twelve decimals.
    static func dollars(picodollars: Int64) -> String {
        let fraction = String(picodollars % 1_000_000_000_000)
        return "\(picodollars / 1_000_000_000_000).\(String(repeating: "0", count: 12 - fraction.count))\(fraction)"
    }
}
