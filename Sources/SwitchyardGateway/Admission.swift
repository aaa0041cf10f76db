import SwitchyardAdmission
import SwitchyardModel

extension GatewayError {
    /// A refusal in OpenAI's conventions: 429 `rate_limit_exceeded` with Retry-After for rates and
    /// concurrency, 429 `insufficient_quota` for money, 403 for a model outside the plan.
    init(rejection: AdmissionRejection, model: String) {
        let retryAfter = rejection.retryAfterNanoseconds.map { Int(($0 + 999_999_999) / 1_000_000_000) }
        switch rejection.reason {
        case .modelNotAllowed:
            self = .modelNotAllowed(model)
        case .requestRate:
            self.init(.rateLimited, "Rate limit reached: \(rejection.limit) requests per minute. Retry after \(retryAfter ?? 1)s.", retryAfterSeconds: retryAfter)
        case .tokenRate:
            self.init(
                .rateLimited,
                "Rate limit reached: \(rejection.limit) tokens per minute; this request needs \(rejection.needed) (prompt estimate plus max_tokens) and \(rejection.available) are left. Retry after \(retryAfter ?? 1)s.",
                retryAfterSeconds: retryAfter
            )
        case .tooManyTokens:
            self.init(.rateLimited, "Request too large: it needs \(rejection.needed) tokens (prompt estimate plus max_tokens) but this key allows \(rejection.limit) per minute. Lower max_tokens or shorten the prompt.")
        case .concurrency:
            self.init(.rateLimited, "Too many concurrent requests: this key allows \(rejection.limit) at once. Retry after \(retryAfter ?? 1)s.", retryAfterSeconds: retryAfter)
        case .budget:
            self.init(
                .insufficientQuota,
                "Budget exhausted: this request could cost up to \(MicroDollars(rejection.needed)) USD and \(MicroDollars(rejection.available)) USD of the key's \(MicroDollars(rejection.limit)) USD budget is left in this window. Lower max_tokens or wait for the window to reset.",
                retryAfterSeconds: retryAfter
            )
        case .credits:
            self.init(
                .insufficientQuota,
                "Insufficient credits: this request could cost up to \(MicroDollars(rejection.needed)) USD and the account has \(MicroDollars(rejection.available)) USD available. Top up the account's credits."
            )
        }
        addRateLimitHeaders(rejection.status)
    }

    /// A 403 for a model outside the key's plan.
    static func modelNotAllowed(_ model: String) -> GatewayError {
        GatewayError(.modelNotAllowed, "This key's plan does not allow the model '\(model)'.", param: "model")
    }

    /// Adds the key's `x-ratelimit-*` state, so error responses carry it too.
    mutating func addRateLimitHeaders(_ status: RateLimitStatus) {
        for (name, value) in status.headers { headers[name] = value }
    }
}

extension AdmissionRejection.Reason {
    /// The `reason` label of `switchyard_admission_rejections_total`.
    var metricName: String {
        switch self {
        case .modelNotAllowed: "model_not_allowed"
        case .requestRate: "request_rate"
        case .tokenRate: "token_rate"
        case .tooManyTokens: "too_many_tokens"
        case .concurrency: "concurrency"
        case .budget: "budget"
        case .credits: "credits"
        }
    }
}
