import Crypto

/// Making and recognising API keys: `sk-sy-` and 43 random base62 characters (256 bits).
/// Only the SHA-256 of a key is stored; its first 12 characters are its visible prefix.
public enum KeySecret {
    public static let scheme = "sk-sy-"
    static let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)

    /// A new random key.
    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        var characters = [UInt8]()
        characters.reserveCapacity(43)
        while characters.count < 43 {
            // Rejection sampling keeps every character equally likely.
            let byte = UInt8.random(in: 0...255, using: &generator)
            if byte < 248 { characters.append(alphabet[Int(byte % 62)]) }
        }
        return scheme + String(decoding: characters, as: UTF8.self)
    }

    /// The part of a key that may be shown and logged.
    public static func prefix(of key: String) -> String {
        String(key.prefix(12))
    }

    /// The digest keys are looked up by.
    public static func digest(of key: String) -> SHA256Digest {
        SHA256.hash(data: Array(key.utf8))
    }

    /// Lowercase hex of a digest, as stored.
    public static func hex(_ digest: SHA256Digest) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var bytes = [UInt8]()
        bytes.reserveCapacity(64)
        for byte in digest {
            bytes.append(digits[Int(byte >> 4)])
            bytes.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
