import Foundation
import SwitchyardStorage
import Testing

@Suite struct AccessStoreTests {
    static func store() throws -> SQLiteAccessStore {
        SQLiteAccessStore(database: try SQLiteDatabase(path: LedgerTests.temporaryPath()))
    }

    @Test func entitiesRoundTripAndUpdateInPlace() async throws {
        let path = LedgerTests.temporaryPath()
        let store = SQLiteAccessStore(database: try SQLiteDatabase(path: path))
        let team = Team(id: "team_1", name: "Research", createdAtMillis: 1)
        let account = Account(id: "acct_1", teamID: "team_1", name: "Ada", prepaid: false, createdAtMillis: 2)
        let plan = Plan(id: "pro", name: "Pro", limits: PlanLimits(rpm: 60, budgetMicrodollars: 5_000_000, budgetWindow: "5h", allowedModels: ["a", "b"]), createdAtMillis: 3)
        var key = APIKey(
            id: "key_1", accountID: "acct_1", planID: "pro", name: "ci", prefix: "sk-sy-AbCd", keyHash: String(repeating: "ab", count: 32),
            overrides: PlanLimits(rpm: 10), metadata: ["user": "u-42"], expiresAtMillis: 99, createdAtMillis: 4
        )
        for change in [AccessChange.saveTeam(team), .saveAccount(account), .savePlan(plan), .saveKey(key)] { try await store.apply(change) }
        key.revokedAtMillis = 50
        try await store.apply(.saveKey(key))
        // A second process opening the same file sees the same rows.
        let reopened = SQLiteAccessStore(database: try SQLiteDatabase(path: path))
        #expect(try await reopened.load() == AccessSnapshot(teams: [team], accounts: [account], plans: [plan], keys: [key]))
    }

    @Test func deletingARowOthersReferToFails() async throws {
        let store = try Self.store()
        try await store.apply(.saveTeam(Team(id: "t", name: "T", createdAtMillis: 0)))
        try await store.apply(.saveAccount(Account(id: "a", teamID: "t", name: "A", prepaid: false, createdAtMillis: 0)))
        await #expect(throws: (any Error).self) { try await store.apply(.deleteTeam(id: "t")) }
        try await store.apply(.deleteAccount(id: "a"))
        try await store.apply(.deleteTeam(id: "t"))
        #expect(try await store.load() == AccessSnapshot())
    }

    @Test func keyHashesAreUnique() async throws {
        let store = try Self.store()
        try await store.apply(.saveAccount(Account(id: "a", teamID: nil, name: "A", prepaid: false, createdAtMillis: 0)))
        try await store.apply(.savePlan(Plan(id: "p", name: "P", limits: PlanLimits(), createdAtMillis: 0)))
        let hash = String(repeating: "0", count: 64)
        let first = APIKey(id: "k1", accountID: "a", planID: "p", name: nil, prefix: "sk-sy-x", keyHash: hash, overrides: nil, metadata: [:], expiresAtMillis: nil, createdAtMillis: 0)
        var second = first
        second.id = "k2"
        try await store.apply(.saveKey(first))
        await #expect(throws: (any Error).self) { try await store.apply(.saveKey(second)) }
    }

    @Test func balancesAreTheSumOfTheirEntries() async throws {
        let store = try Self.store()
        let entries: [(CreditEntry.Kind, Int64)] = [(.grant, 5_000_000), (.topUp, 1_000_000), (.deduction, -250), (.adjustment, -750)]
        for (kind, amount) in entries {
            let stored = try await store.appendCredit(CreditEntry(accountID: "acct", kind: kind, amountMicrodollars: amount, createdAtMillis: 0))
            #expect(stored.id != nil)
        }
        #expect(try await store.creditBalances() == ["acct": 5_999_000])
        #expect(try await store.creditEntries(accountID: "acct").map(\.kind) == entries.map(\.0))
    }
}
