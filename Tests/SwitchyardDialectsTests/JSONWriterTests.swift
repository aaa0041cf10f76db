import Foundation
import NIOCore
import SwitchyardDialects
import SwitchyardModel
import Testing

/// The writer keeps commas right at every depth and escapes what JSON requires.
@Suite struct JSONWriterTests {
    func written(_ value: JSONValue) -> String {
        var writer = JSONWriter(capacity: 16)
        writer.value(value)
        return writer.buffer.getString(at: 0, length: writer.buffer.readableBytes) ?? ""
    }

    @Test func membersAfterClosedContainersGetOneComma() {
        let value: JSONValue = .object([
            "a": .array([.int(1), .object(["x": .null, "y": .array([])]), .string("s")]),
            "b": .object([:]),
            "c": .bool(true),
        ])
        #expect(written(value) == #"{"a":[1,{"x":null,"y":[]},"s"],"b":{},"c":true}"#)
    }

    /// Past the 64 depths kept as bits, the writer goes on correctly (and reads back the same).
    @Test(arguments: [63, 64, 65, 100, 130])
    func deepNestingWithSiblingsAtEveryDepthReadsBack(depth: Int) throws {
        var value: JSONValue = .string("bottom")
        for level in 0..<depth {
            value = level.isMultiple(of: 2) ? .array([.int(Int64(level)), value, .null]) : .object(["k": value, "n": .int(Int64(level))])
        }
        let json = written(value)
        let decoded = try JSONDecoder().decode(JSONValue.self, from: Data(json.utf8))
        #expect(decoded == value)
    }

    @Test(arguments: ["", "plain text that is longer than a word", "quote \" and backslash \\", "line\nfeed\r\ttab", "\u{01}\u{1F}", "ünïcode € 😀", "end\\"])
    func stringsReadBackAsTheSameText(text: String) throws {
        let json = written(.array([.string(text), .string(text)]))
        let decoded = try JSONDecoder().decode([String].self, from: Data(json.utf8))
        #expect(decoded == [text, text])
        #expect(!json.contains("\n") && !json.contains("\u{01}"))
    }
}
