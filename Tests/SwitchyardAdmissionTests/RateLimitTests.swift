import SwitchyardAdmission
import Testing

@Suite struct RateLimitTests {
    @Test func requestsPerMinuteRefillsContinuously() throws {
        let time = ManualClock()
        let controller = AdmissionController(clock: time.clock)
        let limits = KeyLimits(requestsPerMinute: 3)
        for _ in 0..<3 {
            let ticket = try controller.admit(.sample(limits: limits))
            controller.settle(ticket, actualTokens: 150, actualMicroDollars: 200)
        }
        let rejection = #expect(throws: AdmissionRejection.self) { try controller.admit(.sample(limits: limits)) }
        #expect(rejection?.reason == .requestRate)
        // 3 per minute refills one request every 20 s.
        #expect(rejection?.retryAfterNanoseconds == 20_000_000_000)
        #expect(rejection?.status.remainingRequests == 0)
        time.advance(seconds: 20)
        let ticket = try controller.admit(.sample(limits: limits))
        #expect(ticket.status.limitRequests == 3)
        #expect(ticket.status.remainingRequests == 0)
        #expect(ticket.status.resetRequestsNanoseconds == 60_000_000_000)
    }

    @Test func aRequestSettledAsReturnedGivesItsPlaceBackAndOthersDoNot() throws {
        let controller = AdmissionController(clock: ManualClock().clock)
        let limits = KeyLimits(requestsPerMinute: 1)
        // Handed on to be admitted again elsewhere: the minute's one request is free again.
        let handedOn = try controller.admit(.sample(limits: limits))
        controller.settle(handedOn, actualTokens: 0, actualMicroDollars: 0, returningRequest: true)
        let again = try controller.admit(.sample(limits: limits))
        #expect(again.status.remainingRequests == 0)
        // Settled as done (even having used nothing): it counted.
        controller.settle(again, actualTokens: 0, actualMicroDollars: 0)
        let rejection = #expect(throws: AdmissionRejection.self) { try controller.admit(.sample(limits: limits)) }
        #expect(rejection?.reason == .requestRate)
    }

    @Test func tokensPerMinuteChargesTheAllowanceAndSettlesToActual() throws {
        let time = ManualClock()
        let controller = AdmissionController(clock: time.clock)
        let limits = KeyLimits(tokensPerMinute: 1000)
        // 100 input + 400 allowed output = 500 charged at admission.
        let first = try controller.admit(.sample(limits: limits, maxTokens: 400))
        #expect(first.chargedTokens == 500)
        #expect(first.status.remainingTokens == 500)
        let second = try controller.admit(.sample(limits: limits, maxTokens: 400))
        #expect(second.status.remainingTokens == 0)
        let refused = #expect(throws: AdmissionRejection.self) { try controller.admit(.sample(limits: limits, maxTokens: 400)) }
        #expect(refused?.reason == .tokenRate)
        // The first used only 120 tokens: 380 come back, enough for the third.
        controller.settle(first, actualTokens: 120, actualMicroDollars: 0)
        let third = try controller.admit(.sample(limits: limits, maxTokens: 200))
        #expect(third.status.remainingTokens == 80)
    }

    @Test func aRequestLargerThanTheTPMIsRefusedWithoutARetryTime() {
        let controller = AdmissionController(clock: ManualClock().clock)
        let rejection = #expect(throws: AdmissionRejection.self) {
            try controller.admit(.sample(limits: KeyLimits(tokensPerMinute: 100), input: 90, maxTokens: 20))
        }
        #expect(rejection?.reason == .tooManyTokens)
        #expect(rejection?.retryAfterNanoseconds == nil)
    }

    @Test func withoutMaxTokensTheTPMChargeIsBoundedByTheBucket() throws {
        let controller = AdmissionController(clock: ManualClock().clock)
        let limits = KeyLimits(tokensPerMinute: 1000)
        // The model could write 16k tokens; the request is still admissible on a 1000 TPM plan.
        let ticket = try controller.admit(.sample(limits: limits, input: 100, maxTokens: nil, modelMaxOutput: 16_000))
        #expect(ticket.chargedTokens == 1000)
        #expect(ticket.status.remainingTokens == 0)
        // Settling corrects to what it used.
        controller.settle(ticket, actualTokens: 300, actualMicroDollars: 0)
        let next = try controller.admit(.sample(limits: limits, input: 100, maxTokens: 100))
        #expect(next.status.remainingTokens == 500)
        // A prompt alone larger than the TPM can never be admitted.
        let rejection = #expect(throws: AdmissionRejection.self) {
            try controller.admit(.sample(key: "k2", limits: limits, input: 1200, maxTokens: nil))
        }
        #expect(rejection?.reason == .tooManyTokens)
    }

    @Test func aTPMRefusalGivesBackTheRequestItTook() throws {
        let controller = AdmissionController(clock: ManualClock().clock)
        let limits = KeyLimits(requestsPerMinute: 2, tokensPerMinute: 200)
        _ = try controller.admit(.sample(limits: limits, input: 100, maxTokens: 50))
        #expect(throws: AdmissionRejection.self) { try controller.admit(.sample(limits: limits, input: 100, maxTokens: 50)) }
        let ticket = try controller.admit(.sample(limits: limits, input: 10, maxTokens: 10))
        #expect(ticket.status.remainingRequests == 0)
    }

    @Test func concurrencyCapHoldsUntilSettlement() throws {
        let controller = AdmissionController(clock: ManualClock().clock)
        let limits = KeyLimits(maxConcurrent: 2)
        let first = try controller.admit(.sample(limits: limits))
        _ = try controller.admit(.sample(limits: limits))
        let refused = #expect(throws: AdmissionRejection.self) { try controller.admit(.sample(limits: limits)) }
        #expect(refused?.reason == .concurrency)
        #expect(controller.inFlight(keyID: "k1") == 2)
        controller.settle(first, actualTokens: 0, actualMicroDollars: 0)
        _ = try controller.admit(.sample(limits: limits))
        // Keys do not share limits.
        _ = try controller.admit(.sample(key: "k2", limits: limits))
    }

    @Test func modelsOutsideThePlanAreRefused() {
        let controller = AdmissionController(clock: ManualClock().clock)
        let rejection = #expect(throws: AdmissionRejection.self) {
            try controller.admit(.sample(limits: KeyLimits(allowedModels: ["small"]), model: "large"))
        }
        #expect(rejection?.reason == .modelNotAllowed)
    }

    @Test func headerDurationsFollowOpenAIsFormat() {
        #expect(RateLimitStatus.format(0) == "0s")
        #expect(RateLimitStatus.format(250_000_000) == "250ms")
        #expect(RateLimitStatus.format(12_000_000_000) == "12s")
        #expect(RateLimitStatus.format(360_000_000_000) == "6m0s")
        #expect(RateLimitStatus.format(3_723_000_000_000) == "1h2m3s")
    }
}
