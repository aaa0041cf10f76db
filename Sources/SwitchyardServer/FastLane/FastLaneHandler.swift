import HTTPTypes
import Logging
import NIOCore
import NIOHTTP1
import NIOHTTPTypesHTTP1
import Synchronization
import SwitchyardGateway
import SwitchyardModel

/// What every connection's fast lane shares.
struct FastLaneSettings: Sendable {
    let service: ChatService
    let upstreams: UpstreamConnections
    let bodyLimit: Int
    let logger: Logger?
    /// `switchyard_fast_lane_requests_total` by outcome.
    let served: FastLaneCounter
    let handedOver: FastLaneCounter
    let retried: FastLaneCounter

    init(service: ChatService, upstreams: UpstreamConnections, bodyLimit: Int, logger: Logger?) {
        self.service = service
        self.upstreams = upstreams
        self.bodyLimit = bodyLimit
        self.logger = logger
        served = service.metrics.fastLaneCounter("served")
        handedOver = service.metrics.fastLaneCounter("handed_over")
        retried = service.metrics.fastLaneCounter("retried")
    }
}

/// Arrival times of requests the fast lane handed to the router after a failed attempt, per
/// channel, so the full path's deadline counts from the real arrival.
enum FastLaneHandoff {
    /// When the request arrived, and the attempt the fast lane made.
    struct Record: Sendable {
        var receivedAt: ContinuousClock.Instant
        var attempt: PriorAttempt
    }

    private static let pending = Mutex<[ObjectIdentifier: Record]>([:])

    static func put(_ record: Record, for channel: any Channel) {
        pending.withLock { $0[ObjectIdentifier(channel)] = record }
    }

    static func take(for channel: any Channel) -> Record? {
        pending.withLock { $0.removeValue(forKey: ObjectIdentifier(channel)) }
    }
}

/// Sits in each connection's pipeline right after the HTTP/1 codec, before the conversion to
/// HTTP types and Hummingbird's request handling (`FastLaneInstaller` puts it there). Chat
/// completions it can serve (see `ChatService.fastLane`) are answered here, on the connection's
/// event loop with an upstream connection of the same loop; every other request passes through
/// untouched, in order: while the router owes a response, nothing is taken; while the fast lane
/// serves, later pipelined requests wait.
final class FastLaneHandler: ChannelDuplexHandler, RemovableChannelHandler, @unchecked Sendable {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private enum State {
        case idle
        case collecting(HTTPRequestHead, FastLaneHeaders, ByteBuffer)
        case passing
        case serving(FastLaneExchange)
    }

    let settings: FastLaneSettings
    private var state = State.idle
    /// Requests given to the router whose response has not ended.
    private var routerOwes = 0
    private var queued: [HTTPServerRequestPart] = []
    private var receivedAt = ContinuousClock.now
    /// The context of the `SocketEnd` this handler put first in the pipeline.
    private var wire: ChannelHandlerContext?

    init(settings: FastLaneSettings) { self.settings = settings }

    func handlerAdded(context: ChannelHandlerContext) {
        let end = SocketEnd()
        let pipeline = context.pipeline.syncOperations
        wire = (try? pipeline.addHandler(end, position: .first)).flatMap { try? pipeline.context(handler: end) }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        handle(unwrapInboundIn(data), context: context)
    }

    private func handle(_ part: HTTPServerRequestPart, context: ChannelHandlerContext) {
        switch (state, part) {
        case (.serving, _):
            queued.append(part)
        case (.idle, .head(let head)):
            if routerOwes == 0, let headers = FastLaneHeaders.candidate(head, bodyLimit: settings.bodyLimit) {
                receivedAt = .now
                state = .collecting(head, headers, context.channel.allocator.buffer(capacity: 0))
            } else {
                pass(part, context: context)
            }
        case (.collecting(let head, let headers, var body), .body(var chunk)):
            state = .idle
            if body.readableBytes + chunk.readableBytes > settings.bodyLimit {
                // Too large for the fast lane's buffer: the router gives the 413.
                pass(.head(head), context: context)
                pass(.body(body), context: context)
                pass(.body(chunk), context: context)
            } else {
                body.writeBuffer(&chunk)
                state = .collecting(head, headers, body)
            }
        case (.collecting(let head, let headers, let body), .end):
            state = .idle
            serve(head, headers: headers, body: body, context: context)
        case (.passing, .end):
            state = .idle
            context.fireChannelRead(wrapInboundOut(part))
        default:
            pass(part, context: context)
        }
    }

