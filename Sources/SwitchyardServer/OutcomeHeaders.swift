import Foundation
import HTTPTypes
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
        // Appended, not set by name: each name is new, and a lookup would build the fields' index.
        var fields = HTTPFields()
        fields.reserveCapacity(16)
        fields.append(HTTPField(name: .contentType, value: contentType))
        fields.append(HTTPField(name: .switchyardModel, value: outcome.servedModel))
        fields.append(HTTPField(name: .switchyardProvider, value: outcome.provider))
        fields.append(HTTPField(name: .switchyardOverhead, value: String(max(0, overhead.microseconds))))
        fields.append(HTTPField(name: .switchyardRoute, value: outcome.route))
        fields.append(HTTPField(name: .switchyardFallbacks, value: String(outcome.fallbacks)))
        if contentType == "text/event-stream" { fields.append(HTTPField(name: .cacheControl, value: "no-cache")) }
        if let notice = outcome.deprecation { fields.append(HTTPField(name: .switchyardDeprecated, value: notice.headerValue)) }
        if let verdict = outcome.cascade { fields.append(HTTPField(name: .switchyardCascade, value: verdict.rawValue)) }
        if let confidence = outcome.confidence { fields.append(HTTPField(name: .switchyardConfidence, value: String(format: "%.3f", confidence))) }
        for (name, value) in outcome.rateLimit.headers {
            if let name = HTTPField.Name(name) { fields.append(HTTPField(name: name, value: value)) }
        }
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
