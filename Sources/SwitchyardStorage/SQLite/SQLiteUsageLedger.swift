import Foundation
import GRDB
import SwitchyardCatalog
import SwitchyardModel

/// The usage ledger in a SQLite file (WAL), with versioned migrations run at open.
public final class SQLiteUsageLedger: UsageLedgerStore {
    private let database: DatabasePool

    /// Opens (creating if needed) the database at `path` and migrates it.
    public convenience init(path: String) throws {
        self.init(database: try SQLiteDatabase(path: path))
    }

    /// The ledger in an open database.
    public init(database: SQLiteDatabase) {
        self.database = database.pool
    }

    static func createLedger(_ db: Database) throws {
        try db.create(table: "usage_ledger") { table in
            table.autoIncrementedPrimaryKey("id")
            table.column("request_id", .text).notNull()
            table.column("settled_at_ms", .integer).notNull()
            table.column("key_prefix", .text).notNull()
            table.column("requested_model", .text).notNull()
            table.column("served_model", .text).notNull()
            table.column("provider", .text).notNull()
            table.column("route", .text).notNull()
            table.column("stream", .boolean).notNull()
            table.column("input_tokens", .integer).notNull()
            table.column("cached_tokens", .integer).notNull()
            table.column("cache_write_tokens", .integer).notNull()
            table.column("output_tokens", .integer).notNull()
            table.column("reasoning_tokens", .integer).notNull()
            table.column("usage_estimated", .boolean).notNull()
            table.column("cost_picodollars", .integer).notNull()
            table.column("cost_microdollars", .integer).notNull()
            table.column("status", .integer).notNull()
            table.column("error_code", .text)
            table.column("latency_us", .integer).notNull()
            table.column("ttft_us", .integer)
        }
        try db.create(index: "usage_ledger_settled_at", on: "usage_ledger", columns: ["settled_at_ms"])
        try db.create(index: "usage_ledger_request", on: "usage_ledger", columns: ["request_id"])
    }

