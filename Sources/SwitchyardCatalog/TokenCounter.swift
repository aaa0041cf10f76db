import SwitchyardModel

/// Counts tokens the way a model's tokenizer does: exact BPE for the shipped encodings,
/// the byte heuristic for the rest (or if a vocabulary cannot be loaded).
public enum TokenCounter {
    /// Tokens of `text` under `kind`.
    public static func count(_ text: String, with kind: TokenizerKind) -> Int {
        guard let tokenizer = tokenizer(for: kind) else { return TokenEstimator.estimate(text) }
        return tokenizer.count(text)
    }

    /// Input tokens of a conversation: each message's text and tool calls, plus the chat format's
    /// framing (about 3 tokens per message and 3 to prime the reply, as OpenAI documents), and 85 per image.
    public static func count(_ messages: [ChatMessage], with kind: TokenizerKind) -> Int {
        guard let tokenizer = tokenizer(for: kind) else { return TokenEstimator.estimate(messages) }
        return messages.reduce(3) { total, message in
            var tokens = 3 + tokenizer.count(message.role.rawValue)
            for part in message.content {
                switch part {
                case .text(let text): tokens += tokenizer.count(text)
                case .image: tokens += 85
                }
            }
            if let name = message.name { tokens += 1 + tokenizer.count(name) }
            for call in message.toolCalls { tokens += tokenizer.count(call.name) + tokenizer.count(call.arguments) }
            return total + tokens
        }
    }

    static func tokenizer(for kind: TokenizerKind) -> BPETokenizer? {
        guard let encoding = BPETokenizer.Encoding(rawValue: kind.rawValue) else { return nil }
        return try? BPETokenizer.shared(encoding)
    }
}
