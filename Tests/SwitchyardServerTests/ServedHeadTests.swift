import HTTPTypes
import NIOCore
import SwitchyardAdmission
import SwitchyardRouting
import Testing
@testable import SwitchyardGateway
@testable import SwitchyardServer

/// The fast lane's served head, written as bytes, says exactly what the typed path
/// (`OutcomeHeaders.make` and `HTTP1Wire.writeHead`) says, and gives way to it whenever a
/// value would need cleaning or a header only the typed path writes is due.
@Suite struct ServedHeadTests {
    static func outcome(model: String = "gpt-4o-mini", rateLimited: Bool = false) -> ChatOutcome<Void> {
        var limits = RateLimitStatus()
        if rateLimited {
            limits.limitRequests = 60
            limits.remainingRequests = 59
            limits.resetRequestsNanoseconds = 1_000_000_000
            limits.limitTokens = 10_000
            limits.remainingTokens = 9_950
            limits.resetTokensNanoseconds = 360_000_000_000
        }
        return ChatOutcome(body: (), servedModel: model, provider: "openai", upstreamWait: .milliseconds(3), rateLimit: limits, route: "explicit", fallbacks: 0)
    }

    /// The head as the typed path makes it.
    static func typed(_ outcome: ChatOutcome<Void>, requestID: String, framing: ServedHead.Framing) -> String {
        var fields = OutcomeHeaders.make(outcome, receivedAt: .now - .milliseconds(5), contentType: framing.contentType, metrics: GatewayMetrics())
        fields.append(HTTPField(name: .requestID, value: requestID))
        switch framing {
        case .length(let length): fields.append(HTTPField(name: .contentLength, value: String(length)))
        case .chunked: fields.append(HTTPField(name: .transferEncoding, value: "chunked"))
        }
        var buffer = ByteBuffer()
        HTTP1Wire.writeHead(status: .ok, fields: fields, into: &buffer)
        return String(buffer: buffer)
    }

    /// The two values that move with the clock, blanked.
    static func steady(_ head: String) -> String {
        head.split(separator: "\r\n", omittingEmptySubsequences: false).map { line in
            if line.hasPrefix("x-switchyard-overhead-us: ") { return "x-switchyard-overhead-us: N" }
            if line.hasPrefix("Date: ") { return "Date: D" }
            return String(line)
        }.joined(separator: "\r\n")
    }

    @Test(arguments: [false, true], [ServedHead.Framing.length(574), .chunked])
    func bytesMatchTheTypedPath(rateLimited: Bool, framing: ServedHead.Framing) {
        let outcome = Self.outcome(rateLimited: rateLimited)
        var buffer = ByteBuffer()
        let written = ServedHead.write(
            outcome, receivedAt: .now - .milliseconds(5), requestID: "req_0123abcd", framing: framing, metrics: GatewayMetrics(), into: &buffer
        )
        #expect(written)
        let head = String(buffer: buffer)
        #expect(Self.steady(head) == Self.steady(Self.typed(outcome, requestID: "req_0123abcd", framing: framing)))
        #expect(head.hasSuffix("\r\n\r\n"))
        // The overhead excludes the upstream wait: 5 ms since arrival, 3 of them upstream.
        let overhead = head.split(separator: "\r\n").first { $0.hasPrefix("x-switchyard-overhead-us: ") }.flatMap { Int($0.dropFirst(26)) }
        #expect(overhead.map { $0 >= 2_000 } == true)
        #expect(head.contains("x-ratelimit-remaining-tokens: 9950\r\n") == rateLimited)
    }

    @Test func valuesThatNeedCleaningGoToTheTypedPath() {
        for model in ["bad\r\nx-injected: 1", " padded", "tab\u{7F}del"] {
            var buffer = ByteBuffer()
            let written = ServedHead.write(
                Self.outcome(model: model), receivedAt: .now, requestID: "req_1", framing: .chunked, metrics: GatewayMetrics(), into: &buffer
            )
            #expect(!written, "\(model.debugDescription)")
            #expect(buffer.readableBytes == 0)
        }
        var cascaded = Self.outcome()
        cascaded.cascade = .accepted
        var buffer = ByteBuffer()
        #expect(!ServedHead.write(cascaded, receivedAt: .now, requestID: "req_1", framing: .length(1), metrics: GatewayMetrics(), into: &buffer))
        #expect(ServedHead.isFieldValue("gpt-4o-mini (2024-07-18)\tok") && ServedHead.isFieldValue(""))
    }
}
