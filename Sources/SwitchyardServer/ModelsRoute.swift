import Hummingbird
import NIOCore
import SwitchyardCatalog
import SwitchyardDialects
import SwitchyardGateway

/// `GET /v1/models`: the served models in OpenAI's list shape, each with a `switchyard` object
/// carrying prices, capabilities, limits and lifecycle. Retired models are not listed.
struct ModelsRoute: Sendable {
    let service: ChatService
    let created: Int64

    func handle(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        _ = try service.authenticate(.init(requestID: context.requestID, presentedKey: request.headers.bearerToken))
        let today = service.today()
        var json = JSONWriter(capacity: 8192)
        json.beginObject()
        json.key("object"); json.string("list")
        json.key("data"); json.beginArray()
        for model in service.registry.catalog.models {
            let lifecycle = model.lifecycle.effective(on: today)
            if case .retired = lifecycle { continue }
            json.beginObject()
            json.key("id"); json.string(model.id)
            json.key("object"); json.string("model")
            json.key("created"); json.int(created)
            json.key("owned_by"); json.string(model.provider)
            json.key("switchyard"); Self.writeDetails(model, lifecycle: lifecycle, into: &json)
            json.endObject()
        }
        for route in service.registry.routes.values.sorted(by: { $0.name < $1.name }) {
            json.beginObject()
            json.key("id"); json.string(route.name)
            json.key("object"); json.string("model")
            json.key("created"); json.int(created)
            json.key("owned_by"); json.string("switchyard")
            json.key("switchyard"); json.beginObject()
            json.key("virtual"); json.bool(true)
            json.key("classifier"); json.string("rules")
            json.key("default_category"); json.string(route.classifier.defaultCategory)
            if let baseline = route.baseline { json.key("baseline"); json.string(baseline) }
            json.key("routes"); json.beginObject()
            for (category, model) in route.table.sorted(by: { $0.key < $1.key }) { json.key(category); json.string(model) }
            json.endObject()
            json.endObject()
            json.endObject()
        }
        json.endArray()
        json.endObject()
        return Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: json.buffer))
    }

    static func writeDetails(_ model: CatalogModel, lifecycle: ModelLifecycle, into json: inout JSONWriter) {
        json.beginObject()
        json.key("display_name"); json.string(model.displayName)
        json.key("provider"); json.string(model.provider)
        json.key("category"); json.string(model.category)
        json.key("tags"); json.beginArray(); for tag in model.tags { json.string(tag) }; json.endArray()
        json.key("aliases"); json.beginArray(); for alias in model.aliases { json.string(alias) }; json.endArray()
        json.key("capabilities"); json.beginArray(); for name in model.capabilities.names { json.string(name) }; json.endArray()
        json.key("context_window"); json.int(model.contextWindow)
        json.key("max_output_tokens"); json.int(model.maxOutputTokens)
        json.key("tokenizer"); json.string(model.tokenizer.rawValue)
        json.key("pricing"); json.beginObject()
        json.key("currency"); json.string("USD")
        json.key("unit"); json.string("1M tokens")
        json.key("free"); json.bool(model.isFree)
        json.key("input"); json.string(model.prices.input.description)
        json.key("cached_input"); json.string(model.prices.cachedInput.description)
        json.key("cache_write"); json.string(model.prices.cacheWrite.description)
        json.key("output"); json.string(model.prices.output.description)
        json.key("reasoning"); json.string(model.prices.reasoning.description)
        json.key("source"); if let source = model.prices.source { json.string(source) } else { json.null() }
        json.key("as_of"); if let day = model.prices.asOf { json.string(day.description) } else { json.null() }
        json.endObject()
        json.key("lifecycle"); json.beginObject()
        json.key("status"); json.string(lifecycle.status)
        switch lifecycle {
        case .active: break
        case .deprecated(let successor, let date):
            json.key("successor"); json.string(successor)
            json.key("retires_on"); json.string(date.description)
        case .retired(let successor):
            json.key("successor"); if let successor { json.string(successor) } else { json.null() }
        }
        json.endObject()
        json.key("speed"); json.beginObject()
        json.key("ttft_ms"); json.int(model.speed.timeToFirstTokenMillis)
        json.key("tokens_per_second"); json.double(model.speed.tokensPerSecond)
        json.endObject()
        json.endObject()
    }
}
