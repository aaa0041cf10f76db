/// One Unicode scalar of the text being split: its first UTF-8 byte, its class and its UTF-8 length.
///
/// The patterns only ever name ASCII characters (`'`, space, `\r`, `\n`, `/`, contraction letters),
/// and a lead byte equals an ASCII character exactly when the scalar is that character.
struct ScannedScalar {
    let leadByte: UInt8
    let scalarClass: ScalarClass
    let width: Int

    /// Whether this is `\r` or `\n`.
    var isLineBreak: Bool { leadByte == ASCII.carriageReturn || leadByte == ASCII.lineFeed }

    /// Whether this is in `[^\s\p{L}\p{N}]` (punctuation, symbols, marks, controls, unassigned).
    var isSymbol: Bool { scalarClass.isDisjoint(with: .wordOrSpace) }

    /// Whether this is in `[^\r\n\p{L}\p{N}]`, the optional one-scalar prefix of a word.
    var canPrefixWord: Bool { !isLineBreak && scalarClass.isDisjoint(with: [.letter, .number]) }
}

/// The ASCII bytes the pre-tokenization patterns name.
enum ASCII {
    static let lineFeed = UInt8(ascii: "\n")
    static let carriageReturn = UInt8(ascii: "\r")
    static let space = UInt8(ascii: " ")
    static let slash = UInt8(ascii: "/")
    static let apostrophe = UInt8(ascii: "'")
}

/// A whitespace run as the whitespace alternatives of the patterns see it.
struct WhitespaceRun {
    /// Byte offset just past the run (the first non-whitespace scalar, or the end of the text).
    var end: Int
    /// Byte offset of the run's last scalar.
    var lastScalarStart: Int
    /// Byte offset just past the run's last `\r` or `\n`, or nil when it has none.
    var endOfLastLineBreak: Int?
    /// Number of scalars in the run.
    var scalarCount: Int
}

/// Decodes and classifies scalars of a valid UTF-8 buffer (Swift strings are always valid UTF-8).
struct UTF8ScalarReader {
    let bytes: UnsafePointer<UInt8>
    /// Byte count of the text: offsets run over `0..<end`.
    let end: Int
    let basicPlane: UnsafePointer<UInt8>

    init(bytes: UnsafePointer<UInt8>, count: Int, classifier: ScalarClassifier) {
        self.bytes = bytes
        self.end = count
        self.basicPlane = UnsafePointer(classifier.basicPlane)
    }

    /// The scalar starting at byte offset `offset` (which must be `< end` and on a scalar boundary).
    @inline(__always)
    func scalar(at offset: Int) -> ScannedScalar {
        let lead = bytes[offset]
        if lead < 0x80 {
            return ScannedScalar(leadByte: lead, scalarClass: ScalarClass(rawValue: basicPlane[Int(lead)]), width: 1)
        }
        let second = UInt32(bytes[offset + 1] & 0x3F)
        if lead < 0xE0 {
            let value = UInt32(lead & 0x1F) << 6 | second
            return ScannedScalar(leadByte: lead, scalarClass: ScalarClass(rawValue: basicPlane[Int(value)]), width: 2)
        }
        let third = UInt32(bytes[offset + 2] & 0x3F)
        if lead < 0xF0 {
            let value = UInt32(lead & 0x0F) << 12 | second << 6 | third
            return ScannedScalar(leadByte: lead, scalarClass: ScalarClass(rawValue: basicPlane[Int(value)]), width: 3)
        }
        let value = UInt32(lead & 0x07) << 18 | second << 12 | third << 6 | UInt32(bytes[offset + 3] & 0x3F)
        return ScannedScalar(leadByte: lead, scalarClass: Self.supplementaryClass(value), width: 4)
    }

    /// Classes of scalars above the Basic Multilingual Plane, kept out of line.
    @inline(never)
    static func supplementaryClass(_ value: UInt32) -> ScalarClass {
        guard let scalar = Unicode.Scalar(value) else { return [] }
        return ScalarClassifier.classify(scalar)
    }

    /// Byte offset past the longest run of scalars, from `offset`, that have any of `classes`.
    @inline(__always)
    func endOfRun(from offset: Int, anyOf classes: ScalarClass) -> Int {
        var position = offset
        while position < end {
            let next = scalar(at: position)
            guard !next.scalarClass.isDisjoint(with: classes) else { break }
            position += next.width
        }
        return position
    }

    /// Byte offset past the longest run of `[^\s\p{L}\p{N}]` scalars from `offset`.
    @inline(__always)
    func endOfSymbols(from offset: Int) -> Int {
        var position = offset
        while position < end {
            let next = scalar(at: position)
            guard next.isSymbol else { break }
            position += next.width
        }
        return position
    }

    /// Byte offset past the longest run of the given ASCII bytes from `offset`.
    @inline(__always)
    func endOfBytes(from offset: Int, _ first: UInt8, _ second: UInt8, _ third: UInt8) -> Int {
        var position = offset
        while position < end, bytes[position] == first || bytes[position] == second || bytes[position] == third {
            position += 1
        }
        return position
    }

    /// Length in bytes of the contraction `(?i:'s|'t|'re|'ve|'m|'ll|'d)` at `offset`, or 0.
    ///
    /// Case-insensitive matching in the reference engine uses Unicode simple case folding, under
    /// which `s` also matches U+017F LATIN SMALL LETTER LONG S (UTF-8 `C5 BF`).
    @inline(__always)
    func contractionLength(at offset: Int) -> Int {
        guard offset + 1 < end, bytes[offset] == ASCII.apostrophe else { return 0 }
        let first = bytes[offset + 1] | 0x20
        switch first {
        case UInt8(ascii: "s"), UInt8(ascii: "t"), UInt8(ascii: "m"), UInt8(ascii: "d"):
            return 2
        case UInt8(ascii: "r"), UInt8(ascii: "v"), UInt8(ascii: "l"):
            guard offset + 2 < end else { return 0 }
            let second = bytes[offset + 2] | 0x20
            let wanted = first == UInt8(ascii: "l") ? UInt8(ascii: "l") : UInt8(ascii: "e")
            return second == wanted ? 3 : 0
        default:
            let isLongS = bytes[offset + 1] == 0xC5 && offset + 2 < end && bytes[offset + 2] == 0xBF
            return isLongS ? 3 : 0
        }
    }

    /// The whitespace run starting at `offset` (whose first scalar must be whitespace).
    @inline(__always)
    func whitespaceRun(from offset: Int) -> WhitespaceRun {
        var run = WhitespaceRun(end: offset, lastScalarStart: offset, endOfLastLineBreak: nil, scalarCount: 0)
        while run.end < end {
            let next = scalar(at: run.end)
            guard next.scalarClass.contains(.whitespace) else { break }
            if next.isLineBreak { run.endOfLastLineBreak = run.end + 1 }
            run.lastScalarStart = run.end
            run.end += next.width
            run.scalarCount += 1
        }
        return run
    }
}
