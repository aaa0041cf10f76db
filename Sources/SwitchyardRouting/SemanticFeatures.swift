import Foundation

/// The numbers the semantic head reads after the embedding; mirrors `scripts/router_model/features.py`.
enum SemanticFeatures {
    /// The order the model file declares; a file with others is refused.
    static let names = ["tools", "fence", "code_markers", "log_tokens", "log_numbers"]

    /// The values for `features`, written into `out` (count `names.count`).
    static func values(_ features: PromptFeatures, into out: UnsafeMutableBufferPointer<Float>) {
        out[0] = features.hasTools ? 1 : 0
        out[1] = features.hasFence ? 1 : 0
        out[2] = Float(features.codeMarkerHits) / 4
        out[3] = Float(log1p(Double(features.lastUserTokens)) / 8)
        out[4] = Float(log1p(Double(features.numberCount)) / 3)
    }
}

/// What the semantic classifier concluded: its category, how sure it was, and where from.
public struct SemanticVerdict: Sendable, Hashable {
    /// The chosen category.
    public var category: String
    /// Top probability (head) or similarity (examples) minus the runner-up's: low means unsure.
    public var margin: Float
    /// Whether a route's example utterance decided (else the trained head).
    public var fromExamples: Bool
}

extension RouterModel {
    /// The mean of `text`'s token rows, L2-normalised, into `out` (count `dimensions`); zero for no tokens.
    /// A plain loop over raw pointers: the compiler vectorises it (SIMD types' generic conversions do not inline).
    func embed(_ text: String, into out: UnsafeMutableBufferPointer<Float>) {
        var text = text
        text.withUTF8 { embed(utf8: $0, into: out) }
    }

    /// `embed` for valid UTF-8 bytes (a prompt's, already lowercased or not: the tokenizer folds case).
    func embed(utf8 text: UnsafeBufferPointer<UInt8>, into out: UnsafeMutableBufferPointer<Float>) {
        let dims = dimensions
        guard let sum = out.baseAddress else { return }
        sum.update(repeating: 0, count: dims)
        var count = 0
        // Each distinct token's row is added once, times its count: "the" and "," repeat a lot.
        // Counts live in a small open-addressing table on the stack (slot: id + 1, 0 when empty).
        let capacity = Self.countSlots(maxPieces)
        withUnsafeTemporaryAllocation(of: (id: Int32, count: Int32).self, capacity: capacity) { slots in
            slots.initialize(repeating: (0, 0))
            tokenizer.forEachToken(inUTF8: text, limit: maxPieces) { id in
                var slot = Int(UInt32(bitPattern: id) &* 0x9E37_79B1) & (capacity - 1)
                while slots[slot].id != 0, slots[slot].id != id + 1 { slot = (slot + 1) & (capacity - 1) }
                slots[slot] = (id + 1, slots[slot].count + 1)
                count += 1
            }
            table.withUnsafeBufferPointer { table in
                scales.withUnsafeBufferPointer { scales in
                    guard let base = table.baseAddress else { return }
                    for (slotID, repeats) in slots where slotID != 0 {
                        let id = Int(slotID - 1)
                        let row = base + id * dims
                        let scale = scales[id] * Float(repeats)
                        for index in 0..<dims { sum[index] += Float(row[index]) * scale }
                    }
                }
            }
        }
        var norm: Float = 0
        for index in 0..<dims { norm += sum[index] * sum[index] }
        norm = norm.squareRoot()
        let factor: Float = count > 0 && norm > 0 ? 1 / norm : 0
        for index in 0..<dims { sum[index] *= factor }
    }

    /// A power of two at least twice `pieces`: the token count table stays sparse.
    static func countSlots(_ pieces: Int) -> Int {
        var capacity = 16
        while capacity < pieces * 2 { capacity <<= 1 }
        return capacity
    }

    /// The normalised embedding of `text` as an array (for example utterances, at start-up).
    public func embedding(_ text: String) -> [Float] {
        [Float](unsafeUninitializedCapacity: dimensions) { buffer, count in
            embed(text, into: buffer)
            count = dimensions
        }
    }

    /// The head's probabilities for the features of one prompt, written into `out` (count `categories.count`).
    func probabilities(_ features: PromptFeatures, embedding: UnsafeMutableBufferPointer<Float>, into out: UnsafeMutableBufferPointer<Float>) {
        let width = dimensions + extraFeatures.count
        withUnsafeTemporaryAllocation(of: Float.self, capacity: extraFeatures.count) { extras in
            SemanticFeatures.values(features, into: extras)
            weights.withUnsafeBufferPointer { weights in
                var largest = -Float.infinity
                for category in 0..<categories.count {
                    let row = category * width
                    var logit = bias[category]
                    for index in 0..<dimensions { logit += weights[row + index] * embedding[index] }
                    for index in 0..<extras.count { logit += weights[row + dimensions + index] * extras[index] }
                    out[category] = logit
                    largest = max(largest, logit)
                }
                var sum: Float = 0
                for category in 0..<categories.count {
                    out[category] = exp(out[category] - largest)
                    sum += out[category]
                }
                for category in 0..<categories.count { out[category] /= sum }
            }
        }
    }
}
