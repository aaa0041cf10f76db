/// o200k_base's pattern, one alternative at a time:
///
///     [^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?
///     |[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?
///     |\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+
///
/// Nothing is possessive here, so the optional prefix may be given back: that matters when the
/// first scalar is a mark, which is both a possible prefix and in the word classes.
struct O200KPreTokenizer: PreTokenizer {
    let reader: UTF8ScalarReader

    init(reader: UTF8ScalarReader) { self.reader = reader }

    @inline(__always)
    func pieceEnd(from start: Int) -> Int {
        let first = reader.scalar(at: start)
        let afterFirst = start + first.width
        let hasPrefix = first.canPrefixWord
        // Alternative 1, with the prefix taken, then without it.
        if hasPrefix, let end = lowerEndingWordEnd(from: afterFirst) { return end }
        if let end = lowerEndingWordEnd(from: start) { return end }
        // Alternative 2, likewise.
        if hasPrefix, let end = upperStartingWordEnd(from: afterFirst) { return end }
        if let end = upperStartingWordEnd(from: start) { return end }
        // \p{N}{1,3}
        if first.scalarClass.contains(.number) {
            var position = afterFirst
            for _ in 0..<2 where position < reader.end {
                let next = reader.scalar(at: position)
                guard next.scalarClass.contains(.number) else { break }
                position += next.width
            }
            return position
        }
        // ` ?[^\s\p{L}\p{N}]+[\r\n/]*`
        let symbolStart = first.leadByte == ASCII.space ? afterFirst : start
        if symbolStart < reader.end {
            let symbol = symbolStart == start ? first : reader.scalar(at: symbolStart)
            if symbol.isSymbol {
                let symbolsEnd = reader.endOfSymbols(from: symbolStart + symbol.width)
                return reader.endOfBytes(from: symbolsEnd, ASCII.carriageReturn, ASCII.lineFeed, ASCII.slash)
            }
        }
        // What is left starts with whitespace.
        let run = reader.whitespaceRun(from: start)
        if let lineBreakEnd = run.endOfLastLineBreak { return lineBreakEnd } // \s*[\r\n]+
        if run.end == reader.end { return run.end }                          // \s+(?!\S) at the end
        if run.scalarCount >= 2 { return run.lastScalarStart }                // \s+(?!\S)
        return run.end                                                        // \s+
    }

    /// `[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+` plus an optional contraction, from
    /// `offset`; nil when it does not match there.
    ///
    /// The greedy first class gives back scalars until the second can match: either the scalar
    /// after its run is lowercase-or-caseless (the second class then runs on from there), or the
    /// last scalar of its run that is in both classes becomes the second class's only scalar.
    @inline(__always)
    private func lowerEndingWordEnd(from offset: Int) -> Int? {
        var position = offset
        var endOfLastInBoth: Int?
        while position < reader.end {
            let next = reader.scalar(at: position)
            if next.scalarClass.contains(.upperOrCaseless) {
                position += next.width
                if next.scalarClass.contains(.lowerOrCaseless) { endOfLastInBoth = position }
            } else if next.scalarClass.contains(.lowerOrCaseless) {
                let wordEnd = reader.endOfRun(from: position + next.width, anyOf: .lowerOrCaseless)
                return wordEnd + reader.contractionLength(at: wordEnd)
            } else {
                break
            }
        }
        guard let wordEnd = endOfLastInBoth else { return nil }
        return wordEnd + reader.contractionLength(at: wordEnd)
    }

    /// `[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*` plus an optional contraction, from
    /// `offset`; nil when it does not match there.
    @inline(__always)
    private func upperStartingWordEnd(from offset: Int) -> Int? {
        let upperEnd = reader.endOfRun(from: offset, anyOf: .upperOrCaseless)
        guard upperEnd > offset else { return nil }
        let wordEnd = reader.endOfRun(from: upperEnd, anyOf: .lowerOrCaseless)
        return wordEnd + reader.contractionLength(at: wordEnd)
    }
}
