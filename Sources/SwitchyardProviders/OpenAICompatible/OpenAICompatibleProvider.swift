import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import SwitchyardCatalog
import SwitchyardDialects
import SwitchyardModel

/// Any backend that speaks OpenAI's chat-completions API: OpenAI, vLLM, SGLang, llama.cpp, Together…
public struct OpenAICompatibleProvider: ChatProvider {
    public let name: String
    /// The base URL up to and including `/v1`, without a trailing slash.
    public let baseURL: String
    let apiKey: String?
    let transport: HTTPTransport
    private let completionsURL: String
    let authorization: String?
    /// The largest upstream body accepted for a non-streamed response.
    public let maxResponseBytes: Int
    /// Where chat completions go when the base URL is plain HTTP (the server's fast lane calls it
    /// directly); nil for HTTPS, which always goes through the pooled HTTP client.
    public let plainHTTPEndpoint: PlainHTTPEndpoint?

    public init(name: String, baseURL: String, apiKey: String?, transport: HTTPTransport, maxResponseBytes: Int = 32 << 20) {
        self.name = name
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.apiKey = apiKey
        self.transport = transport
        self.completionsURL = self.baseURL + "/chat/completions"
        self.authorization = apiKey.map { "Bearer " + $0 }
        self.maxResponseBytes = maxResponseBytes
        plainHTTPEndpoint = PlainHTTPEndpoint(url: completionsURL, authorization: authorization)
    }

    public func complete(_ call: UpstreamCall) async throws -> ChatCompletion {
        var request = call.request
        request.stream = false
        let deadline = ContinuousClock.now + call.totalTimeout
        let response = try await send(request, call: call, headDeadline: min(call.firstByteTimeout, call.totalTimeout))
        let body = try await response.wholeBody(upTo: maxResponseBytes, within: deadline - .now, provider: name)
        var completion = call.request.original?.dialect == .openAI && !call.request.confidenceProbe
            ? try OpenAIResponseDecoder.passthroughCompletion(body, clientModel: call.clientModel)
            : try OpenAIResponseDecoder.canonicalCompletion(body, clientModel: call.clientModel)
        if completion.usage.isEstimated {
            // The upstream reported no usage: count it, never bill it as zero.
            let text = completion.choices.isEmpty
                ? (try? OpenAIResponseDecoder.canonicalCompletion(body, clientModel: call.clientModel))?.choices.map(\.message.text).joined() ?? ""
                : completion.choices.map(\.message.text).joined()
            completion.usage = UsageEstimate.make(call, outputText: text)
        }
        return completion
    }

    public func stream(_ call: UpstreamCall) async throws -> ChatStream {
        // The head and then the first event must both come within the first-byte timeout.
        let firstByteDeadline = ContinuousClock.now + call.firstByteTimeout
        let response = try await send(call.request, call: call, headDeadline: call.firstByteTimeout)
        try response.requireEventStream(provider: name)
        let translator = OpenAIChunkTranslator(clientModel: call.clientModel, passthrough: call.request.original?.dialect == .openAI)
        let source = OpenAIStreamSource(body: response.body, translator: translator, provider: name, call: call)
        let head = try await withTimeout(firstByteDeadline - .now, error: GatewayError(.upstreamTimeout, "Provider '\(name)' did not answer in time.")) {
            try await source.start()
        }
        return ChatStream(head: head, events: source)
    }

    /// Sends the request and returns the response once its head arrived with a 2xx status.
    func send(_ request: ChatRequest, call: UpstreamCall, headDeadline: Duration) async throws -> HTTPClientResponse {
        try await transport.postJSON(
            completionsURL, body: OpenAIRequestEncoder.upstreamBody(for: request, upstreamModel: call.model.upstreamName),
            headers: authorization.map { [("authorization", $0)] } ?? [], accept: request.stream ? "text/event-stream" : "application/json",
            call: (call.requestID, call.traceparent), headDeadline: headDeadline, provider: name
        )
    }
}

/// A plain-HTTP upstream endpoint: host, port, path and the authorization header to send.
public struct PlainHTTPEndpoint: Sendable, Hashable {
    public var host: String
    public var port: Int
    /// The request target, e.g. `/v1/chat/completions`.
    public var path: String
    public var authorization: String?

    /// nil unless `url` is `http://host[:port]/path` without user info, query or fragment, and
    /// `authorization` is visible ASCII and spaces (it goes into a request head as it is).
    init?(url: String, authorization: String?) {
        guard let components = URLComponents(string: url), components.scheme?.lowercased() == "http",
              let host = components.host, !host.isEmpty, components.user == nil, components.query == nil, components.fragment == nil,
              authorization?.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) ?? true
        else { return nil }
        self.host = host
        port = components.port ?? 80
        path = components.percentEncodedPath.isEmpty ? "/" : components.percentEncodedPath
        self.authorization = authorization
    }

    /// The `host` header value.
    public var hostHeader: String { port == 80 ? host : "\(host):\(port)" }
}
