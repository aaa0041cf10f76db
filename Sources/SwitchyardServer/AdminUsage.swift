import Hummingbird
import SwitchyardCatalog
import SwitchyardModel
import SwitchyardStorage

/// The query string of `GET /admin/v1/usage`.
enum UsageParameters {
    static func query(_ parameters: Parameters) throws -> UsageQuery {
        var query = UsageQuery()
        if let value = parameters["group_by"] {
            guard let dimension = UsageDimension(rawValue: String(value)) else {
                throw GatewayError(.invalidValue, "'group_by' must be one of \(UsageDimension.allCases.map(\.rawValue).joined(separator: ", ")).", param: "group_by")
            }
            query.groupBy = dimension
        }
        if let value = parameters["interval"] {
            guard let interval = UsageInterval(rawValue: String(value)) else {
                throw GatewayError(.invalidValue, "'interval' must be one of \(UsageInterval.allCases.map(\.rawValue).joined(separator: ", ")) (month is the billing period).", param: "interval")
            }
            query.interval = interval
        }
        query.sinceMillis = try instant(parameters["since"], name: "since")
        query.untilMillis = try instant(parameters["until"], name: "until")
        query.keyID = parameters["key_id"].map(String.init)
        query.accountID = parameters["account_id"].map(String.init)
        query.teamID = parameters["team_id"].map(String.init)
        query.model = parameters["model"].map(String.init)
        return query
    }

    /// Milliseconds since 1970, or a UTC day `YYYY-MM-DD` (its midnight).
    static func instant(_ value: Substring?, name: String) throws -> Int64? {
        guard let value else { return nil }
        if let millis = Int64(value) { return millis }
        if let day = CalendarDay(parsing: String(value)) { return Int64(day.daysSince1970) * 86_400_000 }
        throw GatewayError(.invalidValue, "'\(name)' must be milliseconds since 1970 or a day YYYY-MM-DD, got '\(value.prefix(40))'.", param: name)
    }
}

/// The answer of `GET /admin/v1/usage`: one row per group and period, and the totals.
struct UsageReport: Encodable {
    var object = "usage"
    var data: [Row]
    var totals: Row

    init(_ rows: [UsageSeriesRow]) {
        data = rows.map { Row(group: $0.group, period: $0.period, totals: $0.totals) }
        let sum = UsageTotals.sum(rows.map(\.totals))
        totals = Row(group: nil, period: nil, totals: sum)
    }

    struct Row: Encodable {
        var group: String?
        var period: String?
        var totals: UsageTotals

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encodeIfPresent(group, forKey: .group)
            try container.encodeIfPresent(period, forKey: .period)
            try container.encode(totals.attempts, forKey: .attempts)
            try container.encode(totals.inputTokens, forKey: .inputTokens)
            try container.encode(totals.outputTokens, forKey: .outputTokens)
            try container.encode(totals.microDollars, forKey: .costMicrodollars)
            try container.encode(totals.picodollars, forKey: .costPicodollars)
            try container.encode(totals.baselineMicroDollars, forKey: .baselineCostMicrodollars)
            try container.encode(totals.baselineMicroDollars - totals.microDollars, forKey: .savedMicrodollars)
        }

        enum CodingKeys: String, CodingKey {
            case group, period, attempts
            case inputTokens = "input_tokens"
            case outputTokens = "output_tokens"
            case costMicrodollars = "cost_microdollars"
            case costPicodollars = "cost_picodollars"
            case baselineCostMicrodollars = "baseline_cost_microdollars"
            case savedMicrodollars = "saved_microdollars"
        }
    }
}
