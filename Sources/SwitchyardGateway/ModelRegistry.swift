import SwitchyardCatalog
import SwitchyardModel
import SwitchyardProviders
import SwitchyardRouting

/// The served models and the providers behind them; answers "who serves model X today?".
public struct ModelRegistry: Sendable {
    public let catalog: Catalog
    public let providers: [String: any ChatProvider]
    /// Configured providers that are off, with the reason (e.g. "set OPENAI_API_KEY to enable it").
    let disabledProviders: [String: String]
    /// Models configured on disabled providers, by id and alias, with their provider.
    let unavailableModels: [String: String]
    /// Virtual models by name.
    public let routes: [String: VirtualRoute]
    /// Model id → models to fall back to, in order.
    public let fallbacks: [String: [String]]
    /// Route name → its confidence cascade.
    public let cascades: [String: CascadePolicy]
    /// Each served model's deployments with their providers, by model id: made once here, not
    /// per request (a deployment's breaker key is a string built from two names).
    private let servedDeployments: [String: [ServedDeployment]]

    /// - Parameters:
    ///   - models: every configured model; those whose provider is not in `providers` are not served.
    public init(
        models: [CatalogModel], providers: [String: any ChatProvider], disabledProviders: [String: String],
        routes: [VirtualRoute] = [], fallbacks: [String: [String]] = [:], cascades: [CascadePolicy] = []
    ) {
        self.cascades = Dictionary(uniqueKeysWithValues: cascades.map { ($0.route, $0) })
        self.routes = Dictionary(uniqueKeysWithValues: routes.map { ($0.name, $0) })
        self.fallbacks = fallbacks
        // A model is served while one of its deployments' providers is on; the first of those leads.
        self.catalog = Catalog(models: models.compactMap { model in
            let served = model.allDeployments.filter { providers[$0.provider] != nil }
            guard let lead = served.first else { return nil }
            var model = model
            if !model.deployments.isEmpty { model.deployments = served }
            model.provider = lead.provider
            model.upstreamName = lead.upstreamName
            return model
        })
        self.providers = providers
        self.disabledProviders = disabledProviders
        var unavailable: [String: String] = [:]
        for model in models where !model.allDeployments.contains(where: { providers[$0.provider] != nil }) {
            for name in [model.id] + model.aliases { unavailable[name] = model.provider }
        }
        self.unavailableModels = unavailable
        self.servedDeployments = Dictionary(catalog.models.map { ($0.id, Self.deployments(of: $0, on: providers)) }, uniquingKeysWith: { first, _ in first })
    }

    /// The model that serves a requested id or alias on `today`, or a 404 that says why and what to use.
    public func resolve(_ name: String, today: CalendarDay) throws(GatewayError) -> Resolution {
        guard let requested = catalog.model(name) else { throw notFound(name) }
        switch requested.lifecycle.effective(on: today) {
        case .active:
            return Resolution(model: requested, provider: providers[requested.provider]!, deprecation: nil, deployments: deployments(of: requested))
        case .deprecated(let successorID, let retiresOn):
            guard let successor = catalog.model(successorID), let provider = providers[successor.provider] else {
                throw GatewayError(.modelNotFound, "The model '\(name)' is deprecated and its successor '\(successorID)' is not available here.", param: "model")
            }
            let notice = Deprecation(requested: requested.id, successor: successor.id, retiresOn: retiresOn)
            return Resolution(model: successor, provider: provider, deprecation: notice, deployments: deployments(of: successor))
        case .retired(let successor):
            let advice = successor.map { " Use '\($0)' instead." } ?? ""
            let when: String
            if case .deprecated(_, let date) = requested.lifecycle { when = " on \(date)" } else { when = "" }
            throw GatewayError(.modelNotFound, "The model '\(name)' was retired\(when).\(advice)", param: "model")
        }
    }

    /// Each deployment of a served model with its provider.
    func deployments(of model: CatalogModel) -> [ServedDeployment] {
        servedDeployments[model.id] ?? Self.deployments(of: model, on: providers)
    }

    private static func deployments(of model: CatalogModel, on providers: [String: any ChatProvider]) -> [ServedDeployment] {
        model.allDeployments.compactMap { deployment in
            providers[deployment.provider].map { ServedDeployment(deployment: deployment, provider: $0, modelID: model.id) }
        }
    }

    private func notFound(_ name: String) -> GatewayError {
        if let providerName = unavailableModels[name] {
            let reason = disabledProviders[providerName] ?? "it is not configured"
            return GatewayError(.modelNotFound, "The model '\(name)' is configured but its provider '\(providerName)' is disabled: \(reason).", param: "model")
        }
        let known = catalog.sampleIDs().joined(separator: ", ")
        return GatewayError(.modelNotFound, "The model '\(name)' does not exist. Known models include: \(known). GET /v1/models lists them all.", param: "model")
    }
}

/// Which model serves a request, and the deprecation notice when a successor stands in.
public struct Resolution: Sendable {
    public var model: CatalogModel
    public var provider: any ChatProvider
    public var deprecation: Deprecation?
    /// Where the model can be called; one entry unless the model has several deployments.
    public var deployments: [ServedDeployment]
}

/// A deployment of a model whose provider is on.
public struct ServedDeployment: Sendable {
    public var deployment: ModelDeployment
    public var provider: any ChatProvider
    /// `provider/model`: the key of the deployment's circuit breaker and latency.
    public var key: String

    init(deployment: ModelDeployment, provider: any ChatProvider, modelID: String) {
        self.deployment = deployment
        self.provider = provider
        self.key = "\(deployment.provider)/\(modelID)"
    }
}

/// A request for a deprecated model, served by its successor.
public struct Deprecation: Sendable, Hashable {
    public var requested: String
    public var successor: String
    public var retiresOn: CalendarDay

    /// The `x-switchyard-deprecated` header value.
    public var headerValue: String {
        "\(requested) is deprecated and retires on \(retiresOn); served by \(successor)"
    }
}