    /// Gives a part to the router.
    private func pass(_ part: HTTPServerRequestPart, context: ChannelHandlerContext) {
        if case .head = part {
            routerOwes += 1
            state = .passing
        }
        context.fireChannelRead(wrapInboundOut(part))
    }

    private func serve(_ head: HTTPRequestHead, headers: FastLaneHeaders, body: ByteBuffer, context: ChannelHandlerContext) {
        let requestID = GatewayMiddleware.acceptedID(headers.requestID) ?? RequestIDGenerator.next()
        let trace = TraceContext(traceparent: headers.traceparent) ?? .start()
        let callContext = CallContext(
            requestID: requestID, presentedKey: headers.bearerToken, traceparent: trace.header, receivedAt: receivedAt
        )
        guard let wire, let call = settings.service.fastLane(body, context: callContext) else {
            settings.handedOver.increment()
            handOver(head, body: body, requestID: requestID, context: context)
            return
        }
        settings.served.increment()
        let exchange = FastLaneExchange(call: call, head: head, closes: headers.closes, body: body, traceID: trace.traceID, handler: self, context: context, wire: wire)
        state = .serving(exchange)
        exchange.start()
    }

    /// Gives the whole request to the router (with the id the fast lane chose, so every row and
    /// line of the request shares it).
    func handOver(_ head: HTTPRequestHead, body: ByteBuffer, requestID: String, context: ChannelHandlerContext, after attempt: PriorAttempt? = nil) {
        var head = head
        head.headers.replaceOrAdd(name: "x-request-id", value: requestID)
        if let attempt {
            settings.retried.increment()
            FastLaneHandoff.put(.init(receivedAt: receivedAt, attempt: attempt), for: context.channel)
        }
        pass(.head(head), context: context)
        context.fireChannelRead(wrapInboundOut(.body(body)))
        state = .idle
        context.fireChannelRead(wrapInboundOut(.end(nil)))
        // Hummingbird's channel hands reads on at read-complete; this one came from no socket read.
        context.fireChannelReadComplete()
        replayQueued(context: context)
    }

    /// The fast lane finished its response and settled it; requests that waited are handled now,
    /// or the connection closes when the client asked for that (only after settling, so the close
    /// is not taken for the client leaving mid-response).
    func exchangeFinished(context: ChannelHandlerContext, closing: Bool) {
        state = .idle
        if closing {
            queued = []
            context.close(promise: nil)
        } else {
            replayQueued(context: context)
        }
    }

    private func replayQueued(context: ChannelHandlerContext) {
        guard !queued.isEmpty else { return }
        while !queued.isEmpty {
            if case .serving = state { break }
            handle(queued.removeFirst(), context: context)
        }
        context.fireChannelReadComplete()
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) {
            routerOwes = max(0, routerOwes - 1)
        }
        context.write(data, promise: promise)
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable, case .serving(let exchange) = state { exchange.clientWritable() }
        context.fireChannelWritabilityChanged()
    }

    func channelInactive(context: ChannelHandlerContext) {
        if case .serving(let exchange) = state { exchange.clientLeft() }
        state = .idle
        queued = []
        context.fireChannelInactive()
    }
}

/// Given to Hummingbird as an extra channel handler (those go after the conversion to HTTP
/// types), it puts a `FastLaneHandler` right before that conversion, so the fast lane reads the
/// HTTP/1 decoder's parts and never pays for converting its own requests. It leaves the pipeline
/// when the connection becomes active, before any request is read.
final class FastLaneInstaller: ChannelInboundHandler, RemovableChannelHandler, Sendable {
    typealias InboundIn = NIOAny
    let settings: FastLaneSettings

    init(settings: FastLaneSettings) { self.settings = settings }

    func handlerAdded(context: ChannelHandlerContext) {
        let pipeline = context.pipeline.syncOperations
        guard let codec = try? pipeline.handler(type: HTTP1ToHTTPServerCodec.self) else { return }
        try? pipeline.addHandler(FastLaneHandler(settings: settings), position: .before(codec))
    }

    func channelActive(context: ChannelHandlerContext) {
        context.fireChannelActive()
        context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
    }
}
