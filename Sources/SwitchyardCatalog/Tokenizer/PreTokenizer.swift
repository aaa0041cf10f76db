/// Splits text into the pieces that byte-pair encoding then works on, exactly as an encoding's
/// regular expression would (leftmost-first alternation, as in tiktoken's regex engine).
///
/// Every scalar starts a match of some alternative, so the pieces tile the text with no gaps.
protocol PreTokenizer {
    /// The text being split.
    var reader: UTF8ScalarReader { get }
    init(reader: UTF8ScalarReader)
    /// Byte offset just past the piece that starts at `start` (`start < reader.end`).
    func pieceEnd(from start: Int) -> Int
}

extension PreTokenizer {
    /// Calls `body` with the start and byte count of each piece, in order.
    @inline(__always)
    func forEachPiece(_ body: (UnsafePointer<UInt8>, Int) -> Void) {
        var start = 0
        while start < reader.end {
            let end = pieceEnd(from: start)
            body(reader.bytes + start, end - start)
            start = end
        }
    }
}
