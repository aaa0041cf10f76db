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
    private let authorization: String?
    /// The largest upstream body accepted for a non-streamed response.
    let maxResponseBytes: Int

    public init(name: String, baseURL: String, apiKey: String?, transport: HTTPTransport, maxResponseBytes: Int = 32 << 20) {
        self.name = name
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.apiKey = apiKey
        self.transport = transport
        self.completionsURL = self.baseURL + "/chat/completions"
        self.authorization = apiKey.map { "Bearer " + $0 }
        self.maxResponseBytes = maxResponseBytes
    }

    public func complete(_ call: UpstreamCall) async throws -> ChatCompletion {
        var request = call.request
        request.stream = false
        let response = try await send(request, call: call, headDeadline: min(call.firstByteTimeout, call.totalTimeout))
        let body = try await response.wholeBody(upTo: maxResponseBytes, provider: name)
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
        // The head must come within the first-byte timeout; the first event then within the read timeout.
        let response = try await send(call.request, call: call, headDeadline: call.firstByteTimeout)
        let contentType = response.headers.first(name: "content-type") ?? ""
        guard contentType.hasPrefix("text/event-stream") else {
            throw GatewayError(.upstreamBadResponse, "Provider '\(name)' answered a stream request without an event stream.")
        }
        let translator = OpenAIChunkTranslator(clientModel: call.clientModel, passthrough: call.request.original?.dialect == .openAI)
        let source = OpenAIStreamSource(body: response.body, translator: translator, provider: name, call: call)
        let head = try await source.start()
        return ChatStream(head: head, events: source)
    }

    /// Sends the request and returns the response once its head arrived with a 2xx status.
    func send(_ request: ChatRequest, call: UpstreamCall, headDeadline: Duration) async throws -> HTTPClientResponse {
        var upstream = HTTPClientRequest(url: completionsURL)
        upstream.method = .POST
        upstream.headers.add(name: "content-type", value: "application/json")
        upstream.headers.add(name: "accept", value: request.stream ? "text/event-stream" : "application/json")
        upstream.headers.add(name: "x-request-id", value: call.requestID)
        if let authorization { upstream.headers.add(name: "authorization", value: authorization) }
        if let traceparent = call.traceparent { upstream.headers.add(name: "traceparent", value: traceparent) }
        upstream.body = .bytes(OpenAIRequestEncoder.upstreamBody(for: request, upstreamModel: call.model.upstreamName))
        let response: HTTPClientResponse
        do {
            response = try await transport.client.execute(upstream, deadline: .now() + TimeAmount(headDeadline))
        } catch {
            throw GatewayError.transport(error, provider: name)
        }
        guard (200..<300).contains(response.status.code) else {
            let body = (try? await response.body.collect(upTo: 64 << 10)) ?? ByteBuffer()
            throw UpstreamErrorMapper.map(status: Int(response.status.code), body: body, headers: response.headers, provider: name)
        }
        return response
    }
}
