import Foundation
import Synchronization

/// Standard error for JSON log lines, written in batches.
///
/// A request writes two info lines; one `write(2)` each cost more than building them. Lines are
/// appended to a buffer instead, and a writer thread wakes on the first line after a quiet spell,
/// waits `window` for the lines that follow and writes them all at once. A line at warning or
/// above is written at once, with everything before it, so an error is never held back; the
/// buffer is also written when it grows past `limit` and when the process exits.
final class LogOutput: Sendable {
    static let standardError: LogOutput = {
        let output = LogOutput(descriptor: 2)
        atexit { LogOutput.standardError.flush() }
        return output
    }()

    private let descriptor: Int32
    private let window: Duration
    private let limit: Int
    /// Lines not yet written, and whether the writer thread has been woken for them.
    private let pending = Mutex<(bytes: [UInt8], woken: Bool)>(([], false))
    /// Held while writing, so batches reach the descriptor in the order they were taken.
    private let writing = Mutex(())
    private let wake = DispatchSemaphore(value: 0)

    init(descriptor: Int32, window: Duration = .milliseconds(5), limit: Int = 64 * 1024) {
        self.descriptor = descriptor
        self.window = window
        self.limit = limit
        let thread = Thread { [self] in runWriter() }
        thread.name = "switchyard-log"
        thread.start()
    }

    /// Queues `line` (a complete line with its newline); `urgent` writes it and all before it now.
    func append(_ line: [UInt8], urgent: Bool) {
        let (wakeWriter, full) = pending.withLock { state -> (Bool, Bool) in
            state.bytes.append(contentsOf: line)
            let first = !state.woken
            state.woken = true
            return (first, state.bytes.count >= limit)
        }
        if urgent || full {
            flush()
        } else if wakeWriter {
            wake.signal()
        }
    }

    /// Writes every queued line now.
    func flush() {
        writing.withLock { _ in
            let bytes = pending.withLock { state -> [UInt8] in
                state.woken = false
                defer { state.bytes = [] }
                return state.bytes
            }
            bytes.withUnsafeBytes { buffer in
                var offset = 0
                while offset < buffer.count {
                    let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                    if written <= 0 { break }
                    offset += written
                }
            }
        }
    }

    private func runWriter() {
        let pause = timespec(tv_sec: Int(window.components.seconds), tv_nsec: Int(window.components.attoseconds / 1_000_000_000))
        while true {
            wake.wait()
            var request = pause
            var remaining = timespec()
            while nanosleep(&request, &remaining) != 0 { request = remaining }
            flush()
        }
    }
}
