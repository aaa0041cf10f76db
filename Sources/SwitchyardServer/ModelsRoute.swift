import Hummingbird
import NIOCore
import SwitchyardCatalog
import SwitchyardDialects
import SwitchyardGateway

/// `GET /v1/models`: the served models in OpenAI's list shape, with prices and limits.
struct ModelsRoute: Sendable {
    let service: ChatService
    let body: ByteBuffer

    init(service: ChatService, created: Int64) {
        self.service = service
        var json = JSONWriter(capacity: 4096)
        json.beginObject()
        json.key("object"); json.string("list")
        json.key("data"); json.beginArray()
        for model in service.registry.catalog.models {
            json.beginObject()
            json.key("id"); json.string(model.id)
            json.key("object"); json.string("model")
            json.key("created"); json.int(created)
            json.key("owned_by"); json.string(model.provider)
            json.key("switchyard"); json.beginObject()
            json.key("provider"); json.string(model.provider)
            json.key("context_window"); json.int(model.contextWindow)
            json.key("max_output_tokens"); json.int(model.maxOutputTokens)
            json.key("pricing"); json.beginObject()
            json.key("currency"); json.string("USD")
            json.key("unit"); json.string("1M tokens")
            json.key("input"); json.string(model.prices.input.description)
            json.key("cached_input"); json.string(model.prices.cachedInput.description)
            json.key("output"); json.string(model.prices.output.description)
            json.endObject()
            json.endObject()
            json.endObject()
        }
        json.endArray()
        json.endObject()
        body = json.buffer
    }

    func handle(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        _ = try service.authenticate(.init(requestID: context.requestID, presentedKey: request.headers.bearerToken))
        return Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: body))
    }
}
