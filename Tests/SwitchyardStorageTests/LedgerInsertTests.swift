import GRDB
import SwitchyardCatalog
import SwitchyardModel
import SwitchyardStorage
import Testing

/// The ledger's insert binds values with SQLite's own calls (`PreparedInsert`): every column,
/// present or absent, must come back as written, and a failed row must leave no row of its batch.
@Suite struct LedgerInsertTests {
    @Test func everyColumnRoundTripsWithEmptyAndNonASCIIText() async throws {
        let store = try SQLiteUsageLedger(path: LedgerTests.temporaryPath())
        var full = LedgerTests.record("full")
        full.keyPrefix = ""
        full.requestedModel = "modèle-ü→🙂"
        full.keyID = "key_1"
        full.accountID = "acct_1"
        full.teamID = "team_1"
        full.attempt = 2
        full.classifier = "rules"
        full.decisionTime = .microseconds(42)
        full.baselineCost = Cost(picodollars: 9_000_001)
        full.usage.isEstimated = true
        full.stream = false
        full.errorCode = "upstream_timeout"
        full.status = 504
        full.timeToFirstToken = nil
        var sparse = LedgerTests.record("sparse")
        sparse.errorCode = nil
        sparse.usage = Usage()
        sparse.cost = .zero
        try await store.append([full, sparse])
        #expect(try await store.rows(requestID: "full") == [full])
        #expect(try await store.rows(requestID: "sparse") == [sparse])
    }

    @Test func aFailingRowWritesNoRowOfItsBatch() async throws {
        let path = LedgerTests.temporaryPath()
        let store = try SQLiteUsageLedger(path: path)
        let other = try DatabaseQueue(path: path)
        try await other.write { db in
            try db.execute(sql: """
                CREATE TRIGGER refuse_boom BEFORE INSERT ON usage_ledger WHEN NEW.request_id = 'boom'
                BEGIN SELECT RAISE(ABORT, 'boom refused'); END
                """)
        }
        await #expect(throws: DatabaseError.self) {
            try await store.append([LedgerTests.record("fine"), LedgerTests.record("boom")])
        }
        #expect(try await store.count() == 0)
        // The statement is left usable: the next batch is written.
        try await store.append([LedgerTests.record("fine")])
        #expect(try await store.count() == 1)
    }
}
