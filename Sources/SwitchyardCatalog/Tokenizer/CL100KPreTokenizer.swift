/// cl100k_base's pattern, one alternative at a time:
///
///     '(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+| ?[^\s\p{L}\p{N}]++[\r\n]*+|\s++$|\s*[\r\n]|\s+(?!\S)|\s
struct CL100KPreTokenizer: PreTokenizer {
    let reader: UTF8ScalarReader

    init(reader: UTF8ScalarReader) { self.reader = reader }

    @inline(__always)
    func pieceEnd(from start: Int) -> Int {
        let first = reader.scalar(at: start)
        // '(?i:[sdmt]|ll|ve|re)
        if first.leadByte == ASCII.apostrophe {
            let length = reader.contractionLength(at: start)
            if length > 0 { return start + length }
        }
        // [^\r\n\p{L}\p{N}]?+\p{L}++ (the possessive prefix never needs giving back: it is no letter)
        if first.scalarClass.contains(.letter) {
            return reader.endOfRun(from: start + first.width, anyOf: .letter)
        }
        let afterFirst = start + first.width
        if first.canPrefixWord, afterFirst < reader.end {
            let second = reader.scalar(at: afterFirst)
            if second.scalarClass.contains(.letter) {
                return reader.endOfRun(from: afterFirst + second.width, anyOf: .letter)
            }
        }
        // \p{N}{1,3}+
        if first.scalarClass.contains(.number) { return numberEnd(from: afterFirst) }
        // ` ?[^\s\p{L}\p{N}]++[\r\n]*+`: a space never is a symbol, so taking it is the only way.
        let symbolStart = first.leadByte == ASCII.space ? afterFirst : start
        if symbolStart < reader.end {
            let symbol = symbolStart == start ? first : reader.scalar(at: symbolStart)
            if symbol.isSymbol {
                let symbolsEnd = reader.endOfSymbols(from: symbolStart + symbol.width)
                return reader.endOfBytes(from: symbolsEnd, ASCII.carriageReturn, ASCII.lineFeed, ASCII.lineFeed)
            }
        }
        // What is left starts with whitespace.
        let run = reader.whitespaceRun(from: start)
        if run.end == reader.end { return run.end }                       // \s++$
        if let lineBreakEnd = run.endOfLastLineBreak { return lineBreakEnd } // \s*[\r\n]
        if run.scalarCount >= 2 { return run.lastScalarStart }             // \s+(?!\S)
        return afterFirst                                                  // \s
    }

    /// Up to three numeric scalars, the first one already matched.
    @inline(__always)
    private func numberEnd(from offset: Int) -> Int {
        var position = offset
        for _ in 0..<2 where position < reader.end {
            let next = reader.scalar(at: position)
            guard next.scalarClass.contains(.number) else { break }
            position += next.width
        }
        return position
    }
}
