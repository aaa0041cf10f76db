import Logging
import SwitchyardCatalog
import SwitchyardConfig
import SwitchyardModel
import SwitchyardProviders

/// Turns configured providers into live ones, discovering models where asked.
public enum ProviderSetup {
    /// The registry of served models for a configuration; providers share `transport`.
    public static func registry(for config: GatewayConfig, transport: HTTPTransport, logger: Logger) async -> ModelRegistry {
        var providers: [String: any ChatProvider] = [:]
        var disabled: [String: String] = [:]
        var models = config.models
        for provider in config.providers {
            if let reason = provider.disabledReason {
                disabled[provider.name] = reason
                logger.info("provider disabled", metadata: ["provider": .string(provider.name), "reason": .string(reason)])
                continue
            }
            switch provider.kind {
            case .simulator(let settings):
                providers[provider.name] = SimulatorProvider(name: provider.name, settings: settings)
            case .openAICompatible(let baseURL, let apiKey, let discover):
                let live = OpenAICompatibleProvider(name: provider.name, baseURL: baseURL, apiKey: apiKey?.value, transport: transport)
                providers[provider.name] = live
                if discover {
                    models += await discoverModels(live, known: Set(models.map(\.id)), logger: logger)
                }
            case .anthropic(let baseURL, let apiKey):
                providers[provider.name] = AnthropicProvider(name: provider.name, baseURL: baseURL, apiKey: apiKey?.value, transport: transport)
            }
        }
        return ModelRegistry(models: models, providers: providers, disabledProviders: disabled, routes: config.routes, fallbacks: config.fallbacks, cascades: config.cascades)
    }

    /// Models listed by the provider's `/v1/models` that the configuration does not name.
    /// `discover_models: true` marks them free (self-hosted); configure a model to price it.
    static func discoverModels(_ provider: OpenAICompatibleProvider, known: Set<String>, logger: Logger) async -> [CatalogModel] {
        do {
            let ids = try await provider.listModels(timeout: .seconds(5))
            let fresh = ids.filter { !known.contains($0) }
            for id in fresh {
                logger.warning("discovered model served as free (discover_models: true); add it under models to price it", metadata: ["provider": .string(provider.name), "model": .string(id)])
            }
            return fresh.map {
                CatalogModel(
                    id: $0, provider: provider.name, upstreamName: $0, prices: .free,
                    contextWindow: 131_072, maxOutputTokens: 16_384, speed: SpeedProfile(timeToFirstTokenMillis: 300, tokensPerSecond: 100),
                    tags: ["discovered"], isFree: true
                )
            }
        } catch {
            logger.error("model discovery failed; the provider serves only configured models", metadata: ["provider": .string(provider.name), "error": .string("\(error)")])
            return []
        }
    }
}
