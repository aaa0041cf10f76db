import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
import SwitchyardModel

/// Maps an upstream's non-2xx answer to a client-facing error: sanitised message, no headers.
/// An upstream's error answer as the gateway's error, its message sanitised.
public enum UpstreamErrorMapper {
    /// The gateway error for an upstream `status` with `body` and `headers` (Retry-After is kept).
    public static func map(status: Int, body: ByteBuffer, headers: HTTPHeaders, provider: String) -> GatewayError {
        let said = upstreamMessage(body).map { " It said: \($0)" } ?? ""
        switch status {
        case 400, 422:
            return GatewayError(.invalidRequest, "Provider '\(provider)' rejected the request.\(said)")
        case 408:
            return GatewayError(.upstreamTimeout, "Provider '\(provider)' timed out.")
        case 413:
            return GatewayError(.bodyTooLarge, "Provider '\(provider)' found the request too large.\(said)")
        case 429:
            let retryAfter = headers.first(name: "retry-after").flatMap { Int($0) }
            return GatewayError(.rateLimited, "Provider '\(provider)' is rate limiting; retry later.", retryAfterSeconds: retryAfter ?? 1)
        case 401, 403:
            return GatewayError(.upstreamError, "Provider '\(provider)' refused the gateway's credentials (status \(status)); check its api_key.")
        default:
            return GatewayError(.upstreamError, "Provider '\(provider)' failed with status \(status).\(said)")
        }
    }

    /// The upstream's own `error.message`, trimmed, if its body is an OpenAI-style error.
    static func upstreamMessage(_ body: ByteBuffer) -> String? {
        struct Envelope: Decodable {
            struct Detail: Decodable { var message: String? }
            var error: Detail?
        }
        guard let message = (try? JSONDecoder().decode(Envelope.self, from: body))?.error?.message, !message.isEmpty else { return nil }
        let cleaned = message.unicodeScalars.filter { $0.value >= 0x20 }.map(String.init).joined()
        return cleaned.count > 300 ? String(cleaned.prefix(300)) + "…" : cleaned
    }
}
