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
        let dims = dimensions
        guard let sum = out.baseAddress else { return }
        sum.update(repeating: 0, count: dims)
        var count = 0
        table.withUnsafeBufferPointer { table in
            scales.withUnsafeBufferPointer { scales in
                guard let base = table.baseAddress else { return }
                tokenizer.forEachToken(in: text, limit: maxPieces) { id in
                    let row = base + Int(id) * dims
                    let scale = scales[Int(id)]
                    for index in 0..<dims { sum[index] += Float(row[index]) * scale }
                    count += 1
                }
            }
        }
        var norm: Float = 0
        for index in 0..<dims { norm += sum[index] * sum[index] }
        norm = norm.squareRoot()
        let factor: Float = count > 0 && norm > 0 ? 1 / norm : 0
        for index in 0..<dims { sum[index] *= factor }
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
