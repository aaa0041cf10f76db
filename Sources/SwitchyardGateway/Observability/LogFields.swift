import Logging
import SwitchyardModel

/// A log line's fields kept as typed values and handed to the log handler as one metadata value
/// under the key `fields`. Building a `Logger.Metadata` entry costs a hash and a boxed
/// string per field; on every request's event loop that was a fifth of its time. The JSON
/// output writes the fields as top-level keys, as strings, straight from their values
/// (`write(to:)`); any other handler prints `description`, the same fields as `key=value` pairs.
public protocol LogFields: CustomStringConvertible, Sendable {
    /// Gives each field to `sink`, as its type.
    func write(to sink: inout some LogFieldSink)
    /// Whether `write(to:)` gives its keys in ascending order, so a line of these fields alone
    /// needs no sorting (false unless a type says so; a test holds each such type to it).
    static var keysAscend: Bool { get }
}

/// Receives a line's fields (`LogFields.write(to:)`). Every value ends up as text; numbers and
/// amounts come as such so an output can write their digits without making a `String`.
public protocol LogFieldSink {
    mutating func field(_ key: StaticString, _ value: String)
    mutating func field(_ key: StaticString, _ value: Int64)
    /// An amount written as dollars with six decimals, as `MicroDollars.description`.
    mutating func field(_ key: StaticString, dollars value: MicroDollars)
}

extension LogFields {
    public static var keysAscend: Bool { false }

    /// Calls `field` with each key and its value as text, in `write(to:)` order.
    public func forEach(_ field: (String, String) -> Void) {
        var pairs = TextFieldPairs()
        write(to: &pairs)
        for (key, value) in pairs.pairs { field(key, value) }
    }
}

/// Fields as text pairs (for `description` and the metadata path).
struct TextFieldPairs: LogFieldSink {
    var pairs: [(String, String)] = []
    mutating func field(_ key: StaticString, _ value: String) { pairs.append((key.description, value)) }
    mutating func field(_ key: StaticString, _ value: Int64) { pairs.append((key.description, String(value))) }
    mutating func field(_ key: StaticString, dollars value: MicroDollars) { pairs.append((key.description, value.description)) }
}

/// The metadata key `LogFields` travel under.
let logFieldsKey = "fields"

extension LogFields {
    /// The fields as one metadata entry.
    public var metadata: Logger.Metadata { [logFieldsKey: .stringConvertible(self)] }

    public var description: String {
        var pairs: [String] = []
        forEach { key, value in pairs.append("\(key)=\(value)") }
        return pairs.sorted().joined(separator: " ")
    }
}

extension Logger.Metadata {
    /// The fields, when they are the only entry and their keys ascend: a line can be written
    /// from them straight, in `forEach` order.
    public var ascendingLogFieldsAlone: (any LogFields)? {
        guard count == 1, case .stringConvertible(let convertible)? = self[logFieldsKey], let fields = convertible as? any LogFields,
              type(of: fields).keysAscend
        else { return nil }
        return fields
    }

    /// The entries with any `LogFields` value spread into its own keys.
    public func spreadingLogFields() -> [(key: String, value: String)] {
        var pairs: [(key: String, value: String)] = []
        pairs.reserveCapacity(count + 16)
        for (key, value) in self {
            if key == logFieldsKey, case .stringConvertible(let convertible) = value, let fields = convertible as? any LogFields {
                fields.forEach { pairs.append(($0, $1)) }
            } else {
                pairs.append((key, value.description))
            }
        }
        return pairs
    }
}