    public func append(_ rows: [UsageRecord]) async throws {
        guard !rows.isEmpty else { return }
        try await database.write { db in
            let statement = try db.cachedStatement(sql: """
                INSERT INTO usage_ledger (request_id, settled_at_ms, key_prefix, requested_model, served_model, provider, route,
                  stream, input_tokens, cached_tokens, cache_write_tokens, output_tokens, reasoning_tokens, usage_estimated,
                  cost_picodollars, cost_microdollars, status, error_code, latency_us, ttft_us, key_id, account_id, team_id,
                  attempt, classifier, decision_us, baseline_cost_picodollars, baseline_cost_microdollars)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            let deduction = try db.cachedStatement(sql: """
                INSERT INTO credit_entries (account_id, kind, amount_microdollars, request_id, created_at_ms) VALUES (?, 'deduction', ?, ?, ?)
                """)
            var insert = PreparedInsert(statement, in: db)
            var debit = PreparedInsert(deduction, in: db)
            // A batch is a millisecond or more of CPU (~10 µs a row). This VM's scheduler keeps a
            // woken process (the client, the upstream) queued behind a running thread rather than
            // moving it to the other core, so a request waited for the whole batch: at one
            // connection, p95 ~400 µs and p99 ~1.3 ms with its 160-row batches (the `sched_yield`
            // every four rows this replaces stopped past 128 rows; SCHED_IDLE did not help). A
            // real pause every sixteen rows brings p99 to ~400 µs (every eight: the same p99, 4 %
            // fewer requests/s at 32 connections). A batch over 2,048 rows means the writer is
            // far behind (the CPU is saturated): it writes straight through to catch up.
            let pausing = rows.count <= 2048
            for (index, row) in rows.enumerated() {
                if pausing, index % 16 == 15 { Self.pause() }
                try insert.add(row.requestID)
                try insert.add(row.settledAtMillis)
                try insert.add(row.keyPrefix)
                try insert.add(row.requestedModel)
                try insert.add(row.servedModel)
                try insert.add(row.provider)
                try insert.add(row.route)
                try insert.add(row.stream)
                try insert.add(row.usage.inputTokens)
                try insert.add(row.usage.cachedInputTokens)
                try insert.add(row.usage.cacheWriteTokens)
                try insert.add(row.usage.outputTokens)
                try insert.add(row.usage.reasoningTokens)
                try insert.add(row.usage.isEstimated)
                try insert.add(row.cost.picodollars)
                try insert.add(row.cost.microDollars.value)
                try insert.add(row.status)
                try insert.add(row.errorCode)
                try insert.add(row.latency.microseconds)
                try insert.add(row.timeToFirstToken?.microseconds)
                try insert.add(row.keyID)
                try insert.add(row.accountID)
                try insert.add(row.teamID)
                try insert.add(row.attempt)
                try insert.add(row.classifier)
                try insert.add(row.decisionTime?.microseconds)
                try insert.add(row.baselineCost.picodollars)
                try insert.add(row.baselineCost.microDollars.value)
                try insert.run()
                // A prepaid account pays in the same transaction: the balance never disagrees with the ledger.
                if let account = row.creditAccountID, row.cost.microDollars.value > 0 {
                    try debit.add(account)
                    try debit.add(-row.cost.microDollars.value)
                    try debit.add(row.requestID)
                    try debit.add(row.settledAtMillis)
                    try debit.run()
                }
            }
        }
    }

    /// Gives up the CPU for a moment (the timer's slack makes it ~50 µs).
    private static func pause() {
        var pause = timespec(tv_sec: 0, tv_nsec: 1_000)
        nanosleep(&pause, nil)
    }

    public func count() async throws -> Int {
        try await database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM usage_ledger") ?? 0 }
    }

    public func rows(requestID: String) async throws -> [UsageRecord] {
        try await database.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM usage_ledger WHERE request_id = ? ORDER BY id", arguments: [requestID]).map(Self.record)
        }
    }

    public func totals() async throws -> UsageTotals {
        try await database.read { db in
            let row = try Row.fetchOne(db, sql: """
                SELECT COUNT(*) AS attempts, COALESCE(SUM(input_tokens), 0) AS input, COALESCE(SUM(output_tokens), 0) AS output,
                  COALESCE(SUM(cost_picodollars), 0) AS pico, COALESCE(SUM(cost_microdollars), 0) AS micro FROM usage_ledger
                """)
            guard let row else { return UsageTotals() }
            return UsageTotals(attempts: row["attempts"], inputTokens: row["input"], outputTokens: row["output"], picodollars: row["pico"], microDollars: row["micro"])
        }
    }

    public func usage(_ query: UsageQuery) async throws -> [UsageSeriesRow] {
        let (sql, arguments) = query.sql()
        return try await database.read { db in
            try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                UsageSeriesRow(group: row["grp"], period: row["period"], totals: UsageTotals(
                    attempts: row["attempts"], inputTokens: row["input"], outputTokens: row["output"], picodollars: row["pico"], microDollars: row["micro"],
                    baselinePicodollars: row["base_pico"], baselineMicroDollars: row["base_micro"]
                ))
            }
        }
    }

    static func record(_ row: Row) -> UsageRecord {
        var usage = Usage(
            inputTokens: row["input_tokens"], outputTokens: row["output_tokens"], cachedInputTokens: row["cached_tokens"],
            cacheWriteTokens: row["cache_write_tokens"], reasoningTokens: row["reasoning_tokens"]
        )
        usage.isEstimated = row["usage_estimated"]
        let ttft: Int64? = row["ttft_us"]
        return UsageRecord(
            requestID: row["request_id"], settledAtMillis: row["settled_at_ms"], keyPrefix: row["key_prefix"],
            requestedModel: row["requested_model"], servedModel: row["served_model"], provider: row["provider"], route: row["route"],
            stream: row["stream"], usage: usage, cost: Cost(picodollars: row["cost_picodollars"]), status: row["status"],
            errorCode: row["error_code"], latency: .microseconds(row["latency_us"] as Int64), timeToFirstToken: ttft.map { .microseconds($0) },
            keyID: row["key_id"] ?? "master", accountID: row["account_id"], teamID: row["team_id"], attempt: row["attempt"],
            classifier: row["classifier"], decisionTime: (row["decision_us"] as Int64?).map { .microseconds($0) },
            baselineCost: (row["baseline_cost_picodollars"] as Int64?).map { Cost(picodollars: $0) }
        )
    }
}
