import Hummingbird
import NIOCore
import SwitchyardDialects
import SwitchyardGateway
import SwitchyardModel

/// `POST /v1/tokenize`: how many tokens a text or conversation is for a model, counted with
/// that model's tokenizer (exact BPE for o200k/cl100k models, an estimate otherwise).
struct TokenizeRoute: Sendable {
    let service: ChatService
    let bodyLimit: Int

    func handle(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        _ = try service.authenticate(.init(requestID: context.requestID, presentedKey: request.headers.bearerToken))
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: bodyLimit)
        } catch is NIOTooManyBytesError {
            throw GatewayError.bodyTooLarge(limit: bodyLimit)
        }
        let (name, input) = try TokenizeRequestDecoder.decode(body)
        let (model, tokens) = try service.countTokens(model: name, input: input)
        var json = JSONWriter(capacity: 128)
        json.beginObject()
        json.key("model"); json.string(model.id)
        json.key("tokenizer"); json.string(model.tokenizer.rawValue)
        json.key("exact"); json.bool(model.tokenizer != .heuristic)
        json.key("tokens"); json.int(tokens)
        json.endObject()
        return Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: json.buffer))
    }
}
