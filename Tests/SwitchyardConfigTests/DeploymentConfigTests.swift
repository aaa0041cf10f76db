import SwitchyardCatalog
import SwitchyardConfig
import Testing

/// Models served by several deployments, and the errors a wrong list gets.
@Suite struct DeploymentConfigTests {
    static let providers = """
    providers:
      - { name: east, type: simulator }
      - { name: west, type: simulator }
    models:

    """

    func parse(_ models: String) throws -> GatewayConfig {
        try ConfigLoader.parse(yaml: Self.providers + models, file: "test.yaml", environment: [:])
    }

    func problem(_ models: String) -> String? {
        do { _ = try parse(models); return nil } catch let error as ConfigError { return error.description } catch { return "\(error)" }
    }

    @Test func deploymentsCarryProviderUpstreamAndWeight() throws {
        let config = try parse("""
          - id: m
            price: { input: 1, output: 2 }
            balance: least_latency
            deployments:
              - { provider: east, upstream: m-east, weight: 3 }
              - { provider: west }
        """)
        let model = try #require(config.models.first)
        #expect(model.deployments == [ModelDeployment(provider: "east", upstreamName: "m-east", weight: 3), ModelDeployment(provider: "west", upstreamName: "m", weight: 1)])
        #expect(model.provider == "east" && model.upstreamName == "m-east")
        #expect(model.balancing == .leastLatency)
        let single = try parse("  - { id: s, provider: west, price: { input: 1, output: 2 } }").models[0]
        #expect(single.allDeployments == [ModelDeployment(provider: "west", upstreamName: "s")] && single.balancing == .weighted)
    }

    @Test func wrongDeploymentListsFailWithTheKeyAndTheFix() {
        let price = "price: { input: 1, output: 2 }"
        #expect(problem("  - { id: m, provider: east, \(price), deployments: [{ provider: west }] }")?.contains("both 'provider' and 'deployments'") == true)
        #expect(problem("  - { id: m, \(price), deployments: [{ provider: north }] }")?.contains("names provider 'north', which is not defined") == true)
        #expect(problem("  - { id: m, \(price), deployments: [] }")?.contains("empty 'deployments'") == true)
        #expect(problem("  - { id: m, \(price), deployments: [{ provider: east, weight: 0 }] }")?.contains("weight 0") == true)
        #expect(problem("  - { id: m, \(price), deployments: [{ provider: east }, { provider: east }] }")?.contains("twice") == true)
        #expect(problem("  - { id: m, \(price), balance: fastest, deployments: [{ provider: east }] }")?.contains("unknown balance 'fastest'") == true)
        #expect(problem("  - { id: m, provider: east, \(price), balance: weighted }")?.contains("nothing to balance") == true)
        #expect(problem("  - { id: m, \(price) }")?.contains("or a 'deployments' list") == true)
    }
}
