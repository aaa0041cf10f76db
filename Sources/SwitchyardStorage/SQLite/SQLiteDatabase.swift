import GRDB

/// The embedded database: one SQLite file in WAL mode holding the ledger and the access tables,
/// migrated to the newest schema when opened.
public final class SQLiteDatabase: Sendable {
    let pool: DatabasePool

    /// Opens (creating if needed) the database at `path` and runs every pending migration.
    public init(path: String) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        // One writer and few readers: the ledger is written in batches and read rarely.
        configuration.maximumReaderCount = 2
        // Below the event loops: GRDB's default (user-initiated) runs its threads at nice -2, so
        // waking the ledger writer preempted the request that woke it. Utility is nice 2; background
        // starved the writer on a saturated CPU (8,299 rows queued at c32, against under 250).
        configuration.qos = .utility
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA cache_size = -512") }
        pool = try DatabasePool(path: path, configuration: configuration)
        try Self.migrator.migrate(pool)
    }

    /// Whether the database answers a query now (for readiness checks).
    public func isReachable() async -> Bool {
        (try? await pool.read { try Int.fetchOne($0, sql: "SELECT 1") }) == 1
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-usage-ledger", migrate: SQLiteUsageLedger.createLedger)
        migrator.registerMigration("v2-access", migrate: SQLiteAccessStore.createAccessTables)
        migrator.registerMigration("v3-routing") { db in
            try db.alter(table: "usage_ledger") { table in
                table.add(column: "attempt", .integer).notNull().defaults(to: 0)
                table.add(column: "classifier", .text)
                table.add(column: "decision_us", .integer)
                table.add(column: "baseline_cost_picodollars", .integer)
                table.add(column: "baseline_cost_microdollars", .integer)
            }
        }
        return migrator
    }
}
