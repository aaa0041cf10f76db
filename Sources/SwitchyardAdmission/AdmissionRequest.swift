/// What admission needs to know about one request.
public struct AdmissionRequest: Sendable {
    public var keyID: String
    public var limits: KeyLimits
    /// The prepaid account whose credit balance pays, or nil when the key is not prepaid.
    public var creditAccount: String?
    public var model: String
    /// Estimated input tokens.
    public var inputTokens: Int
    /// The client's output cap, if it set one.
    public var requestedMaxTokens: Int?
    /// The most the model can write for this prompt (its output limit within the context window).
    public var modelMaxOutput: Int
    public var pricing: TokenPricing

    public init(
        keyID: String, limits: KeyLimits, creditAccount: String? = nil, model: String, inputTokens: Int,
        requestedMaxTokens: Int?, modelMaxOutput: Int, pricing: TokenPricing
    ) {
        self.keyID = keyID
        self.limits = limits
        self.creditAccount = creditAccount
        self.model = model
        self.inputTokens = inputTokens
        self.requestedMaxTokens = requestedMaxTokens
        self.modelMaxOutput = modelMaxOutput
        self.pricing = pricing
    }

    /// The output allowance before any budget cap.
    var outputAllowance: Int { requestedMaxTokens ?? modelMaxOutput }
}

/// Per-token prices in picodollars (micro-dollars per million tokens), billed per attempt
/// rounded half-up to whole micro-dollars, as the ledger bills.
public struct TokenPricing: Sendable, Hashable {
    public var inputPicodollars: Int64
    public var outputPicodollars: Int64

    public init(inputPicodollars: Int64, outputPicodollars: Int64) {
        self.inputPicodollars = inputPicodollars
        self.outputPicodollars = outputPicodollars
    }

    /// The billed micro-dollars of `input` and `output` tokens.
    public func microDollars(input: Int, output: Int) -> Int64 {
        let picodollars = Int64(input) * inputPicodollars + Int64(output) * outputPicodollars
        return (picodollars + 500_000) / 1_000_000
    }

    /// The most output tokens that, with `input`, cost at most `budget` micro-dollars; nil when even
    /// none fit, `Int.max` when output is free.
    public func affordableOutput(input: Int, budget: Int64) -> Int? {
        // Billed ≤ budget  ⇔  picodollars ≤ (budget + 1)·10⁶ − 500_001.
        let ceiling = (budget + 1) * 1_000_000 - 500_001 - Int64(input) * inputPicodollars
        guard ceiling >= 0 else { return nil }
        guard outputPicodollars > 0 else { return Int.max }
        return Int(min(ceiling / outputPicodollars, Int64(Int.max)))
    }
}
