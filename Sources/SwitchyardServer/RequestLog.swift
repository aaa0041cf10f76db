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
        let fields = RequestLineFields(
            requestID: requestID, traceID: traceID, method: method, path: path, status: status,
            latencyMicroseconds: (ContinuousClock.now - receivedAt).microseconds, presentedKey: presentedKey, served: served, error: failure?.code.rawValue
        )
        FieldLines.info(logger, "request", fields)
    }
}

/// The fields of a `request` line, turned into text only when the line is written.
struct RequestLineFields: LogFields {
    let requestID: String
    let traceID: String
    let method: String
    let path: String
    let status: Int
    let latencyMicroseconds: Int64
    let presentedKey: String?
    let served: ServedLabels
    let error: String?

    static var keysAscend: Bool { true }

    /// In ascending key order (`keysAscend`).
    func write(to sink: inout some LogFieldSink) {
        if let error { sink.field("error", error) }
        if let presentedKey { sink.field("key", presentedKey.hasPrefix("sk-sy-") ? KeySecret.prefix(of: presentedKey) : "****") }
        sink.field("latency_us", latencyMicroseconds)
        sink.field("method", method)
        if let model = served.model { sink.field("model", model) }
        sink.field("path", path)
        if let provider = served.provider { sink.field("provider", provider) }
        sink.field("request_id", requestID)
        if let route = served.route { sink.field("route", route) }
        sink.field("status", Int64(status))
        sink.field("trace_id", traceID)
    }
}

/// What served a request, as its `x-switchyard-model`, `-provider` and `-route` headers say.
struct ServedLabels: Sendable {
    var model: String?
    var provider: String?
    var route: String?
}
