import SwitchyardModel

/// Runs `operation`, failing with `error` if it does not finish within `timeout`.
///
/// The operation is cancelled when the time runs out, which cancels its HTTP request.
public func withTimeout<Value: Sendable>(
    _ timeout: Duration, error: @autoclosure @escaping @Sendable () -> GatewayError,
    _ operation: @escaping @Sendable () async throws -> Value
) async throws -> Value {
    try await withThrowingTaskGroup(of: Value?.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try await Task.sleep(for: timeout)
            return nil
        }
        defer { group.cancelAll() }
        guard let first = try await group.next(), let value = first else { throw error() }
        return value
    }
}
