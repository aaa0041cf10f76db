import SwitchyardModel

/// What classifiers look at: cheap facts about a request, computed once.
public struct PromptFeatures: Sendable {
    /// Estimated prompt tokens (all messages).
    public var tokens: Int
    /// The last user message's text, lowercased (ASCII letters).
    public var lastUserText: String { didSet { lastUserBytes = Array(lastUserText.utf8) } }
    /// The same as UTF-8 bytes, for matching.
    private(set) var lastUserBytes: [UInt8]
    /// Approximate tokens of the last user message (4 bytes a token): the question, without the system prompt or history.
    public var lastUserTokens: Int
    public var hasTools: Bool
    public var hasImages: Bool
    /// A code fence, or several code-like tokens, in the last user message.
    public var hasCode: Bool
    /// Numbers (runs of digits) in the last user message: word problems carry several.
    public var numberCount: Int
    /// Distinct code markers in the last user message, counted up to 4 (the semantic head reads it).
    public var codeMarkerHits = 0
    /// A code fence in the last user message.
    public var hasFence = false

    public init(tokens: Int, lastUserText: String, hasTools: Bool, hasImages: Bool, hasCode: Bool) {
        self.tokens = tokens
        self.lastUserText = lastUserText
        lastUserBytes = Array(lastUserText.utf8)
        lastUserTokens = (lastUserText.utf8.count + 3) / 4
        self.hasTools = hasTools
        self.hasImages = hasImages
        self.hasCode = hasCode
        numberCount = Self.countNumbers(lastUserBytes)
        hasFence = RoutingRule.containsPhrase(lastUserBytes, Self.fence)
        codeMarkerHits = Self.codeMarkerHits(lastUserBytes)
    }

    /// Runs of digits, a decimal point or thousands comma inside a run not starting a new one.
    static func countNumbers(_ bytes: [UInt8]) -> Int {
        var count = 0
        var inNumber = false
        for byte in bytes {
            let digit = byte >= 0x30 && byte <= 0x39
            if digit && !inNumber { count += 1 }
            inNumber = digit || (inNumber && (byte == 0x2E || byte == 0x2C))
        }
        return count
    }

    /// The features of `request`, with its prompt size estimated at 4 bytes a token (routing needs
    /// no exact count; admission counts with the chosen model's tokenizer afterwards).
    public init(_ request: ChatRequest) {
        let bytes = request.messages.reduce(0) { $0 + $1.text.utf8.count }
        self.init(request, tokens: (bytes + 3) / 4)
    }

    /// The features of `request`, given its prompt token estimate.
    public init(_ request: ChatRequest, tokens: Int) {
        let lastUser = request.messages.last { $0.role == .user }
        var text = ""
        var images = false
        for message in request.messages {
            for part in message.content {
                if case .image = part { images = true }
            }
        }
        for part in lastUser?.content ?? [] {
            if case .text(let value) = part { text += value }
        }
        // ASCII lowercasing on bytes: keywords and markers are ASCII, and full Unicode case
        // mapping of a long prompt costs more than the whole decision.
        var bytes = Array(text.utf8)
        for index in bytes.indices where bytes[index] >= 0x41 && bytes[index] <= 0x5A { bytes[index] |= 0x20 }
        self.init(
            tokens: tokens, lastUserText: String(decoding: bytes, as: UTF8.self), hasTools: !request.tools.isEmpty, hasImages: images, hasCode: false
        )
        hasCode = hasFence || codeMarkerHits >= 2
    }

    static let codeMarkers = [
        "def ", "func ", "function", "#include", "=>", "};", "();", "console.log", "printf(", "public static", "select *",
        "sql", "npm ", "pip install", "git ", "traceback", "stack trace", "segfault", "regex", "python", "javascript",
        "typescript", "rust", "golang", "java", "c++", "kotlin", "bash", "shell script", "docker", "kubernetes", "api",
        "unit test", "refactor", "debug", "compiler", "null pointer", "variable", "algorithm", "code", "group by", "inner join",
    ]

    static let codeMarkerBytes = codeMarkers.map { Array($0.utf8) }
    static let fence = Array("```".utf8)

    /// How many code markers occur (whole words, as `RoutingRule.containsPhrase` matches) in
    /// lowercased UTF-8, stopping at 4. One pass: a marker can start only at a word's start or at a
    /// non-word byte, so inside words nothing is checked; at the rest, only markers with that first byte.
    static func codeMarkerHits(_ lowered: [UInt8]) -> Int {
        let markers = CodeMarkerTable.shared
        var found: UInt64 = 0
        return lowered.withUnsafeBufferPointer { text in
            markers.needles.withUnsafeBufferPointer { needles in
                markers.entries.withUnsafeBufferPointer { entries in
                    markers.byFirstByte.withUnsafeBufferPointer { byFirstByte in
                        var previousIsWord = false
                        for index in 0..<text.count {
                            let byte = text[index]
                            let isWord = isWordByte(byte)
                            defer { previousIsWord = isWord }
                            if isWord && previousIsWord { continue }
                            var candidate = Int(byFirstByte[Int(byte)])
                            let last = Int(byFirstByte[Int(byte) + 1])
                            while candidate < last {
                                defer { candidate += 1 }
                                let entry = entries[candidate]
                                let length = Int(entry.length)
                                guard found & (1 << entry.marker) == 0, length <= text.count - index else { continue }
                                var offset = 1
                                while offset < length, text[index + offset] == needles[Int(entry.start) + offset] { offset += 1 }
                                guard offset == length else { continue }
                                let end = index + length
                                guard !entry.checkAfter || end == text.count || !isWordByte(text[end]) else { continue }
                                found |= 1 << entry.marker
                                if found.nonzeroBitCount == 4 { return 4 }
                            }
                        }
                        return found.nonzeroBitCount
                    }
                }
            }
        }
    }

    @inline(__always)
    static func isWordByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A) || byte >= 0x80
    }
}

/// The code markers laid out for `PromptFeatures.codeMarkerHits`: all bytes in one buffer, entries
/// sorted by first byte, and per byte value the range of entries starting with it.
final class CodeMarkerTable: Sendable {
    struct Entry {
        var start: Int32
        var length: Int32
        var marker: UInt64
        /// The marker ends in a word byte, so the text must not continue the word.
        var checkAfter: Bool
    }

    static let shared = CodeMarkerTable(PromptFeatures.codeMarkerBytes)
    let needles: [UInt8]
    let entries: [Entry]
    /// `byFirstByte[b]..<byFirstByte[b + 1]` are the entries whose marker starts with byte `b`.
    let byFirstByte: [UInt16]

    init(_ markers: [[UInt8]]) {
        let order = markers.indices.sorted { (markers[$0][0], $0) < (markers[$1][0], $1) }
        var needles: [UInt8] = []
        var entries: [Entry] = []
        for marker in order {
            let bytes = markers[marker]
            entries.append(Entry(start: Int32(needles.count), length: Int32(bytes.count), marker: UInt64(marker), checkAfter: PromptFeatures.isWordByte(bytes[bytes.count - 1])))
            needles += bytes
        }
        self.needles = needles
        self.entries = entries
        byFirstByte = (0...256).map { byte in UInt16(order.filter { Int(markers[$0][0]) < byte }.count) }
    }
}
