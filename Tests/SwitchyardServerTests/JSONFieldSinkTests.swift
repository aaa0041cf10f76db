import Foundation
import SwitchyardCatalog
@testable import SwitchyardGateway
import SwitchyardModel
import SwitchyardStorage
import Testing
@testable import SwitchyardServer

/// The JSON output writes a line's fields from their typed values (`JSONFieldSink`); the text
/// pairs (`forEach`, what `description` and the metadata path use) must say the same.
@Suite struct JSONFieldSinkTests {
    /// The fields as the JSON sink writes them, parsed back, with their keys in written order.
    static func written(_ fields: some LogFields) throws -> (keys: [String], values: [String: String], bytes: [UInt8]) {
        var sink = JSONFieldSink(line: Array(#"{"message":"m""#.utf8))
        fields.write(to: &sink)
        let bytes = sink.line + Array("}".utf8)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: String])
        var keys: [String] = []
        fields.forEach { key, _ in keys.append(key) }
        return (keys, object.filter { $0.key != "message" }, bytes)
    }

    static func pairs(_ fields: some LogFields) -> [String: String] {
        var pairs: [String: String] = [:]
        fields.forEach { pairs[$0] = $1 }
        return pairs
    }

    static func record(cost: Int64, latency: Duration, traceID: String?) -> UsageRecord {
        var usage = Usage.openAI(promptTokens: 1_234_567, completionTokens: 0)
        usage.isEstimated = true
        var row = UsageRecord(
            requestID: "req_\"quoted\"\\", settledAtMillis: 0, keyPrefix: "sk-sy-ab…cd", requestedModel: "auto\n", servedModel: "modèle",
            provider: "fake\t", route: "general", stream: true, usage: usage, cost: Cost(picodollars: cost * 1_000_000), status: 502,
            errorCode: "upstream_error", latency: latency, timeToFirstToken: .milliseconds(5)
        )
        row.traceID = traceID
        return row
    }

    @Test(arguments: [0, 1, 150, 999_999, 1_000_000, 12_345_678_901, -150, -2_500_000] as [Int64])
    func settledAttemptLinesSayWhatTheirTextSays(cost: Int64) throws {
        let record = Self.record(cost: cost, latency: .milliseconds(cost.magnitude % 10_000), traceID: "4bf92f35")
        let fields = SettledAttemptFields(record: record)
        let line = try Self.written(fields)
        #expect(line.values == Self.pairs(fields))
        // Half-up rounding of the picodollars moves a negative amount by one; its sign stays.
        #expect((record.cost.microDollars.value - cost).magnitude <= 1 && (record.cost.microDollars.value < 0) == (cost < 0))
        #expect(line.values["cost_usd"] == record.cost.microDollars.description)
        #expect(line.keys == line.keys.sorted() && !line.keys.contains { ["ts", "level", "label", "message"].contains($0) })
    }

    @Test func requestLinesSayWhatTheirTextSays() throws {
        for status in [200, 429, 0] {
            for latency in [0, 7, 1_000_000_007] as [Int64] {
                let fields = RequestLineFields(
                    requestID: "req_1", traceID: "t", method: "POST", path: "/v1/chat/completions", status: status,
                    latencyMicroseconds: latency, presentedKey: "sk-sy-abcdefghij", served: ServedLabels(model: "m\u{1}", provider: "p", route: "r"),
                    error: "rate_limited"
                )
                let line = try Self.written(fields)
                #expect(line.values == Self.pairs(fields))
                #expect(line.values["latency_us"] == String(latency) && line.values["status"] == String(status))
                #expect(line.keys == line.keys.sorted() && !line.keys.contains { ["ts", "level", "label", "message"].contains($0) })
            }
        }
    }

    @Test func controlCharactersAreEscaped() throws {
        let fields = SettledAttemptFields(record: Self.record(cost: 1, latency: .zero, traceID: nil))
        let text = String(decoding: try Self.written(fields).bytes, as: UTF8.self)
        #expect(text.contains(#""requested_model":"auto\n""#))
        #expect(text.contains(#""request_id":"req_\"quoted\"\\""#))
        #expect(!text.contains("\n") && !text.contains("\t"))
    }
}
