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
    /// Totals per group and per period, as `query` asks.
    func usage(_ query: UsageQuery) async throws -> [UsageSeriesRow]
}

/// Sums over ledger rows.
public struct UsageTotals: Sendable, Equatable {
    public var attempts: Int
    public var inputTokens: Int
    public var outputTokens: Int
    public var picodollars: Int64
    /// Sum of the per-attempt billed amounts.
    public var microDollars: Int64
    /// What the routes' baseline models would have charged for the same tokens.
    public var baselinePicodollars: Int64
    public var baselineMicroDollars: Int64

    public init(
        attempts: Int = 0, inputTokens: Int = 0, outputTokens: Int = 0, picodollars: Int64 = 0, microDollars: Int64 = 0,
        baselinePicodollars: Int64? = nil, baselineMicroDollars: Int64? = nil
    ) {
        self.attempts = attempts
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.picodollars = picodollars
        self.microDollars = microDollars
        self.baselinePicodollars = baselinePicodollars ?? picodollars
        self.baselineMicroDollars = baselineMicroDollars ?? microDollars
    }
}


extension UsageTotals {
    /// The sum of several totals.
    public static func sum(_ parts: some Sequence<UsageTotals>) -> UsageTotals {
        parts.reduce(into: UsageTotals()) { sum, part in
            sum.attempts += part.attempts
            sum.inputTokens += part.inputTokens
            sum.outputTokens += part.outputTokens
            sum.picodollars += part.picodollars
            sum.microDollars += part.microDollars
            sum.baselinePicodollars += part.baselinePicodollars
            sum.baselineMicroDollars += part.baselineMicroDollars
        }
    }
}
