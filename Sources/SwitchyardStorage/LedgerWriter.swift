import Logging
import ServiceLifecycle
import Synchronization

/// Takes settled attempts off the request path and writes them to the ledger in batches.
///
/// `record` only appends to an in-memory queue. The writer flushes whatever is queued in one
/// transaction, then pauses `batchInterval` so that the next batch gathers the rows settled
/// meanwhile; a failed write keeps the rows and retries. On graceful
/// shutdown it runs after the HTTP server has drained and flushes every remaining row.
public final class LedgerWriter: UsageRecorder, Service {
    private let store: any UsageLedgerStore
    private let logger: Logger
    private let queue = Mutex<[UsageRecord]>([])
    private let wakeups: AsyncStream<Void>
    private let wake: AsyncStream<Void>.Continuation
    /// The pause after each write, so that rows settling meanwhile share the next transaction
    /// instead of costing one each. Bounds how long a row waits in memory.
    private let batchInterval: Duration
    /// Told how long each successful write took.
    private let onFlush: @Sendable (Duration) -> Void

    public init(
        store: any UsageLedgerStore, logger: Logger, batchInterval: Duration = .milliseconds(20), onFlush: @escaping @Sendable (Duration) -> Void = { _ in }
    ) {
        self.onFlush = onFlush
        self.store = store
        self.logger = logger
        self.batchInterval = batchInterval
        (wakeups, wake) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(1))
    }

    /// Queues a row; never blocks and never drops.
    public func record(_ record: UsageRecord) {
        queue.withLock { $0.append(record) }
        wake.yield()
    }

    /// Rows queued and not yet written.
    public var backlog: Int { queue.withLock { $0.count } }

    public func run() async throws {
        await withGracefulShutdownHandler {
            for await _ in wakeups {
                await flush()
                if batchInterval > .zero { try? await Task.sleep(for: batchInterval) }
            }
        } onGracefulShutdown: {
            self.wake.finish()
        }
        // Everything settled before shutdown reached us is written before we return.
        while backlog > 0 {
            if await !flush() { try await Task.sleep(for: .milliseconds(100)) }
        }
    }

    /// Writes what is queued; returns false (keeping the rows) when the store failed.
    @discardableResult
    public func flush() async -> Bool {
        let batch = queue.withLock { rows -> [UsageRecord] in
            defer { rows.removeAll(keepingCapacity: true) }
            return rows
        }
        guard !batch.isEmpty else { return true }
        do {
            let started = ContinuousClock.now
            try await store.append(batch)
            onFlush(ContinuousClock.now - started)
            return true
        } catch {
            logger.error("ledger write failed; rows kept for retry", metadata: ["rows": .stringConvertible(batch.count), "error": .string("\(error)")])
            queue.withLock { $0.insert(contentsOf: batch, at: 0) }
            wake.yield()
            return false
        }
    }
}
