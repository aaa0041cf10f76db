import SwitchyardModel
import SwitchyardRouting
import Testing

@Suite struct RoutingTests {
    static let route = VirtualRoute(
        name: "auto", classifier: RulesClassifier(rules: RulesClassifier.standardRules(), defaultCategory: "general"),
        table: ["simple": "small", "general": "mid", "reasoning": "thinker", "code": "coder", "agent": "agent"], baseline: "mid"
    )

    static func decide(_ text: String, tokens: Int = 20, tools: Bool = false, image: Bool = false) -> RouteDecision {
        var content: [ContentPart] = [.text(text)]
        if image { content.append(.image(url: "https://example.com/cat.png", detail: nil)) }
        var request = ChatRequest(model: "auto", messages: [ChatMessage(role: .user, content: content)])
        if tools { request.tools = [ChatTool(name: "lookup")] }
        return route.decide(PromptFeatures(request, tokens: tokens))
    }

    @Test func standardRulesSortTheSeedCategories() {
        #expect(Self.decide("What's the weather like today?").model == "small")
        #expect(Self.decide("Prove that the square root of two is irrational.").category == "reasoning")
        #expect(Self.decide("Fix this:\n```python\nprint(1/0)\n```").category == "code")
        #expect(Self.decide("Book me a table", tools: true).category == "agent")
        #expect(Self.decide("Summarise our quarterly plan for the board in a few paragraphs.", tokens: 400).category == "general")
        // Keywords match whole words: "waterproof" holds no "proof".
        #expect(Self.decide("Is the trail tent waterproof?").category == "simple")
        // A long system prompt does not make a short question hard: length is the question's.
        #expect(Self.decide("What's the capital of Peru?", tokens: 900).category == "simple")
    }

    @Test func aCategoryWithoutAModelFallsToTheDefault() {
        // No vision model in the table: the default category serves and is reported.
        let decision = Self.decide("What is in this picture?", image: true)
        #expect(decision.category == "general" && decision.model == "mid")
    }

    @Test func ruleConditionsAllHold() {
        let rule = RoutingRule(category: "long-code", code: true, minTokens: 1000)
        let classifier = RulesClassifier(rules: [rule], defaultCategory: "general")
        let short = PromptFeatures(tokens: 5000, lastUserText: "```x```", hasTools: false, hasImages: false, hasCode: true)
        var long = short
        long.lastUserTokens = 2000
        #expect(classifier.classify(short) == "general")
        #expect(classifier.classify(long) == "long-code")
    }

    @Test func breakerOpensAfterFailuresInItsWindowAndRecoversThroughAProbe() {
        var breaker = CircuitBreaker(failureThreshold: 3, windowNanoseconds: 10_000, cooldownNanoseconds: 5_000)
        breaker.recordFailure(now: 0)
        breaker.recordFailure(now: 1_000)
        // The first failure has left the window: still closed.
        breaker.recordFailure(now: 10_500)
        var allowed = breaker.allows(now: 10_500)
        #expect(breaker.state == .closed && allowed)
        breaker.recordFailure(now: 11_000)
        #expect(breaker.state == .open)
        allowed = breaker.allows(now: 15_000)
        #expect(!allowed)
        // Reading the state does not take the probe: past the cooldown it reads half-open.
        #expect(breaker.state(at: 15_000) == .open && breaker.state(at: 16_000) == .halfOpen && breaker.state == .open)
        // After the cooldown one probe goes through; a second caller waits for it.
        allowed = breaker.allows(now: 16_000)
        #expect(allowed && breaker.state == .halfOpen)
        allowed = breaker.allows(now: 16_001)
        #expect(!allowed)
        breaker.recordFailure(now: 16_100)
        #expect(breaker.state == .open)
        allowed = breaker.allows(now: 21_200)
        #expect(allowed)
        breaker.recordSuccess()
        allowed = breaker.allows(now: 21_300)
        #expect(breaker.state == .closed && allowed)
    }

    @Test func backoffIsJitteredExponentialAndHonoursRetryAfter() {
        let policy = RetryPolicy(attempts: 4, baseDelayNanoseconds: 100, maxDelayNanoseconds: 1_000)
        var ceilings: [Int64] = []
        for retry in 1...5 { _ = policy.delay(beforeRetry: retry, retryAfterSeconds: nil) { range in ceilings.append(range.upperBound); return range.upperBound } }
        #expect(ceilings == [100, 200, 400, 800, 1_000])
        #expect(policy.delay(beforeRetry: 1, retryAfterSeconds: nil) { $0.lowerBound } == 0)
        let long = RetryPolicy(maxDelayNanoseconds: 30_000_000_000)
        #expect(long.delay(beforeRetry: 1, retryAfterSeconds: 3) { $0.lowerBound } == 3_000_000_000)
        #expect(policy.delay(beforeRetry: 1, retryAfterSeconds: 60) { $0.lowerBound } == 1_000)
    }

    @Test func canarySharesAreStickyAndNearTheirPercent() {
        let canary = VirtualRoute.Canary(model: "new", percent: 10)
        let keys = (0..<2000).map { "key_\($0)" }
        let included = keys.filter { canary.includes(keyID: $0) }
        #expect((140...260).contains(included.count))
        #expect(keys.filter { canary.includes(keyID: $0) } == included)
        #expect(!keys.contains { VirtualRoute.Canary(model: "new", percent: 0).includes(keyID: $0) })
        #expect(keys.allSatisfy { VirtualRoute.Canary(model: "new", percent: 100).includes(keyID: $0) })
    }
}
