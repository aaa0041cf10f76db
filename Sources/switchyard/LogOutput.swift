import Foundation
import Logging
import NIOPosix
import Synchronization
import SwitchyardGateway

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
    /// What is queued and whether the writer thread has been woken for it.
    private let pending = Mutex(Queue())
    /// Held while making and writing lines, so batches reach the descriptor in the order they were taken.
    private let writing = Mutex(())
    private let wake = DispatchSemaphore(value: 0)

    /// Lines made by their callers (`FieldLines`) as bytes, and events whose lines the writer makes,
    /// each with the length `bytes` had when it came: its line goes there, so order is kept.
    private struct Queue {
        var bytes: [UInt8] = []
        var events: [(at: Int, line: JSONLogLine)] = []
        var count = 0
        var woken = false
    }

    init(descriptor: Int32, window: Duration = .milliseconds(5), limit: Int = 512) {
        self.descriptor = descriptor
        self.window = window
        self.limit = limit
        let thread = Thread { [self] in runWriter() }
        thread.start()
    }

    /// Queues `line`; `urgent` writes it and all before it now.
    func append(_ line: JSONLogLine, urgent: Bool) {
        enqueue(urgent: urgent) { $0.events.append((at: $0.bytes.count, line: line)) }
    }

    /// Queues a line the caller makes now, into the queue's bytes.
    private func enqueue(urgent: Bool, _ add: (inout Queue) -> Void) {
        let (wakeWriter, full) = pending.withLock { queue -> (Bool, Bool) in
            if queue.bytes.capacity == 0 { queue.bytes.reserveCapacity(32 << 10) }
            add(&queue)
            queue.count += 1
            let first = !queue.woken
            queue.woken = true
            return (first, queue.count >= limit)
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
            let queue = pending.withLock { queue -> Queue in
                defer { queue = Queue() }
                return queue
            }
            if queue.events.isEmpty { return writeAll(descriptor, queue.bytes) }
            var bytes: [UInt8] = []
            bytes.reserveCapacity(queue.bytes.count + queue.events.count * 512)
            var start = 0
            for (at, line) in queue.events {
                bytes += queue.bytes[start..<at]
                line.write(to: &bytes)
                start = at
            }
            bytes += queue.bytes[start...]
            writeAll(descriptor, bytes)
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

extension LogOutput: FieldLineOutput {
    /// The line is made here, on the caller's thread, in that thread's scratch buffer; the queue's
    /// lock is held only to copy it in (made under the lock, the event loops waited for each
    /// other's lines: ~1 % of their time in the lock's slow path at 32 connections on two loops).
    func write(level: Logger.Level, label: String, message: String, fields: some LogFields) {
        let scratch = LineScratch.current
        scratch.bytes.removeAll(keepingCapacity: true)
        JSONLogLine.write(level: level, label: label, message: message, fields: fields, to: &scratch.bytes)
        enqueue(urgent: level >= .warning) { $0.bytes.append(contentsOf: scratch.bytes) }
    }
}

/// A thread's buffer for the line it is making; only that thread touches it.
private final class LineScratch: @unchecked Sendable {
    var bytes: [UInt8] = []
    private static let perThread = ThreadSpecificVariable<LineScratch>()

    static var current: LineScratch {
        if let scratch = perThread.currentValue { return scratch }
        let scratch = LineScratch()
        scratch.bytes.reserveCapacity(2048)
        perThread.currentValue = scratch
        return scratch
    }
}

/// Writes all of `bytes` to `descriptor` (short writes continued; an error drops the rest).
private func writeAll(_ descriptor: Int32, _ bytes: [UInt8]) {
    bytes.withUnsafeBytes { buffer in
        var offset = 0
        while offset < buffer.count {
            let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            if written <= 0 { break }
            offset += written
        }
    }
}
