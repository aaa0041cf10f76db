/// The limits admission enforces for one API key: its plan with the key's overrides applied.
///
/// A nil limit means "no limit" for that dimension.
public struct KeyLimits: Sendable, Hashable {
    /// Requests per minute.
    public var requestsPerMinute: Int?
    /// Tokens per minute (input estimate plus output allowance at admission, actual at settlement).
    public var tokensPerMinute: Int?
    /// Requests in flight at once.
    public var maxConcurrent: Int?
    /// Spend allowed per budget window.
    public var budget: BudgetLimit?
    /// Model ids the key may use; nil allows every model.
    public var allowedModels: Set<String>?

    public init(
        requestsPerMinute: Int? = nil, tokensPerMinute: Int? = nil, maxConcurrent: Int? = nil,
        budget: BudgetLimit? = nil, allowedModels: Set<String>? = nil
    ) {
        self.requestsPerMinute = requestsPerMinute
        self.tokensPerMinute = tokensPerMinute
        self.maxConcurrent = maxConcurrent
        self.budget = budget
        self.allowedModels = allowedModels
    }

    /// No limit of any kind (the master key).
    public static let unlimited = KeyLimits()

    /// Whether the key may use `model`.
    public func allows(model: String) -> Bool {
        allowedModels?.contains(model) ?? true
    }
}

/// An amount of money that may be spent per window.
public struct BudgetLimit: Sendable, Hashable {
    public var microDollars: Int64
    public var window: BudgetWindow

    public init(microDollars: Int64, window: BudgetWindow) {
        self.microDollars = microDollars
        self.window = window
    }
}
