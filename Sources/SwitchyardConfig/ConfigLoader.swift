import Foundation
import SwitchyardCatalog
import SwitchyardModel
import SwitchyardProviders
import SwitchyardRouting
import Yams

/// Reads and validates a configuration file, or the embedded default.
public enum ConfigLoader {
    /// The embedded default configuration's YAML text.
    public static var defaultYAML: String {
        guard let url = Bundle.module.url(forResource: "default", withExtension: "yaml"),
              let text = try? String(contentsOf: url, encoding: .utf8)
        else { fatalError("the embedded default configuration is missing from the package resources") }
        return text
    }

    /// Loads `path`, or the embedded default when nil.
    public static func load(path: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> GatewayConfig {
        guard let path else { return try parse(yaml: defaultYAML, file: "<embedded default>", environment: environment) }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(file: path, line: nil, key: "", problem: "cannot read the file.", fix: "check the path and that it is readable UTF-8 text.")
        }
        return try parse(yaml: text, file: path, environment: environment)
    }

    /// Parses YAML text; `file` names it in error messages.
    public static func parse(yaml: String, file: String, environment: [String: String]) throws -> GatewayConfig {
        let root: Node
        do {
            // Without Yams' default resolver, whose rules are regular expressions: compiling them
            // maps ICU's data (6.6 MB resident for the life of the process). Every value here is
            // read as text and typed by `ConfigNode`, which also tells a YAML null itself.
            guard let node = try Yams.compose(yaml: yaml, .basic) else {
                throw ConfigError(file: file, line: nil, key: "", problem: "the file is empty.", fix: "start from `switchyard config print-default`.")
            }
            root = node
        } catch let error as ConfigError {
            throw error
        } catch {
            throw ConfigError(file: file, line: nil, key: "", problem: "is not valid YAML (\(error)).", fix: "correct the YAML syntax.")
        }
        let top = try ConfigNode(node: root, path: "", file: file).mapping(allowed: ["server", "providers", "models", "routes", "fallbacks", "resilience", "cascades"])
        let server = try top["server"].map(ServerSettings.init(node:)) ?? ServerSettings()
        guard let providerList = top["providers"] else {
            throw ConfigError(file: file, line: nil, key: "providers", problem: "is missing.", fix: "list at least one provider, e.g. the simulator.")
        }
        let providers = try providerList.sequence().map { try ProviderConfig(node: $0, environment: environment) }
        var seen = Set<String>()
        for (index, provider) in providers.enumerated() where !seen.insert(provider.name).inserted {
            throw ConfigError(file: file, line: nil, key: "providers[\(index)].name", problem: "'\(provider.name)' is defined twice.", fix: "give each provider a unique name.")
        }
        let modelNodes = try top["models"]?.sequence() ?? []
        var models: [CatalogModel] = []
        var modelIDs = Set<String>()
        for node in modelNodes {
            let model = try CatalogModel(node: node, providers: seen)
            guard modelIDs.insert(model.id).inserted else {
                throw node.error("model id '\(model.id)' is defined twice.", fix: "give each model a unique id.")
            }
            models.append(model)
        }
        try validateCatalog(models, nodes: modelNodes)
        let byID = Dictionary(uniqueKeysWithValues: models.map { ($0.id, $0) })
        let taken = Set(models.flatMap { [$0.id] + $0.aliases })
        var routes: [VirtualRoute] = []
        for node in try top["routes"]?.sequence() ?? [] {
            let route = try VirtualRoute(node: node, models: byID)
            guard !taken.contains(route.name), !routes.contains(where: { $0.name == route.name }) else {
                throw node.error("route name '\(route.name)' is already a model id, alias or route.", fix: "choose a name no model uses, e.g. 'auto'.")
            }
            routes.append(route)
        }
        var fallbacks: [String: [String]] = [:]
        for (model, chainNode) in try top["fallbacks"]?.namedEntries() ?? [] {
            guard byID[model] != nil else { throw chainNode.error("'\(model)' is not a configured model id.", fix: "use an id defined under 'models'.") }
            let chain = try chainNode.strings()
            if let unknown = chain.first(where: { byID[$0] == nil }) {
                throw chainNode.error("fallback '\(unknown)' is not a configured model id.", fix: "list ids defined under 'models'.")
            }
            fallbacks[model] = chain.filter { $0 != model }
        }
        let resilience = try top["resilience"].map(ResilienceSettings.init(node:)) ?? ResilienceSettings()
        var config = GatewayConfig(server: server, providers: providers, models: models, source: file, routes: routes, fallbacks: fallbacks, resilience: resilience)
        config.cascades = try CascadePolicy.section(top["cascades"], routes: routes, models: byID)
        return config
    }

    /// Aliases must not shadow ids or each other; successors must exist and not be retired.
    static func validateCatalog(_ models: [CatalogModel], nodes: [ConfigNode]) throws {
        var names: [String: String] = Dictionary(uniqueKeysWithValues: models.map { ($0.id, $0.id) })
        for (model, node) in zip(models, nodes) {
            for alias in model.aliases {
                if let owner = names[alias] {
                    throw node.error("alias '\(alias)' of '\(model.id)' is already taken by '\(owner)'.", fix: "choose an alias no other model uses as id or alias.")
                }
                names[alias] = model.id
            }
        }
        let byID = Dictionary(uniqueKeysWithValues: models.map { ($0.id, $0) })
        for (model, node) in zip(models, nodes) {
            let successor: String?
            switch model.lifecycle {
            case .active: successor = nil
            case .deprecated(let name, _): successor = name
            case .retired(let name): successor = name
            }
            guard let successor else { continue }
            guard let target = byID[successor] else {
                throw node.error("successor '\(successor)' of '\(model.id)' is not a configured model.", fix: "name a model defined under 'models'.")
            }
            if case .retired = target.lifecycle {
                throw node.error("successor '\(successor)' of '\(model.id)' is itself retired.", fix: "name an active model.")
            }
        }
    }
}
