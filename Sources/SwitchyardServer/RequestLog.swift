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
        var metadata: Logger.Metadata = [
            "request_id": .string(context.requestID), "trace_id": .string(traceID), "method": .string(request.method.rawValue),
            "path": .string(request.uri.path), "status": .stringConvertible(response.status.code),
            "latency_us": .stringConvertible((ContinuousClock.now - context.receivedAt).microseconds),
        ]
        let presented = request.headers.bearerToken ?? request.headers[.anthropicAPIKey]
        if let presented { metadata["key"] = .string(presented.hasPrefix("sk-sy-") ? KeySecret.prefix(of: presented) : "****") }
        for (field, key) in [(HTTPField.Name.switchyardModel, "model"), (.switchyardProvider, "provider"), (.switchyardRoute, "route")] {
            if let value = response.headers[field] { metadata[key] = .string(value) }
        }
        if let failure { metadata["error"] = .string(failure.code.rawValue) }
        logger.info("request", metadata: metadata)
    }
}
