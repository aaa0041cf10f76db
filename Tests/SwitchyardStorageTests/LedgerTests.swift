import Foundation
import Logging
import ServiceLifecycle
import SwitchyardCatalog
import SwitchyardModel
import SwitchyardStorage
import Testing

@Suite struct LedgerTests {
    static func temporaryPath() -> String {
        NSTemporaryDirectory() + "ledger-\(UUID().uuidString).sqlite"
    }

    static func record(_ id: String, input: Int = 10, output: Int = 5, picodollars: Int64 = 1_500_000, status: Int = 200) -> UsageRecord {
        UsageRecord(
            requestID: id, settledAtMillis: 1_795_318_023_000, keyPrefix: "sk-sy-ab…wxyz", requestedModel: "m", servedModel: "m",
            provider: "p", route: "explicit", stream: true,
            usage: Usage(inputTokens: input, outputTokens: output, cachedInputTokens: 2, cacheWriteTokens: 1, reasoningTokens: 3),
            cost: Cost(picodollars: picodollars), status: status, errorCode: status == 200 ? nil : "client_closed_request",
            latency: .microseconds(1234), timeToFirstToken: status == 200 ? .microseconds(99) : nil
        )
    }

    @Test func rowsRoundTripExactly() async throws {
        let path = Self.temporaryPath()
        let store = try SQLiteUsageLedger(path: path)
        let rows = [Self.record("a"), Self.record("a", status: 499), Self.record("b", input: 7, output: 0, picodollars: 700_000)]
        try await store.append(rows)
        #expect(try await store.rows(requestID: "a") == Array(rows.prefix(2)))
        #expect(try await store.totals() == UsageTotals(attempts: 3, inputTokens: 27, outputTokens: 10, picodollars: 3_700_000, microDollars: 5))
        // Reopening runs the migrations again without harm and keeps the rows.
        let reopened = try SQLiteUsageLedger(path: path)
        #expect(try await reopened.count() == 3)
    }

    /// Text of every length, empty and non-ASCII, row after row in one batch: each row reads back
    /// with its own text, none of the row before it.
    @Test func textOfEveryLengthRoundTripsAcrossOneBatch() async throws {
        let store = try SQLiteUsageLedger(path: Self.temporaryPath())
        let rows = (0..<40).map { index in
            var row = Self.record("req-\(String(repeating: "x", count: (index * 7) % 23))-\(index)", status: index % 3 == 0 ? 499 : 200)
            row.servedModel = index % 4 == 0 ? "" : "modèle-\(String(repeating: "é", count: index))"
            row.requestedModel = String(repeating: "m", count: 40 - index)
            row.classifier = index % 5 == 0 ? nil : "k\(index)"
            return row
        }
        try await store.append(rows)
        for row in rows {
            #expect(try await store.rows(requestID: row.requestID) == [row])
        }
    }

    @Test func usageQueriesGroupFilterAndSeries() async throws {
        let store = try SQLiteUsageLedger(path: Self.temporaryPath())
        var late = Self.record("c", input: 1, output: 1, picodollars: 2_000_000)
        late.settledAtMillis += 86_400_000
        late.servedModel = "other"
        late.keyID = "key_b"
        late.accountID = "acct_b"
        var teamRow = Self.record("b")
        teamRow.accountID = "acct_a"
        teamRow.teamID = "team_a"
        try await store.append([Self.record("a"), teamRow, late])
        let byDay = try await store.usage(UsageQuery(interval: .day))
        #expect(byDay.map(\.period) == ["2026-11-22", "2026-11-23"])
        #expect(byDay[0].totals == UsageTotals(attempts: 2, inputTokens: 20, outputTokens: 10, picodollars: 3_000_000, microDollars: 4))
        let byModel = try await store.usage(UsageQuery(groupBy: .model, sinceMillis: late.settledAtMillis))
        #expect(byModel == [UsageSeriesRow(group: "other", period: nil, totals: UsageTotals(attempts: 1, inputTokens: 1, outputTokens: 1, picodollars: 2_000_000, microDollars: 2))])
        let perKeyPerMonth = try await store.usage(UsageQuery(groupBy: .key, interval: .month))
        #expect(perKeyPerMonth.map { "\($0.period!) \($0.group!) \($0.totals.attempts)" } == ["2026-11 key_b 1", "2026-11 master 2"])
        let team = try await store.usage(UsageQuery(teamID: "team_a"))
        #expect(team.map(\.totals.attempts) == [1])
        let accountHours = try await store.usage(UsageQuery(groupBy: .account, interval: .hour, accountID: "acct_b"))
        #expect(accountHours.map { "\($0.period!) \($0.group!)" } == ["2026-11-23T03:00Z acct_b"])
    }

    @Test func prepaidRowsDeductCreditsInTheSameTransaction() async throws {
        let database = try SQLiteDatabase(path: Self.temporaryPath())
        let ledger = SQLiteUsageLedger(database: database)
        let access = SQLiteAccessStore(database: database)
        try await access.apply(.saveAccount(Account(id: "acct", teamID: nil, name: "A", prepaid: true, createdAtMillis: 0)))
        _ = try await access.appendCredit(CreditEntry(accountID: "acct", kind: .grant, amountMicrodollars: 100, createdAtMillis: 0))
        var paid = Self.record("p", picodollars: 7_400_000)
        paid.creditAccountID = "acct"
        var free = Self.record("f", picodollars: 0)
        free.creditAccountID = "acct"
        try await ledger.append([paid, free])
        #expect(try await access.creditBalances() == ["acct": 93])
        let entries = try await access.creditEntries(accountID: "acct")
        #expect(entries.map(\.kind) == [.grant, .deduction])
        #expect(entries.last?.requestID == "p")
    }

    @Test func writerFlushesEveryRowOnGracefulShutdown() async throws {
        let store = try SQLiteUsageLedger(path: Self.temporaryPath())
        let writer = LedgerWriter(store: store, logger: Logger(label: "test"))
        let group = ServiceGroup(configuration: .init(services: [writer], logger: Logger(label: "test")))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            // Many settlers at once, as under load.
            await withTaskGroup(of: Void.self) { settlers in
                for index in 0..<500 { settlers.addTask { writer.record(Self.record("r\(index)")) } }
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        #expect(writer.backlog == 0)
        #expect(try await store.count() == 500)
    }

    @Test func failedWritesKeepTheirRows() async throws {
        let failing = FailingStore()
        let writer = LedgerWriter(store: failing, logger: Logger(label: "test"))
        writer.record(Self.record("x"))
        #expect(await writer.flush() == false)
        #expect(writer.backlog == 1)
        failing.healthy.withLock { $0 = true }
        #expect(await writer.flush())
        #expect(writer.backlog == 0)
        #expect(failing.written.withLock { $0 } == 1)
    }
}

import Synchronization

final class FailingStore: UsageLedgerStore {
    let healthy = Mutex(false)
    let written = Mutex(0)

    func append(_ rows: [UsageRecord]) async throws {
        guard healthy.withLock({ $0 }) else { throw CancellationError() }
        written.withLock { $0 += rows.count }
    }
    func count() async throws -> Int { written.withLock { $0 } }
    func rows(requestID: String) async throws -> [UsageRecord] { [] }
    func totals() async throws -> UsageTotals { UsageTotals() }
    func usage(_ query: UsageQuery) async throws -> [UsageSeriesRow] { [] }
}
