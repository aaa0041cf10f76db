import SwitchyardCatalog
import SwitchyardModel

/// A backend that answers chat requests. Implementations throw `GatewayError` only.
public protocol ChatProvider: Sendable {
    /// The provider's name in the configuration.
    var name: String { get }
    /// A whole response, within the call's total timeout.
    func complete(_ call: UpstreamCall) async throws -> ChatCompletion
    /// A streamed response; returns once the upstream has sent its first event.
    func stream(_ call: UpstreamCall) async throws -> ChatStream
}

/// One attempt against one model of one provider.
public struct UpstreamCall: Sendable {
    public var request: ChatRequest
    public var model: CatalogModel
    /// The id the client sees in responses.
    public var clientModel: String
    public var requestID: String
    /// Time allowed until the upstream's first byte (response head, and first event of a stream).
    public var firstByteTimeout: Duration
    /// Time allowed for a whole non-streamed answer; streams are bounded by the caller.
    public var totalTimeout: Duration
    /// W3C trace context to forward, if any.
    public var traceparent: String?

    public init(
        request: ChatRequest, model: CatalogModel, clientModel: String, requestID: String,
        firstByteTimeout: Duration, totalTimeout: Duration, traceparent: String? = nil
    ) {
        self.request = request
        self.model = model
        self.clientModel = clientModel
        self.requestID = requestID
        self.firstByteTimeout = firstByteTimeout
        self.totalTimeout = totalTimeout
        self.traceparent = traceparent
    }
}
