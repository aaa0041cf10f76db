import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import SwitchyardGateway

/// Builds the HTTP application: routes, middleware and server settings.
public enum GatewayApplication {
    /// The router with every public endpoint.
    /// - Parameter storageReachable: asked by `/health/ready`; nil when the gateway runs without storage.
    public static func router(
        service: ChatService, bodyLimit: Int, admin: AccessAdmin? = nil, statusBoard: StatusBoard? = nil,
        storageReachable: (@Sendable () async -> Bool)? = nil, logger: Logger? = nil
    ) -> Router<GatewayRequestContext> {
        let router = Router(context: GatewayRequestContext.self)
        router.middlewares.add(GatewayMiddleware(logger: logger))
        let chat = ChatCompletionsRoute(service: service, bodyLimit: bodyLimit)
        let models = ModelsRoute(service: service, created: Int64(Date().timeIntervalSince1970))
        router.post("/v1/chat/completions") { request, context in try await chat.handle(request, context: context) }
        let anthropicModels = AnthropicModelsRoute(service: service)
        router.get("/v1/models") { request, context in
            AnthropicModelsRoute.isAnthropic(request) ? try await anthropicModels.list(request, context: context) : try await models.handle(request, context: context)
        }
        router.get("/v1/models/:id") { request, context in try await anthropicModels.retrieve(request, context: context) }
        let tokenize = TokenizeRoute(service: service, bodyLimit: bodyLimit)
        router.post("/v1/tokenize") { request, context in try await tokenize.handle(request, context: context) }
        let messages = MessagesRoute(service: service, bodyLimit: bodyLimit)
        router.post("/v1/messages") { request, context in await messages.handle(request, context: context) }
        router.post("/v1/messages/count_tokens") { request, context in await messages.countTokens(request, context: context) }
        let embeddings = EmbeddingsRoute(service: service, bodyLimit: bodyLimit)
        router.post("/v1/embeddings") { request, context in try await embeddings.handle(request, context: context) }
        router.get("/health") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: #"{"status":"ok"}"#)))
        }
        router.get("/health/ready") { _, _ in await readiness(service, storageReachable: storageReachable) }
        if let statusBoard { StatusRoute.register(on: router, service: service, board: statusBoard) }
        router.get("/metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: service.metrics.scrape()))
            )
        }
        if let admin {
            AdminRoutes.register(on: router, admin: admin) { key in try service.authenticate(CallContext(requestID: "", presentedKey: key)) }
        }
        return router
    }

    /// Every management route as (method, path with `{name}` parameters), as `docs/openapi.yaml` documents them.
    public static var managementRoutes: [(method: String, path: String)] {
        AdminRoutes.table.map { route in
            let path = route.path.split(separator: "/", omittingEmptySubsequences: false)
                .map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }.joined(separator: "/")
            return (route.method.rawValue, path)
        }
    }

    /// Ready when configuration is loaded and at least one model is served.
    /// Ready when a model is served, storage answers, and every virtual model has a table model
    /// whose breaker would let a call through.
    static func readiness(_ service: ChatService, storageReachable: (@Sendable () async -> Bool)?) async -> Response {
        let count = service.registry.catalog.models.count
        let storage = await storageReachable?() ?? true
        let stranded = service.routesWithoutHealthyModel()
        let ready = count > 0 && storage && stranded.isEmpty
        let names = stranded.map { "\"\($0)\"" }.joined(separator: ",")
        let body = #"{"status":"\#(ready ? "ready" : "not_ready")","models":\#(count),"storage":"\#(storage ? "ok" : "unavailable")","routes_without_healthy_model":[\#(names)]}"#
        return Response(status: ready ? .ok : .serviceUnavailable, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    /// The application listening on `host:port`.
    public static func make(
        service: ChatService, bodyLimit: Int, host: String, port: Int, logger: Logger, admin: AccessAdmin? = nil, statusBoard: StatusBoard? = nil,
        storageReachable: (@Sendable () async -> Bool)? = nil, services: [any Service] = [], fastLane: Bool = true,
        onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let lane = fastLane ? FastLaneSettings(service: service, upstreams: UpstreamConnections(), bodyLimit: bodyLimit, logger: logger) : nil
        return Application(
            router: router(service: service, bodyLimit: bodyLimit, admin: admin, statusBoard: statusBoard, storageReachable: storageReachable, logger: logger),
            server: .http1(configuration: .init(additionalChannelHandlers: [ClientDisconnectObserver()] + (lane.map { [FastLaneInstaller(settings: $0)] } ?? []))),
            configuration: .init(address: .hostname(host, port: port), serverName: HTTP1Wire.serverName),
            services: services,
            onServerRunning: onServerRunning,
            logger: logger
        )
    }
}
