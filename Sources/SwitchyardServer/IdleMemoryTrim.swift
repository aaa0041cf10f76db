#if canImport(Glibc)
import Glibc
#endif
import ServiceLifecycle

#if canImport(Glibc)
/// glibc's `malloc_trim`, which the Glibc module does not export.
@_silgen_name("malloc_trim")
func glibcMallocTrim(_ pad: Int) -> Int32
#endif

/// When to hand freed memory back: once after each busy spell, as soon as a tick finds the
/// process quiet. glibc keeps what a burst of traffic freed inside its arenas (8 MB after 32
/// long streams here), so the resident set stays at the burst's peak until `malloc_trim`.
struct IdleTrimPolicy {
    /// CPU time per tick under which the process counts as quiet (5 % of one core).
    var quietShare = 0.05
    private var busySinceTrim = false

    /// Whether to trim now, given the CPU time the process used during the last tick.
    mutating func tick(cpuUsed: Duration, interval: Duration) -> Bool {
        if cpuUsed > interval * quietShare {
            busySinceTrim = true
            return false
        }
        defer { busySinceTrim = false }
        return busySinceTrim
    }
}

/// Returns memory freed by traffic to the system when the gateway goes quiet (Linux, glibc).
/// Never runs while requests keep a core busy, so it costs no request any latency.
public struct IdleMemoryTrim: Service {
    let interval: Duration

    /// Checks every `interval` whether the process went quiet.
    public init(interval: Duration = .seconds(2)) { self.interval = interval }

    public func run() async throws {
        #if canImport(Glibc)
        await cancelWhenGracefulShutdown {
            var policy = IdleTrimPolicy()
            var last = Self.processCPU()
            while !Task.isCancelled {
                do { try await Task.sleep(for: interval) } catch { return }
                let now = Self.processCPU()
                if policy.tick(cpuUsed: now - last, interval: interval) { _ = glibcMallocTrim(0) }
                last = Self.processCPU()
            }
        }
        #else
        // Nothing to trim; a service that returned would end the group.
        try? await gracefulShutdown()
        #endif
    }

    /// CPU time used by every thread of the process so far.
    static func processCPU() -> Duration {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return .seconds(time.tv_sec) + .nanoseconds(time.tv_nsec)
    }
}
