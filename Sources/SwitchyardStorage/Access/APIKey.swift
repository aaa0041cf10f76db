/// An API key as stored: never the key itself, only its SHA-256 and a visible prefix.
public struct APIKey: Codable, Sendable, Hashable {
    public var id: String
    public var accountID: String
    public var planID: String
    public var name: String?
    /// The first characters of the key (`sk-sy-AbCd…`), safe to show and log.
    public var prefix: String
    /// Lowercase hex SHA-256 of the whole key.
    public var keyHash: String
    /// Limits replacing the plan's for this key only.
    public var overrides: PlanLimits?
    /// Free-form labels a platform attaches (its own user id, environment…).
    public var metadata: [String: String]
    public var expiresAtMillis: Int64?
    public var revokedAtMillis: Int64?
    public var createdAtMillis: Int64

    public init(
        id: String, accountID: String, planID: String, name: String?, prefix: String, keyHash: String, overrides: PlanLimits?,
        metadata: [String: String], expiresAtMillis: Int64?, revokedAtMillis: Int64? = nil, createdAtMillis: Int64
    ) {
        self.id = id
        self.accountID = accountID
        self.planID = planID
        self.name = name
        self.prefix = prefix
        self.keyHash = keyHash
        self.overrides = overrides
        self.metadata = metadata
        self.expiresAtMillis = expiresAtMillis
        self.revokedAtMillis = revokedAtMillis
        self.createdAtMillis = createdAtMillis
    }

    enum CodingKeys: String, CodingKey {
        case id, name, prefix, overrides, metadata
        case accountID = "account_id"
        case planID = "plan_id"
        case keyHash = "key_hash"
        case expiresAtMillis = "expires_at_ms"
        case revokedAtMillis = "revoked_at_ms"
        case createdAtMillis = "created_at_ms"
    }
}

/// One change to a prepaid account's balance; the balance is the sum of its entries.
public struct CreditEntry: Codable, Sendable, Hashable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case grant, topUp = "top_up", deduction, adjustment
    }

    public var id: Int64?
    public var accountID: String
    public var kind: Kind
    /// Positive for grants and top-ups, negative for deductions.
    public var amountMicrodollars: Int64
    /// The request a deduction paid for.
    public var requestID: String?
    public var note: String?
    public var createdAtMillis: Int64

    public init(
        id: Int64? = nil, accountID: String, kind: Kind, amountMicrodollars: Int64, requestID: String? = nil, note: String? = nil,
        createdAtMillis: Int64
    ) {
        self.id = id
        self.accountID = accountID
        self.kind = kind
        self.amountMicrodollars = amountMicrodollars
        self.requestID = requestID
        self.note = note
        self.createdAtMillis = createdAtMillis
    }

    enum CodingKeys: String, CodingKey {
        case id, kind, note
        case accountID = "account_id"
        case amountMicrodollars = "amount_microdollars"
        case requestID = "request_id"
        case createdAtMillis = "created_at_ms"
    }
}
