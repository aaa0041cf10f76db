import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import SwitchyardCatalog
import SwitchyardDialects
import SwitchyardModel

/// Anthropic's native Messages API (`POST {base}/messages`), with cache read/write usage.
///
/// Anthropic clients take the fast path: their body is forwarded with only `model` (and a
/// budget-capped `max_tokens`) changed, and the upstream's bytes come back untouched but for `model`.
public struct AnthropicProvider: ChatProvider {
    public let name: String
    /// The base URL up to and including `/v1`, without a trailing slash.
    public let baseURL: String
    let transport: HTTPTransport
    private let messagesURL: String
    private let apiKey: String?
    /// The API version sent as `anthropic-version`.
    public static let apiVersion = "2023-06-01"
    let maxResponseBytes: Int

    public init(name: String, baseURL: String, apiKey: String?, transport: HTTPTransport, maxResponseBytes: Int = 32 << 20) {
        self.name = name
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.apiKey = apiKey
        self.transport = transport
        self.messagesURL = self.baseURL + "/messages"
        self.maxResponseBytes = maxResponseBytes
    }

    public func complete(_ call: UpstreamCall) async throws -> ChatCompletion {
        var request = call.request
        request.stream = false
        let deadline = ContinuousClock.now + call.totalTimeout
        let response = try await send(request, call: call, headDeadline: min(call.firstByteTimeout, call.totalTimeout))
        let body = try await response.wholeBody(upTo: maxResponseBytes, within: deadline - .now, provider: name)
        var completion = try AnthropicResponseDecoder.completion(body, clientModel: call.clientModel)
        if completion.usage.isEstimated {
            completion.usage = UsageEstimate.make(call, outputText: completion.choices.map(\.message.text).joined())
        }
        if Self.isSameDialect(call) {
            completion.passthroughBody = Self.renamingModel(body, to: call.clientModel)
        }
        return completion
    }

    public func stream(_ call: UpstreamCall) async throws -> ChatStream {
        let firstByteDeadline = ContinuousClock.now + call.firstByteTimeout
        let response = try await send(call.request, call: call, headDeadline: call.firstByteTimeout)
        try response.requireEventStream(provider: name)
        let translator = AnthropicStreamTranslator(clientModel: call.clientModel, passthrough: Self.isSameDialect(call))
        let source = AnthropicStreamSource(body: response.body, translator: translator, provider: name, call: call)
        let head = try await withTimeout(firstByteDeadline - .now, error: GatewayError(.upstreamTimeout, "Provider '\(name)' did not answer in time.")) {
            try await source.start()
        }
        return ChatStream(head: head, events: source)
    }

    /// Sends the request and returns the response once its head arrived with a 2xx status.
    func send(_ request: ChatRequest, call: UpstreamCall, headDeadline: Duration) async throws -> HTTPClientResponse {
        var headers = [("anthropic-version", Self.apiVersion)]
        if let apiKey { headers.append(("x-api-key", apiKey)) }
        let provider = name
        return try await transport.postJSON(
            messagesURL, body: Self.body(for: request, call: call), headers: headers, accept: request.stream ? "text/event-stream" : "application/json",
            call: (call.requestID, call.traceparent), headDeadline: headDeadline, provider: name
        ) { status in
            status == 529 ? GatewayError(.upstreamUnavailable, "Provider '\(provider)' is overloaded; retry later.", retryAfterSeconds: 1) : nil
        }
    }

    /// Whether the client spoke Anthropic too, so its bytes can be forwarded (not for a confidence
    /// probe, whose answer the gateway judges and may replay).
    static func isSameDialect(_ call: UpstreamCall) -> Bool {
        call.request.original?.dialect == .anthropic && !call.request.confidenceProbe
    }

    /// The upstream body: the client's own bytes on the fast path, else encoded from the canonical request.
    static func body(for request: ChatRequest, call: UpstreamCall) -> ByteBuffer {
        if isSameDialect(call), let original = request.original,
           let fields = JSONScanner.topLevelValues(in: original.bytes, keys: ["model", "max_tokens", "stream"]),
           let modelRange = fields[0], let maxRange = fields[1] {
            var edits = [(range: modelRange, json: OpenAIRequestEncoder.jsonString(call.model.upstreamName))]
            // Admission may have capped the output to what the key's budget pays for.
            if let maxTokens = request.maxTokens, JSONScanner.integer(in: original.bytes, range: maxRange) != maxTokens {
                edits.append((maxRange, String(maxTokens)))
            }
            if !request.stream, let streamRange = fields[2] { edits.append((streamRange, "false")) }
            return JSONScanner.splice(original.bytes, replacing: edits)
        }
        return AnthropicRequestEncoder.encode(request, upstreamModel: call.model.upstreamName, defaultMaxTokens: call.model.maxOutputTokens)
    }

    /// A `message` body with `model` set to the id the client asked for.
    static func renamingModel(_ body: ByteBuffer, to model: String) -> ByteBuffer {
        guard let range = JSONScanner.topLevelValues(in: body, keys: ["model"])?[0] else { return body }
        return JSONScanner.splice(body, replacing: [(range, OpenAIRequestEncoder.jsonString(model))])
    }
}
