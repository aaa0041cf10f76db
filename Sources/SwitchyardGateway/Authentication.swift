import SwitchyardAdmission
import SwitchyardModel

/// Who is calling: the identity behind an API key and the limits it is held to.
public struct Principal: Sendable, Hashable {
    /// A stable id of the key (never the key itself); `master` for the master key.
    public var keyID: String
    /// The key's visible prefix, safe to log.
    public var keyPrefix: String
    public var accountID: String?
    public var teamID: String?
    /// The plan's limits with the key's overrides applied.
    public var limits: KeyLimits
    /// Set when the key's account is prepaid: its credit balance pays.
    public var creditAccountID: String?

    public init(
        keyID: String, keyPrefix: String, accountID: String? = nil, teamID: String? = nil, limits: KeyLimits = .unlimited,
        creditAccountID: String? = nil
    ) {
        self.keyID = keyID
        self.keyPrefix = keyPrefix
        self.accountID = accountID
        self.teamID = teamID
        self.limits = limits
        self.creditAccountID = creditAccountID
    }
}

/// Turns a presented API key into a `Principal` or a 401.
public protocol Authenticator: Sendable {
    func authenticate(_ presentedKey: String?) throws(GatewayError) -> Principal
}

/// Accepts exactly one key, the master key, compared in constant time.
public struct MasterKeyAuthenticator: Authenticator {
    private let key: [UInt8]
    private let principal: Principal

    public init(masterKey: String) {
        precondition(!masterKey.isEmpty, "the master key must not be empty")
        key = Array(masterKey.utf8)
        principal = Principal(keyID: "master", keyPrefix: Self.redacted(masterKey))
    }

    public func authenticate(_ presentedKey: String?) throws(GatewayError) -> Principal {
        guard let presentedKey, !presentedKey.isEmpty else { throw .missingKey }
        guard matches(presentedKey) else {
            throw GatewayError(.invalidAPIKey, "Incorrect API key provided: \(Self.redacted(presentedKey)).")
        }
        return principal
    }

    /// Whether `presentedKey` is the master key, without an early exit.
    public func matches(_ presentedKey: String) -> Bool {
        Self.constantTimeEquals(presentedKey.utf8, key)
    }

    /// Compares without an early exit, so timing does not reveal the matching prefix.
    static func constantTimeEquals(_ presented: String.UTF8View, _ expected: [UInt8]) -> Bool {
        var difference = presented.count ^ expected.count
        var index = 0
        for byte in presented {
            difference |= Int(byte ^ expected[index % expected.count])
            index += 1
        }
        return difference == 0
    }

    /// A key shown with only its first and last few characters.
    public static func redacted(_ key: String) -> String {
        guard key.count > 12 else { return "****" }
        return "\(key.prefix(8))…\(key.suffix(4))"
    }
}

extension GatewayError {
    static let missingKey = GatewayError(.missingAPIKey, "You didn't provide an API key. Send it as 'Authorization: Bearer <key>'.")
}
