/// The models the gateway serves, by id and alias, in configuration order.
public struct Catalog: Sendable {
    public let models: [CatalogModel]
    private let byName: [String: CatalogModel]

    public init(models: [CatalogModel]) {
        self.models = models
        var byName: [String: CatalogModel] = [:]
        for model in models {
            byName[model.id] = byName[model.id] ?? model
            for alias in model.aliases { byName[alias] = byName[alias] ?? model }
        }
        self.byName = byName
    }

    /// The model with this id or alias, if any.
    public func model(_ name: String) -> CatalogModel? { byName[name] }

    /// Up to `limit` ids of active models, for error messages.
    public func sampleIDs(limit: Int = 5) -> [String] {
        models.lazy.filter { $0.lifecycle == .active }.prefix(limit).map(\.id)
    }
}
