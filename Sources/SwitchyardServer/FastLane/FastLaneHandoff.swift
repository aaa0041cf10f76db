import NIOCore
import Synchronization
import SwitchyardGateway

/// What the full path needs of a request the fast lane handed to the router after a failed
/// attempt (its arrival, the attempt, its trace), per channel, until the request's context takes it.
enum FastLaneHandoff {
    /// When the request arrived, the attempt the fast lane made, and the trace its lines and
    /// rows carry (the full path joins it, so both halves of the request share one trace id).
    struct Record: Sendable {
        var receivedAt: ContinuousClock.Instant
        var attempt: PriorAttempt
        var traceparent: String?
    }

    /// The records, and the channels whose closing has been asked to clear theirs (once each).
    private struct Pending {
        var records: [ObjectIdentifier: Record] = [:]
        var watched: Set<ObjectIdentifier> = []
    }

    private static let pending = Mutex(Pending())

    /// Keeps `record` for the next request context of `channel`. A record nobody takes (the client
    /// left before the router read the request) goes with the channel: a later channel at the same
    /// address must not inherit its arrival time and attempt.
    static func put(_ record: Record, for channel: any Channel) {
        let key = ObjectIdentifier(channel)
        let firstForChannel = pending.withLock { pending in
            pending.records[key] = record
            return pending.watched.insert(key).inserted
        }
        guard firstForChannel else { return }
        channel.closeFuture.whenComplete { _ in
            pending.withLock { pending in
                pending.records[key] = nil
                pending.watched.remove(key)
            }
        }
    }

    static func take(for channel: any Channel) -> Record? {
        pending.withLock { $0.records.removeValue(forKey: ObjectIdentifier(channel)) }
    }
}
