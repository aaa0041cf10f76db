/// BERT-uncased WordPiece: drop control characters, space out CJK ideographs, split on whitespace,
/// lowercase and strip accents, split off punctuation, then cover each word greedily with the
/// longest vocabulary pieces (`##` marks a continuation); a word with no cover is `[UNK]`.
/// Works on UTF-8 bytes with an ASCII fast path and allocates nothing per call beyond stack scratch.
public struct WordPieceTokenizer: Sendable {
    let vocabulary: VocabularyTable
    /// Lowercased, accent-stripped forms of non-ASCII scalars that change (from the model file).
    let normalisation: [UInt32: [Unicode.Scalar]]
    let unknown: Int32
    static let maxWordScalars = 100
    static let maxWordBytes = 512

    /// A tokenizer over `vocabulary` (ids are positions; continuations spelled `##piece`).
    public init(vocabulary: [[UInt8]], normalisation: [UInt32: [Unicode.Scalar]]) {
        self.vocabulary = VocabularyTable(vocabulary)
        self.normalisation = normalisation
        unknown = self.vocabulary.lookup(Array("[UNK]".utf8)[...], continuation: false) ?? 0
    }

    /// The token ids of `text` (at most `limit`), as an array; for tests and tools.
    public func tokenize(_ text: String, limit: Int = .max) -> [Int32] {
        var ids: [Int32] = []
        forEachToken(in: text, limit: limit) { ids.append($0) }
        return ids
    }

    /// Calls `body` with each token id of `text`, stopping after `limit` tokens.
    public func forEachToken(in text: String, limit: Int, _ body: (Int32) -> Void) {
        var text = text
        text.withUTF8 { forEachToken(inUTF8: $0, limit: limit, body) }
    }

