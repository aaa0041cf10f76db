import SwitchyardModel

/// What classifiers look at: cheap facts about a request, computed once.
public struct PromptFeatures: Sendable {
    /// Estimated prompt tokens (all messages).
    public var tokens: Int
    /// The last user message's text, lowercased (ASCII letters).
    public var lastUserText: String {
        get { String(decoding: lastUserBytes, as: UTF8.self) }
        set { lastUserBytes = Array(newValue.utf8) }
    }
    /// The same as UTF-8 bytes: what matching and the tokenizer read.
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
        self.init(tokens: tokens, lastUserBytes: Array(lastUserText.utf8), hasTools: hasTools, hasImages: hasImages)
        self.hasCode = hasCode
    }

    /// Features of already lowercased bytes (the analysed window of a message of `messageBytes`
    /// bytes); `hasCode` follows from the fence and the markers.
    init(tokens: Int, lastUserBytes: [UInt8], messageBytes: Int? = nil, hasTools: Bool, hasImages: Bool) {
        self.tokens = tokens
        self.lastUserBytes = lastUserBytes
        lastUserTokens = ((messageBytes ?? lastUserBytes.count) + 3) / 4
        self.hasTools = hasTools
        self.hasImages = hasImages
        numberCount = Self.countNumbers(lastUserBytes)
        hasFence = Self.fenceTable.containsAny(lastUserBytes)
        codeMarkerHits = Self.codeMarkerHits(lastUserBytes)
        hasCode = hasFence || codeMarkerHits >= 2
    }

    /// Runs of digits, a decimal point or thousands comma inside a run not starting a new one.
    static func countNumbers(_ bytes: [UInt8]) -> Int {
        bytes.withUnsafeBufferPointer { bytes in
            var count = 0
            var index = 0
            while index < bytes.count {
                // Most bytes are not digits: skip them with one predictable test each.
                guard bytes[index] &- 0x30 < 10 else { index += 1; continue }
                count += 1
                index += 1
                // Digits, points and commas continue it (as `scripts/router_model/features.py` counts).
                while index < bytes.count, bytes[index] &- 0x30 < 10 || bytes[index] == 0x2E || bytes[index] == 0x2C { index += 1 }
            }
            return count
        }
    }

    /// The features of `request`, with its prompt size estimated at 4 bytes a token (routing needs
    /// no exact count; admission counts with the chosen model's tokenizer afterwards).
    public init(_ request: ChatRequest) {
        var bytes = 0
        for message in request.messages {
            for case .text(let text) in message.content { bytes += text.utf8.count }
        }
        self.init(request, tokens: (bytes + 3) / 4)
    }

    /// The features of `request`, given its prompt token estimate.
    public init(_ request: ChatRequest, tokens: Int) {
        let lastUser = request.messages.last { $0.role == .user }
        var images = false
        for message in request.messages {
            for case .image in message.content { images = true }
        }
        let parts = (lastUser?.content ?? []).compactMap { part -> String? in if case .text(let text) = part { text } else { nil } }
        let window = AnalysedWindow(parts)
        self.init(tokens: tokens, lastUserBytes: window.bytes, messageBytes: window.messageBytes, hasTools: !request.tools.isEmpty, hasImages: images)
    }

    static let codeMarkers = [
        "def ", "func ", "function", "#include", "=>", "};", "();", "console.log", "printf(", "public static", "select *",
        "sql", "npm ", "pip install", "git ", "traceback", "stack trace", "segfault", "regex", "python", "javascript",
        "typescript", "rust", "golang", "java", "c++", "kotlin", "bash", "shell script", "docker", "kubernetes", "api",
        "unit test", "refactor", "debug", "compiler", "null pointer", "variable", "algorithm", "code", "group by", "inner join",
    ]

    static let codeMarkerBytes = codeMarkers.map { Array($0.utf8) }
    static let codeMarkerTable = PhraseTable(codeMarkerBytes)
    static let fenceTable = PhraseTable([Array("```".utf8)])

    /// How many distinct code markers occur (whole words) in lowercased UTF-8, stopping at 4.
    static func codeMarkerHits(_ lowered: [UInt8]) -> Int {
        codeMarkerTable.distinctCount(lowered, limit: 4)
    }
}
