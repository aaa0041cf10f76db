import Foundation
import Hummingbird
import NIOCore
import SwitchyardDialects
import SwitchyardGateway
import SwitchyardModel

/// `POST /v1/chat/completions`: OpenAI in, canonical through the service, OpenAI out.
struct ChatCompletionsRoute: Sendable {
    let service: ChatService
    let bodyLimit: Int

    func handle(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        var requestContext = CallContext(
            requestID: context.requestID, presentedKey: request.headers.bearerToken,
            traceparent: context.traceparent ?? request.headers[.traceparent], receivedAt: context.receivedAt,
            forcedModel: request.headers[.switchyardForceModel].flatMap { $0.isEmpty ? nil : $0 }
        )
        requestContext.priorAttempt = context.handedOff?.attempt
        if let text = request.headers[.switchyardMaxCost] {
            guard let limit = MicroDollars(dollars: text.trimmingCharacters(in: .whitespaces)) else {
                throw GatewayError(.invalidValue, "x-switchyard-max-cost must be a dollar amount like 0.01, got '\(text.prefix(40))'.", param: "max_cost")
            }
            requestContext.maxCostMicroDollars = limit.value
        }
        let callContext = requestContext
        let principal = try service.authenticate(callContext)
        let body = try await request.collectBody(upTo: bodyLimit)
        let chat = try OpenAIRequestDecoder.decode(body)
        // A client that leaves while the upstream works cancels the upstream request
        // (once a stream is flowing, a failed write to the client does the same).
        let service = self.service
        if chat.stream {
            let outcome = try await cancellingOnDisconnect(context.connectionClosed) {
                try await service.stream(chat, principal: principal, context: callContext)
            }
            return SSEResponse.make(outcome, headers: OutcomeHeaders.make(outcome, context: context, contentType: "text/event-stream", metrics: service.metrics))
        }
        let outcome = try await cancellingOnDisconnect(context.connectionClosed) {
            try await service.complete(chat, principal: principal, context: callContext)
        }
        let payload = OpenAIResponseEncoder.completion(outcome.body)
        return Response(
            status: .ok, headers: OutcomeHeaders.make(outcome, context: context, contentType: "application/json", metrics: service.metrics),
            body: ResponseBody(byteBuffer: payload)
        )
    }
}

extension GatewayError {
    static func bodyTooLarge(limit: Int) -> GatewayError {
        GatewayError(.bodyTooLarge, "The request body exceeds the gateway's limit of \(limit) bytes.")
    }
}

extension HTTPFields {
    /// The token of an `Authorization: Bearer` header, if present.
    var bearerToken: String? { self[.authorization].flatMap(Self.bearerToken(in:)) }

    /// The token of an `Authorization` value `Bearer <token>` ("Bearer" in any letter case).
    static func bearerToken(in value: String) -> String? {
        let utf8 = value.utf8
        guard utf8.count > 7 else { return nil }
        for (byte, expected) in zip(utf8.prefix(7), "bearer ".utf8) where byte | 0x20 != expected {
            return nil
        }
        let token = utf8.dropFirst(7).drop { $0 == UInt8(ascii: " ") }
        return String(Substring(token))
    }
}
