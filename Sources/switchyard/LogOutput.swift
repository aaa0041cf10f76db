import Foundation
import Synchronization

/// Standard error for JSON log lines, made and written in batches.
///
/// A request logs two info lines; one `write(2)` each, or making them on the request's event
/// loop, cost more than the rest of its bookkeeping. Events are queued instead, and a writer
/// thread wakes on the first one after a quiet spell, waits `window` for those that follow, makes
/// their lines and writes them all at once. An event at warning or above is written at once, on
/// the caller's thread, with everything before it, so an error is never held back; the queue is
/// also written when it holds `limit` events and when the process exits.
final class LogOutput: Sendable {
    static let standardError: LogOutput = {
        let output = LogOutput(descriptor: 2)
        atexit { LogOutput.standardError.flush() }
        return output
    }()

    private let descriptor: Int32
    private let window: Duration
    private let limit: Int
    /// Events not yet written, and whether the writer thread has been woken for them.
    private let pending = Mutex<(lines: [JSONLogLine], woken: Bool)>(([], false))
    /// Held while making and writing lines, so batches reach the descriptor in the order they were taken.
    private let writing = Mutex(())
    private let wake = DispatchSemaphore(value: 0)

    init(descriptor: Int32, window: Duration = .milliseconds(5), limit: Int = 512) {
        self.descriptor = descriptor
        self.window = window
        self.limit = limit
        let thread = Thread { [self] in runWriter() }
        thread.start()
    }

    /// Queues `line`; `urgent` writes it and all before it now.
    func append(_ line: JSONLogLine, urgent: Bool) {
        let (wakeWriter, full) = pending.withLock { state -> (Bool, Bool) in
            state.lines.append(line)
            let first = !state.woken
            state.woken = true
            return (first, state.lines.count >= limit)
        }
        if urgent || full {
            flush()
        } else if wakeWriter {
            wake.signal()
        }
    }

    /// Makes and writes every queued line now.
    func flush() {
        writing.withLock { _ in
            let lines = pending.withLock { state -> [JSONLogLine] in
                state.woken = false
                defer { state.lines = [] }
                return state.lines
            }
            var bytes: [UInt8] = []
            bytes.reserveCapacity(lines.count * 512)
            for line in lines { line.write(to: &bytes) }
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
        // Named for `top -H` and profilers; a thread otherwise keeps the name of the one that
        // created it (an event loop's, when the first line came from a request).
        Thread.current.name = "switchyard-log"
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
