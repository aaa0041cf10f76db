import SwitchyardAdmission
import Testing

@Suite struct BudgetTests {
    /// 100 input + 50 output at $1/$2 per 1M = 200 µ$.
    static let perRequest: Int64 = 200

    @Test func reservationsStopConcurrentRequestsAtTheBudget() throws {
        let controller = AdmissionController(clock: ManualClock().clock)
        let limits = KeyLimits(budget: BudgetLimit(microDollars: 5 * Self.perRequest, window: .fixed(seconds: 5 * 3600)))
        var tickets: [AdmissionTicket] = []
        for _ in 0..<5 { tickets.append(try controller.admit(.sample(limits: limits))) }
        let refused = #expect(throws: AdmissionRejection.self) { try controller.admit(.sample(limits: limits)) }
        #expect(refused?.reason == .budget)
        #expect(refused?.available == 0)
        // Settling below the reservation releases the rest.
        controller.settle(tickets[0], actualTokens: 110, actualMicroDollars: 120)
        #expect(controller.windowSpend(keyID: "k1", window: limits.budget!.window) == (spent: 120, reserved: 800))
        let refusedAgain = #expect(throws: AdmissionRejection.self) { try controller.admit(.sample(limits: limits)) }
        #expect(refusedAgain?.available == 80)
        controller.settle(tickets[1], actualTokens: 0, actualMicroDollars: 0)
        _ = try controller.admit(.sample(limits: limits))
    }

    @Test func withoutMaxTokensTheOutputIsCappedToWhatTheBudgetPays() throws {
        let controller = AdmissionController(clock: ManualClock().clock)
        // 100 input tokens cost 100 µ$; 400 µ$ left pays for 150 output tokens at 2 µ$ each.
        let limits = KeyLimits(budget: BudgetLimit(microDollars: 400, window: .fixed(seconds: 86400)))
        let ticket = try controller.admit(.sample(limits: limits, maxTokens: nil, modelMaxOutput: 1000))
        #expect(ticket.cappedMaxTokens == 150)
        #expect(ticket.reservedMicroDollars == 400)
        // With max_tokens set, the same shortfall is a refusal instead.
        let refused = #expect(throws: AdmissionRejection.self) { try controller.admit(.sample(limits: limits, maxTokens: 10)) }
        #expect(refused?.reason == .budget)
    }

    @Test func affordableOutputMatchesHalfUpBilling() {
        let pricing = TokenPricing(inputPicodollars: 150_000, outputPicodollars: 600_000)
        for budget in Int64(0)...40 {
            for input in [0, 1, 7, 33] {
                guard let output = pricing.affordableOutput(input: input, budget: budget) else {
                    #expect(pricing.microDollars(input: input, output: 0) > budget)
                    continue
                }
                #expect(pricing.microDollars(input: input, output: output) <= budget)
                #expect(pricing.microDollars(input: input, output: output + 1) > budget)
            }
        }
    }

    @Test func aNewWindowStartsFromZeroButKeepsReservationsInFlight() throws {
        let time = ManualClock()
        let controller = AdmissionController(clock: time.clock)
        let window = BudgetWindow.fixed(seconds: 3600)
        let limits = KeyLimits(budget: BudgetLimit(microDollars: 2 * Self.perRequest, window: window))
        let early = try controller.admit(.sample(limits: limits))
        let done = try controller.admit(.sample(limits: limits))
        controller.settle(done, actualTokens: 150, actualMicroDollars: 200)
        #expect(throws: AdmissionRejection.self) { try controller.admit(.sample(limits: limits)) }
        time.advance(seconds: 3600)
        #expect(controller.windowSpend(keyID: "k1", window: window) == (spent: 0, reserved: 200))
        _ = try controller.admit(.sample(limits: limits))
        controller.settle(early, actualTokens: 150, actualMicroDollars: 200)
        #expect(controller.windowSpend(keyID: "k1", window: window) == (spent: 200, reserved: 200))
    }

    @Test func seededSpendCountsAgainstTheCurrentWindow() {
        let controller = AdmissionController(clock: ManualClock().clock)
        let window = BudgetWindow.calendarMonth
        controller.seedWindowSpend(keyID: "k1", window: window, spentMicroDollars: 950)
        let limits = KeyLimits(budget: BudgetLimit(microDollars: 1000, window: window))
        let refused = #expect(throws: AdmissionRejection.self) { try controller.admit(.sample(limits: limits)) }
        #expect(refused?.available == 50)
    }

    @Test func creditsAreReservedAndDeducted() throws {
        let controller = AdmissionController(clock: ManualClock().clock)
        controller.seedCredit(account: "acct", balanceMicroDollars: 300)
        let ticket = try controller.admit(.sample(limits: .unlimited, credit: "acct"))
        let refused = #expect(throws: AdmissionRejection.self) { try controller.admit(.sample(limits: .unlimited, credit: "acct")) }
        #expect(refused?.reason == .credits)
        controller.settle(ticket, actualTokens: 150, actualMicroDollars: 180)
        #expect(controller.credit(account: "acct")! == (balance: 120, reserved: 0))
        controller.addCredit(account: "acct", microDollars: 1000)
        _ = try controller.admit(.sample(limits: .unlimited, credit: "acct"))
        #expect(controller.credit(account: "acct")! == (balance: 1120, reserved: 200))
    }

    @Test func windowBoundsAlignToUTC() {
        let noon = Int64(1_795_348_800_000) // 2026-11-22 12:00 UTC
        #expect(BudgetWindow.fixed(seconds: 86400).bounds(containing: noon) == 1_795_305_600_000..<1_795_392_000_000)
        #expect(BudgetWindow.fixed(seconds: 5 * 3600).bounds(containing: noon).lowerBound == 1_795_338_000_000) // 09:00, blocks run from 1970
        // November 2026: 1 Nov 00:00 to 1 Dec 00:00 UTC.
        #expect(BudgetWindow.calendarMonth.bounds(containing: noon) == 1_793_491_200_000..<1_796_083_200_000)
        #expect(BudgetWindow(parsing: "5h") == .fixed(seconds: 18000))
        #expect(BudgetWindow(parsing: "month") == .calendarMonth)
        #expect(BudgetWindow(parsing: "5x") == nil)
        #expect(BudgetWindow(parsing: "0d") == nil)
    }
}
