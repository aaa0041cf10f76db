import HTTPTypes
import Hummingbird
import Logging
import SwitchyardGateway
import SwitchyardModel

/// The one log line of each HTTP request: id, trace, key prefix, what served it and how it ended.
/// Tokens and cost are on the `request settled` lines of its attempts (a stream's are known only
/// when it ends); a request refused before any attempt has only this line. Never prompt text.
enum RequestLog {
    static func write(_ logger: Logger, request: Request, response: Response, context: GatewayRequestContext, traceID: String, failure: GatewayError?) {
        write(
            logger, requestID: context.requestID, traceID: traceID, method: request.method.rawValue, path: request.uri.path,
            status: Int(response.status.code), receivedAt: context.receivedAt, presentedKey: request.headers.bearerToken ?? request.headers[.anthropicAPIKey],
            served: ServedLabels(model: response.headers[.switchyardModel], provider: response.headers[.switchyardProvider], route: response.headers[.switchyardRoute]),
            failure: failure
        )
    }

    /// The line from its parts (the fast lane has no Hummingbird request or response).
    static func write(
        _ logger: Logger, requestID: String, traceID: String, method: String, path: String, status: Int, receivedAt: ContinuousClock.Instant,
        presentedKey: String?, served: ServedLabels, failure: GatewayError?
    ) {
        guard logger.logLevel <= .info else { return }
        var metadata: Logger.Metadata = [
            "request_id": .string(requestID), "trace_id": .string(traceID), "method": .string(method),
            "path": .string(path), "status": .stringConvertible(status),
            "latency_us": .stringConvertible((ContinuousClock.now - receivedAt).microseconds),
        ]
        if let presentedKey { metadata["key"] = .string(presentedKey.hasPrefix("sk-sy-") ? KeySecret.prefix(of: presentedKey) : "****") }
        if let model = served.model { metadata["model"] = .string(model) }
        if let provider = served.provider { metadata["provider"] = .string(provider) }
        if let route = served.route { metadata["route"] = .string(route) }
        if let failure { metadata["error"] = .string(failure.code.rawValue) }
        logger.info("request", metadata: metadata)
    }
}

/// What served a request, as its `x-switchyard-model`, `-provider` and `-route` headers say.
struct ServedLabels {
    var model: String?
    var provider: String?
    var route: String?
}
