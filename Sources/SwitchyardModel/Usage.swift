/// Token counts of one upstream attempt, normalised across providers.
///
/// `inputTokens` includes `cachedInputTokens` (OpenAI's convention); `outputTokens`
/// includes `reasoningTokens`.
public struct Usage: Sendable, Equatable, Hashable {
    public var inputTokens: Int
    public var outputTokens: Int
    public var cachedInputTokens: Int
    public var reasoningTokens: Int

    public init(inputTokens: Int = 0, outputTokens: Int = 0, cachedInputTokens: Int = 0, reasoningTokens: Int = 0) {
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.cachedInputTokens = cachedInputTokens
        self.reasoningTokens = reasoningTokens
    }

    /// Input plus output tokens.
    public var totalTokens: Int { inputTokens + outputTokens }
}
