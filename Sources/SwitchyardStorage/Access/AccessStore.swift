/// Durable storage of teams, accounts, plans, keys and credit entries. SQLite implements it
/// today; the shapes are plain rows so PostgreSQL can implement it next.
public protocol AccessStore: Sendable {
    /// Everything except credit entries, for the in-memory directory at start.
    func load() async throws -> AccessSnapshot
    /// Inserts or replaces one entity, or deletes one, atomically.
    func apply(_ change: AccessChange) async throws
    /// Appends a credit entry and returns it with its id.
    func appendCredit(_ entry: CreditEntry) async throws -> CreditEntry
    /// An account's entries, oldest first.
    func creditEntries(accountID: String) async throws -> [CreditEntry]
    /// Every account's balance: the sum of its entries.
    func creditBalances() async throws -> [String: Int64]
}

/// The access tables at one moment.
public struct AccessSnapshot: Sendable, Equatable {
    public var teams: [Team]
    public var accounts: [Account]
    public var plans: [Plan]
    public var keys: [APIKey]

    public init(teams: [Team] = [], accounts: [Account] = [], plans: [Plan] = [], keys: [APIKey] = []) {
        self.teams = teams
        self.accounts = accounts
        self.plans = plans
        self.keys = keys
    }
}

/// One write to the access tables.
public enum AccessChange: Sendable {
    case saveTeam(Team)
    case saveAccount(Account)
    case savePlan(Plan)
    case saveKey(APIKey)
    case deleteTeam(id: String)
    case deleteAccount(id: String)
    case deletePlan(id: String)
}
