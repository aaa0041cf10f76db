import SwitchyardCatalog
import SwitchyardModel

/// Usage counted by the gateway when an upstream reports none, with the model's tokenizer.
enum UsageEstimate {
    static func make(_ call: UpstreamCall, outputText: String) -> Usage {
        var usage = Usage(
            inputTokens: TokenCounter.count(call.request.messages, with: call.model.tokenizer),
            outputTokens: TokenCounter.count(outputText, with: call.model.tokenizer)
        )
        usage.isEstimated = true
        return usage
    }
}
