/// A configuration problem, naming the file, the line, the key and how to fix it.
public struct ConfigError: Error, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    /// The key path, e.g. `models[2].price.input`.
    public var key: String
    public var problem: String
    public var fix: String

    public init(file: String, line: Int?, key: String, problem: String, fix: String) {
        self.file = file
        self.line = line
        self.key = key
        self.problem = problem
        self.fix = fix
    }

    public var description: String {
        let location = line.map { "\(file):\($0)" } ?? file
        let keyPart = key.isEmpty ? "" : " \(key):"
        return "\(location):\(keyPart) \(problem) Fix: \(fix)"
    }
}
