import Logging
import SwitchyardGateway
import SwitchyardModel
import SwitchyardStorage
import Testing
@testable import SwitchyardServer

/// Field types that say their keys ascend are written into JSON lines unsorted: they must.
@Suite struct LogFieldsOrderTests {
    static func keys(_ metadata: Logger.Metadata) throws -> [String] {
        let fields = try #require(metadata.ascendingLogFieldsAlone)
        var keys: [String] = []
        fields.forEach { key, _ in keys.append(key) }
        return keys
    }

    @Test func settledAttemptKeysAscendWithEveryOptionalField() throws {
        let lines = CapturedLog()
        let logger = Logger(label: "test") { _ in CapturingLogHandler(lines: lines) }
        var usage = Usage.openAI(promptTokens: 3, completionTokens: 2)
        usage.isEstimated = true
        var row = UsageRecord(
            requestID: "req_3", settledAtMillis: 0, keyPrefix: "sk-sy-abc", requestedModel: "auto", servedModel: "ok", provider: "fake",
            route: "general", stream: true, usage: usage, cost: .zero, status: 502, errorCode: "upstream_error",
            latency: .milliseconds(7), timeToFirstToken: .milliseconds(5)
        )
        row.traceID = "4bf92f3577b34da6a3ce929d0e0e4736"
        LoggingUsageRecorder(logger: logger).record(row)
        let keys = try Self.keys(try #require(lines.raw.first))
        #expect(keys.count == 17)
        #expect(keys == keys.sorted())
    }

    @Test func requestLineKeysAscendWithEveryOptionalField() throws {
        let fields = RequestLineFields(
            requestID: "req_4", traceID: "t", method: "POST", path: "/v1/chat/completions", status: 429, latencyMicroseconds: 12,
            presentedKey: "sk-sy-abcdefgh", served: ServedLabels(model: "m", provider: "p", route: "r"), error: "rate_limited"
        )
        let keys = try Self.keys(fields.metadata)
        #expect(keys.count == 11)
        #expect(keys == keys.sorted())
    }

    @Test func otherMetadataIsNotWrittenStraight() {
        let fields = RequestLineFields(
            requestID: "req_5", traceID: "t", method: "GET", path: "/", status: 200, latencyMicroseconds: 1, presentedKey: nil, served: ServedLabels(), error: nil
        )
        var metadata = fields.metadata
        metadata["extra"] = "1"
        #expect(metadata.ascendingLogFieldsAlone == nil)
        #expect((["fields": "plain"] as Logger.Metadata).ascendingLogFieldsAlone == nil)
    }
}
