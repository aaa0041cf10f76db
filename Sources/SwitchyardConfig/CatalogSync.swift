import SwitchyardCatalog
import SwitchyardModel
import Yams

/// One change `catalog sync` proposes to a configuration's models.
public enum CatalogChange: Sendable, Hashable, CustomStringConvertible {
    /// A configured model whose published price differs.
    case reprice(model: String, field: String, from: MicroDollars, to: MicroDollars)
    /// A model the upstream lists that the configuration lacks, with its published price.
    case add(model: String, provider: String, entry: PricingFile.Entry, pricingKey: String)
    /// A model the upstream lists with no published price: it is not added.
    case unpriced(model: String)

    public var description: String {
        switch self {
        case .reprice(let model, let field, let from, let to): "~ \(model): price.\(field) \(from) → \(to) USD/1M"
        case .add(let model, let provider, let entry, let key): "+ \(model) on \(provider): input \(entry.input), output \(entry.output) USD/1M (from '\(key)')"
        case .unpriced(let model): "? \(model): listed upstream but has no published price; not added (add it with a price or free: true)"
        }
    }
}

/// Compares a configuration with an upstream's model list and a pricing file, and edits the YAML.
public enum CatalogSync {
    /// The changes for `provider`'s models; `upstreamIDs` nil means "do not look for new models".
    public static func plan(config: GatewayConfig, provider: String, upstreamIDs: [String]?, prices: PricingFile?) -> [CatalogChange] {
        var changes: [CatalogChange] = []
        let mine = config.models.filter { $0.provider == provider }
        if let prices {
            for model in mine where !model.isFree {
                guard let (_, entry) = prices.entry(for: [model.upstreamName, model.id]) else { continue }
                let pairs: [(String, MicroDollars, MicroDollars?)] = [
                    ("input", model.prices.input, entry.input), ("output", model.prices.output, entry.output),
                    ("cached_input", model.prices.cachedInput, entry.cachedInput), ("cache_write", model.prices.cacheWrite, entry.cacheWrite),
                ]
                for (field, current, published) in pairs {
                    if let published, published != current { changes.append(.reprice(model: model.id, field: field, from: current, to: published)) }
                }
            }
        }
        let known = Set(config.models.flatMap { [$0.id, $0.upstreamName] + $0.aliases })
        for id in upstreamIDs ?? [] where !known.contains(id) {
            if let (key, entry) = prices?.entry(for: [id]), entry.input != .zero || entry.output != .zero {
                changes.append(.add(model: id, provider: provider, entry: entry, pricingKey: key))
            } else {
                changes.append(.unpriced(model: id))
            }
        }
        return changes
    }

    /// `yaml` with the changes applied (comments are not preserved; env references are).
    public static func apply(_ changes: [CatalogChange], to yaml: String, file: String, asOf: CalendarDay) throws -> String {
        guard var root = try Yams.compose(yaml: yaml), var top = root.mapping else {
            throw ConfigError(file: file, line: nil, key: "", problem: "is not a YAML mapping.", fix: "check the file.")
        }
        var models = top["models"]?.sequence ?? Node.Sequence()
        for change in changes {
            switch change {
            case .reprice(let id, let field, _, let price):
                guard let index = models.firstIndex(where: { $0.mapping?["id"]?.string == id }),
                      var model = models[index].mapping, var priceNode = model["price"]?.mapping
                else { continue }
                priceNode[field] = Node(price.plainDollars)
                priceNode["as_of"] = Node(asOf.description)
                priceNode["source"] = Node("catalog sync (pricing file)")
                model["price"] = .mapping(priceNode)
                models[index] = .mapping(model)
            case .add(let id, let provider, let entry, let key):
                var price: [(Node, Node)] = [(Node("input"), Node(entry.input.plainDollars)), (Node("output"), Node(entry.output.plainDollars))]
                if let cached = entry.cachedInput { price.append((Node("cached_input"), Node(cached.plainDollars))) }
                if let write = entry.cacheWrite { price.append((Node("cache_write"), Node(write.plainDollars))) }
                price.append((Node("source"), Node(entry.source ?? "pricing file entry '\(key)'")))
                price.append((Node("as_of"), Node(asOf.description)))
                var pairs: [(Node, Node)] = [(Node("id"), Node(id)), (Node("provider"), Node(provider)), (Node("price"), .mapping(.init(price)))]
                if entry.mode == "embedding" { pairs.append((Node("category"), Node("embedding"))) }
                let window = entry.maxInputTokens.map { $0 + (entry.maxOutputTokens ?? 0) }
                if let window { pairs.append((Node("context_window"), Node(String(window)))) }
                if let output = entry.maxOutputTokens, output <= (window ?? 128_000) { pairs.append((Node("max_output"), Node(String(output)))) }
                models.append(.mapping(.init(pairs)))
            case .unpriced:
                continue
            }
        }
        top["models"] = .sequence(models)
        root = .mapping(top)
        return try Yams.serialize(node: root)
    }
}

extension MicroDollars {
    /// Dollars as a plain decimal without trailing zeros, e.g. `0.15`, `3`.
    var plainDollars: String {
        var text = description
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}
