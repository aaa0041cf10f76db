import SwitchyardCatalog
import SwitchyardModel
import SwitchyardProviders

/// The served models and the providers behind them; answers "who serves model X?".
public struct ModelRegistry: Sendable {
    public let catalog: Catalog
    let providers: [String: any ChatProvider]
    /// Configured providers that are off, with the reason (e.g. "set OPENAI_API_KEY to enable it").
    let disabledProviders: [String: String]
    /// Models configured on disabled providers.
    let unavailableModels: [String: String]

    /// - Parameters:
    ///   - models: every configured model; those whose provider is not in `providers` are not served.
    public init(models: [CatalogModel], providers: [String: any ChatProvider], disabledProviders: [String: String]) {
        self.catalog = Catalog(models: models.filter { providers[$0.provider] != nil })
        self.providers = providers
        self.disabledProviders = disabledProviders
        self.unavailableModels = Dictionary(
            models.filter { providers[$0.provider] == nil }.map { ($0.id, $0.provider) }, uniquingKeysWith: { first, _ in first }
        )
    }

    /// The model and its provider for a requested id, or a 404 that helps.
    public func resolve(_ id: String) throws(GatewayError) -> (CatalogModel, any ChatProvider) {
        if let model = catalog.model(id), let provider = providers[model.provider] { return (model, provider) }
        if let providerName = unavailableModels[id] {
            let reason = disabledProviders[providerName] ?? "it is not configured"
            throw GatewayError(.modelNotFound, "The model '\(id)' is configured but its provider '\(providerName)' is disabled: \(reason).", param: "model")
        }
        let known = catalog.sampleIDs().joined(separator: ", ")
        throw GatewayError(.modelNotFound, "The model '\(id)' does not exist. Known models include: \(known). GET /v1/models lists them all.", param: "model")
    }
}
