import SwitchyardCatalog
import SwitchyardConfig
import SwitchyardModel
import SwitchyardProviders
import Testing

@Suite struct ConfigLoaderTests {
    func parse(_ yaml: String, environment: [String: String] = [:]) throws -> GatewayConfig {
        try ConfigLoader.parse(yaml: yaml, file: "test.yaml", environment: environment)
    }

    func failure(_ yaml: String) -> ConfigError? {
        do { _ = try parse(yaml); return nil } catch let error as ConfigError { return error } catch { return nil }
    }

    let minimal = """
    providers:
      - name: sim
        type: simulator
    models:
      - id: m
        provider: sim
        price: { input: 0.15, output: 0.6 }
    """

    @Test func embeddedDefaultLoadsWithTheSeedLineup() throws {
        let config = try ConfigLoader.load(path: nil, environment: [:])
        #expect(config.server.listen == ListenAddress(host: "127.0.0.1", port: 8080))
        let simulated = config.models.filter { $0.provider == "simulator" }.map(\.id)
        #expect(simulated.contains("llama-3.1-8b") && simulated.contains("deepseek-r1") && simulated.contains("kimi-k2.5"))
        let llama = try #require(config.models.first { $0.id == "llama-3.1-8b" })
        #expect(llama.speed == SpeedProfile(timeToFirstTokenMillis: 200, tokensPerSecond: 200))
        #expect(llama.prices.input == MicroDollars(20_000))
        #expect(config.enabledProviders.map(\.name) == ["simulator"])
        let anthropic = try #require(config.providers.first { $0.name == "anthropic" })
        #expect(anthropic.disabledReason == "set ANTHROPIC_API_KEY to enable it")
    }

    @Test func providersTurnOnWhenTheirVariablesExist() throws {
        let config = try ConfigLoader.load(path: nil, environment: ["OPENAI_API_KEY": "sk-test", "VLLM_BASE_URL": "http://127.0.0.1:8000/v1", "ANTHROPIC_API_KEY": "sk-ant"])
        #expect(Set(config.enabledProviders.map(\.name)) == ["simulator", "openai", "vllm", "anthropic"])
        let openAI = try #require(config.providers.first { $0.name == "openai" })
        guard case .openAICompatible(let url, let key, _) = openAI.kind else { Issue.record("wrong kind"); return }
        #expect(url == "https://api.openai.com/v1")
        #expect(key?.value == "sk-test")
        #expect(key?.description.contains("sk-test") == false)
    }

    @Test func minimalConfigUsesDefaults() throws {
        let config = try parse(minimal)
        #expect(config.server.bodyLimitBytes == 4 << 20)
        #expect(config.models.first?.upstreamName == "m")
        #expect(config.models.first?.prices.cachedInput == MicroDollars(150_000))
    }

    @Test func parsesServerSettings() throws {
        let config = try parse("server: { listen: '0.0.0.0:9000', body_limit: 512KiB, timeouts: { connect: 250ms, first_byte: 2s, total: 1m } }\n" + minimal)
        #expect(config.server.listen == ListenAddress(host: "0.0.0.0", port: 9000))
        #expect(config.server.bodyLimitBytes == 512 * 1024)
        #expect(config.server.connectTimeout == .milliseconds(250))
        #expect(config.server.totalTimeout == .seconds(60))
    }

    @Test func unknownKeyNamesFileLineKeyAndFix() throws {
        let error = try #require(failure(minimal + "\n    contxt_window: 9"))
        #expect(error.file == "test.yaml")
        #expect(error.line == 8)
        #expect(error.key == "models[0].contxt_window")
        #expect(error.description.contains("Did you mean 'context_window'?"))
        #expect(error.description.contains("Fix:"))
    }

    @Test(arguments: [
        ("price: { input: 0.15, output: 0.6 }", "price: { input: -1, output: 0.6 }", "models[0].price.input"),
        ("price: { input: 0.15, output: 0.6 }", "price: { input: 0.1234567, output: 0.6 }", "models[0].price.input"),
        ("price: { input: 0.15, output: 0.6 }", "price: { input: 0.15 }", "models[0].price"),
        ("price: { input: 0.15, output: 0.6 }", "price: { input: 0, output: 0 }", "models[0].price"),
        ("price: { input: 0.15, output: 0.6 }", "price: { input: 1, output: 1, as_of: yesterday }", "models[0].price.as_of"),
        ("price: { input: 0.15, output: 0.6 }", "price: { input: 1, output: 1 }\n    free: true", "models[0].price"),
        ("price: { input: 0.15, output: 0.6 }", "price: { input: 1, output: 1 }\n    capabilities: [telepathy]", "models[0].capabilities[0]"),
        ("price: { input: 0.15, output: 0.6 }", "price: { input: 1, output: 1 }\n    tokenizer: gpt2", "models[0].tokenizer"),
        ("price: { input: 0.15, output: 0.6 }", "price: { input: 1, output: 1 }\n    lifecycle: { status: deprecated, successor: m }", "models[0].lifecycle"),
        ("provider: sim", "provider: nowhere", "models[0].provider"),
        ("type: simulator", "type: quantum", "providers[0].type"),
        ("type: simulator", "type: simulator\n    speed: fast", "providers[0].speed"),
        ("type: simulator", "type: simulator\n    api_key: env:X", "providers[0].api_key"),
    ])
    func badValuesAreRejectedWithTheirKey(original: String, replacement: String, key: String) throws {
        let error = try #require(failure(minimal.replacingOccurrences(of: original, with: replacement)))
        #expect(error.key == key)
    }

