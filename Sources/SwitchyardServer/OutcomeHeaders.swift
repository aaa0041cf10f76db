import Foundation
import Hummingbird
import NIOCore
import SwitchyardGateway
import SwitchyardModel

/// The gateway's response headers for a served request (model, provider, route, overhead, rate limits).
enum OutcomeHeaders {
    /// Also records the request's overhead in `metrics`.
    static func make<Body>(_ outcome: ChatOutcome<Body>, context: GatewayRequestContext, contentType: String, metrics: GatewayMetrics) -> HTTPFields {
        make(outcome, receivedAt: context.receivedAt, contentType: contentType, metrics: metrics)
    }

    /// The headers for a request received at `receivedAt`.
    static func make<Body>(_ outcome: ChatOutcome<Body>, receivedAt: ContinuousClock.Instant, contentType: String, metrics: GatewayMetrics) -> HTTPFields {
        let overhead = (ContinuousClock.now - receivedAt) - outcome.upstreamWait
        metrics.observeOverhead(microseconds: max(0, overhead.microseconds))
        var fields: HTTPFields = [
            .contentType: contentType,
            .switchyardModel: outcome.servedModel,
            .switchyardProvider: outcome.provider,
            .switchyardOverhead: String(max(0, overhead.microseconds)),
            .switchyardRoute: outcome.route,
            .switchyardFallbacks: String(outcome.fallbacks),
        ]
        if contentType == "text/event-stream" { fields[.cacheControl] = "no-cache" }
        if let notice = outcome.deprecation { fields[.switchyardDeprecated] = notice.headerValue }
        if let verdict = outcome.cascade { fields[.switchyardCascade] = verdict.rawValue }
        if let confidence = outcome.confidence { fields[.switchyardConfidence] = String(format: "%.3f", confidence) }
        fields.set(outcome.rateLimit.headers.map { ($0.name, $0.value) })
        return fields
    }
}

extension Request {
    /// The whole body, or a 413 when it is (or announces itself as) larger than `limit` bytes.
    func collectBody(upTo limit: Int) async throws -> ByteBuffer {
        if let length = headers[.contentLength].flatMap(Int.init), length > limit {
            throw GatewayError.bodyTooLarge(limit: limit)
        }
        do {
            return try await body.collect(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw GatewayError.bodyTooLarge(limit: limit)
        }
    }
}
