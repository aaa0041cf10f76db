import SwitchyardModel

/// Prices of a model in micro-dollars per one million tokens, with where they come from.
public struct ModelPrices: Sendable, Hashable {
    public var input: MicroDollars
    public var output: MicroDollars
    /// Input tokens read from the provider's prompt cache.
    public var cachedInput: MicroDollars
    /// Input tokens written to the provider's prompt cache (Anthropic's cache creation).
    public var cacheWrite: MicroDollars
    /// Reasoning tokens, where they are priced apart from other output.
    public var reasoning: MicroDollars
    /// Where the price was published (a URL or a document name).
    public var source: String?
    /// When the price was read from its source.
    public var asOf: CalendarDay?

    public init(
        input: MicroDollars, output: MicroDollars, cachedInput: MicroDollars? = nil, cacheWrite: MicroDollars? = nil,
        reasoning: MicroDollars? = nil, source: String? = nil, asOf: CalendarDay? = nil
    ) {
        self.input = input
        self.output = output
        self.cachedInput = cachedInput ?? input
        self.cacheWrite = cacheWrite ?? input
        self.reasoning = reasoning ?? output
        self.source = source
        self.asOf = asOf
    }

    /// No charge at all: only for models marked free.
    public static let free = ModelPrices(input: .zero, output: .zero)

    /// True when every price is zero.
    public var isZero: Bool {
        [input, output, cachedInput, cacheWrite, reasoning].allSatisfy { $0 == .zero }
    }

    /// The exact cost of `usage` under these prices.
    ///
    /// Usage must be normalised (see `Usage`): cached and cache-write tokens are part of
    /// `inputTokens` and are priced at their own rates only; reasoning tokens are part of
    /// `outputTokens` and priced at `reasoning`. Counts are clamped so that no part is negative.
    public func cost(of usage: Usage) -> Cost {
        let input = Int64(max(0, usage.inputTokens))
        let cached = min(Int64(max(0, usage.cachedInputTokens)), input)
        let written = min(Int64(max(0, usage.cacheWriteTokens)), input - cached)
        let output = Int64(max(0, usage.outputTokens))
        let reasoningTokens = min(Int64(max(0, usage.reasoningTokens)), output)
        let picodollars = (input - cached - written) * self.input.value
            + cached * cachedInput.value
            + written * cacheWrite.value
            + (output - reasoningTokens) * self.output.value
            + reasoningTokens * reasoning.value
        return Cost(picodollars: picodollars)
    }
}

/// An exact cost: tokens × micro-dollars per 1M tokens, i.e. picodollars (10⁻¹² USD).
///
/// Costs add exactly; `microDollars` rounds half-up to a whole micro-dollar, once per attempt.
public struct Cost: Sendable, Hashable, Comparable {
    public var picodollars: Int64

    public init(picodollars: Int64) { self.picodollars = picodollars }

    public static let zero = Cost(picodollars: 0)

    public static func + (lhs: Cost, rhs: Cost) -> Cost { Cost(picodollars: lhs.picodollars + rhs.picodollars) }
    public static func < (lhs: Cost, rhs: Cost) -> Bool { lhs.picodollars < rhs.picodollars }

    /// The cost rounded half-up to whole micro-dollars.
    public var microDollars: MicroDollars { MicroDollars((picodollars + 500_000) / 1_000_000) }
}
