import NIOCore
import Synchronization
import SwitchyardModel

/// Runs `operation`, cancelling it if `connectionClosed` completes first (the client left).
func cancellingOnDisconnect<Value: Sendable>(
    _ connectionClosed: EventLoopFuture<Void>, _ operation: @escaping @Sendable () async throws -> Value
) async throws -> Value {
    try await withThrowingTaskGroup(of: Value?.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            await waitForClose(connectionClosed)
            return nil
        }
        defer { group.cancelAll() }
        guard let first = try await group.next(), let value = first else {
            throw GatewayError(.clientClosed, "The client closed the connection.")
        }
        return value
    }
}

/// Waits until the future completes or the task is cancelled, whichever comes first.
private func waitForClose(_ future: EventLoopFuture<Void>) async {
    let waiter = OnceContinuation()
    await withTaskCancellationHandler {
        await withCheckedContinuation { continuation in
            waiter.set(continuation)
            future.whenComplete { _ in waiter.resume() }
        }
    } onCancel: {
        waiter.resume()
    }
}

/// A continuation resumed exactly once, by whichever of close or cancellation comes first.
private final class OnceContinuation: Sendable {
    private enum State {
        case waiting
        case armed(CheckedContinuation<Void, Never>)
        case resumed
    }

    private let state = Mutex(State.waiting)

    func set(_ continuation: CheckedContinuation<Void, Never>) {
        let resumeNow = state.withLock { state -> Bool in
            if case .resumed = state { return true }
            state = .armed(continuation)
            return false
        }
        if resumeNow { continuation.resume() }
    }

    func resume() {
        let continuation = state.withLock { state -> CheckedContinuation<Void, Never>? in
            defer { state = .resumed }
            if case .armed(let continuation) = state { return continuation }
            return nil
        }
        continuation?.resume()
    }
}
