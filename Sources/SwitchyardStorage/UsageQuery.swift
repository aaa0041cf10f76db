import GRDB

/// A usage question: totals per key, account, team, model, provider or route, optionally as a
/// time series by hour, day or billing period (UTC calendar month), over a time range and filters.
public struct UsageQuery: Sendable, Equatable {
    public var groupBy: UsageDimension?
    public var interval: UsageInterval?
    /// Rows settled at or after this instant (milliseconds since 1970).
    public var sinceMillis: Int64?
    /// Rows settled before this instant.
    public var untilMillis: Int64?
    public var keyID: String?
    public var accountID: String?
    public var teamID: String?
    public var model: String?

    public init(
        groupBy: UsageDimension? = nil, interval: UsageInterval? = nil, sinceMillis: Int64? = nil, untilMillis: Int64? = nil,
        keyID: String? = nil, accountID: String? = nil, teamID: String? = nil, model: String? = nil
    ) {
        self.groupBy = groupBy
        self.interval = interval
        self.sinceMillis = sinceMillis
        self.untilMillis = untilMillis
        self.keyID = keyID
        self.accountID = accountID
        self.teamID = teamID
        self.model = model
    }

    /// The SQL and its arguments; only fixed column expressions are interpolated.
    func sql() -> (String, StatementArguments) {
        var conditions: [String] = []
        var arguments: [(any DatabaseValueConvertible)?] = []
        func filter(_ clause: String, _ value: (any DatabaseValueConvertible)?) {
            guard let value else { return }
            conditions.append(clause)
            arguments.append(value)
        }
        filter("settled_at_ms >= ?", sinceMillis)
        filter("settled_at_ms < ?", untilMillis)
        filter("key_id = ?", keyID)
        filter("account_id = ?", accountID)
        filter("team_id = ?", teamID)
        filter("served_model = ?", model)
        let group = groupBy?.column ?? "NULL"
        let period = interval?.expression ?? "NULL"
        let sql = """
            SELECT \(group) AS grp, \(period) AS period, COUNT(*) AS attempts, COALESCE(SUM(input_tokens), 0) AS input,
              COALESCE(SUM(output_tokens), 0) AS output, COALESCE(SUM(cost_picodollars), 0) AS pico, COALESCE(SUM(cost_microdollars), 0) AS micro,
              COALESCE(SUM(COALESCE(baseline_cost_picodollars, cost_picodollars)), 0) AS base_pico,
              COALESCE(SUM(COALESCE(baseline_cost_microdollars, cost_microdollars)), 0) AS base_micro
            FROM usage_ledger \(conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND "))
            GROUP BY grp, period ORDER BY period, grp
            """
        return (sql, StatementArguments(arguments))
    }
}

/// What usage rows are grouped by.
public enum UsageDimension: String, Sendable, CaseIterable {
    case key, account, team, model, provider, route

    var column: String {
        switch self {
        case .key: "COALESCE(key_id, 'master')"
        case .account: "COALESCE(account_id, '')"
        case .team: "COALESCE(team_id, '')"
        case .model: "served_model"
        case .provider: "provider"
        case .route: "route"
        }
    }
}

/// The step of a usage time series.
public enum UsageInterval: String, Sendable, CaseIterable {
    case hour, day, month

    var expression: String {
        switch self {
        case .hour: "strftime('%Y-%m-%dT%H:00Z', settled_at_ms / 1000, 'unixepoch')"
        case .day: "strftime('%Y-%m-%d', settled_at_ms / 1000, 'unixepoch')"
        case .month: "strftime('%Y-%m', settled_at_ms / 1000, 'unixepoch')"
        }
    }
}

/// One group (and period) of a usage answer; nil where the query did not group by it.
public struct UsageSeriesRow: Sendable, Equatable {
    public var group: String?
    public var period: String?
    public var totals: UsageTotals

    public init(group: String?, period: String?, totals: UsageTotals) {
        self.group = group
        self.period = period
        self.totals = totals
    }
}
