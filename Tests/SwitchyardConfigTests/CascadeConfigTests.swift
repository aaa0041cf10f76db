import SwitchyardConfig
import SwitchyardProviders
import SwitchyardRouting
import Testing

/// `cascades:` entries and the simulator's `confidence`, and the errors a wrong one gets.
@Suite struct CascadeConfigTests {
    static let base = """
    providers:
      - { name: sim, type: simulator, confidence: { min: 0.2, max: 0.6 } }
    models:
      - { id: small, provider: sim, price: { input: 0.1, output: 0.2 } }
      - { id: large, provider: sim, price: { input: 1, output: 2 } }
    routes:
      - { name: auto, default: general, table: { general: small } }
    """

    func parse(_ yaml: String) throws -> GatewayConfig {
        try ConfigLoader.parse(yaml: yaml, file: "test.yaml", environment: [:])
    }

    func problem(_ yaml: String) -> String? {
        do { _ = try parse(yaml); return nil } catch let error as ConfigError { return error.description } catch { return "\(error)" }
    }

    @Test func aCascadeNamesItsRouteTargetAndThreshold() throws {
        let config = try parse(Self.base + "\ncascades:\n  - { route: auto, escalate_to: large, threshold: 0.7 }")
        #expect(config.cascades == [CascadePolicy(route: "auto", escalateTo: "large", threshold: 0.7)])
        #expect(try parse(Self.base + "\ncascades:\n  - { route: auto, escalate_to: large }").cascades.first?.threshold == 0.65)
        guard case .simulator(let settings) = config.providers[0].kind else { Issue.record("not a simulator"); return }
        #expect(settings.confidence == 0.2...0.6)
    }

    @Test func wrongCascadesFailWithTheKeyAndTheFix() {
        let unknownRoute = problem(Self.base + "\ncascades:\n  - { route: nope, escalate_to: large }")
        #expect(unknownRoute?.contains("cascade route 'nope' is not a configured route") == true && unknownRoute?.contains("auto") == true)
        let unknownModel = problem(Self.base + "\ncascades:\n  - { route: auto, escalate_to: huge }")
        #expect(unknownModel?.contains("escalate_to 'huge' is not a configured model id") == true)
        #expect(problem(Self.base + "\ncascades:\n  - { route: auto, escalate_to: large, threshold: 1.5 }") != nil)
        #expect(problem(Self.base + "\ncascades:\n  - { route: auto, escalate_to: large }\n  - { route: auto, escalate_to: small }")?.contains("two cascades") == true)
        #expect(problem(Self.base + "\ncascades:\n  - { route: auto }")?.contains("has no 'escalate_to'") == true)
        let inverted = Self.base.replacingOccurrences(of: "min: 0.2, max: 0.6", with: "min: 0.9, max: 0.6")
        #expect(problem(inverted)?.contains("is above max") == true)
    }

    @Test func verdictsFollowTheThreshold() {
        let policy = CascadePolicy(route: "auto", escalateTo: "large")
        #expect(policy.verdict(confidence: 0.64) == .escalated)
        #expect(policy.verdict(confidence: 0.65) == .accepted)
        #expect(policy.verdict(confidence: nil) == .unjudged)
    }
}
