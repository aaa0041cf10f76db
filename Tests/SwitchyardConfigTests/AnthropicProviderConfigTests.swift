import SwitchyardConfig
import Testing

@Suite struct AnthropicProviderConfigTests {
    let yaml = """
    providers:
      - name: claude
        type: anthropic
        api_key: env:ANTHROPIC_API_KEY
    models:
      - id: c
        provider: claude
        price: { input: 3, output: 15 }
    """

    @Test func anthropicTypeTakesItsKeyAndDefaultHostFromTheEnvironment() throws {
        let config = try ConfigLoader.parse(yaml: yaml, file: "t.yaml", environment: ["ANTHROPIC_API_KEY": "sk-ant-1", "ANTHROPIC_BASE_URL": "http://127.0.0.1:9/v1"])
        let provider = try #require(config.providers.first)
        guard case .anthropic(let url, let key) = provider.kind else { Issue.record("wrong kind \(provider.kind)"); return }
        #expect(url == "http://127.0.0.1:9/v1")
        #expect(key?.value == "sk-ant-1")
        #expect(provider.disabledReason == nil)
    }

    @Test func anthropicWithoutItsKeyIsDisabledNamingTheVariable() throws {
        let config = try ConfigLoader.parse(yaml: yaml, file: "t.yaml", environment: [:])
        #expect(config.providers.first?.disabledReason == "set ANTHROPIC_API_KEY to enable it")
        guard case .anthropic(let url, _)? = config.providers.first?.kind else { Issue.record("wrong kind"); return }
        #expect(url == "https://api.anthropic.com/v1")
    }

    @Test func theDefaultConfigsAnthropicProviderIsNative() throws {
        let config = try ConfigLoader.load(path: nil, environment: ["ANTHROPIC_API_KEY": "sk-ant"])
        guard case .anthropic? = config.providers.first(where: { $0.name == "anthropic" })?.kind else { Issue.record("not native"); return }
    }
}
