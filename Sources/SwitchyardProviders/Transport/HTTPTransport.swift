import AsyncHTTPClient
import NIOCore
import SwitchyardModel

/// The pooled HTTP client shared by every HTTP provider.
public final class HTTPTransport: Sendable {
    public let client: HTTPClient

    /// A transport with up to `maxConnectionsPerHost` pooled connections per upstream.
    ///
    /// - Parameters:
    ///   - connectTimeout: to open a connection.
    ///   - readTimeout: the longest silence from an upstream once a request is sent, for one-off
    ///     clients. The gateway passes none: AsyncHTTPClient's clock keeps running while a slow
    ///     client holds a stream back, so it would cut off streams the client is only slow to read.
    ///     The gateway bounds the head, a stream's first event and a whole body by its own deadlines.
    public init(connectTimeout: Duration, readTimeout: Duration? = nil, maxConnectionsPerHost: Int = 256) {
        var configuration = HTTPClient.Configuration()
        configuration.timeout = .init(connect: TimeAmount(connectTimeout), read: readTimeout.map { TimeAmount($0) })
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: maxConnectionsPerHost)
        configuration.redirectConfiguration = .disallow
        configuration.decompression = .disabled
        configuration.httpVersion = .http1Only
        // The gateway traces each upstream attempt itself; the client's own spans would only duplicate them.
        configuration.tracing.tracer = nil
        client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }

    /// POSTs a JSON `body` and returns the response once its head arrived (within `headDeadline`)
    /// with a 2xx status. Transport failures and error statuses become `GatewayError`s naming
    /// `provider`; `special` may claim a status first (e.g. Anthropic's 529).
    func postJSON(
        _ url: String, body: ByteBuffer, headers extra: [(String, String)], accept: String?, call: (requestID: String, traceparent: String?),
        headDeadline: Duration, provider: String, special: (Int) -> GatewayError? = { _ in nil }
    ) async throws -> HTTPClientResponse {
        var upstream = HTTPClientRequest(url: url)
        upstream.method = .POST
        upstream.headers.add(name: "content-type", value: "application/json")
        if let accept { upstream.headers.add(name: "accept", value: accept) }
        upstream.headers.add(name: "x-request-id", value: call.requestID)
        for (name, value) in extra { upstream.headers.add(name: name, value: value) }
        if let traceparent = call.traceparent { upstream.headers.add(name: "traceparent", value: traceparent) }
        upstream.body = .bytes(body)
        let response: HTTPClientResponse
        do {
            response = try await client.execute(upstream, deadline: .now() + TimeAmount(headDeadline))
        } catch {
            throw GatewayError.transport(error, provider: provider)
        }
        guard (200..<300).contains(response.status.code) else {
            let errorBody = (try? await response.wholeBody(upTo: 64 << 10, within: headDeadline, provider: provider)) ?? ByteBuffer()
            if let error = special(Int(response.status.code)) { throw error }
            throw UpstreamErrorMapper.map(status: Int(response.status.code), body: errorBody, headers: response.headers, provider: provider)
        }
        return response
    }

    /// Closes all pooled connections.
    public func shutdown() async throws {
        try await client.shutdown()
    }
}

extension GatewayError {
    /// Maps a transport failure to the client-facing error, naming the provider but not its address.
    ///
    /// After the response head arrived, a broken connection is a bad response (502), not an unreachable upstream.
    public static func transport(_ error: any Error, provider: String, afterResponseHead: Bool = false) -> GatewayError {
        if let gatewayError = error as? GatewayError { return gatewayError }
        if let channelError = error as? ChannelError, case .connectTimeout = channelError {
            return GatewayError(.upstreamTimeout, "Timed out connecting to provider '\(provider)'.")
        }
        if let httpError = error as? HTTPClientError {
            switch httpError {
            case .connectTimeout:
                return GatewayError(.upstreamTimeout, "Timed out connecting to provider '\(provider)'.")
            case .deadlineExceeded, .readTimeout:
                return GatewayError(.upstreamTimeout, "Provider '\(provider)' did not answer in time.")
            case .remoteConnectionClosed:
                return GatewayError(.upstreamBadResponse, "Provider '\(provider)' closed the connection before the response was complete.")
            default:
                break
            }
        }
        if error is CancellationError {
            return GatewayError(.clientClosed, "The request was cancelled.")
        }
        if afterResponseHead {
            return GatewayError(.upstreamBadResponse, "Provider '\(provider)' broke off the response before it was complete.")
        }
        return GatewayError(.upstreamUnavailable, "Could not reach provider '\(provider)'.")
    }
}

extension HTTPClientResponse {
    /// Throws 502 unless the response is an event stream.
    func requireEventStream(provider: String) throws {
        guard (headers.first(name: "content-type") ?? "").hasPrefix("text/event-stream") else {
            throw GatewayError(.upstreamBadResponse, "Provider '\(provider)' answered a stream request without an event stream.")
        }
    }

    /// A whole (non-streamed) upstream body: 502 when it exceeds `limit` bytes or the connection
    /// breaks after the response head, 504 when it has not ended `within` the time given.
    func wholeBody(upTo limit: Int, within time: Duration, provider: String) async throws -> ByteBuffer {
        let body = self.body
        do {
            return try await withTimeout(time, error: GatewayError(.upstreamTimeout, "Provider '\(provider)' did not finish its response in time.")) {
                try await body.collect(upTo: limit)
            }
        } catch let error as GatewayError {
            throw error
        } catch is NIOTooManyBytesError {
            throw GatewayError(.upstreamBadResponse, "Provider '\(provider)' sent a response larger than \(limit) bytes.")
        } catch {
            throw GatewayError.transport(error, provider: provider, afterResponseHead: true)
        }
    }
}
