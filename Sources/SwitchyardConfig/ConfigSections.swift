import SwitchyardCatalog
import SwitchyardModel
import SwitchyardProviders

extension ServerSettings {
    init(node: ConfigNode) throws {
        let keys = try node.mapping(allowed: ["listen", "body_limit", "timeouts", "fast_lane"])
        self.init()
        if let listen = keys["listen"] {
            guard let address = ListenAddress(parsing: try listen.string()) else {
                throw listen.error("expected HOST:PORT, got '\(try listen.string())'.", fix: "write e.g. 127.0.0.1:8080 or 0.0.0.0:8080.")
            }
            self.listen = address
        }
        if let limit = keys["body_limit"] { bodyLimitBytes = try limit.byteSize() }
        if let lane = keys["fast_lane"] { fastLane = try lane.bool() }
        if let timeouts = try keys["timeouts"]?.mapping(allowed: ["connect", "first_byte", "total"]) {
            if let value = timeouts["connect"] { connectTimeout = try value.duration() }
            if let value = timeouts["first_byte"] { firstByteTimeout = try value.duration() }
            if let value = timeouts["total"] { totalTimeout = try value.duration() }
        }
    }
}

extension ProviderConfig {
    init(node: ConfigNode, environment: [String: String]) throws {
        let keys = try node.mapping(allowed: ["name", "type", "base_url", "api_key", "require_api_key", "discover_models", "speed", "failures", "confidence"])
        guard let nameNode = keys["name"] else { throw node.error("a provider has no 'name'.", fix: "add 'name: <unique name>'.") }
        guard let typeNode = keys["type"] else { throw node.error("provider has no 'type'.", fix: "add 'type: simulator', 'type: openai', 'type: openai-compatible' or 'type: anthropic'.") }
        let name = try nameNode.string()
        switch try typeNode.string() {
        case "simulator":
            for key in ["base_url", "api_key", "require_api_key", "discover_models"] where keys[key] != nil {
                throw keys[key]!.error("does not apply to the simulator.", fix: "remove it.")
            }
            var settings = SimulatorSettings()
            if let speed = keys["speed"] { settings.speedMultiplier = try speed.double(in: 0...1000) }
            if let failures = keys["failures"] { settings.failures = try FailureInjection(node: failures) }
            if let confidence = keys["confidence"] { settings.confidence = try Self.confidenceRange(confidence) }
            self.init(name: name, kind: .simulator(settings))
        case let type where type == "openai" || type == "openai-compatible" || type == "anthropic":
            for key in ["speed", "failures", "confidence"] where keys[key] != nil {
                throw keys[key]!.error("applies to the simulator only.", fix: "remove it.")
            }
            var missing: [String] = []
            let defaultURL = switch type {
            case "openai": environment["OPENAI_BASE_URL"] ?? "https://api.openai.com/v1"
            case "anthropic": environment["ANTHROPIC_BASE_URL"] ?? "https://api.anthropic.com/v1"
            default: String?.none
            }
            let baseURL = try keys["base_url"].map { try Self.resolve($0, environment: environment, missing: &missing) } ?? defaultURL
            guard let baseURLValue = baseURL ?? (missing.isEmpty ? nil : "") else {
                throw node.error("provider '\(name)' has no 'base_url'.", fix: "add the URL up to /v1, e.g. http://localhost:8000/v1.")
            }
            if !baseURLValue.isEmpty, !(baseURLValue.hasPrefix("http://") || baseURLValue.hasPrefix("https://")) {
                throw keys["base_url"]!.error("'\(baseURLValue)' is not an http(s) URL.", fix: "write it like https://host/v1.")
            }
            var apiKey: Secret?
            // OpenAI always needs its key; other hosts (a local vLLM) may not, unless the config says so.
            let keyRequired = try keys["require_api_key"]?.bool() ?? (type == "openai" || type == "anthropic")
            if let keyNode = keys["api_key"] {
                let reference = try keyNode.string()
                guard reference.hasPrefix("env:") else {
                    throw keyNode.error("secrets are not written into the file.", fix: "write 'api_key: env:VARIABLE' and export the key in that variable.")
                }
                let variable = String(reference.dropFirst(4))
                if let value = environment[variable], !value.isEmpty {
                    apiKey = Secret(variable: variable, value: value)
                } else if keyRequired {
                    missing.append(variable)
                }
            }
            let discover = try keys["discover_models"]?.bool() ?? false
            let reason = missing.isEmpty ? nil : "set \(missing.joined(separator: " and ")) to enable it"
            if type == "anthropic" {
                if discover { throw keys["discover_models"]!.error("does not apply to Anthropic providers.", fix: "list their models under models.") }
                self.init(name: name, kind: .anthropic(baseURL: baseURLValue, apiKey: apiKey), disabledReason: reason)
            } else {
                self.init(name: name, kind: .openAICompatible(baseURL: baseURLValue, apiKey: apiKey, discoverModels: discover), disabledReason: reason)
            }
        case let other:
            throw typeNode.error("unknown provider type '\(other)'.", fix: "use simulator, openai, openai-compatible or anthropic.")
        }
    }

    /// A value that is either literal or `env:NAME`; records NAME in `missing` when unset.
    private static func resolve(_ node: ConfigNode, environment: [String: String], missing: inout [String]) throws -> String? {
        let text = try node.string()
        guard text.hasPrefix("env:") else { return text }
        let variable = String(text.dropFirst(4))
        if let value = environment[variable], !value.isEmpty { return value }
        missing.append(variable)
        return nil
    }
}

extension ProviderConfig {
    /// `confidence: 0.8` (always) or `confidence: {min: 0.5, max: 0.95}` (drawn per request).
    static func confidenceRange(_ node: ConfigNode) throws -> ClosedRange<Double> {
        if let fixed = try? node.double(in: 0...1) { return fixed...fixed }
        let keys = try node.mapping(allowed: ["min", "max"])
        guard let low = keys["min"], let high = keys["max"] else {
            throw node.error("confidence needs a number or both 'min' and 'max'.", fix: "write e.g. 'confidence: {min: 0.5, max: 0.95}'.")
        }
        let lower = try low.double(in: 0...1), upper = try high.double(in: 0...1)
        guard lower <= upper else { throw node.error("confidence min \(lower) is above max \(upper).", fix: "swap them.") }
        return lower...upper
    }
}

extension FailureInjection {
    init(node: ConfigNode) throws {
        let keys = try node.mapping(allowed: ["error_rate", "rate_limit_rate", "timeout_rate", "cut_rate"])
        self.init(
            errorRate: try keys["error_rate"]?.double(in: 0...1) ?? 0,
            rateLimitRate: try keys["rate_limit_rate"]?.double(in: 0...1) ?? 0,
            timeoutRate: try keys["timeout_rate"]?.double(in: 0...1) ?? 0,
            cutRate: try keys["cut_rate"]?.double(in: 0...1) ?? 0
        )
        guard errorRate + rateLimitRate + timeoutRate + cutRate <= 1 else {
            throw node.error("the failure rates add up to more than 1.", fix: "lower them so their sum is at most 1.")
        }
    }
}
