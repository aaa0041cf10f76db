import SwitchyardCatalog
import SwitchyardModel
import Testing

@Suite struct MoneyTests {
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

    @Test func costPricesCachedTokensOnceAndRoundsOnce() {
        let prices = ModelPrices(input: MicroDollars(2_500_000), output: MicroDollars(10_000_000), cachedInput: MicroDollars(1_250_000))
        // 1000 input of which 400 cached, 100 output: 600*2.5 + 400*1.25 + 100*10 = 1500 + 500 + 1000 = 3000 µ$.
        #expect(prices.cost(of: Usage(inputTokens: 1000, outputTokens: 100, cachedInputTokens: 400)) == MicroDollars(3000))
        // 1 token at $0.02/M is 0.02 µ$, which rounds to 0; 25 tokens is 0.5 µ$, which rounds up to 1.
        let cheap = ModelPrices(input: MicroDollars(20_000), output: MicroDollars(50_000))
        #expect(cheap.cost(of: Usage(inputTokens: 1)) == .zero)
        #expect(cheap.cost(of: Usage(inputTokens: 25)) == MicroDollars(1))
        #expect(cheap.cost(of: Usage(inputTokens: 10, outputTokens: 10)) == MicroDollars(1))
    }
}
