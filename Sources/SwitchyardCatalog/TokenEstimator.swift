import SwitchyardModel

/// A cheap, tokenizer-free estimate of token counts (about four UTF-8 bytes per token).
public enum TokenEstimator {
    /// Estimated tokens of a text.
    public static func estimate(_ text: String) -> Int {
        (text.utf8.count + 3) / 4
    }

    /// Estimated input tokens of a conversation, with a small per-message overhead.
    public static func estimate(_ messages: [ChatMessage]) -> Int {
        messages.reduce(3) { total, message in
            var tokens = 4
            for part in message.content {
                switch part {
                case .text(let text): tokens += estimate(text)
                case .image: tokens += 85
                }
            }
            for call in message.toolCalls { tokens += estimate(call.name) + estimate(call.arguments) }
            return total + tokens
        }
    }
}
