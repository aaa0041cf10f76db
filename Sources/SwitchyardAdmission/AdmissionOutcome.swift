/// A request that passed admission: what it holds until it settles.
public struct AdmissionTicket: Sendable {
    public var keyID: String
    public var creditAccount: String?
    /// Micro-dollars reserved against the window budget and the credit balance.
    public var reservedMicroDollars: Int64
    /// Tokens charged to the TPM bucket.
    public var chargedTokens: Int
    /// Set when the budget could not pay for the model's full output: the upstream `max_tokens`.
    public var cappedMaxTokens: Int?
    /// Rate-limit state after this request was admitted, for response headers.
    public var status: RateLimitStatus
    /// False for tickets that hold nothing (unlimited keys); settling them is free.
    var holdsState: Bool
}

/// Why a request was refused.
public struct AdmissionRejection: Error, Sendable, Equatable {
    public enum Reason: String, Sendable {
        case modelNotAllowed = "model_not_allowed"
        case requestRate = "requests_per_minute"
        case tokenRate = "tokens_per_minute"
        case tooManyTokens = "request_too_large_for_tpm"
        case concurrency = "concurrent_requests"
        case budget = "budget"
        case credits = "credits"
    }

    public var reason: Reason
    /// When retrying can succeed, in nanoseconds (nil: not by waiting within reason).
    public var retryAfterNanoseconds: Int64?
    public var status: RateLimitStatus
    /// The limit that refused, for the message (requests, tokens or micro-dollars).
    public var limit: Int64
    /// What the request needed of it.
    public var needed: Int64
    /// What was left of it.
    public var available: Int64
}

/// The rate limits of a key at one moment, as OpenAI's `x-ratelimit-*` headers report them.
public struct RateLimitStatus: Sendable, Equatable {
    public var limitRequests: Int?
    public var remainingRequests: Int?
    public var resetRequestsNanoseconds: Int64?
    public var limitTokens: Int?
    public var remainingTokens: Int?
    public var resetTokensNanoseconds: Int64?

    public init() {}

    /// The six header values, formatted as OpenAI does (`1s`, `6m0s`, `250ms`); empty for unlimited keys.
    public var headers: [(name: String, value: String)] {
        var fields: [(String, String)] = []
        if let limitRequests, let remainingRequests, let resetRequestsNanoseconds {
            fields.append(("x-ratelimit-limit-requests", String(limitRequests)))
            fields.append(("x-ratelimit-remaining-requests", String(remainingRequests)))
            fields.append(("x-ratelimit-reset-requests", Self.format(resetRequestsNanoseconds)))
        }
        if let limitTokens, let remainingTokens, let resetTokensNanoseconds {
            fields.append(("x-ratelimit-limit-tokens", String(limitTokens)))
            fields.append(("x-ratelimit-remaining-tokens", String(remainingTokens)))
            fields.append(("x-ratelimit-reset-tokens", Self.format(resetTokensNanoseconds)))
        }
        return fields
    }

    /// A duration as `0s`, `250ms`, `12s`, `6m0s`, `1h2m3s`.
    public static func format(_ nanoseconds: Int64) -> String {
        let milliseconds = (max(0, nanoseconds) + 999_999) / 1_000_000
        if milliseconds < 1000 { return milliseconds == 0 ? "0s" : "\(milliseconds)ms" }
        let seconds = (milliseconds + 999) / 1000
        let (hours, minutes, rest) = (seconds / 3600, seconds % 3600 / 60, seconds % 60)
        if hours > 0 { return "\(hours)h\(minutes)m\(rest)s" }
        if minutes > 0 { return "\(minutes)m\(rest)s" }
        return "\(rest)s"
    }
}
