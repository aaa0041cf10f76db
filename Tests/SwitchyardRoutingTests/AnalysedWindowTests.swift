import SwitchyardModel
import Testing

@testable import SwitchyardRouting

/// A long last message is read as its head and tail; short ones whole; cuts never split a character.
@Suite struct AnalysedWindowTests {
    let limit = AnalysedWindow.headBytes + AnalysedWindow.tailBytes

    @Test func aShortMessageIsReadWholeAndLowercased() {
        let window = AnalysedWindow(["Why Does ", "the SKY look Blue? Ünïcode stays"])
        #expect(window.bytes == Array("why does the sky look blue? Ünïcode stays".utf8))
        #expect(window.messageBytes == window.bytes.count)
    }

    @Test func aMessageOfExactlyTheLimitIsNotCut() {
        let text = String(repeating: "a", count: limit)
        #expect(AnalysedWindow([text]).bytes.count == limit)
    }

    @Test func aLongMessageKeepsItsHeadAndTailAndCountsItsWholeLength() {
        let head = "PROVE the theorem. " + String(repeating: "x", count: AnalysedWindow.headBytes)
        let text = head + String(repeating: "filler ", count: 5000) + "Show Your Work"
        let window = AnalysedWindow([text])
        #expect(window.messageBytes == text.utf8.count)
        #expect(window.bytes.count == AnalysedWindow.headBytes + 1 + AnalysedWindow.tailBytes)
        #expect(window.bytes.starts(with: Array("prove the theorem. ".utf8)))
        #expect(window.bytes[AnalysedWindow.headBytes] == 0x0A)
        #expect(String(decoding: window.bytes.suffix(14), as: UTF8.self) == "show your work")
    }

    /// Cut points falling inside two-, three- and four-byte characters move to character boundaries.
    @Test(arguments: ["é", "€", "🦀"]) func cutsLandOnCharacterBoundaries(character: String) {
        for shift in 0..<4 {
            let text = String(repeating: "a", count: shift) + String(repeating: character, count: 3 * limit)
            let window = AnalysedWindow([text])
            #expect(String(validating: window.bytes, as: UTF8.self) != nil, "shift \(shift)")
            #expect(window.bytes.count <= limit + 1)
            #expect(window.bytes.count > limit - 8)
        }
    }

    /// The message's text parts count as one text: cuts may fall in any part.
    @Test func partsAreJoinedBeforeCutting() {
        let parts = (0..<40).map { "Part\($0) " + String(repeating: "b", count: 200) + " " }
        let whole = AnalysedWindow([parts.joined()])
        let split = AnalysedWindow(parts)
        #expect(split.bytes == whole.bytes)
        #expect(split.messageBytes == whole.messageBytes)
    }

    /// A code fence at the end of a pasted log still routes as code; length is the whole message's.
    @Test func featuresOfAHugePromptSeeItsTail() {
        let text = String(repeating: "log line 12 ok\n", count: 20_000) + "Why does this crash?\n```\nsegfault\n```"
        let request = ChatRequest(model: "auto", messages: [ChatMessage(role: .user, content: [.text(text)])])
        let features = PromptFeatures(request)
        #expect(features.hasFence)
        #expect(features.lastUserTokens == (text.utf8.count + 3) / 4)
        #expect(features.numberCount <= limit / 2)
    }
}
