import Foundation
import Hummingbird
import NIOCore
import SwitchyardCatalog
import SwitchyardDialects
import SwitchyardGateway
import SwitchyardModel

/// `GET /v1/models` and `GET /v1/models/{id}` for Anthropic clients (requests carrying
/// `anthropic-version`): Anthropic's model objects and page shape, errors in Anthropic's shape.
/// `GET /v1/models/{id}` without that header answers with OpenAI's model object.
struct AnthropicModelsRoute: Sendable {
    let service: ChatService
    /// When the gateway started, as RFC 3339 (`created_at`) and Unix seconds (`created`).
    let createdAt: String
    let created: Int64

    init(service: ChatService, started: Date = Date()) {
        self.service = service
        self.createdAt = HTTPDate.rfc3339(Int(started.timeIntervalSince1970))
        self.created = Int64(started.timeIntervalSince1970)
    }

    /// Whether the request comes from an Anthropic client.
    static func isAnthropic(_ request: Request) -> Bool { request.headers[.anthropicVersion] != nil }

    func list(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        try answer(request, context: context, anthropic: true) { json in
            let ids = served().map(\.id)
            json.beginObject()
            json.key("data"); json.beginArray()
            for entry in served() { write(entry, into: &json) }
            json.endArray()
            json.key("has_more"); json.bool(false)
            json.key("first_id"); if let first = ids.first { json.string(first) } else { json.null() }
            json.key("last_id"); if let last = ids.last { json.string(last) } else { json.null() }
            json.endObject()
        }
    }

    func retrieve(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let id = context.parameters.get("id") ?? ""
        let anthropic = Self.isAnthropic(request)
        return try answer(request, context: context, anthropic: anthropic) { json throws(GatewayError) in
            guard let entry = served().first(where: { $0.id == id }) else {
                throw GatewayError(.modelNotFound, "The model '\(id.prefix(100))' does not exist. GET /v1/models lists them all.", param: "model")
            }
            if anthropic {
                write(entry, into: &json)
            } else {
                json.beginObject()
                json.key("id"); json.string(entry.id)
                json.key("object"); json.string("model")
                json.key("created"); json.int(created)
                json.key("owned_by"); json.string(entry.model?.provider ?? "switchyard")
                json.endObject()
            }
        }
    }

    // MARK: pieces

    /// A listed model, or a virtual route (no catalog entry).
    private struct Entry {
        var id: String
        var model: CatalogModel?
    }

    private func served() -> [Entry] {
        let today = service.today()
        let models = service.registry.catalog.models.filter {
            if case .retired = $0.lifecycle.effective(on: today) { return false }
            return true
        }
        return models.map { Entry(id: $0.id, model: $0) } + service.registry.routes.keys.sorted().map { Entry(id: $0, model: nil) }
    }

    private func write(_ entry: Entry, into json: inout JSONWriter) {
        json.beginObject()
        json.key("type"); json.string("model")
        json.key("id"); json.string(entry.id)
        json.key("display_name"); json.string(entry.model?.displayName ?? entry.id)
        json.key("created_at"); json.string(createdAt)
        if let model = entry.model {
            json.key("max_input_tokens"); json.int(model.contextWindow)
            json.key("max_tokens"); json.int(model.maxOutputTokens)
        }
        json.endObject()
    }

    /// Authenticates (x-api-key or bearer), then writes the body; errors in Anthropic's shape for
    /// Anthropic clients, thrown (so rendered in OpenAI's) for others.
    private func answer(
        _ request: Request, context: GatewayRequestContext, anthropic: Bool, _ body: (inout JSONWriter) throws(GatewayError) -> Void
    ) throws(GatewayError) -> Response {
        do {
            let key = request.headers[.anthropicAPIKey].flatMap { $0.isEmpty ? nil : $0 } ?? request.headers.bearerToken
            _ = try service.authenticate(CallContext(requestID: context.requestID, presentedKey: key))
            var json = JSONWriter(capacity: 4096)
            try body(&json)
            return Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: json.buffer))
        } catch {
            guard anthropic else { throw error }
            return AnthropicErrorResponse.make(error)
        }
    }
}
