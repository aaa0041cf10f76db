import SwitchyardCatalog
import SwitchyardConfig
import SwitchyardModel
import Testing

@Suite struct CatalogAuditTests {
    func model(_ id: String, prices: ModelPrices = .free, free: Bool = true, lifecycle: ModelLifecycle = .active) -> CatalogModel {
        CatalogModel(
            id: id, provider: "p", upstreamName: id, prices: prices, contextWindow: 10, maxOutputTokens: 5,
            speed: SpeedProfile(timeToFirstTokenMillis: 1, tokensPerSecond: 1), isFree: free, lifecycle: lifecycle
        )
    }

    let today = CalendarDay(year: 2026, month: 11, day: 22)

    @Test func flagsWhatNeedsALook() {
        let priced = ModelPrices(input: MicroDollars(1), output: MicroDollars(1), source: "x", asOf: CalendarDay(year: 2026, month: 11, day: 1))
        let stale = ModelPrices(input: MicroDollars(1), output: MicroDollars(1), source: "x", asOf: CalendarDay(year: 2025, month: 1, day: 1))
        let findings = CatalogAudit.findings([
            model("fine", prices: priced, free: false),
            model("free"),
            model("unsourced", prices: ModelPrices(input: MicroDollars(1), output: MicroDollars(1)), free: false),
            model("stale", prices: stale, free: false),
            model("lapsed", prices: priced, free: false, lifecycle: .deprecated(successor: "fine", retiresOn: CalendarDay(year: 2026, month: 11, day: 1))),
        ], today: today)
        #expect(!findings.contains { $0.model == "fine" })
        #expect(findings.contains { $0.model == "free" && $0.severity == .note })
        #expect(findings.filter { $0.model == "unsourced" && $0.severity == .problem }.count == 2)
        #expect(findings.contains { $0.model == "stale" && $0.message.contains("2025-01-01") })
        #expect(findings.contains { $0.model == "lapsed" && $0.severity == .problem && $0.message.contains("retired") })
    }

    @Test func embeddedDefaultHasNoProblems() throws {
        let config = try ConfigLoader.load(path: nil, environment: [:])
        let problems = CatalogAudit.findings(config.models, today: today).filter { $0.severity == .problem }
        #expect(problems.isEmpty, "\(problems)")
    }
}
