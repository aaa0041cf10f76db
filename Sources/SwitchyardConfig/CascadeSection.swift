import SwitchyardCatalog
import SwitchyardRouting

extension CascadePolicy {
    /// One entry of `cascades:`: `{route: auto, escalate_to: deepseek-v3.2, threshold: 0.65}`.
    init(node: ConfigNode, routes: [VirtualRoute], models: [String: CatalogModel]) throws {
        let keys = try node.mapping(allowed: ["route", "escalate_to", "threshold"])
        guard let routeNode = keys["route"] else {
            throw node.error("a cascade has no 'route'.", fix: "add 'route: <a virtual model under routes>', e.g. 'route: auto'.")
        }
        let route = try routeNode.string()
        guard routes.contains(where: { $0.name == route }) else {
            throw routeNode.error("cascade route '\(route)' is not a configured route.", fix: "use one of: \(routes.map(\.name).sorted().joined(separator: ", ")).")
        }
        guard let targetNode = keys["escalate_to"] else {
            throw node.error("cascade '\(route)' has no 'escalate_to'.", fix: "add 'escalate_to: <the large model id>'.")
        }
        let target = try targetNode.string()
        guard models[target] != nil else {
            throw targetNode.error("escalate_to '\(target)' is not a configured model id.", fix: "use an id defined under 'models'.")
        }
        let threshold = try keys["threshold"]?.double(in: 0...1) ?? 0.65
        self.init(route: route, escalateTo: target, threshold: threshold)
    }

    /// Every entry of `cascades:`, at most one per route.
    static func section(_ node: ConfigNode?, routes: [VirtualRoute], models: [String: CatalogModel]) throws -> [CascadePolicy] {
        var policies: [CascadePolicy] = []
        for entry in try node?.sequence() ?? [] {
            let policy = try CascadePolicy(node: entry, routes: routes, models: models)
            guard !policies.contains(where: { $0.route == policy.route }) else {
                throw entry.error("route '\(policy.route)' has two cascades.", fix: "keep one entry per route.")
            }
            policies.append(policy)
        }
        return policies
    }
}
