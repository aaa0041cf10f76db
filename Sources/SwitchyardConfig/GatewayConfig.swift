import SwitchyardCatalog
import SwitchyardProviders
import SwitchyardRouting

/// The validated configuration the gateway runs with.
public struct GatewayConfig: Sendable {
    public var server: ServerSettings
    public var providers: [ProviderConfig]
    /// Every configured model, including those of disabled providers.
    public var models: [CatalogModel]
    /// Where the configuration came from: a file path or `<embedded default>`.
    public var source: String
    /// Virtual models that classify and route.
    public var routes: [VirtualRoute]
    /// Model id → the models to try, in order, when it fails.
    public var fallbacks: [String: [String]]
    public var resilience: ResilienceSettings
    /// Confidence cascades, at most one per route.
    public var cascades: [CascadePolicy] = []

    public init(
        server: ServerSettings, providers: [ProviderConfig], models: [CatalogModel], source: String, routes: [VirtualRoute] = [],
        fallbacks: [String: [String]] = [:], resilience: ResilienceSettings = ResilienceSettings()
    ) {
        self.server = server
        self.providers = providers
        self.models = models
        self.source = source
        self.routes = routes
        self.fallbacks = fallbacks
        self.resilience = resilience
    }

    /// Providers whose credentials are present.
    public var enabledProviders: [ProviderConfig] { providers.filter { $0.disabledReason == nil } }
}

/// Listen address, limits and timeouts of the HTTP server.
public struct ServerSettings: Sendable, Hashable {
    public var listen: ListenAddress
    /// The largest request body accepted, in bytes.
    public var bodyLimitBytes: Int
    public var connectTimeout: Duration
    /// Until the upstream's first byte (and a stream's first event).
    public var firstByteTimeout: Duration
    /// For the whole upstream exchange, stream included.
    public var totalTimeout: Duration
    /// Serve plain OpenAI chat completions for plain-HTTP upstreams on the connection's event loop.
    public var fastLane = true

    public init(
        listen: ListenAddress = ListenAddress(host: "127.0.0.1", port: 8080), bodyLimitBytes: Int = 4 << 20,
        connectTimeout: Duration = .seconds(5), firstByteTimeout: Duration = .seconds(60), totalTimeout: Duration = .seconds(600)
    ) {
        self.listen = listen
        self.bodyLimitBytes = bodyLimitBytes
        self.connectTimeout = connectTimeout
        self.firstByteTimeout = firstByteTimeout
        self.totalTimeout = totalTimeout
    }
}

/// A `HOST:PORT` pair.
public struct ListenAddress: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses `HOST:PORT` (or `[v6]:PORT`); nil when malformed.
    public init?(parsing text: String) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (0...65535).contains(port) else { return nil }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { return nil }
        self.init(host: host, port: port)
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}

/// One configured provider.
public struct ProviderConfig: Sendable {
    public enum Kind: Sendable {
        case simulator(SimulatorSettings)
        /// OpenAI itself or any OpenAI-compatible host.
        case openAICompatible(baseURL: String, apiKey: Secret?, discoverModels: Bool)
        /// Anthropic's native Messages API.
        case anthropic(baseURL: String, apiKey: Secret?)
    }

    public var name: String
    public var kind: Kind
    /// Why the provider is off (a missing environment variable), or nil when it serves.
    public var disabledReason: String?

    public init(name: String, kind: Kind, disabledReason: String? = nil) {
        self.name = name
        self.kind = kind
        self.disabledReason = disabledReason
    }
}

/// A secret read from the environment; never printed.
public struct Secret: Sendable, CustomStringConvertible {
    /// The environment variable it came from.
    public let variable: String
    public let value: String

    public init(variable: String, value: String) {
        self.variable = variable
        self.value = value
    }

    public var description: String { "env:\(variable) (redacted)" }
}