    /// Calls `body` with each token id of valid UTF-8 `utf8`, stopping after `limit` tokens.
    public func forEachToken(inUTF8 utf8: UnsafeBufferPointer<UInt8>, limit: Int, _ body: (Int32) -> Void) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Self.maxWordBytes) { word in
            var state = WordState(word: word, remaining: limit)
            var index = 0
            while index < utf8.count, state.remaining > 0 {
                let byte = utf8[index]
                if byte < 0x80 {
                    index += 1
                    asciiByte(byte, &state, body)
                    continue
                }
                let (scalar, length) = Self.decode(utf8, at: index)
                index += length
                nonASCII(scalar, &state, body)
            }
            finishWord(&state, body)
        }
    }

    struct WordState {
        let word: UnsafeMutableBufferPointer<UInt8>
        var length = 0
        var scalars = 0
        /// The word outgrew the scratch buffer: it is longer than any word WordPiece covers.
        var overflow = false
        var remaining: Int

        init(word: UnsafeMutableBufferPointer<UInt8>, remaining: Int) {
            self.word = word
            self.remaining = remaining
        }
    }

    @inline(__always)
    func asciiByte(_ byte: UInt8, _ state: inout WordState, _ body: (Int32) -> Void) {
        let folded = byte | 0x20
        if (folded >= 0x61 && folded <= 0x7A) || (byte >= 0x30 && byte <= 0x39) {
            // Letters (lowercased) and digits: the common case.
            return append(byte >= 0x41 && byte <= 0x5A ? folded : byte, scalar: true, &state)
        }
        if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { return finishWord(&state, body) }
        if byte < 0x20 || byte == 0x7F { return }  // control characters vanish
        // Every other printable ASCII byte is BERT punctuation: a word of its own.
        finishWord(&state, body)
        append(byte, scalar: true, &state)
        finishWord(&state, body)
    }

    func nonASCII(_ scalar: Unicode.Scalar, _ state: inout WordState, _ body: (Int32) -> Void) {
        let category = scalar.properties.generalCategory
        switch category {
        case .control, .format, .surrogate, .privateUse, .unassigned: return
        case .spaceSeparator: return finishWord(&state, body)
        default: break
        }
        if scalar.value == 0xFFFD { return }
        if Self.isCJK(scalar.value) {
            finishWord(&state, body)
            appendScalar(scalar, &state)
            return finishWord(&state, body)
        }
        if let mapped = normalisation[scalar.value] {
            for output in mapped { place(output, &state, body) }
        } else {
            place(scalar, &state, body)
        }
    }

    /// A normalised scalar: punctuation stands alone, whitespace ends the word, the rest joins it.
    func place(_ scalar: Unicode.Scalar, _ state: inout WordState, _ body: (Int32) -> Void) {
        if scalar.isASCII { return asciiByte(UInt8(scalar.value), &state, body) }
        switch scalar.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation, .finalPunctuation, .otherPunctuation:
            finishWord(&state, body)
            appendScalar(scalar, &state)
            finishWord(&state, body)
        case .spaceSeparator:
            finishWord(&state, body)
        default:
            appendScalar(scalar, &state)
        }
    }

    @inline(__always)
    func append(_ byte: UInt8, scalar: Bool, _ state: inout WordState) {
        if scalar { state.scalars += 1 }
        guard state.length < state.word.count else { state.overflow = true; return }
        state.word[state.length] = byte
        state.length += 1
    }

    func appendScalar(_ scalar: Unicode.Scalar, _ state: inout WordState) {
        var first = true
        for byte in UTF8.encode(scalar)! {
            append(byte, scalar: first, &state)
            first = false
        }
    }

    /// Emits the pieces of the word collected so far and starts a new one.
    func finishWord(_ state: inout WordState, _ body: (Int32) -> Void) {
        guard state.length > 0 || state.overflow else { return }
        defer { state.length = 0; state.scalars = 0; state.overflow = false }
        guard state.remaining > 0 else { return }
        if state.overflow || state.scalars > Self.maxWordScalars {
            state.remaining -= 1
            return body(unknown)
        }
        let word = UnsafeBufferPointer(rebasing: state.word[0..<state.length])
        // Greedy longest match; the pieces are emitted only once the whole word is covered.
        // Every prefix's hash comes from one forward pass, so trying the longest first costs no rehashing.
        let longest = vocabulary.maxPieceBytes
        withUnsafeTemporaryAllocation(of: Int.self, capacity: longest) { hashes in
            withUnsafeTemporaryAllocation(of: Int32.self, capacity: state.length) { pieces in
                var count = 0
                var start = 0
                while start < word.count {
                    let limit = min(word.count, start + longest)
                    var hashState = VocabularyTable.seed(start > 0)
                    for end in start..<limit {
                        hashState = VocabularyTable.step(hashState, word[end])
                        hashes[end - start] = VocabularyTable.finish(hashState)
                    }
                    var end = limit
                    var found: Int32?
                    while end > start {
                        if let id = vocabulary.lookup(word[start..<end], continuation: start > 0, hash: hashes[end - start - 1]) { found = id; break }
                        end -= 1
                    }
                    guard let id = found else { count = -1; break }
                    pieces[count] = id
                    count += 1
                    start = end
                }
                if count < 0 {
                    state.remaining -= 1
                    return body(unknown)
                }
                for index in 0..<min(count, state.remaining) { body(pieces[index]) }
                state.remaining -= min(count, state.remaining)
            }
        }
    }

    static func isCJK(_ value: UInt32) -> Bool {
        (0x4E00...0x9FFF).contains(value) || (0x3400...0x4DBF).contains(value) || (0x20000...0x2A6DF).contains(value)
            || (0x2A700...0x2B73F).contains(value) || (0x2B740...0x2B81F).contains(value) || (0x2B820...0x2CEAF).contains(value)
            || (0xF900...0xFAFF).contains(value) || (0x2F800...0x2FA1F).contains(value)
    }

    /// One scalar of valid UTF-8 (Swift strings are) starting at `index`.
    @inline(__always)
    static func decode(_ utf8: UnsafeBufferPointer<UInt8>, at index: Int) -> (Unicode.Scalar, Int) {
        let lead = utf8[index]
        let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
        var value = UInt32(lead) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
        for offset in 1..<length where index + offset < utf8.count {
            value = value << 6 | (UInt32(utf8[index + offset]) & 0x3F)
        }
        return (Unicode.Scalar(value) ?? "\u{FFFD}", length)
    }
}
