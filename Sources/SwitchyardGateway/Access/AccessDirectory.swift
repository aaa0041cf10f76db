import Synchronization
import SwitchyardAdmission
import SwitchyardModel
import SwitchyardStorage

/// The access tables held in memory, so that authenticating a key is a hash and a dictionary
/// lookup. Every write goes to the store first and then here, so a revoked key is refused on
/// its very next request.
public final class AccessDirectory: Sendable {
    private let state: Mutex<DirectoryIndex>

    public init(_ snapshot: AccessSnapshot = AccessSnapshot()) {
        var index = DirectoryIndex()
        snapshot.teams.forEach { index.apply(.saveTeam($0)) }
        snapshot.accounts.forEach { index.apply(.saveAccount($0)) }
        snapshot.plans.forEach { index.apply(.savePlan($0)) }
        snapshot.keys.forEach { index.apply(.saveKey($0)) }
        state = Mutex(index)
    }

    /// Applies a change that the store has already made durable.
    public func apply(_ change: AccessChange) {
        state.withLock { $0.apply(change) }
    }

    /// Everything, each list in creation order.
    public var snapshot: AccessSnapshot {
        state.withLock { index in
            AccessSnapshot(
                teams: index.teams.values.sorted(by: Self.creationOrder),
                accounts: index.accounts.values.sorted(by: Self.creationOrder),
                plans: index.plans.values.sorted(by: Self.creationOrder),
                keys: index.keys.values.sorted(by: Self.creationOrder)
            )
        }
    }

    public func team(_ id: String) -> Team? { state.withLock { $0.teams[id] } }
    public func account(_ id: String) -> Account? { state.withLock { $0.accounts[id] } }
    public func plan(_ id: String) -> Plan? { state.withLock { $0.plans[id] } }
    public func key(_ id: String) -> APIKey? { state.withLock { $0.keys[id] } }

    /// The principal of the key whose SHA-256 is `hash`, or why it may not be used at `nowMillis`.
    func principal(hash: String, presented: String, nowMillis: Int64) throws(GatewayError) -> Principal {
        let resolved: Result<Principal, GatewayError> = state.withLock { index in
            guard let id = index.keyIDByHash[hash], let key = index.keys[id] else {
                return .failure(GatewayError(.invalidAPIKey, "Incorrect API key provided: \(MasterKeyAuthenticator.redacted(presented))."))
            }
            if key.revokedAtMillis != nil {
                return .failure(GatewayError(.keyRevoked, "The API key \(key.prefix)… was revoked."))
            }
            if let expiry = key.expiresAtMillis, expiry <= nowMillis {
                return .failure(GatewayError(.keyExpired, "The API key \(key.prefix)… has expired."))
            }
            let account = index.accounts[key.accountID]
            let planLimits = index.plans[key.planID]?.limits ?? PlanLimits()
            return .success(Principal(
                keyID: key.id, keyPrefix: key.prefix, accountID: key.accountID, teamID: account?.teamID,
                limits: KeyLimits(planLimits.overridden(by: key.overrides)),
                creditAccountID: account?.prepaid == true ? key.accountID : nil
            ))
        }
        return try resolved.get()
    }

    static func creationOrder<Entity: AccessEntity>(_ lhs: Entity, _ rhs: Entity) -> Bool {
        (lhs.createdAtMillis, lhs.id) < (rhs.createdAtMillis, rhs.id)
    }
}

/// The in-memory tables, with keys indexed by hash.
struct DirectoryIndex {
    var teams: [String: Team] = [:]
    var accounts: [String: Account] = [:]
    var plans: [String: Plan] = [:]
    var keys: [String: APIKey] = [:]
    var keyIDByHash: [String: String] = [:]

    mutating func apply(_ change: AccessChange) {
        switch change {
        case .saveTeam(let team): teams[team.id] = team
        case .saveAccount(let account): accounts[account.id] = account
        case .savePlan(let plan): plans[plan.id] = plan
        case .saveKey(let key):
            keys[key.id] = key
            keyIDByHash[key.keyHash] = key.id
        case .deleteTeam(let id): teams[id] = nil
        case .deleteAccount(let id): accounts[id] = nil
        case .deletePlan(let id): plans[id] = nil
        }
    }
}

/// What the directory's lists are ordered by.
protocol AccessEntity {
    var id: String { get }
    var createdAtMillis: Int64 { get }
}

extension Team: AccessEntity {}
extension Account: AccessEntity {}
extension Plan: AccessEntity {}
extension APIKey: AccessEntity {}

extension KeyLimits {
    /// Admission's view of stored limits (a window that does not parse was refused when it was written).
    public init(_ limits: PlanLimits) {
        let budget = limits.budgetMicrodollars.flatMap { amount in
            BudgetWindow(parsing: limits.budgetWindow ?? "month").map { BudgetLimit(microDollars: amount, window: $0) }
        }
        self.init(
            requestsPerMinute: limits.rpm, tokensPerMinute: limits.tpm, maxConcurrent: limits.maxConcurrent, budget: budget,
            allowedModels: limits.allowedModels.map(Set.init)
        )
    }
}
