import SwitchyardCatalog
import Testing

@Suite struct LifecycleTests {
    @Test(arguments: [
        (Int64(0), "1970-01-01"), (Int64(86_399), "1970-01-01"), (Int64(86_400), "1970-01-02"),
        (Int64(951_782_400), "2000-02-29"), (Int64(1_795_318_023), "2026-11-22"), (Int64(-1), "1969-12-31"),
    ])
    func daysFromUnixTime(seconds: Int64, day: String) {
        let calendarDay = CalendarDay(secondsSince1970: seconds)
        #expect(calendarDay.description == day)
        // And back: the day number is the Unix time's whole days, rounded down.
        #expect(Int64(calendarDay.daysSince1970) == (seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400))
    }

    @Test(arguments: ["2026-02-29", "2026-13-01", "2026-1-01", "26-01-01", "2026-04-31", "tomorrow"])
    func rejectsImpossibleDays(text: String) {
        #expect(CalendarDay(parsing: text) == nil)
    }

    @Test func deprecationTurnsIntoRetirementOnItsDate() {
        let date = CalendarDay(year: 2027, month: 1, day: 31)
        let lifecycle = ModelLifecycle.deprecated(successor: "new", retiresOn: date)
        #expect(lifecycle.effective(on: CalendarDay(year: 2027, month: 1, day: 30)) == lifecycle)
        #expect(lifecycle.effective(on: date) == .retired(successor: "new"))
        #expect(ModelLifecycle.active.effective(on: date) == .active)
    }

    @Test func catalogFindsModelsByAlias() {
        let model = CatalogModel(
            id: "a", provider: "p", upstreamName: "a", prices: .free, contextWindow: 10, maxOutputTokens: 5,
            speed: SpeedProfile(timeToFirstTokenMillis: 1, tokensPerSecond: 1), aliases: ["alpha"], isFree: true
        )
        let catalog = Catalog(models: [model])
        #expect(catalog.model("alpha")?.id == "a")
        #expect(catalog.model("beta") == nil)
    }
}
