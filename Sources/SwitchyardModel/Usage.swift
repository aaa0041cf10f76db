/// Token counts of one upstream attempt, normalised across providers.
///
/// `inputTokens` counts every input token, including those read from the prompt cache
/// (`cachedInputTokens`) and those written to it (`cacheWriteTokens`) — OpenAI's convention;
/// `outputTokens` includes `reasoningTokens`.
public struct Usage: Sendable, Equatable, Hashable {
    public var inputTokens: Int
    public var outputTokens: Int
    public var cachedInputTokens: Int
    public var cacheWriteTokens: Int
    public var reasoningTokens: Int
    /// True when the upstream reported no usage and the gateway counted the tokens itself.
    public var isEstimated: Bool = false

    public init(inputTokens: Int = 0, outputTokens: Int = 0, cachedInputTokens: Int = 0, cacheWriteTokens: Int = 0, reasoningTokens: Int = 0) {
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.cachedInputTokens = cachedInputTokens
        self.cacheWriteTokens = cacheWriteTokens
        self.reasoningTokens = reasoningTokens
    }

    /// Usage as OpenAI reports it: `prompt_tokens` already includes `cached_tokens`,
    /// `completion_tokens` already includes `reasoning_tokens`.
    public static func openAI(promptTokens: Int, completionTokens: Int, cachedTokens: Int = 0, reasoningTokens: Int = 0) -> Usage {
        Usage(inputTokens: promptTokens, outputTokens: completionTokens, cachedInputTokens: cachedTokens, reasoningTokens: reasoningTokens)
    }

    /// Usage as Anthropic reports it: `input_tokens` excludes cache reads and cache writes,
    /// which are reported separately and added here so that `inputTokens` counts them all.
    public static func anthropic(inputTokens: Int, outputTokens: Int, cacheReadInputTokens: Int = 0, cacheCreationInputTokens: Int = 0) -> Usage {
        Usage(
            inputTokens: inputTokens + cacheReadInputTokens + cacheCreationInputTokens, outputTokens: outputTokens,
            cachedInputTokens: cacheReadInputTokens, cacheWriteTokens: cacheCreationInputTokens
        )
    }

    /// Input plus output tokens.
    public var totalTokens: Int { inputTokens + outputTokens }
}
