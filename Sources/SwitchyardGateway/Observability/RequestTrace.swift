import Synchronization
import SwitchyardModel
import Tracing

/// The spans of one request through swift-distributed-tracing: a server span for the request and
/// child spans for its stages (route, admit, each upstream attempt, settle). Without a tracer
/// bootstrapped (the default build) they are no-op spans made without asking the instrumentation
/// system (whose lookup costs more than the rest of a span); with the `OTel` trait they are
/// exported over OTLP and the upstream's `traceparent` names the attempt's span.
final class RequestTrace: Sendable {
    let span: any Span
    private let ended = Mutex(false)
    /// Whether a tracer was bootstrapped; read once, after `serve` bootstrapped tracing (or not).
    private static let tracing = !(InstrumentationSystem.tracer is NoOpTracer)

    /// Starts the request's span in the caller's trace (from `traceparent`, when an instrument reads it).
    init(incoming traceparent: String?, requestID: String) {
        guard Self.tracing else {
            span = NoOpTracer.NoOpSpan(context: .topLevel)
            return
        }
        var parent = ServiceContext.topLevel
        if let traceparent {
            InstrumentationSystem.instrument.extract(["traceparent": traceparent], into: &parent, using: HeaderMap())
        }
        span = startSpan("request", context: parent, ofKind: .server)
        span.attributes["switchyard.request_id"] = requestID
    }

    /// Names the request's span once the operation is known (e.g. `chat auto`).
    func name(_ operation: String) {
        span.operationName = operation
    }

    /// A child span for one stage; the caller ends it.
    func stage(_ name: String, kind: SpanKind = .internal) -> any Span {
        guard Self.tracing else { return NoOpTracer.NoOpSpan(context: span.context) }
        return startSpan(name, context: span.context, ofKind: kind)
    }

    /// The `traceparent` to send upstream for `attempt`: the attempt span's own, when a tracer
    /// propagates W3C context, else the gateway's (`fallback`).
    static func traceparent(of attempt: any Span, fallback: String?) -> String? {
        var carrier: [String: String] = [:]
        InstrumentationSystem.instrument.inject(attempt.context, into: &carrier, using: HeaderMap())
        return carrier["traceparent"] ?? fallback
    }

    /// Ends the request span, marking it failed when `error` is set.
    func end(error: GatewayError? = nil) {
        guard ended.withLock({ ended in defer { ended = true }; return !ended }) else { return }
        if let error {
            span.attributes["http.response.status_code"] = error.status
            span.setStatus(SpanStatus(code: .error, message: error.code.rawValue))
        }
        span.end()
    }
}

/// Header names to values, as the instruments read and write them.
struct HeaderMap: Extractor, Injector {
    func extract(key: String, from carrier: [String: String]) -> String? { carrier[key] }
    func inject(_ value: String, forKey key: String, into carrier: inout [String: String]) { carrier[key] = value }
}
