import SwitchyardRouting

extension ChatService {
    /// Virtual models none of whose table models has a deployment with a usable breaker (closed,
    /// or past its cooldown): requests for them could only fail. Empty when every route can serve.
    public func routesWithoutHealthyModel() -> [String] {
        let states = resilience.states
        func healthy(_ modelID: String) -> Bool {
            guard let model = registry.catalog.model(modelID) else { return false }
            return model.allDeployments.contains { states["\($0.provider)/\(model.id)"] != .open }
        }
        return registry.routes.values.filter { route in !Set(route.table.values).contains(where: healthy) }.map(\.name).sorted()
    }
}
