import Foundation
import SwitchyardGateway
import Testing

/// Trace and request ids drawn from the pooled random bytes: well-formed, never repeated, and
/// spread over every digit across many refills of the pool.
@Suite struct TraceContextTests {
    @Test func startedTracesAreDistinctWellFormedAndRoundTrip() throws {
        // 2,000 traces take 64 KiB of random bytes: sixteen refills of the 4 KiB pool.
        let traces = (0..<2000).map { _ in TraceContext.start() }
        #expect(Set(traces.map(\.traceID)).count == traces.count)
        #expect(Set(traces.map(\.spanID)).count == traces.count)
        for trace in traces.prefix(50) {
            let parsed = try #require(TraceContext(traceparent: trace.header))
            #expect(parsed == trace)
            let child = trace.child()
            #expect(child.traceID == trace.traceID && child.spanID != trace.spanID)
        }
        var counts = [Character: Int]()
        for id in traces.map(\.traceID) { for digit in id { counts[digit, default: 0] += 1 } }
        #expect(Set(counts.keys) == Set("0123456789abcdef"))
        let expected = traces.count * 32 / 16
        #expect(counts.values.allSatisfy { abs($0 - expected) < expected / 4 }, "\(counts)")
    }

    @Test func randomHexHasTheAskedLength() {
        for bytes in [1, 8, 12, 16] {
            let hex = TraceContext.randomHex(bytes)
            #expect(hex.utf8.count == bytes * 2)
            #expect(hex.allSatisfy { "0123456789abcdef".contains($0) })
        }
    }

    @Test func timeOrderedIDsCarryTheTimeAndSortByIt() throws {
        let before = UInt64((Date().timeIntervalSince1970 * 1000).rounded(.down))
        let ids = (0..<1000).map { _ in TraceContext.timeOrderedID(prefix: "req_") }
        let after = UInt64((Date().timeIntervalSince1970 * 1000).rounded(.up))
        #expect(Set(ids).count == ids.count)
        for id in ids {
            #expect(id.hasPrefix("req_") && id.utf8.count == 28)
            #expect(id.dropFirst(4).allSatisfy { "0123456789abcdef".contains($0) })
            let millis = try #require(UInt64(id.dropFirst(4).prefix(12), radix: 16))
            #expect(before <= millis && millis <= after)
        }
        let times = ids.map { $0.prefix(16) }
        #expect(times == times.sorted())
    }
}
