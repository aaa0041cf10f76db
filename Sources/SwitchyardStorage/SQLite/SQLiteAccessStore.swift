import GRDB

/// Teams, accounts, plans, keys and credit entries in the embedded SQLite database.
public final class SQLiteAccessStore: AccessStore {
    private let database: DatabasePool

    public init(database: SQLiteDatabase) {
        self.database = database.pool
    }

    static func createAccessTables(_ db: Database) throws {
        try db.create(table: "teams") { table in
            table.primaryKey("id", .text)
            table.column("name", .text).notNull()
            table.column("created_at_ms", .integer).notNull()
        }
        try db.create(table: "accounts") { table in
            table.primaryKey("id", .text)
            table.column("team_id", .text).references("teams", onDelete: .restrict)
            table.column("name", .text).notNull()
            table.column("prepaid", .boolean).notNull()
            table.column("created_at_ms", .integer).notNull()
        }
        try db.create(table: "plans") { table in
            table.primaryKey("id", .text)
            table.column("name", .text).notNull()
            table.column("limits", .jsonText).notNull()
            table.column("created_at_ms", .integer).notNull()
        }
        try db.create(table: "api_keys") { table in
            table.primaryKey("id", .text)
            table.column("account_id", .text).notNull().references("accounts", onDelete: .restrict)
            table.column("plan_id", .text).notNull().references("plans", onDelete: .restrict)
            table.column("name", .text)
            table.column("prefix", .text).notNull()
            table.column("key_hash", .text).notNull().unique()
            table.column("overrides", .jsonText)
            table.column("metadata", .jsonText).notNull()
            table.column("expires_at_ms", .integer)
            table.column("revoked_at_ms", .integer)
            table.column("created_at_ms", .integer).notNull()
        }
        try db.create(table: "credit_entries") { table in
            table.autoIncrementedPrimaryKey("id")
            table.column("account_id", .text).notNull().indexed()
            table.column("kind", .text).notNull()
            table.column("amount_microdollars", .integer).notNull()
            table.column("request_id", .text)
            table.column("note", .text)
            table.column("created_at_ms", .integer).notNull()
        }
        try db.alter(table: "usage_ledger") { table in
            table.add(column: "key_id", .text)
            table.add(column: "account_id", .text)
            table.add(column: "team_id", .text)
        }
        try db.create(index: "usage_ledger_key", on: "usage_ledger", columns: ["key_id", "settled_at_ms"])
        try db.create(index: "usage_ledger_account", on: "usage_ledger", columns: ["account_id", "settled_at_ms"])
    }

    public func load() async throws -> AccessSnapshot {
        try await database.read { db in
            AccessSnapshot(
                teams: try Team.order(Column("created_at_ms")).fetchAll(db),
                accounts: try Account.order(Column("created_at_ms")).fetchAll(db),
                plans: try Plan.order(Column("created_at_ms")).fetchAll(db),
                keys: try APIKey.order(Column("created_at_ms")).fetchAll(db)
            )
        }
    }

    public func apply(_ change: AccessChange) async throws {
        try await database.write { db in
            switch change {
            case .saveTeam(let team): try team.save(db)
            case .saveAccount(let account): try account.save(db)
            case .savePlan(let plan): try plan.save(db)
            case .saveKey(let key): try key.save(db)
            case .deleteTeam(let id): _ = try Team.deleteOne(db, key: id)
            case .deleteAccount(let id): _ = try Account.deleteOne(db, key: id)
            case .deletePlan(let id): _ = try Plan.deleteOne(db, key: id)
            }
        }
    }

    public func appendCredit(_ entry: CreditEntry) async throws -> CreditEntry {
        try await database.write { db in try entry.inserted(db) }
    }

    public func creditEntries(accountID: String) async throws -> [CreditEntry] {
        try await database.read { db in
            try CreditEntry.filter(Column("account_id") == accountID).order(Column("id")).fetchAll(db)
        }
    }

    public func creditBalances() async throws -> [String: Int64] {
        try await database.read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT account_id, SUM(amount_microdollars) AS balance FROM credit_entries GROUP BY account_id")
            return Dictionary(uniqueKeysWithValues: rows.map { ($0["account_id"], $0["balance"]) })
        }
    }
}

extension Team: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "teams"
}

extension Account: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "accounts"
}

extension Plan: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "plans"
}

extension APIKey: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "api_keys"
}

extension CreditEntry: FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "credit_entries"

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
