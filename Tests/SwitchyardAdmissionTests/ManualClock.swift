import Synchronization
import SwitchyardAdmission

/// A clock the test moves by hand.
final class ManualClock: Sendable {
    private let instant = Mutex(AdmissionInstant(monotonicNanoseconds: 1_000, unixMillis: 1_795_305_600_000)) // 2026-11-22 00:00 UTC

    var clock: AdmissionClock { AdmissionClock { [self] in instant.withLock { $0 } } }

    func advance(seconds: Double) {
        instant.withLock {
            $0.monotonicNanoseconds += Int64(seconds * 1e9)
            $0.unixMillis += Int64(seconds * 1000)
        }
    }
}

extension AdmissionRequest {
    /// A request of `input` tokens to model `m` priced $1 in / $2 out per 1M tokens.
    static func sample(
        key: String = "k1", limits: KeyLimits, credit: String? = nil, model: String = "m", input: Int = 100, maxTokens: Int? = 50,
        modelMaxOutput: Int = 1000
    ) -> AdmissionRequest {
        AdmissionRequest(
            keyID: key, limits: limits, creditAccount: credit, model: model, inputTokens: input, requestedMaxTokens: maxTokens,
            modelMaxOutput: modelMaxOutput, pricing: TokenPricing(inputPicodollars: 1_000_000, outputPicodollars: 2_000_000)
        )
    }
}
