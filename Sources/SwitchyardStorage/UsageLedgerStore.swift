/// Durable storage of usage rows. SQLite implements it today; PostgreSQL can implement it next.
public protocol UsageLedgerStore: Sendable {
    /// Appends rows atomically: all of them or none.
    func append(_ rows: [UsageRecord]) async throws
    /// Number of rows stored.
    func count() async throws -> Int
    /// The rows of one request, oldest first.
    func rows(requestID: String) async throws -> [UsageRecord]
    /// Totals over every row: attempts, tokens and exact cost.
    func totals() async throws -> UsageTotals
    /// Totals per group for rows settled at or after `sinceMillis`, groups in ascending order.
    func summary(by grouping: UsageGrouping, sinceMillis: Int64) async throws -> [UsageSummaryRow]
}

/// Sums over ledger rows.
public struct UsageTotals: Sendable, Equatable {
    public var attempts: Int
    public var inputTokens: Int
    public var outputTokens: Int
    public var picodollars: Int64
    /// Sum of the per-attempt billed amounts.
    public var microDollars: Int64

    public init(attempts: Int = 0, inputTokens: Int = 0, outputTokens: Int = 0, picodollars: Int64 = 0, microDollars: Int64 = 0) {
        self.attempts = attempts
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.picodollars = picodollars
        self.microDollars = microDollars
    }
}

/// How ledger rows are grouped in a usage summary.
public enum UsageGrouping: String, Sendable, CaseIterable {
    case hour, day, model, provider, key

    /// The SQL expression that names a row's group.
    var sqlExpression: String {
        switch self {
        case .hour: "strftime('%Y-%m-%d %H:00', settled_at_ms / 1000, 'unixepoch')"
        case .day: "strftime('%Y-%m-%d', settled_at_ms / 1000, 'unixepoch')"
        case .model: "served_model"
        case .provider: "provider"
        case .key: "key_prefix"
        }
    }
}

/// One group of a usage summary.
public struct UsageSummaryRow: Sendable, Equatable {
    public var group: String
    public var totals: UsageTotals

    public init(group: String, totals: UsageTotals) {
        self.group = group
        self.totals = totals
    }
}
