/// The one error type the gateway's request path throws.
///
/// `code` is a bounded value usable as a metric label; `message` is safe to show to the
/// client: it never carries keys, upstream bodies or prompt text.
public struct GatewayError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A stable, bounded error code (e.g. `model_not_found`).
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The wire spelling of the code.
        public let rawValue: String
        /// The HTTP status this code maps to.
        public let status: Int
        /// The error family clients see as `type`.
        public let kind: Kind

        public init(_ rawValue: String, status: Int, kind: Kind) {
            self.rawValue = rawValue
            self.status = status
            self.kind = kind
        }

        public var description: String { rawValue }

        public static let invalidJSON = Code("invalid_json", status: 400, kind: .invalidRequest)
        public static let invalidRequest = Code("invalid_request", status: 400, kind: .invalidRequest)
        public static let missingField = Code("missing_required_parameter", status: 400, kind: .invalidRequest)
        public static let invalidType = Code("invalid_type", status: 400, kind: .invalidRequest)
        public static let invalidValue = Code("invalid_value", status: 400, kind: .invalidRequest)
        public static let contextLengthExceeded = Code("context_length_exceeded", status: 400, kind: .invalidRequest)
        public static let missingAPIKey = Code("missing_api_key", status: 401, kind: .authentication)
        public static let invalidAPIKey = Code("invalid_api_key", status: 401, kind: .authentication)
        public static let modelNotFound = Code("model_not_found", status: 404, kind: .notFound)
        public static let routeNotFound = Code("not_found", status: 404, kind: .notFound)
        public static let methodNotAllowed = Code("method_not_allowed", status: 405, kind: .invalidRequest)
        public static let bodyTooLarge = Code("request_too_large", status: 413, kind: .invalidRequest)
        public static let unsupportedMediaType = Code("unsupported_media_type", status: 415, kind: .invalidRequest)
        public static let rateLimited = Code("rate_limit_exceeded", status: 429, kind: .rateLimit)
        public static let insufficientQuota = Code("insufficient_quota", status: 429, kind: .quota)
        public static let modelNotAllowed = Code("model_not_allowed", status: 403, kind: .permission)
        public static let adminKeyRequired = Code("admin_key_required", status: 403, kind: .permission)
        public static let keyRevoked = Code("api_key_revoked", status: 401, kind: .authentication)
        public static let keyExpired = Code("api_key_expired", status: 401, kind: .authentication)
        public static let notFound = Code("resource_not_found", status: 404, kind: .notFound)
        public static let conflict = Code("conflict", status: 409, kind: .invalidRequest)
        public static let internalError = Code("internal_error", status: 500, kind: .server)
        public static let upstreamError = Code("upstream_error", status: 502, kind: .upstream)
        public static let upstreamBadResponse = Code("upstream_bad_response", status: 502, kind: .upstream)
        public static let upstreamUnavailable = Code("upstream_unavailable", status: 503, kind: .upstream)
        public static let upstreamTimeout = Code("upstream_timeout", status: 504, kind: .timeout)
        public static let clientClosed = Code("client_closed_request", status: 499, kind: .invalidRequest)
    }

    /// The family of an error, which each dialect maps to its own `type` names.
    public enum Kind: String, Sendable {
        case invalidRequest, authentication, permission, notFound, rateLimit, quota, server, upstream, timeout
    }

    public var code: Code
    /// A client-safe explanation with the fix where there is one.
    public var message: String
    /// The request field at fault, when there is one (OpenAI's `param`).
    public var param: String?
    /// The HTTP status to answer with; defaults to the code's.
    public var status: Int
    /// Seconds the client should wait before retrying, for 429 and 503.
    public var retryAfterSeconds: Int?
    /// Extra response headers (the `x-ratelimit-*` state of the key that was refused).
    public var headers: [String: String] = [:]

    public init(_ code: Code, _ message: String, param: String? = nil, status: Int? = nil, retryAfterSeconds: Int? = nil) {
        self.code = code
        self.message = message
        self.param = param
        self.status = status ?? code.status
        self.retryAfterSeconds = retryAfterSeconds
    }

    /// A short, bounded description suitable as a metric label.
    public var shortDescription: String { code.rawValue }

    public var description: String { "GatewayError(\(code.rawValue), \(status)): \(message)" }
}
