import AsyncHTTPClient
import NIOCore
import SwitchyardCatalog
import SwitchyardDialects
import SwitchyardModel

extension OpenAICompatibleProvider: EmbeddingProvider {
    /// `POST {base}/embeddings`: the client's body with the upstream's model name, the answer's
    /// bytes with the client's; usage read in place, counted by the gateway when the upstream omits it.
    public func embed(_ call: EmbeddingCall) async throws -> EmbeddingResult {
        var upstream = HTTPClientRequest(url: baseURL + "/embeddings")
        upstream.method = .POST
        upstream.headers.add(name: "content-type", value: "application/json")
        upstream.headers.add(name: "x-request-id", value: call.requestID)
        if let apiKey { upstream.headers.add(name: "authorization", value: "Bearer " + apiKey) }
        if let traceparent = call.traceparent { upstream.headers.add(name: "traceparent", value: traceparent) }
        upstream.body = .bytes(Self.replacingModel(in: call.request.original, with: call.model.upstreamName))
        let body: ByteBuffer
        do {
            let response = try await transport.client.execute(upstream, deadline: .now() + TimeAmount(call.timeout))
            guard (200..<300).contains(response.status.code) else {
                let errorBody = (try? await response.body.collect(upTo: 64 << 10)) ?? ByteBuffer()
                throw UpstreamErrorMapper.map(status: Int(response.status.code), body: errorBody, headers: response.headers, provider: name)
            }
            body = try await response.body.collect(upTo: maxResponseBytes)
        } catch is NIOTooManyBytesError {
            throw GatewayError(.upstreamBadResponse, "Provider '\(name)' sent a response larger than \(maxResponseBytes) bytes.")
        } catch {
            throw GatewayError.transport(error, provider: name)
        }
        guard let fields = JSONScanner.topLevelValues(in: body, keys: ["model", "usage", "data"]), fields[2] != nil else {
            throw GatewayError(.upstreamBadResponse, "The upstream returned a response that is not an embeddings list.")
        }
        var usage = fields[1].flatMap { OpenAIResponseDecoder.decodeUsage(body, range: $0) } ?? Self.estimate(call)
        usage.outputTokens = 0
        let clientBody = fields[0].map { JSONScanner.splice(body, replacing: [($0, OpenAIRequestEncoder.jsonString(call.clientModel))]) } ?? body
        return EmbeddingResult(body: clientBody, usage: usage)
    }

    static func replacingModel(in body: ByteBuffer, with model: String) -> ByteBuffer {
        guard let range = JSONScanner.topLevelValues(in: body, keys: ["model"])?[0] else { return body }
        return JSONScanner.splice(body, replacing: [(range, OpenAIRequestEncoder.jsonString(model))])
    }

    /// The gateway's own count of the inputs, for an upstream that reports no usage.
    static func estimate(_ call: EmbeddingCall) -> Usage {
        let texts = call.request.texts.reduce(0) { $0 + TokenCounter.count($1, with: call.model.tokenizer) }
        var usage = Usage(inputTokens: texts + call.request.tokenIDCount)
        usage.isEstimated = true
        return usage
    }
}
