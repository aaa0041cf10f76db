import SwitchyardCatalog
import SwitchyardModel

/// A backend that also serves embeddings; a capability apart from `ChatProvider`.
public protocol EmbeddingProvider: ChatProvider {
    /// Embeddings for the call's inputs, within its total timeout. Throws `GatewayError` only.
    func embed(_ call: EmbeddingCall) async throws -> EmbeddingResult
}

/// One embeddings attempt against one model of one provider.
public struct EmbeddingCall: Sendable {
    public var request: EmbeddingRequest
    public var model: CatalogModel
    /// The id the client sees in the response.
    public var clientModel: String
    public var requestID: String
    public var timeout: Duration
    public var traceparent: String?

    public init(request: EmbeddingRequest, model: CatalogModel, clientModel: String, requestID: String, timeout: Duration, traceparent: String? = nil) {
        self.request = request
        self.model = model
        self.clientModel = clientModel
        self.requestID = requestID
        self.timeout = timeout
        self.traceparent = traceparent
    }
}
