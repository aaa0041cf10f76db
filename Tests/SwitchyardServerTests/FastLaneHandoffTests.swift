import NIOCore
import NIOEmbedded
import SwitchyardModel
import Testing
@testable import SwitchyardGateway
@testable import SwitchyardServer

/// The record the fast lane leaves for the full path when it hands a request over.
@Suite struct FastLaneHandoffTests {
    static func record() -> FastLaneHandoff.Record {
        FastLaneHandoff.Record(
            receivedAt: .now, attempt: PriorAttempt(deployment: "fake/ok", error: GatewayError(.upstreamBadResponse, "test")),
            traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
        )
    }

    @Test func theRequestsContextTakesTheRecordOnce() throws {
        let channel = EmbeddedChannel()
        FastLaneHandoff.put(Self.record(), for: channel)
        #expect(FastLaneHandoff.take(for: channel)?.attempt.deployment == "fake/ok")
        #expect(FastLaneHandoff.take(for: channel) == nil)
        _ = try channel.finish()
    }

    @Test func aRecordNobodyTookGoesWithItsChannel() throws {
        let channel = EmbeddedChannel()
        // A hand-over taken earlier on the same keep-alive connection, then one never taken.
        FastLaneHandoff.put(Self.record(), for: channel)
        #expect(FastLaneHandoff.take(for: channel) != nil)
        FastLaneHandoff.put(Self.record(), for: channel)
        _ = try channel.finish()  // closes it: the client left before the router read the request
        #expect(FastLaneHandoff.take(for: channel) == nil)
    }
}
