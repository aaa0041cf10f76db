import HTTPTypes

/// The header values the fast lane reads, taken in one pass over a request's fields.
/// A lookup by name would build `HTTPFields`' index, which costs more than the pass itself.
struct FastLaneHeaders: Equatable {
    var bearerToken: String?
    var requestID: String?
    var traceparent: String?
    /// `Connection: close`: the connection ends after the response.
    var closes = false

    /// The values of a chat completion the fast lane may take: POST to the path, with a bearer
    /// key and a body announced within the limit, and no `Expect`, no gateway override headers
    /// and no repeated field it reads. Nil for every other request.
    static func candidate(_ head: HTTPRequest, bodyLimit: Int) -> FastLaneHeaders? {
        guard head.method == .post, head.path == "/v1/chat/completions" else { return nil }
        var headers = FastLaneHeaders()
        var authorized = false
        for field in head.headerFields {
            switch field.name {
            case .authorization:
                guard !authorized else { return nil }
                authorized = true
                headers.bearerToken = HTTPFields.bearerToken(in: field.value)
            case .requestID:
                guard headers.requestID == nil else { return nil }
                headers.requestID = field.value
            case .traceparent:
                guard headers.traceparent == nil else { return nil }
                headers.traceparent = field.value
            case .connection:
                if field.value.lowercased() == "close" { headers.closes = true }
            case .expect, .switchyardForceModel, .switchyardMaxCost: return nil
            case .contentLength: if let length = Int(field.value), length > bodyLimit { return nil }
            default: break
            }
        }
        return authorized ? headers : nil
    }
}
