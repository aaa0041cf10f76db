import SwitchyardModel
import Yams

/// A YAML node with the path that led to it, read strictly: unknown keys and wrong types are errors.
struct ConfigNode {
    let node: Node
    let path: String
    let file: String

    var line: Int? { node.mark?.line }

    func error(_ problem: String, fix: String) -> ConfigError {
        ConfigError(file: file, line: line, key: path, problem: problem, fix: fix)
    }

    // MARK: mappings

    /// The mapping's entries, failing on keys outside `allowed`.
    func mapping(allowed: Set<String>) throws -> [String: ConfigNode] {
        guard let mapping = node.mapping else {
            throw error("expected a mapping of keys (\(allowed.sorted().joined(separator: ", "))).", fix: "write it as 'key: value' lines.")
        }
        var result: [String: ConfigNode] = [:]
        for (key, value) in mapping {
            guard let name = key.string else { throw error("has a key that is not a string.", fix: "use plain string keys.") }
            let child = ConfigNode(node: value, path: path.isEmpty ? name : "\(path).\(name)", file: file)
            guard allowed.contains(name) else {
                let near = allowed.min { editDistance($0, name) < editDistance($1, name) }
                let hint = near.map { " Did you mean '\($0)'?" } ?? ""
                throw ConfigError(
                    file: file, line: key.mark?.line ?? line, key: child.path, problem: "unknown key '\(name)'.\(hint)",
                    fix: "remove it or use one of: \(allowed.sorted().joined(separator: ", "))."
                )
            }
            result[name] = child
        }
        return result
    }

    /// A mapping whose keys are names the user chooses (categories, model ids), in file order.
    func namedEntries() throws -> [(name: String, node: ConfigNode)] {
        guard let mapping = node.mapping else { throw error("expected a mapping of names to values.", fix: "write it as 'name: value' lines.") }
        return try mapping.map { key, value in
            guard let name = key.string else { throw error("has a key that is not a string.", fix: "use plain string keys.") }
            return (name, ConfigNode(node: value, path: path.isEmpty ? name : "\(path).\(name)", file: file))
        }
    }

    func sequence() throws -> [ConfigNode] {
        guard let sequence = node.sequence else { throw error("expected a list.", fix: "write each entry on a line starting with '- '.") }
        return sequence.enumerated().map { ConfigNode(node: $0.element, path: "\(path)[\($0.offset)]", file: file) }
    }

    // MARK: scalars

    func string() throws -> String {
        guard let scalar = node.scalar, node.tag.description != Tag.Name.null.rawValue, !Self.isNull(scalar) else {
            throw error("expected a text value.", fix: "write a plain value, quoted if it contains ':' or '#'.")
        }
        return scalar.string
    }

    /// A plain `null`, `~` or empty value: YAML's null, which the basic resolver leaves untagged.
    static func isNull(_ scalar: Node.Scalar) -> Bool {
        scalar.style == .plain && ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    func bool() throws -> Bool {
        switch try string() {
        case "true": return true
        case "false": return false
        case let other: throw error("expected true or false, got '\(other)'.", fix: "write true or false.")
        }
    }

    /// A list of strings, or a single string as a list of one.
    func strings() throws -> [String] {
        if node.scalar != nil { return [try string()] }
        return try sequence().map { try $0.string() }
    }

    func int(min: Int = 0) throws -> Int {
        guard let value = Int(try string()), value >= min else {
            throw error("expected a whole number of at least \(min), got '\((try? string()) ?? "?")'.", fix: "write a number such as \(Swift.max(min, 1)).")
        }
        return value
    }

    func double(in range: ClosedRange<Double>) throws -> Double {
        guard let value = Double(try string()), range.contains(value) else {
            throw error("expected a number from \(range.lowerBound) to \(range.upperBound), got '\((try? string()) ?? "?")'.", fix: "write a number in that range.")
        }
        return value
    }

    /// A dollar amount per 1M tokens, parsed exactly.
    func dollars() throws -> MicroDollars {
        guard let value = MicroDollars(dollars: try string()) else {
            throw error("expected a dollar amount such as 0.15 (at most 6 decimals, not negative), got '\((try? string()) ?? "?")'.", fix: "write the price in USD per 1M tokens.")
        }
        return value
    }

    /// A duration such as `500ms`, `30s` or `2m`.
    func duration() throws -> Duration {
        let text = try string()
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60)]
        for (suffix, scale) in units where text.hasSuffix(suffix) {
            if let number = Double(text.dropLast(suffix.count)), number > 0 {
                return .milliseconds(Int64((number * scale * 1000).rounded()))
            }
        }
        throw error("expected a duration such as 500ms, 30s or 2m, got '\(text)'.", fix: "write a positive number followed by ms, s or m.")
    }

    /// A byte size such as `4MiB`, `512KiB` or a plain number of bytes.
    func byteSize() throws -> Int {
        let text = try string()
        let units: [(String, Int)] = [("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10), ("B", 1), ("", 1)]
        for (suffix, scale) in units where text.hasSuffix(suffix) {
            if let number = Int(text.dropLast(suffix.count)), number > 0 { return number * scale }
        }
        throw error("expected a size such as 4MiB, 512KiB or a number of bytes, got '\(text)'.", fix: "write a positive whole number with an optional KiB, MiB or GiB suffix.")
    }
}

/// Levenshtein distance, for "did you mean" hints.
func editDistance(_ lhs: String, _ rhs: String) -> Int {
    let left = Array(lhs), right = Array(rhs)
    var previous = Array(0...right.count)
    for (i, leftChar) in left.enumerated() {
        var current = [i + 1] + Array(repeating: 0, count: right.count)
        for (j, rightChar) in right.enumerated() {
            current[j + 1] = Swift.min(previous[j + 1] + 1, current[j] + 1, previous[j] + (leftChar == rightChar ? 0 : 1))
        }
        previous = current
    }
    return previous[right.count]
}
