import SwitchyardModel

/// Prices of a model in micro-dollars per one million tokens.
public struct ModelPrices: Sendable, Hashable {
    public var input: MicroDollars
    public var output: MicroDollars
    /// Price of input tokens served from the provider's prompt cache.
    public var cachedInput: MicroDollars

    public init(input: MicroDollars, output: MicroDollars, cachedInput: MicroDollars? = nil) {
        self.input = input
        self.output = output
        self.cachedInput = cachedInput ?? input
    }

    /// The cost of `usage` under these prices, rounded half-up once to a whole micro-dollar.
    ///
    /// Cached input tokens are part of `inputTokens` and are priced at `cachedInput` only.
    public func cost(of usage: Usage) -> MicroDollars {
        let cached = Int64(max(0, min(usage.cachedInputTokens, usage.inputTokens)))
        let uncached = Int64(max(0, usage.inputTokens)) - cached
        let output = Int64(max(0, usage.outputTokens))
        let scaled = uncached * input.value + cached * cachedInput.value + output * self.output.value
        return MicroDollars((scaled + 500_000) / 1_000_000)
    }
}
