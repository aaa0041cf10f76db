import Foundation
import SwitchyardModel

/// Prices read from a LiteLLM-style `model_prices_and_context_window.json`
/// (costs per token in USD, keyed by model name or `provider/name`).
public struct PricingFile: Sendable {
    /// One model's published numbers, converted to micro-dollars per 1M tokens.
    public struct Entry: Sendable, Hashable {
        public var input: MicroDollars
        public var output: MicroDollars
        public var cachedInput: MicroDollars?
        public var cacheWrite: MicroDollars?
        public var maxInputTokens: Int?
        public var maxOutputTokens: Int?
        public var mode: String?
        public var source: String?
    }

    public let entries: [String: Entry]

    /// Parses the JSON; entries without both input and output costs are skipped.
    public init(json: Data) throws {
        guard let root = try JSONSerialization.jsonObject(with: json) as? [String: Any] else {
            throw ConfigError(file: "pricing file", line: nil, key: "", problem: "is not a JSON object of models.", fix: "pass a LiteLLM model_prices_and_context_window.json.")
        }
        var entries: [String: Entry] = [:]
        for (name, value) in root where name != "sample_spec" {
            guard let fields = value as? [String: Any],
                  let input = Self.perMillion(fields["input_cost_per_token"]),
                  let output = Self.perMillion(fields["output_cost_per_token"])
            else { continue }
            entries[name] = Entry(
                input: input, output: output,
                cachedInput: Self.perMillion(fields["cache_read_input_token_cost"]),
                cacheWrite: Self.perMillion(fields["cache_creation_input_token_cost"]).flatMap { $0 == .zero ? nil : $0 },
                maxInputTokens: fields["max_input_tokens"] as? Int, maxOutputTokens: fields["max_output_tokens"] as? Int,
                mode: fields["mode"] as? String, source: fields["source"] as? String
            )
        }
        self.entries = entries
    }

    /// The entry for a model: by exact name first, then by `anything/name`.
    public func entry(for names: [String]) -> (key: String, entry: Entry)? {
        for name in names { if let entry = entries[name] { return (name, entry) } }
        for name in names {
            let suffix = "/" + name
            if let match = entries.keys.sorted().first(where: { $0.hasSuffix(suffix) }) { return (match, entries[match]!) }
        }
        return nil
    }

    /// USD per token → micro-dollars per 1M tokens (×10¹²), rounded to the nearest whole unit.
    static func perMillion(_ value: Any?) -> MicroDollars? {
        guard let number = value as? Double, number >= 0, number.isFinite else { return nil }
        return MicroDollars(Int64((number * 1e12).rounded()))
    }
}
