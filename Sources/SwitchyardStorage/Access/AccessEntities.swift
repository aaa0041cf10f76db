/// A group of accounts (a company, a department) whose usage can be summed.
public struct Team: Codable, Sendable, Hashable {
    public var id: String
    public var name: String
    public var createdAtMillis: Int64

    public init(id: String, name: String, createdAtMillis: Int64) {
        self.id = id
        self.name = name
        self.createdAtMillis = createdAtMillis
    }

    enum CodingKeys: String, CodingKey {
        case id, name
        case createdAtMillis = "created_at_ms"
    }
}

/// A user or service that owns keys; optionally in a team, optionally prepaid.
public struct Account: Codable, Sendable, Hashable {
    public var id: String
    public var teamID: String?
    public var name: String
    /// Prepaid accounts can only spend their credit balance.
    public var prepaid: Bool
    public var createdAtMillis: Int64

    public init(id: String, teamID: String?, name: String, prepaid: Bool, createdAtMillis: Int64) {
        self.id = id
        self.teamID = teamID
        self.name = name
        self.prepaid = prepaid
        self.createdAtMillis = createdAtMillis
    }

    enum CodingKeys: String, CodingKey {
        case id, name, prepaid
        case teamID = "team_id"
        case createdAtMillis = "created_at_ms"
    }
}

/// The limits a key is sold with. Nil means unlimited for that dimension.
public struct Plan: Codable, Sendable, Hashable {
    public var id: String
    public var name: String
    public var limits: PlanLimits
    public var createdAtMillis: Int64

    public init(id: String, name: String, limits: PlanLimits, createdAtMillis: Int64) {
        self.id = id
        self.name = name
        self.limits = limits
        self.createdAtMillis = createdAtMillis
    }

    enum CodingKeys: String, CodingKey {
        case id, name, limits
        case createdAtMillis = "created_at_ms"
    }
}

/// Rate, concurrency, budget and model limits: a plan's, or a key's overrides of them.
public struct PlanLimits: Codable, Sendable, Hashable {
    public var rpm: Int?
    public var tpm: Int?
    public var maxConcurrent: Int?
    /// Budget per window in micro-dollars.
    public var budgetMicrodollars: Int64?
    /// `30m`, `5h`, `1d`, `7d` or `month` (UTC calendar month).
    public var budgetWindow: String?
    public var allowedModels: [String]?

    public init(
        rpm: Int? = nil, tpm: Int? = nil, maxConcurrent: Int? = nil, budgetMicrodollars: Int64? = nil,
        budgetWindow: String? = nil, allowedModels: [String]? = nil
    ) {
        self.rpm = rpm
        self.tpm = tpm
        self.maxConcurrent = maxConcurrent
        self.budgetMicrodollars = budgetMicrodollars
        self.budgetWindow = budgetWindow
        self.allowedModels = allowedModels
    }

    /// These limits with every limit `overrides` sets replacing this one's.
    public func overridden(by overrides: PlanLimits?) -> PlanLimits {
        guard let overrides else { return self }
        return PlanLimits(
            rpm: overrides.rpm ?? rpm, tpm: overrides.tpm ?? tpm, maxConcurrent: overrides.maxConcurrent ?? maxConcurrent,
            budgetMicrodollars: overrides.budgetMicrodollars ?? budgetMicrodollars, budgetWindow: overrides.budgetWindow ?? budgetWindow,
            allowedModels: overrides.allowedModels ?? allowedModels
        )
    }

    enum CodingKeys: String, CodingKey {
        case rpm, tpm
        case maxConcurrent = "max_concurrent"
        case budgetMicrodollars = "budget_microdollars"
        case budgetWindow = "budget_window"
        case allowedModels = "allowed_models"
    }
}
