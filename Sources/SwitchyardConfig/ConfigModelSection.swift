import SwitchyardCatalog
import SwitchyardModel

extension CatalogModel {
    static let configKeys: Set<String> = [
        "id", "provider", "upstream", "display_name", "category", "tags", "aliases", "capabilities", "price", "free",
        "context_window", "max_output", "speed", "lifecycle", "tokenizer", "deployments", "balance",
    ]

    init(node: ConfigNode, providers: Set<String>) throws {
        let keys = try node.mapping(allowed: Self.configKeys)
        func required(_ key: String, _ fix: String) throws -> ConfigNode {
            guard let value = keys[key] else { throw node.error("model has no '\(key)'.", fix: fix) }
            return value
        }
        let id = try required("id", "add 'id: <the name clients send>'.").string()
        let deployments = try Self.deployments(keys, id: id, providers: providers)
        let providerNode = try deployments.isEmpty ? required("provider", "add 'provider: <a provider name>' (or a 'deployments' list).") : nil
        let provider = try providerNode?.string() ?? deployments[0].provider
        if let providerNode, !providers.contains(provider) {
            throw providerNode.error("model '\(id)' names provider '\(provider)', which is not defined.", fix: "use one of: \(providers.sorted().joined(separator: ", ")).")
        }
        let isFree = try keys["free"]?.bool() ?? false
        let prices = try Self.prices(keys["price"], id: id, isFree: isFree, node: node)
        let contextWindow = try keys["context_window"]?.int(min: 1) ?? 128_000
        let maxOutput = try keys["max_output"]?.int(min: 1) ?? 4096
        guard maxOutput <= contextWindow else {
            throw keys["max_output"]!.error("max_output \(maxOutput) exceeds context_window \(contextWindow).", fix: "lower max_output or raise context_window.")
        }
        var speed = SpeedProfile(timeToFirstTokenMillis: 300, tokensPerSecond: 100)
        if let speedNode = try keys["speed"]?.mapping(allowed: ["ttft_ms", "tokens_per_second"]) {
            if let ttft = speedNode["ttft_ms"] { speed.timeToFirstTokenMillis = try ttft.int() }
            if let rate = speedNode["tokens_per_second"] { speed.tokensPerSecond = try rate.double(in: 0.1...100_000) }
        }
        var tokenizer = TokenizerKind.heuristic
        if let tokenizerNode = keys["tokenizer"] {
            let name = try tokenizerNode.string()
            guard let kind = TokenizerKind(rawValue: name) else {
                throw tokenizerNode.error("unknown tokenizer '\(name)'.", fix: "use one of: \(TokenizerKind.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
            tokenizer = kind
        }
        self.init(
            id: id, provider: provider, upstreamName: try keys["upstream"]?.string() ?? deployments.first?.upstreamName ?? id, prices: prices,
            contextWindow: contextWindow, maxOutputTokens: maxOutput, speed: speed,
            displayName: try keys["display_name"]?.string(), category: try keys["category"]?.string() ?? "general",
            tags: try keys["tags"]?.strings() ?? [], aliases: try keys["aliases"]?.strings() ?? [],
            capabilities: try Self.capabilities(keys["capabilities"]), isFree: isFree,
            lifecycle: try Self.lifecycle(keys["lifecycle"]), tokenizer: tokenizer
        )
        self.deployments = deployments
        if let balanceNode = keys["balance"] {
            let name = try balanceNode.string()
            guard let balancing = LoadBalancing(rawValue: name) else {
                throw balanceNode.error("unknown balance '\(name)'.", fix: "use weighted or least_latency.")
            }
            self.balancing = balancing
        }
    }

    /// A price is required unless the model is marked free; a free model takes no price.
    private static func prices(_ priceNode: ConfigNode?, id: String, isFree: Bool, node: ConfigNode) throws -> ModelPrices {
        guard let priceNode else {
            if isFree { return .free }
            throw node.error("model '\(id)' has no price, and a missing price is never taken as $0.", fix: "add 'price: {input: …, output: …}' in USD per 1M tokens, or 'free: true' if it really costs nothing.")
        }
        if isFree { throw priceNode.error("model '\(id)' is marked free but also has a price.", fix: "remove one of them.") }
        let price = try priceNode.mapping(allowed: ["input", "output", "cached_input", "cache_write", "reasoning", "source", "as_of"])
        guard let input = price["input"], let output = price["output"] else {
            throw priceNode.error("model '\(id)' price needs both 'input' and 'output'.", fix: "write them in USD per 1M tokens.")
        }
        var asOf: CalendarDay?
        if let asOfNode = price["as_of"] {
            guard let day = CalendarDay(parsing: try asOfNode.string()) else {
                throw asOfNode.error("expected a date like 2026-11-01.", fix: "write the day the price was read as YYYY-MM-DD.")
            }
            asOf = day
        }
        let prices = ModelPrices(
            input: try input.dollars(), output: try output.dollars(), cachedInput: try price["cached_input"]?.dollars(),
            cacheWrite: try price["cache_write"]?.dollars(), reasoning: try price["reasoning"]?.dollars(),
            source: try price["source"]?.string(), asOf: asOf
        )
        if prices.isZero {
            throw priceNode.error("model '\(id)' has a price of zero.", fix: "write its real price, or replace 'price' with 'free: true'.")
        }
        return prices
    }

    private static func capabilities(_ node: ConfigNode?) throws -> ModelCapabilities {
        var result: ModelCapabilities = []
        for entry in try node?.sequence() ?? [] {
            let name = try entry.string()
            guard let capability = ModelCapabilities.named.first(where: { $0.name == name })?.capability else {
                throw entry.error("unknown capability '\(name)'.", fix: "use any of: \(ModelCapabilities.named.map(\.name).joined(separator: ", ")).")
            }
            result.insert(capability)
        }
        return result
    }

    private static func lifecycle(_ node: ConfigNode?) throws -> ModelLifecycle {
        guard let node else { return .active }
        let keys = try node.mapping(allowed: ["status", "successor", "date"])
        let status = try keys["status"]?.string() ?? "active"
        let successor = try keys["successor"]?.string()
        switch status {
        case "active":
            return .active
        case "deprecated":
            guard let successor, let dateNode = keys["date"] else {
                throw node.error("a deprecated model needs 'successor' and 'date' (the day it retires).", fix: "add both, e.g. successor: gpt-4.1-mini, date: 2027-01-31.")
            }
            guard let date = CalendarDay(parsing: try dateNode.string()) else {
                throw dateNode.error("expected a date like 2027-01-31.", fix: "write YYYY-MM-DD.")
            }
            return .deprecated(successor: successor, retiresOn: date)
        case "retired":
            return .retired(successor: successor)
        default:
            throw keys["status"]!.error("unknown lifecycle status '\(status)'.", fix: "use active, deprecated or retired.")
        }
    }
}
