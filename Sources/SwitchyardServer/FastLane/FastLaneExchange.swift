import HTTPTypes
import NIOCore
import NIOHTTP1
import SwitchyardDialects
import SwitchyardGateway
import SwitchyardModel
import SwitchyardProviders

/// One fast-lane request: its upstream call and its answer to the client. Runs entirely on the
/// client connection's event loop (callbacks, timers and writes), so it needs no locks.
final class FastLaneExchange: UpstreamExchange, @unchecked Sendable {
    let call: FastLaneCall
    /// The client's request as it came, kept for a hand-over.
    let request: ClientRequest
    /// Whether the client asked to close the connection after the response.
    let closes: Bool
    let traceID: String
    let handler: FastLaneHandler
    let context: ChannelHandlerContext
    var connection: UpstreamConnection?
    private var reused = false
    private var retriedStale = false
    /// When the first byte is due, while that check is pending (then the total deadline is).
    private var firstByteDue: ContinuousClock.Instant?
    var sentAt = ContinuousClock.now
    var upstreamHead: HTTPResponseHead?
    var upstreamBody = ByteBuffer()
    /// Whether any byte of the response went to the client (then nothing can be handed over).
    var answered = false
    var done = false
    /// What served the request, once its response headers are made (for the log line).
    var served = ServedLabels()
    // Streams.
    var parser = SSEParser()
    var payloads: [ByteBuffer] = []
    var stream: StreamState?
    /// Stream bytes written and not yet flushed (see `upstreamReadDone`).
    var unflushed = false

    /// The fast lane's context, first in the pipeline: the response goes out from it as finished bytes (`HTTP1Wire`).
    var wire: ChannelHandlerContext { context }

    init(call: FastLaneCall, request: ClientRequest, closes: Bool, traceID: String, handler: FastLaneHandler, context: ChannelHandlerContext) {
        self.call = call
        self.request = request
        self.closes = closes
        self.traceID = traceID
        self.handler = handler
        self.context = context
    }

    func start() {
        let due = ContinuousClock.now + call.firstByteTimeout
        firstByteDue = due
        handler.deadlines.watch(self, until: min(due, call.deadline), on: context.eventLoop)
        connect()
    }

    /// Times out what is due at `now`: the first byte (the response head, and for a stream its
    /// first event too), then the total deadline. Returns when to be asked again, or nil.
    func checkDeadlines(at now: ContinuousClock.Instant) -> ContinuousClock.Instant? {
        guard !done else { return nil }
        if let due = firstByteDue {
            if now < min(due, call.deadline) { return min(due, call.deadline) }
            firstByteDue = nil
            if !answered, upstreamHead == nil || stream != nil, due <= call.deadline {
                timedOut(GatewayError(.upstreamTimeout, "Provider '\(call.provider)' did not answer in time."))
                return nil
            }
        }
        guard now >= call.deadline else { return call.deadline }
        timedOut(GatewayError(.upstreamTimeout, "Provider '\(call.provider)' did not finish within the total timeout."))
        return nil
    }

    private func connect() {
        let pool = handler.upstreamPool(on: context.eventLoop)
        if let idle = pool.takeIdle(call.endpoint) { return send(on: idle, reused: true) }
        let connectTimeout = TimeAmount(min(call.firstByteTimeout, .seconds(10)))
        handler.settings.upstreams.connect(to: call.endpoint, on: context.eventLoop, pool: pool, connectTimeout: connectTimeout).whenComplete { [self] result in
            switch result {
            case .success(let connection):
                send(on: connection, reused: false)
            case .failure(let error):
                guard !done else { return }
                failed(GatewayError.transport(error, provider: call.provider))
            }
        }
    }

    private func send(on connection: UpstreamConnection, reused: Bool) {
        guard !done else { return connection.abandon() }
        self.connection = connection
        self.reused = reused
        sentAt = .now
        connection.send(UpstreamRequestBytes.make(call, allocator: context.channel.allocator), to: self)
    }

    // MARK: upstream callbacks

    func upstreamHead(_ head: HTTPResponseHead) {
        guard !done else { return }
        upstreamHead = head
        let ok = (200..<300).contains(Int(head.status.code))
        if ok, call.stream, !(head.headers.first(name: "content-type") ?? "").hasPrefix("text/event-stream") {
            dropUpstream()
            return failed(GatewayError(.upstreamBadResponse, "Provider '\(call.provider)' answered a stream request without an event stream."))
        }
        if ok, call.stream { stream = StreamState(clientModel: call.clientModel) }
    }

    func upstreamBody(_ buffer: ByteBuffer) {
        guard !done, let head = upstreamHead else { return }
        var buffer = buffer
        if !(200..<300).contains(Int(head.status.code)) {
            if upstreamBody.readableBytes < 64 << 10 { upstreamBody.writeBuffer(&buffer) }
        } else if stream != nil {
            streamRead(buffer)
        } else if upstreamBody.readableBytes + buffer.readableBytes > call.maxResponseBytes {
            dropUpstream()
            failed(GatewayError(.upstreamBadResponse, "Provider '\(call.provider)' sent a response larger than \(call.maxResponseBytes) bytes."))
        } else if upstreamBody.readableBytes == 0 {
            // A body usually comes whole in one read: kept as that read's slice, not copied.
            upstreamBody = buffer
        } else {
            upstreamBody.writeBuffer(&buffer)
        }
    }

    func upstreamEnd() {
        // The connection went back to its pool (or was closed) before this call.
        connection = nil
        guard !done, let head = upstreamHead else { return }
        guard (200..<300).contains(Int(head.status.code)) else {
            return failed(UpstreamErrorMapper.map(status: Int(head.status.code), body: upstreamBody, headers: head.headers, provider: call.provider))
        }
        if stream != nil { streamEnded() } else { completeJSON() }
    }

    func upstreamFailed(_ error: any Error) {
        guard !done else { return }
        // A reused keep-alive connection the upstream had just closed: one fresh try.
        if reused, upstreamHead == nil, !retriedStale {
            retriedStale = true
            return connect()
        }
        let mapped = GatewayError.transport(error, provider: call.provider, afterResponseHead: upstreamHead != nil)
        if answered { streamFailed(mapped) } else { failed(mapped) }
    }

    private func timedOut(_ error: GatewayError) {
        guard !done else { return }
        dropUpstream()
        if answered { streamFailed(error) } else { failed(error) }
    }

    /// Closes the upstream connection of an exchange that will not read the rest of its response.
    func dropUpstream() {
        connection?.abandon()
        connection = nil
    }

    /// The client closed its connection: the upstream call is dropped and the attempt settled.
    func clientLeft() {
        guard !done else { return }
        dropUpstream()
        finish(usage: stream?.usageSoFar(self) ?? Usage(), error: GatewayError(.clientClosed, "The client closed the connection."))
    }

    /// Ends the exchange: the attempt settled, the handler free for the next request (the
    /// connection's deadline timer stays; it finds the exchange done if it fires).
    func finish(usage: Usage, error: GatewayError?) {
        guard !done else { return }
        done = true
        handler.settings.service.fastLaneSettle(call, usage: usage, error: error, ttft: stream?.ttft ?? (upstreamHead != nil ? sentAt.duration(to: .now) : nil), upstreamTime: sentAt.duration(to: .now))
    }
}
