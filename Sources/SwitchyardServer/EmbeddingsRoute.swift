import Hummingbird
import NIOCore
import SwitchyardDialects
import SwitchyardGateway
import SwitchyardModel

/// `POST /v1/embeddings`: OpenAI's shape, forwarded to OpenAI-compatible upstreams and billed per attempt.
struct EmbeddingsRoute: Sendable {
    let service: ChatService
    let bodyLimit: Int

    func handle(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let callContext = CallContext(
            requestID: context.requestID, presentedKey: request.headers.bearerToken, traceparent: context.traceparent ?? request.headers[.traceparent],
            receivedAt: context.receivedAt, forcedModel: request.headers[.switchyardForceModel].flatMap { $0.isEmpty ? nil : $0 }
        )
        let principal = try service.authenticate(callContext)
        let body = try await request.collectBody(upTo: bodyLimit)
        let embedding = try OpenAIEmbeddingRequestDecoder.decode(body)
        let service = self.service
        let outcome = try await cancellingOnDisconnect(context.connectionClosed) {
            try await service.embed(embedding, principal: principal, context: callContext)
        }
        return Response(
            status: .ok, headers: OutcomeHeaders.make(outcome, context: context, contentType: "application/json", metrics: service.metrics),
            body: ResponseBody(byteBuffer: outcome.body.body)
        )
    }
}
