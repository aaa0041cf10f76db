import Foundation
import SwitchyardCatalog
import SwitchyardConfig
import SwitchyardModel
import Testing

@Suite struct CatalogSyncTests {
    static let pricing = #"""
    {
      "sample_spec": {"input_cost_per_token": 0.0, "output_cost_per_token": 0.0},
      "gpt-4o-mini": {"input_cost_per_token": 1.5e-07, "output_cost_per_token": 6e-07, "cache_read_input_token_cost": 7.5e-08, "litellm_provider": "openai", "mode": "chat"},
      "deepseek/deepseek-chat": {"input_cost_per_token": 2.8e-07, "output_cost_per_token": 4.2e-07, "cache_read_input_token_cost": 2.8e-08, "max_input_tokens": 131072, "max_output_tokens": 8192, "mode": "chat", "source": "https://api-docs.deepseek.com/quick_start/pricing"},
      "image-only": {"output_cost_per_image": 0.04}
    }
    """#

    static let yaml = """
    providers:
      - name: up
        type: openai-compatible
        base_url: env:UP_URL
    models:
      - id: mini
        provider: up
        upstream: gpt-4o-mini
        price: { input: 0.15, output: 0.5, cached_input: 0.075, source: old, as_of: 2025-01-01 }
    """

    @Test func convertsPerTokenCostsExactly() throws {
        let file = try PricingFile(json: Data(Self.pricing.utf8))
        #expect(file.entries.count == 2)
        let mini = try #require(file.entries["gpt-4o-mini"])
        #expect(mini.input == MicroDollars(150_000) && mini.output == MicroDollars(600_000) && mini.cachedInput == MicroDollars(75_000))
        #expect(file.entry(for: ["deepseek-chat"])?.key == "deepseek/deepseek-chat")
    }

    @Test func plansRepricesAdditionsAndRefusesUnpricedModels() throws {
        let config = try ConfigLoader.parse(yaml: Self.yaml, file: "t.yaml", environment: ["UP_URL": "http://127.0.0.1:1/v1"])
        let file = try PricingFile(json: Data(Self.pricing.utf8))
        let changes = CatalogSync.plan(config: config, provider: "up", upstreamIDs: ["gpt-4o-mini", "deepseek-chat", "mystery-7b"], prices: file)
        #expect(changes.contains(.reprice(model: "mini", field: "output", from: MicroDollars(500_000), to: MicroDollars(600_000))))
        #expect(!changes.contains { if case .reprice(_, "input", _, _) = $0 { true } else { false } }, "unchanged prices are not touched")
        #expect(changes.contains { if case .add("deepseek-chat", "up", _, "deepseek/deepseek-chat") = $0 { true } else { false } })
        #expect(changes.contains(.unpriced(model: "mystery-7b")))
        #expect(!changes.contains { $0.description.contains("gpt-4o-mini") && $0.description.hasPrefix("+") }, "a known upstream name is not added again")
    }

    @Test func appliedChangesLoadAndKeepEnvReferences() throws {
        let environment = ["UP_URL": "http://127.0.0.1:1/v1"]
        let config = try ConfigLoader.parse(yaml: Self.yaml, file: "t.yaml", environment: environment)
        let file = try PricingFile(json: Data(Self.pricing.utf8))
        let changes = CatalogSync.plan(config: config, provider: "up", upstreamIDs: ["deepseek-chat", "mystery-7b"], prices: file)
        let today = CalendarDay(year: 2026, month: 11, day: 22)
        let updated = try CatalogSync.apply(changes, to: Self.yaml, file: "t.yaml", asOf: today)
        #expect(updated.contains("env:UP_URL"))
        let reloaded = try ConfigLoader.parse(yaml: updated, file: "t.yaml", environment: environment)
        let mini = try #require(reloaded.models.first { $0.id == "mini" })
        #expect(mini.prices.output == MicroDollars(600_000))
        #expect(mini.prices.asOf == today)
        let added = try #require(reloaded.models.first { $0.id == "deepseek-chat" })
        #expect(added.prices.input == MicroDollars(280_000) && added.prices.cachedInput == MicroDollars(28_000))
        #expect(added.prices.source == "https://api-docs.deepseek.com/quick_start/pricing")
        #expect(added.contextWindow == 131_072 + 8192 && added.maxOutputTokens == 8192)
        #expect(!reloaded.models.contains { $0.id == "mystery-7b" })
    }
}
