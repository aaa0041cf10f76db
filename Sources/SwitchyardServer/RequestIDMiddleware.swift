import Hummingbird
import Logging
import NIOCore
import SwitchyardGateway
import SwitchyardDialects
import SwitchyardModel

/// Assigns the request id and the trace, echoes the id on every response, renders every error in
/// OpenAI's shape, and logs one line per request.
struct GatewayMiddleware: RouterMiddleware {
    typealias Context = GatewayRequestContext
    /// Where the per-request line goes; nil logs nothing.
    let logger: Logger?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        // A request the fast lane handed over keeps its arrival time, so its deadline does not restart.
        context.receivedAt = context.handedOff?.receivedAt ?? .now
        context.requestID = Self.acceptedID(request.headers[.requestID]) ?? RequestIDGenerator.next()
        // Join the caller's trace or start one here, so this line and the attempts' lines share its id
        // (a request the fast lane handed over stays in the trace its first attempt was logged in).
        let trace = TraceContext(traceparent: context.handedOff?.traceparent ?? request.headers[.traceparent]) ?? .start()
        context.traceparent = trace.header
        var response: Response
        var failure: GatewayError?
        do {
            response = try await next(request, context)
        } catch {
            let gatewayError = GatewayError(serverError: error)
            failure = gatewayError
            response = ErrorResponse.make(gatewayError)
        }
        response.headers[.requestID] = context.requestID
        if let logger { RequestLog.write(logger, request: request, response: response, context: context, traceID: trace.traceID, failure: failure) }
        return response
    }

    /// A client-sent id is honoured when it is short printable ASCII.
    static func acceptedID(_ value: String?) -> String? {
        guard let value, !value.isEmpty, value.utf8.count <= 128,
              value.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F })
        else { return nil }
        return value
    }
}

/// Fresh request ids: `req_`, 12 hex digits of the Unix time in milliseconds, then 12 random
/// hex digits. Ids that grow with time are appended at the end of the ledger's request-id index:
/// random ones scattered each batch of rows over as many index pages, all rewritten to the WAL.
enum RequestIDGenerator {
    static func next() -> String {
        TraceContext.timeOrderedID(prefix: "req_")
    }
}

/// OpenAI-shaped error responses.
enum ErrorResponse {
    static func make(_ error: GatewayError) -> Response {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let retryAfter = error.retryAfterSeconds { headers[.retryAfter] = String(retryAfter) }
        headers.set(error.headers.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
        return Response(
            status: .init(code: error.status), headers: headers,
            body: ResponseBody(byteBuffer: OpenAIResponseEncoder.error(error))
        )
    }
}

extension GatewayError {
    /// Any error that reached the server's edge, as a client-safe `GatewayError`.
    init(serverError error: any Error) {
        switch error {
        case let gatewayError as GatewayError:
            self = gatewayError
        case is NIOTooManyBytesError:
            self.init(.bodyTooLarge, "The request body is larger than this gateway accepts.")
        case let httpError as HTTPError where httpError.status == .notFound:
            self.init(.routeNotFound, "Unknown endpoint. This gateway serves POST /v1/chat/completions, POST /v1/messages, POST /v1/embeddings, GET /v1/models, POST /v1/tokenize and the management API under /admin/v1.")
        case let httpError as HTTPError where httpError.status == .methodNotAllowed:
            self.init(.methodNotAllowed, "This endpoint does not accept that HTTP method.")
        case let httpError as HTTPError where httpError.status == .contentTooLarge:
            self.init(.bodyTooLarge, "The request body is larger than this gateway accepts.")
        case let httpError as HTTPError:
            self.init(.invalidRequest, httpError.body ?? "The request could not be handled.", status: Int(httpError.status.code))
        default:
            self.init(.internalError, "The gateway failed to handle the request.")
        }
    }
}