    /// The YAML is read without type rules: a null is still told apart from text, and quoted
    /// text that reads like a null, a boolean or a number stays text.
    @Test(arguments: ["provider:", "provider: ~", "provider: null", "provider: NULL"])
    func aNullWhereTextBelongsIsRejected(replacement: String) throws {
        let error = try #require(failure(minimal.replacingOccurrences(of: "provider: sim", with: replacement)))
        #expect(error.key == "models[0].provider")
        #expect(error.description.contains("expected a text value"))
    }

    @Test func quotedTextThatLooksTypedStaysText() throws {
        let yaml = minimal.replacingOccurrences(of: "name: sim", with: "name: 'null'")
            .replacingOccurrences(of: "provider: sim", with: "provider: \"null\"")
            .replacingOccurrences(of: "id: m", with: "id: 'true'")
        let config = try parse(yaml)
        #expect(config.models.map(\.id) == ["true"] && config.models.first?.provider == "null")
        let numbers = try parse("server: { body_limit: 1024, timeouts: { total: 1.5m } }\n" + minimal)
        #expect(numbers.server.bodyLimitBytes == 1024 && numbers.server.totalTimeout == .seconds(90))
    }

    @Test func secretsMustComeFromTheEnvironment() throws {
        let yaml = "providers:\n  - name: o\n    type: openai\n    api_key: sk-literal\n"
        let error = try #require(failure(yaml))
        #expect(error.key == "providers[0].api_key")
        #expect(!error.description.contains("sk-literal"))
    }

    @Test func duplicateModelIDsAreRejected() throws {
        let error = try #require(failure(minimal + "\n  - id: m\n    provider: sim\n    price: { input: 1, output: 1 }"))
        #expect(error.problem.contains("defined twice"))
    }

    @Test func invalidYAMLIsReported() throws {
        let error = try #require(failure("providers: [unclosed"))
        #expect(error.problem.contains("not valid YAML"))
    }

    @Test func aModelWithoutPriceStopsTheStartNamingIt() throws {
        let error = try #require(failure(minimal.replacingOccurrences(of: "\n    price: { input: 0.15, output: 0.6 }", with: "")))
        #expect(error.description.contains("model 'm' has no price"))
        #expect(error.description.contains("free: true"))
    }

    @Test func freeModelsNeedNoPrice() throws {
        let config = try parse(minimal.replacingOccurrences(of: "price: { input: 0.15, output: 0.6 }", with: "free: true"))
        #expect(config.models[0].isFree)
        #expect(config.models[0].prices.isZero)
    }

    @Test func catalogFieldsAreRead() throws {
        let yaml = minimal.replacingOccurrences(of: "price: { input: 0.15, output: 0.6 }", with: """
        price: { input: 3, output: 15, cached_input: 0.3, cache_write: 3.75, reasoning: 10, source: "https://example.com/p", as_of: 2026-10-01 }
            display_name: Big Model
            category: reasoning
            tags: [smart, slow]
            aliases: [big, m-latest]
            capabilities: [tools, vision, reasoning]
            tokenizer: o200k_base
          - id: m2
            provider: sim
            free: true
            lifecycle: { status: deprecated, successor: m, date: 2027-01-31 }
        """)
        let config = try parse(yaml)
        let model = config.models[0]
        #expect(model.displayName == "Big Model" && model.category == "reasoning" && model.tags == ["smart", "slow"])
        #expect(model.aliases == ["big", "m-latest"])
        #expect(model.capabilities == [.tools, .vision, .reasoning])
        #expect(model.tokenizer == .o200kBase)
        #expect(model.prices.cacheWrite == MicroDollars(3_750_000) && model.prices.reasoning == MicroDollars(10_000_000))
        #expect(model.prices.source == "https://example.com/p" && model.prices.asOf == CalendarDay(year: 2026, month: 10, day: 1))
        #expect(config.models[1].lifecycle == .deprecated(successor: "m", retiresOn: CalendarDay(year: 2027, month: 1, day: 31)))
    }

    @Test func successorsMustExistAndAliasesMustNotCollide() throws {
        let missing = try #require(failure(minimal + "\n    lifecycle: { status: retired, successor: ghost }"))
        #expect(missing.problem.contains("successor 'ghost'"))
        let clash = try #require(failure(minimal + "\n    aliases: [x]\n  - id: x\n    provider: sim\n    free: true"))
        #expect(clash.problem.contains("alias 'x'"))
    }

    @Test func everyShippedPriceNamesItsSourceAndDate() throws {
        let config = try ConfigLoader.load(path: nil, environment: [:])
        for model in config.models where !model.isFree {
            #expect(model.prices.source?.isEmpty == false, "\(model.id) has no price source")
            #expect(model.prices.asOf != nil, "\(model.id) has no as_of date")
        }
        let seedLineup = ["llama-3.1-8b", "deepseek-v3.2", "deepseek-r1", "qwen3-coder", "kimi-k2.5", "llama-4-scout", "glm-4.7-flash", "minimax-m2.5", "qwen3-235b", "bge-large"]
        #expect(Set(seedLineup).isSubset(of: Set(config.models.map(\.id))))
    }
}
