import SwitchyardStorage

/// `POST /admin/v1/teams` and `PATCH /admin/v1/teams/{id}`.
public struct TeamInput: Decodable, Sendable {
    public var id: String?
    public var name: String?
}

/// `POST /admin/v1/accounts` and `PATCH /admin/v1/accounts/{id}`.
public struct AccountInput: Decodable, Sendable {
    public var id: String?
    public var teamID: String?
    public var name: String?
    public var prepaid: Bool?

    enum CodingKeys: String, CodingKey {
        case id, name, prepaid
        case teamID = "team_id"
    }
}

/// `POST /admin/v1/plans` and `PATCH /admin/v1/plans/{id}` (limits are replaced as a whole).
public struct PlanInput: Decodable, Sendable {
    public var id: String?
    public var name: String?
    public var limits: PlanLimits?
}

/// `POST /admin/v1/keys` and `PATCH /admin/v1/keys/{id}`.
public struct KeyInput: Decodable, Sendable {
    public var accountID: String?
    public var planID: String?
    public var name: String?
    public var overrides: PlanLimits?
    public var metadata: [String: String]?
    public var expiresAtMillis: Int64?
    /// Alternative to `expires_at_ms`: lifetime from now.
    public var expiresInSeconds: Int64?

    enum CodingKeys: String, CodingKey {
        case name, overrides, metadata
        case accountID = "account_id"
        case planID = "plan_id"
        case expiresAtMillis = "expires_at_ms"
        case expiresInSeconds = "expires_in_seconds"
    }
}

/// `POST /admin/v1/accounts/{id}/credits`.
public struct CreditInput: Decodable, Sendable {
    public var kind: CreditEntry.Kind?
    public var amountMicrodollars: Int64
    public var note: String?

    enum CodingKeys: String, CodingKey {
        case kind, note
        case amountMicrodollars = "amount_microdollars"
    }
}

/// A key as the management API shows it: never its hash; the secret only in the create response.
public struct KeyView: Encodable, Sendable {
    public var key: APIKey
    /// `active`, `revoked` or `expired`.
    public var status: String
    /// The whole key, present only when it was just created.
    public var secret: String?

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(key.id, forKey: .id)
        try container.encode(key.accountID, forKey: .accountID)
        try container.encode(key.planID, forKey: .planID)
        try container.encodeIfPresent(key.name, forKey: .name)
        try container.encode(key.prefix, forKey: .prefix)
        try container.encodeIfPresent(key.overrides, forKey: .overrides)
        try container.encode(key.metadata, forKey: .metadata)
        try container.encodeIfPresent(key.expiresAtMillis, forKey: .expiresAtMillis)
        try container.encodeIfPresent(key.revokedAtMillis, forKey: .revokedAtMillis)
        try container.encode(key.createdAtMillis, forKey: .createdAtMillis)
        try container.encode(status, forKey: .status)
        try container.encodeIfPresent(secret, forKey: .secret)
    }

    enum CodingKeys: String, CodingKey {
        case id, name, prefix, overrides, metadata, status
        case secret = "key"
        case accountID = "account_id"
        case planID = "plan_id"
        case expiresAtMillis = "expires_at_ms"
        case revokedAtMillis = "revoked_at_ms"
        case createdAtMillis = "created_at_ms"
    }
}

/// An account's balance and history.
public struct CreditStatement: Encodable, Sendable {
    public var accountID: String
    public var balanceMicrodollars: Int64
    /// Held by requests in flight right now.
    public var reservedMicrodollars: Int64
    public var entries: [CreditEntry]

    enum CodingKeys: String, CodingKey {
        case entries
        case accountID = "account_id"
        case balanceMicrodollars = "balance_microdollars"
        case reservedMicrodollars = "reserved_microdollars"
    }
}
