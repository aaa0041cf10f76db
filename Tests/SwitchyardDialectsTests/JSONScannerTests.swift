import Foundation
import NIOCore
import SwitchyardDialects
import SwitchyardModel
import Testing

@Suite struct JSONScannerTests {
    func value(_ json: String, _ key: StaticString) -> String? {
        let buffer = ByteBuffer(string: json)
        guard let ranges = JSONScanner.topLevelValues(in: buffer, keys: [key]), let range = ranges[0] else { return nil }
        return buffer.getString(at: range.lowerBound, length: range.count)
    }

    @Test func findsTopLevelValuesOnly() {
        let json = #" { "nested": {"model": "inner", "s": "}\"model\""}, "model" : "outer", "n": [1, {"a": "]"}], "usage": null } "#
        #expect(value(json, "model") == #""outer""#)
        #expect(value(json, "n") == #"[1, {"a": "]"}]"#)
        #expect(value(json, "usage") == "null")
        #expect(value(json, "missing") == nil)
    }

    @Test func comparesAValueWithJSONTextByteForByte() throws {
        let buffer = ByteBuffer(string: #"{"model":"bench-model","other":"bench\u002dmodel"}"#)
        let ranges = try #require(JSONScanner.topLevelValues(in: buffer, keys: ["model", "other"]))
        let model = try #require(ranges[0]), other = try #require(ranges[1])
        #expect(JSONScanner.value(in: buffer, at: model, is: #""bench-model""#))
        #expect(!JSONScanner.value(in: buffer, at: model, is: #""bench-modem""#))
        #expect(!JSONScanner.value(in: buffer, at: model, is: #""bench""#))
        #expect(!JSONScanner.value(in: buffer, at: other, is: #""bench-model""#), "an escaped spelling is rewritten, not trusted")
    }

    @Test func aCompletionNamingTheClientsModelPassesThroughAndAnotherIsRewritten() throws {
        let same = ByteBuffer(string: #"{"id":"c1","model":"alias","choices":[],"usage":{"prompt_tokens":1,"completion_tokens":2}}"#)
        #expect(try OpenAIResponseDecoder.passthroughCompletion(same, clientModel: "alias").passthroughBody == same)
        let other = ByteBuffer(string: #"{"id":"c1","model":"org/real","choices":[]}"#)
        let rewritten = try #require(try OpenAIResponseDecoder.passthroughCompletion(other, clientModel: "alias").passthroughBody)
        #expect(String(buffer: rewritten) == #"{"id":"c1","model":"alias","choices":[]}"#)
    }

    @Test(arguments: ["", "[]", "{\"a\":}", "{\"a\":1", "{\"a\" 1}", "\"text\""])
    func rejectsWhatIsNotAnObject(json: String) {
        #expect(JSONScanner.topLevelValues(in: ByteBuffer(string: json), keys: ["a"]) == nil)
    }

    @Test func aRequestTheUpstreamTakesAsItIsIsForwardedUnchanged() throws {
        let bytes = ByteBuffer(string: #"{"model":"same","messages":[{"role":"user","content":"hi"}],"max_tokens":5}"#)
        let request = try OpenAIRequestDecoder.decode(bytes)
        #expect(OpenAIRequestEncoder.upstreamBody(for: request, upstreamModel: "same") == bytes)
        #expect(String(buffer: OpenAIRequestEncoder.upstreamBody(for: request, upstreamModel: "real")) == #"{"model":"real","messages":[{"role":"user","content":"hi"}],"max_tokens":5}"#)
    }

    @Test func fastPathRewritesModelAndAddsStreamOptions() throws {
        let request = try OpenAIRequestDecoder.decode(ByteBuffer(string: #"{"model":"alias","stream":true,"messages":[{"role":"user","content":"hi"}],"logprobs":true}"#))
        let body = OpenAIRequestEncoder.upstreamBody(for: request, upstreamModel: "org/real \"name\"")
        let text = String(buffer: body)
        #expect(text == #"{"stream_options":{"include_usage":true},"model":"org/real \"name\"","stream":true,"messages":[{"role":"user","content":"hi"}],"logprobs":true}"#)
        // The result is itself a valid request again.
        let again = try OpenAIRequestDecoder.decode(body)
        #expect(again.model == "org/real \"name\"")
        #expect(again.includeUsage)
    }

    @Test func fastPathReplacesClientStreamOptions() throws {
        let request = try OpenAIRequestDecoder.decode(ByteBuffer(string: #"{"model":"a","stream":true,"stream_options":{"include_usage":false},"messages":[{"role":"user","content":"hi"}]}"#))
        let text = String(buffer: OpenAIRequestEncoder.upstreamBody(for: request, upstreamModel: "b"))
        #expect(text == #"{"model":"b","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"hi"}]}"#)
    }

    @Test func fastPathAddsABudgetCappedMaxTokensOnlyWhenTheClientSetNone() throws {
        var request = try OpenAIRequestDecoder.decode(ByteBuffer(string: #"{"model":"a","messages":[{"role":"user","content":"hi"}]}"#))
        request.maxTokens = 37
        #expect(String(buffer: OpenAIRequestEncoder.upstreamBody(for: request, upstreamModel: "b")) == #"{"max_tokens":37,"model":"b","messages":[{"role":"user","content":"hi"}]}"#)
        let capped = try OpenAIRequestDecoder.decode(ByteBuffer(string: #"{"model":"a","max_completion_tokens":5,"messages":[{"role":"user","content":"hi"}]}"#))
        #expect(String(buffer: OpenAIRequestEncoder.upstreamBody(for: capped, upstreamModel: "b")) == #"{"model":"b","max_completion_tokens":5,"messages":[{"role":"user","content":"hi"}]}"#)
    }

    @Test func canonicalEncodingRoundTrips() throws {
        var request = ChatRequest(
            model: "x", messages: [.text(.system, "s\n\"q\""), ChatMessage(role: .user, content: [.text("t"), .image(url: "u", detail: nil)])],
            stream: true, maxTokens: 9, temperature: 0.25, stop: ["z"], tools: [ChatTool(name: "f", parameters: .object(["type": .string("object")]))]
        )
        request.original = nil
        let decoded = try OpenAIRequestDecoder.decode(OpenAIRequestEncoder.upstreamBody(for: request, upstreamModel: "up"))
        #expect(decoded.model == "up")
        #expect(decoded.messages == request.messages)
        #expect(decoded.maxTokens == 9 && decoded.temperature == 0.25 && decoded.stop == ["z"])
        #expect(decoded.tools == request.tools)
        #expect(decoded.includeUsage)
    }

    /// Quoted as they are when nothing needs escaping, escaped by the writer otherwise; both
    /// read back as the same text.
    @Test(arguments: ["bench-model", "org/model-v1.5:latest", "", "a\"b", "back\\slash", "line\nbreak", "tab\there", "del\u{7F}", "ünïcode"])
    func jsonStringReadsBackAsTheSameText(text: String) throws {
        let json = OpenAIRequestEncoder.jsonString(text)
        let decoded = try JSONDecoder().decode(String.self, from: Data(json.utf8))
        #expect(decoded == text)
        #expect(json.first == "\"" && json.last == "\"")
    }

    @Test func keyRangesTellFoundFromMissingSlots() throws {
        let buffer = ByteBuffer(string: #"{"a":1,"c":[2],"e":"x"}"#)
        let ranges = try #require(JSONScanner.topLevelValues(in: buffer, keys: ["a", "b", "c", "d", "e"]))
        #expect(ranges[0] == 5..<6 && ranges[1] == nil && ranges[2] == 11..<14 && ranges[3] == nil && ranges[4] == 19..<22)
        #expect(ranges.noneFound(in: 3..<4) && ranges.noneFound(in: 1..<2))
        #expect(!ranges.noneFound(in: 1..<3))
        #expect(ranges.noneFound(in: 5..<JSONKeyRanges.capacity))
    }

    /// Strings are skipped eight bytes a step: every length around a step, with the quote, an
    /// escaped quote or backslash, and multi-byte UTF-8 at every offset, ends where a byte-at-a-time
    /// reading ends; a string cut off at the end of the buffer is no JSON.
    @Test func stringsOfEveryLengthAndEscapeOffsetEndWhereTheyShould() {
        let pieces = [#"\""#, #"\\"#, "é", "€", "x"]
        for length in 0...26 {
            for piece in pieces {
                for offset in 0...length {
                    var characters = Array(repeating: "a", count: length)
                    characters.insert(piece, at: offset)
                    let literal = "\"" + characters.joined() + "\""
                    let json = #"{"s":"# + literal + #","model":"m"}"#
                    #expect(value(json, "s") == literal, "\(literal)")
                    #expect(value(json, "model") == #""m""#, "\(literal)")
                    let cut = #"{"model":"m","s":"# + literal.dropLast()
                    #expect(JSONScanner.topLevelValues(in: ByteBuffer(string: cut), keys: ["model"]) == nil, "\(cut)")
                }
            }
        }
    }
}
