import Logging

/// Takes a line of `LogFields` straight to the process's log output as finished bytes.
public protocol FieldLineOutput: Sendable {
    /// Writes one line: the stamp, `level`, `label`, `message`, then the fields.
    func write(level: Logger.Level, label: String, message: String, fields: some LogFields)
}

/// The two lines every request logs (`request`, `request settled`) skip swift-log's event when
/// the process writes JSON logs: no metadata dictionary, no boxed fields, no cast on the writer's
/// side; the line's bytes are made on the caller's thread into the output's queue. Measured at
/// 32 connections, logging at info cost the fast lane ~20–35 µs of CPU per request this way
/// avoided in part. Any other output (text logs, a test's handler) gets the same fields through
/// the logger, as one metadata entry.
public enum FieldLines {
    /// Set once by `serve`, before the server starts, when logs are JSON on standard error.
    nonisolated(unsafe) public static var output: (any FieldLineOutput)?

    /// `fields` as an info line from `logger`, when its level lets info through.
    public static func info(_ logger: Logger, _ message: String, _ fields: some LogFields) {
        guard logger.logLevel <= .info else { return }
        if let output {
            output.write(level: .info, label: logger.label, message: message, fields: fields)
        } else {
            logger.info("\(message)", metadata: fields.metadata)
        }
    }
}
