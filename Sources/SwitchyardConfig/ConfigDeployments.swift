import SwitchyardCatalog

extension CatalogModel {
    /// `deployments: [{provider: a, upstream: x, weight: 3}, …]`, instead of `provider`/`upstream`.
    static func deployments(_ keys: [String: ConfigNode], id: String, providers: Set<String>) throws -> [ModelDeployment] {
        guard let listNode = keys["deployments"] else {
            if let balance = keys["balance"] {
                throw balance.error("model '\(id)' has one deployment, so there is nothing to balance.", fix: "remove 'balance', or list several under 'deployments'.")
            }
            return []
        }
        for key in ["provider", "upstream"] where keys[key] != nil {
            throw keys[key]!.error("model '\(id)' has both '\(key)' and 'deployments'.", fix: "put each provider and upstream name inside 'deployments'.")
        }
        var result: [ModelDeployment] = []
        for entry in try listNode.sequence() {
            let fields = try entry.mapping(allowed: ["provider", "upstream", "weight"])
            guard let providerNode = fields["provider"] else {
                throw entry.error("a deployment of '\(id)' has no 'provider'.", fix: "add 'provider: <a provider name>'.")
            }
            let provider = try providerNode.string()
            guard providers.contains(provider) else {
                throw providerNode.error("deployment of '\(id)' names provider '\(provider)', which is not defined.", fix: "use one of: \(providers.sorted().joined(separator: ", ")).")
            }
            let deployment = ModelDeployment(
                provider: provider, upstreamName: try fields["upstream"]?.string() ?? id, weight: try fields["weight"]?.int(min: 0) ?? 1
            )
            guard !result.contains(where: { $0.provider == deployment.provider && $0.upstreamName == deployment.upstreamName }) else {
                throw entry.error("model '\(id)' lists the deployment \(provider)/\(deployment.upstreamName) twice.", fix: "list each once; use 'weight' for a bigger share.")
            }
            result.append(deployment)
        }
        guard !result.isEmpty else { throw listNode.error("model '\(id)' has an empty 'deployments' list.", fix: "list at least one {provider, upstream}.") }
        guard result.contains(where: { $0.weight > 0 }) else {
            throw listNode.error("every deployment of '\(id)' has weight 0.", fix: "give at least one a positive weight.")
        }
        return result
    }
}
