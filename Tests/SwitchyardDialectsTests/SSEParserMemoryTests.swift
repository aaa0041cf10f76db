import NIOCore
import Testing
@testable import SwitchyardProviders

/// A long stream read in chunks that end mid-line must not keep what it already parsed.
@Suite struct SSEParserMemoryTests {
    @Test func aLongStreamCutMidLineHoldsOnlyItsTail() {
        var parser = SSEParser()
        var events: [ByteBuffer] = []
        let event = #"data: {"choices":[{"delta":{"content":" word"}}]}"# + "\n\n"
        // Each read carries 40 whole events and the first half of the next; the following read completes it.
        let whole = String(repeating: event, count: 40)
        let half = event.utf8.count / 2
        let head = String(event.utf8.prefix(half))!
        let tail = String(event.utf8.dropFirst(half))!
        var largest = 0
        for read in 0..<500 {
            let text = (read == 0 ? "" : tail) + whole + head
            #expect(parser.feed(ByteBuffer(string: text), into: &events))
            largest = max(largest, parser.heldCapacity)
            events.removeAll(keepingCapacity: true)
        }
        // One read is about 2 KB; the whole stream about 1 MB.
        let oneRead = whole.utf8.count + event.utf8.count
        #expect(largest <= 4 * oneRead, "held \(largest) bytes for reads of \(oneRead)")
    }

    /// A line longer than many reads, ending in a CRLF cut between two reads, arrives whole, and
    /// the parser holds it in one buffer of about its size.
    @Test func aLineLongerThanManyReadsArrivesWhole() {
        var parser = SSEParser()
        var events: [ByteBuffer] = []
        let value = String(repeating: "0123456789abcdef", count: 65_536)  // 1 MiB
        let stream = Array(("data: " + value + "\r\n\r\ndata: next\n\n").utf8)
        var largest = 0
        for start in stride(from: 0, to: stream.count, by: 1000) {
            #expect(parser.feed(ByteBuffer(bytes: stream[start..<min(start + 1000, stream.count)]), into: &events))
            largest = max(largest, parser.heldCapacity)
        }
        #expect(events.map { String(buffer: $0) } == [value, "next"])
        #expect(largest <= 3 * value.utf8.count, "held \(largest) bytes for a line of \(value.utf8.count)")
    }

    @Test func everyEventIsStillDeliveredAcrossCuts() {
        var parser = SSEParser()
        var events: [ByteBuffer] = []
        let stream = (0..<300).map { #"data: {"n":\#($0)}"# + "\n\n" }.joined()
        var rest = Substring(stream)
        while !rest.isEmpty {
            let cut = rest.prefix(37)
            rest = rest.dropFirst(37)
            #expect(parser.feed(ByteBuffer(string: String(cut)), into: &events))
        }
        #expect(events.map { String(buffer: $0) } == (0..<300).map { #"{"n":\#($0)}"# })
    }
}
