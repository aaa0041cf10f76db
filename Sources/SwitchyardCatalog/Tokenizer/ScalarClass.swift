/// The Unicode character classes that the cl100k and o200k pre-tokenization patterns test, as bits.
///
/// The reference, tiktoken, runs its patterns with the Rust `regex` crate's Unicode tables. Those
/// are Unicode 16.0 for tiktoken 0.14.0, while the Swift standard library may know a newer version,
/// so ``ScalarClassifier`` pins the classification to ``ScalarClassifier/referenceUnicodeVersion``.
struct ScalarClass: OptionSet, Sendable {
    let rawValue: UInt8

    /// `\p{L}`: general category Lu, Ll, Lt, Lm or Lo.
    static let letter = ScalarClass(rawValue: 1 << 0)
    /// `\p{N}`: general category Nd, Nl or No.
    static let number = ScalarClass(rawValue: 1 << 1)
    /// `\s`: the Unicode White_Space property (what the regex crate's `\s` means in Unicode mode).
    static let whitespace = ScalarClass(rawValue: 1 << 2)
    /// o200k's `[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]`: upper- and titlecase letters, caseless letters, marks.
    static let upperOrCaseless = ScalarClass(rawValue: 1 << 3)
    /// o200k's `[\p{Ll}\p{Lm}\p{Lo}\p{M}]`: lowercase letters, caseless letters, marks.
    static let lowerOrCaseless = ScalarClass(rawValue: 1 << 4)

    /// Letters, numbers and whitespace: a scalar with none of these is in `[^\s\p{L}\p{N}]`.
    static let wordOrSpace: ScalarClass = [.letter, .number, .whitespace]
}

/// Classifies Unicode scalars into ``ScalarClass`` the way tiktoken's regex engine does.
///
/// The Basic Multilingual Plane is classified once into a 64 KiB table; scalars above it (emoji,
/// rare scripts) are classified on demand from `Unicode.Scalar.Properties`.
final class ScalarClassifier: @unchecked Sendable {
    // @unchecked: `basicPlane` is written only in `init` and read-only afterwards.

    /// The process-wide classifier (building the table takes a few milliseconds).
    static let shared = ScalarClassifier()

    /// The Unicode version of the reference regex engine's tables (tiktoken 0.14.0's Rust `regex`).
    /// Scalars assigned after it are unassigned (`Cn`) there, so they fall in no letter or number class.
    static let referenceUnicodeVersion: Unicode.Version = (major: 16, minor: 0)

    /// Scalars whose general category changed after ``referenceUnicodeVersion``, with the category
    /// they had in it. Unicode 17 made U+0295 LATIN LETTER PHARYNGEAL VOICED FRICATIVE `Lo`.
    static let categoriesInReferenceVersion: [UInt32: Unicode.GeneralCategory] = [
        0x0295: .lowercaseLetter,
    ]

    /// The class of every scalar value below U+10000 (surrogate code points are never looked up).
    let basicPlane: UnsafeMutablePointer<UInt8>

    private init() {
        basicPlane = .allocate(capacity: 0x10000)
        basicPlane.initialize(repeating: 0, count: 0x10000)
        for value in UInt32(0)..<0x10000 {
            guard let scalar = Unicode.Scalar(value) else { continue }
            basicPlane[Int(value)] = Self.classify(scalar).rawValue
        }
    }

    deinit { basicPlane.deallocate() }

    /// The class of a scalar value (a valid Unicode scalar, as decoded from a Swift string).
    @inline(__always)
    func classOf(_ value: UInt32) -> ScalarClass {
        if value < 0x10000 { return ScalarClass(rawValue: basicPlane[Int(value)]) }
        guard let scalar = Unicode.Scalar(value) else { return [] }
        return Self.classify(scalar)
    }

    /// Classifies a scalar from its Unicode properties, pinned to ``referenceUnicodeVersion``.
    static func classify(_ scalar: Unicode.Scalar) -> ScalarClass {
        let properties = scalar.properties
        if let age = properties.age, age > referenceUnicodeVersion { return [] }
        var result: ScalarClass = properties.isWhitespace ? .whitespace : []
        switch categoriesInReferenceVersion[scalar.value] ?? properties.generalCategory {
        case .uppercaseLetter, .titlecaseLetter:
            result.formUnion([.letter, .upperOrCaseless])
        case .lowercaseLetter:
            result.formUnion([.letter, .lowerOrCaseless])
        case .modifierLetter, .otherLetter:
            result.formUnion([.letter, .upperOrCaseless, .lowerOrCaseless])
        case .nonspacingMark, .spacingMark, .enclosingMark:
            result.formUnion([.upperOrCaseless, .lowerOrCaseless])
        case .decimalNumber, .letterNumber, .otherNumber:
            result.formUnion(.number)
        default:
            break
        }
        return result
    }
}
