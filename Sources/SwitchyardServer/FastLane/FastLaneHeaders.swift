import HTTPTypes
import NIOHTTP1

/// The header values the fast lane reads, taken in one pass over a request head as the HTTP/1
/// decoder gives it (before any conversion to `HTTPFields`).
struct FastLaneHeaders: Equatable {
    var bearerToken: String?
    var requestID: String?
    var traceparent: String?
    /// The connection ends after the response (`Connection: close`, or HTTP/1.0 without keep-alive).
    var closes = false

    /// The values of a chat completion the fast lane may take: POST to the path, with a bearer
    /// key and a body announced within the limit, and no `Expect`, no gateway override headers
    /// and no repeated field it reads. Nil for every other request.
    static func candidate(_ head: HTTPRequestHead, bodyLimit: Int) -> FastLaneHeaders? {
        guard head.method == .POST, head.uri == "/v1/chat/completions" else { return nil }
        var headers = FastLaneHeaders(closes: !head.isKeepAlive)
        var authorized = false
        for (name, value) in head.headers {
            switch Field(name) {
            case .authorization:
                guard !authorized else { return nil }
                authorized = true
                headers.bearerToken = HTTPFields.bearerToken(in: value)
            case .requestID:
                guard headers.requestID == nil else { return nil }
                headers.requestID = value
            case .traceparent:
                guard headers.traceparent == nil else { return nil }
                headers.traceparent = value
            case .routerOnly: return nil
            case .contentLength: if let length = Int(value), length > bodyLimit { return nil }
            case nil: break
            }
        }
        return authorized ? headers : nil
    }

    /// The fields the fast lane looks at, by name in any case.
    private enum Field {
        case authorization, requestID, traceparent, contentLength, routerOnly

        init?(_ name: String) {
            switch name.utf8.count {
            case 13 where Self.equal(name, "authorization"): self = .authorization
            case 12 where Self.equal(name, "x-request-id"): self = .requestID
            case 11 where Self.equal(name, "traceparent"): self = .traceparent
            case 14 where Self.equal(name, "content-length"): self = .contentLength
            case 6 where Self.equal(name, "expect"), 24 where Self.equal(name, "x-switchyard-force-model"),
                 21 where Self.equal(name, "x-switchyard-max-cost"):
                self = .routerOnly
            default: return nil
            }
        }

        /// ASCII case-insensitive equality with a lowercase name.
        private static func equal(_ name: String, _ lowercase: StaticString) -> Bool {
            lowercase.withUTF8Buffer { expected in
                zip(name.utf8, expected).allSatisfy { byte, want in
                    (byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte) == want
                }
            }
        }
    }
}
