import Foundation
import SwitchyardAdmission
import SwitchyardModel
import SwitchyardStorage

/// The management operations behind `/admin/v1` and the `keys` CLI. One actor, so each
/// validate → store → directory sequence is atomic; the store is written first, the
/// in-memory directory after, so what the gateway enforces is always durable.
public actor AccessAdmin {
    let store: any AccessStore
    public nonisolated let directory: AccessDirectory
    let admission: AdmissionController
    let ledger: any UsageLedgerStore
    let flushLedger: @Sendable () async -> Void
    let modelExists: @Sendable (String) -> Bool
    let nowMillis: @Sendable () -> Int64

    public init(
        store: any AccessStore, directory: AccessDirectory, admission: AdmissionController, ledger: any UsageLedgerStore,
        flushLedger: @escaping @Sendable () async -> Void, modelExists: @escaping @Sendable (String) -> Bool,
        nowMillis: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970 * 1000) }
    ) {
        self.store = store
        self.directory = directory
        self.admission = admission
        self.ledger = ledger
        self.flushLedger = flushLedger
        self.modelExists = modelExists
        self.nowMillis = nowMillis
    }

    func commit(_ change: AccessChange) async throws(GatewayError) {
        do {
            try await store.apply(change)
        } catch {
            throw GatewayError(.internalError, "The change could not be stored: the database refused it.")
        }
        directory.apply(change)
    }

    // MARK: teams

    public func createTeam(_ input: TeamInput) async throws(GatewayError) -> Team {
        let id = try AdminValidation.newID(input.id, prefix: "team", taken: directory.team)
        let team = Team(id: id, name: try AdminValidation.name(input.name), createdAtMillis: nowMillis())
        try await commit(.saveTeam(team))
        return team
    }

    public func updateTeam(_ id: String, _ input: TeamInput) async throws(GatewayError) -> Team {
        var team = try AdminValidation.found(directory.team(id), "team", id)
        if let name = input.name { team.name = try AdminValidation.name(name) }
        try await commit(.saveTeam(team))
        return team
    }

    public func deleteTeam(_ id: String) async throws(GatewayError) {
        _ = try AdminValidation.found(directory.team(id), "team", id)
        if let member = directory.snapshot.accounts.first(where: { $0.teamID == id }) {
            throw GatewayError(.conflict, "Team '\(id)' still has accounts (e.g. '\(member.id)'); move or delete them first.")
        }
        try await commit(.deleteTeam(id: id))
    }

    // MARK: accounts

    public func createAccount(_ input: AccountInput) async throws(GatewayError) -> Account {
        let id = try AdminValidation.newID(input.id, prefix: "acct", taken: directory.account)
        if let team = input.teamID { _ = try AdminValidation.found(directory.team(team), "team", team, param: "team_id") }
        let account = Account(id: id, teamID: input.teamID, name: try AdminValidation.name(input.name), prepaid: input.prepaid ?? false, createdAtMillis: nowMillis())
        try await commit(.saveAccount(account))
        return account
    }

    public func updateAccount(_ id: String, _ input: AccountInput) async throws(GatewayError) -> Account {
        var account = try AdminValidation.found(directory.account(id), "account", id)
        if let name = input.name { account.name = try AdminValidation.name(name) }
        if let team = input.teamID {
            _ = try AdminValidation.found(directory.team(team), "team", team, param: "team_id")
            account.teamID = team
        }
        if let prepaid = input.prepaid { account.prepaid = prepaid }
        try await commit(.saveAccount(account))
        return account
    }

    public func deleteAccount(_ id: String) async throws(GatewayError) {
        _ = try AdminValidation.found(directory.account(id), "account", id)
        if let key = directory.snapshot.keys.first(where: { $0.accountID == id }) {
            throw GatewayError(.conflict, "Account '\(id)' still owns keys (e.g. '\(key.id)'); keys stay for the ledger, so such an account cannot be deleted.")
        }
        try await commit(.deleteAccount(id: id))
    }

    // MARK: plans

    public func createPlan(_ input: PlanInput) async throws(GatewayError) -> Plan {
        let id = try AdminValidation.newID(input.id, prefix: "plan", taken: directory.plan)
        let limits = try AdminValidation.limits(input.limits ?? PlanLimits(), param: "limits", modelExists: modelExists)
        let plan = Plan(id: id, name: try AdminValidation.name(input.name), limits: limits, createdAtMillis: nowMillis())
        try await commit(.savePlan(plan))
        return plan
    }

    public func updatePlan(_ id: String, _ input: PlanInput) async throws(GatewayError) -> Plan {
        var plan = try AdminValidation.found(directory.plan(id), "plan", id)
        if let name = input.name { plan.name = try AdminValidation.name(name) }
        if let limits = input.limits { plan.limits = try AdminValidation.limits(limits, param: "limits", modelExists: modelExists) }
        try await commit(.savePlan(plan))
        return plan
    }

    public func deletePlan(_ id: String) async throws(GatewayError) {
        _ = try AdminValidation.found(directory.plan(id), "plan", id)
        if let key = directory.snapshot.keys.first(where: { $0.planID == id }) {
            throw GatewayError(.conflict, "Plan '\(id)' is used by key '\(key.id)'; move its keys to another plan first.")
        }
        try await commit(.deletePlan(id: id))
    }
}
