/// The models the gateway serves, by id, in configuration order.
public struct Catalog: Sendable {
    public let models: [CatalogModel]
    private let byID: [String: CatalogModel]

    public init(models: [CatalogModel]) {
        self.models = models
        self.byID = Dictionary(models.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The model with this id, if any.
    public func model(_ id: String) -> CatalogModel? { byID[id] }

    /// Up to `limit` known ids, for error messages.
    public func sampleIDs(limit: Int = 5) -> [String] { models.prefix(limit).map(\.id) }
}
