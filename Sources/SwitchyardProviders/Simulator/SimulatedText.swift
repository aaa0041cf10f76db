import SwitchyardModel

/// Deterministic text for the simulator: the same request always yields the same answer.
struct SimulatedText {
    private static let words: [String] = [
        "the", "gateway", "routes", "each", "request", "to", "a", "model", "that", "fits", "it", "and",
        "keeps", "every", "token", "accounted", "for", "while", "latency", "stays", "low", "so", "users",
        "see", "answers", "quickly", "with", "costs", "they", "can", "predict", "in", "advance", "because",
        "budgets", "are", "reserved", "before", "any", "backend", "is", "called", "simple", "questions",
        "go", "small", "models", "hard", "ones", "larger", "specialists", "when", "needed",
    ]

    /// A 64-bit seed from everything that identifies the request.
    static func seed(for request: ChatRequest, model: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ text: String) {
            for byte in text.utf8 {
                hash ^= UInt64(byte)
                hash = hash &* 0x100_0000_01b3
            }
            hash ^= 0xff
            hash = hash &* 0x100_0000_01b3
        }
        mix(model)
        for message in request.messages { mix(message.role.rawValue); mix(message.text) }
        if let seed = request.seed { mix(String(seed)) }
        return hash
    }

    /// The output tokens (each a word with its leading space) and why generation stopped.
    static func tokens(seed: UInt64, maxTokens: Int, stop: [String], fill: Bool = false) -> (tokens: [String], finish: FinishReason) {
        var generator = SplitMix64(state: seed)
        let drawn = 12 + Int(generator.next() % 48)
        let natural = fill ? maxTokens : drawn
        let count = natural < maxTokens ? natural : maxTokens
        var tokens: [String] = []
        tokens.reserveCapacity(count)
        var text = ""
        for index in 0..<count {
            let word = words[Int(generator.next() % UInt64(words.count))]
            let token = index == 0 ? word.prefix(1).uppercased() + word.dropFirst() : " " + word
            if !stop.isEmpty, stop.contains(where: { (text + token).contains($0) }) { return (tokens, .stop) }
            text += token
            tokens.append(token)
        }
        if natural >= maxTokens { return (tokens, .length) }
        tokens.append(".")
        return (tokens, .stop)
    }
}

/// A small, fast, seedable generator (SplitMix64).
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var value = state
        value = (value ^ (value >> 30)) &* 0xbf58_476d_1ce4_e5b9
        value = (value ^ (value >> 27)) &* 0x94d0_49bb_1331_11eb
        return value ^ (value >> 31)
    }
}
