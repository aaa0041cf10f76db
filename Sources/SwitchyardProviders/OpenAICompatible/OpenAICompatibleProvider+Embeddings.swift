import AsyncHTTPClient
import NIOCore
import SwitchyardCatalog
import SwitchyardDialects
import SwitchyardModel

extension OpenAICompatibleProvider: EmbeddingProvider {
    /// `POST {base}/embeddings`: the client's body with the upstream's model name, the answer's
    /// bytes with the client's; usage read in place, counted by the gateway when the upstream omits it.
    public func embed(_ call: EmbeddingCall) async throws -> EmbeddingResult {
        let deadline = ContinuousClock.now + call.timeout
        let response = try await transport.postJSON(
            baseURL + "/embeddings", body: Self.replacingModel(in: call.request.original, with: call.model.upstreamName),
            headers: authorization.map { [("authorization", $0)] } ?? [], accept: nil,
            call: (call.requestID, call.traceparent), headDeadline: call.timeout, provider: name
        )
        let body = try await response.wholeBody(upTo: maxResponseBytes, within: deadline - .now, provider: name)
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
