import SwitchyardCatalog
import SwitchyardModel
import Testing

@Suite struct CostTests {
    @Test(arguments: [("0.15", 150_000), ("3", 3_000_000), ("0.000001", 1), ("12.5", 12_500_000), ("0", 0)])
    func parsesDollarsExactly(text: String, micros: Int64) {
        #expect(MicroDollars(dollars: text) == MicroDollars(micros))
    }

    @Test(arguments: ["-1", "0.1234567", "abc", "", ".5", "1.", "1e3"])
    func rejectsWhatIsNotAPlainAmount(text: String) {
        #expect(MicroDollars(dollars: text) == nil)
    }

    @Test func formatsWithSixDecimals() {
        #expect(MicroDollars(1).description == "0.000001")
        #expect(MicroDollars(2_500_000).description == "2.500000")
    }

    struct Row: Sendable, CustomStringConvertible {
        var description: String
        var usage: Usage
        var prices: ModelPrices
        /// Hand-computed: Σ tokens × µ$ per 1M tokens.
        var picodollars: Int64
        var microDollars: Int64
    }

    static let gpt4o = ModelPrices(input: MicroDollars(2_500_000), output: MicroDollars(10_000_000), cachedInput: MicroDollars(1_250_000))
    static let sonnet = ModelPrices(input: MicroDollars(3_000_000), output: MicroDollars(15_000_000), cachedInput: MicroDollars(300_000), cacheWrite: MicroDollars(3_750_000))
    static let reasoner = ModelPrices(input: MicroDollars(550_000), output: MicroDollars(2_190_000), reasoning: MicroDollars(1_000_000))

    static let rows: [Row] = [
        // OpenAI: prompt_tokens 1000 includes 400 cached → 600 × 2.5 + 400 × 1.25 + 100 × 10 ($/M) = 3000 µ$.
        Row(description: "openai cached inside prompt", usage: .openAI(promptTokens: 1000, completionTokens: 100, cachedTokens: 400),
            prices: gpt4o, picodollars: 600 * 2_500_000 + 400 * 1_250_000 + 100 * 10_000_000, microDollars: 3000),
        // Anthropic: input 200 excludes 1000 read and 500 written → 200 × 3 + 1000 × 0.3 + 500 × 3.75 + 50 × 15 = 3525 µ$.
        Row(description: "anthropic cache read and write reported apart", usage: .anthropic(inputTokens: 200, outputTokens: 50, cacheReadInputTokens: 1000, cacheCreationInputTokens: 500),
            prices: sonnet, picodollars: 200 * 3_000_000 + 1000 * 300_000 + 500 * 3_750_000 + 50 * 15_000_000, microDollars: 3525),
        // Reasoning tokens are part of completion tokens, priced at their own rate: 10 × 0.55 + 30 × 2.19 + 70 × 1.0.
        Row(description: "reasoning priced apart", usage: .openAI(promptTokens: 10, completionTokens: 100, reasoningTokens: 70),
            prices: reasoner, picodollars: 10 * 550_000 + 30 * 2_190_000 + 70 * 1_000_000, microDollars: 141),
        // 7 tokens at $0.02/M = 0.14 µ$ → rounds to 0; 25 tokens = 0.5 µ$ → rounds half-up to 1.
        Row(description: "sub-micro-dollar rounds down", usage: Usage(inputTokens: 7), prices: ModelPrices(input: MicroDollars(20_000), output: MicroDollars(50_000)),
            picodollars: 140_000, microDollars: 0),
        Row(description: "half a micro-dollar rounds up", usage: Usage(inputTokens: 25), prices: ModelPrices(input: MicroDollars(20_000), output: MicroDollars(50_000)),
            picodollars: 500_000, microDollars: 1),
        Row(description: "free model", usage: Usage(inputTokens: 1_000_000, outputTokens: 1_000_000), prices: .free, picodollars: 0, microDollars: 0),
        // Inconsistent reports are clamped, never negative: more cached than input counts as all cached.
        Row(description: "cached above input is clamped", usage: Usage(inputTokens: 10, outputTokens: 0, cachedInputTokens: 50), prices: gpt4o,
            picodollars: 10 * 1_250_000, microDollars: 13),
    ]

    @Test(arguments: rows)
    func costMatchesHandComputedValues(_ row: Row) {
        let cost = row.prices.cost(of: row.usage)
        #expect(cost.picodollars == row.picodollars)
        #expect(cost.microDollars == MicroDollars(row.microDollars))
    }

    // MARK: properties, over seeded random usage and prices

    struct Generator {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state &+= 0x9e37_79b9_7f4a_7c15
            var value = state
            value = (value ^ (value >> 30)) &* 0xbf58_476d_1ce4_e5b9
            value = (value ^ (value >> 27)) &* 0x94d0_49bb_1331_11eb
            return Int((value ^ (value >> 31)) % UInt64(bound))
        }
        mutating func usage() -> Usage {
            let input = next(200_000)
            let output = next(50_000)
            let cached = next(input + 1)
            return Usage(inputTokens: input, outputTokens: output, cachedInputTokens: cached, cacheWriteTokens: next(input - cached + 1), reasoningTokens: next(output + 1))
        }
        mutating func prices() -> ModelPrices {
            ModelPrices(
                input: MicroDollars(Int64(next(100_000_000))), output: MicroDollars(Int64(next(200_000_000))),
                cachedInput: MicroDollars(Int64(next(50_000_000))), cacheWrite: MicroDollars(Int64(next(100_000_000))),
                reasoning: MicroDollars(Int64(next(200_000_000)))
            )
        }
    }

    @Test func costIsNeverNegativeAndMonotoneInEveryCount() {
        var random = Generator(state: 42)
        for _ in 0..<2000 {
            let prices = random.prices()
            let usage = random.usage()
            let base = prices.cost(of: usage)
            #expect(base.picodollars >= 0)
            // One more token of any kind never costs less.
            var more = [usage, usage, usage, usage, usage]
            more[0].inputTokens += 1
            more[1].outputTokens += 1
            more[2].inputTokens += 1; more[2].cachedInputTokens += 1
            more[3].inputTokens += 1; more[3].cacheWriteTokens += 1
            more[4].outputTokens += 1; more[4].reasoningTokens += 1
            for bigger in more { #expect(prices.cost(of: bigger) >= base) }
        }
    }

    @Test func exactCostsAddUpAcrossSplitRequests() {
        var random = Generator(state: 7)
        for _ in 0..<2000 {
            let prices = random.prices()
            let first = random.usage()
            let second = random.usage()
            let whole = Usage(
                inputTokens: first.inputTokens + second.inputTokens, outputTokens: first.outputTokens + second.outputTokens,
                cachedInputTokens: first.cachedInputTokens + second.cachedInputTokens,
                cacheWriteTokens: first.cacheWriteTokens + second.cacheWriteTokens,
                reasoningTokens: first.reasoningTokens + second.reasoningTokens
            )
            #expect(prices.cost(of: first) + prices.cost(of: second) == prices.cost(of: whole))
        }
    }
}
