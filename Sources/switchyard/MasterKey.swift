import Foundation

/// The master key: from `SWITCHYARD_MASTER_KEY`, else from the data directory, else generated there.
enum MasterKey {
    /// The key and whether it was generated just now (and so must be shown once).
    static func load(dataDirectory: String, environment: [String: String]) throws -> (key: String, generated: Bool, file: String?) {
        if let key = environment["SWITCHYARD_MASTER_KEY"], !key.isEmpty { return (key, false, nil) }
        let manager = FileManager.default
        try manager.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let path = (dataDirectory as NSString).appendingPathComponent("master.key")
        if let data = manager.contents(atPath: path),
           let key = String(data: data, encoding: .utf8)?.trimmingCharacters(in: .whitespacesAndNewlines), !key.isEmpty {
            return (key, false, path)
        }
        let key = generate()
        guard manager.createFile(atPath: path, contents: Data((key + "\n").utf8), attributes: [.posixPermissions: 0o600]) else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
        }
        return (key, true, path)
    }

    /// `sk-sy-master-` followed by 40 random base-62 characters (~238 bits).
    static func generate() -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        var generator = SystemRandomNumberGenerator()
        return "sk-sy-master-" + String((0..<40).map { _ in alphabet[Int(generator.next(upperBound: UInt64(alphabet.count)))] })
    }
}
