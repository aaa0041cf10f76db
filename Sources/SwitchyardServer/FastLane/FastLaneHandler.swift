import HTTPTypes
import Logging
import NIOCore
import NIOHTTP1
import NIOHTTPTypesHTTP1
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

/// Sits first in each connection's pipeline and reads the client's bytes before the HTTP/1
/// decoder does. Each request's head is scanned here (`ClientRequestHead`); a chat completion
/// the fast lane can serve (see `ChatService.fastLane`) is answered here, on the connection's
/// event loop with an upstream connection of the same loop, and never reaches the decoder. Every
/// other request goes on to the decoder as its exact bytes, in order: while the router owes a
/// response, nothing is taken; while the fast lane serves, later pipelined requests wait. A
/// request whose end cannot be told from its head (a transfer coding, a malformed head) hands the
/// rest of the connection to the decoder, which reads it as it always would.
final class FastLaneHandler: ChannelInboundHandler, RemovableChannelHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    /// The largest head scanned here; a longer one goes to the decoder (which limits heads too).
    static let maxHeadBytes = 64 << 10

    let settings: FastLaneSettings
    /// Responses the router owes (`RouterResponseWatch` counts them down).
    let debt: RouterDebt
    /// Bytes read and not yet taken or passed on.
    private var unread: ByteBuffer?
    private var serving: FastLaneExchange? {
        didSet { if serving == nil { deadlines.exchange = nil } }
    }
    /// The deadline timer of the exchange being served.
    let deadlines = ExchangeDeadlines()
    /// The idle upstream connections of this connection's event loop, once looked up.
    private var pool: LoopPool?
    /// The decoder reads everything from here on.
    private var passthrough = false
    /// Body bytes of a request given to the router that are still to come.
    private var forwarding = 0
    private var processing = false
    /// Bytes went on to the decoder since its last read-complete.
    private var passedOn = false
    /// The connection is closing after a response: nothing more is read.
    private var closing = false
    private var receivedAt = ContinuousClock.now

    init(settings: FastLaneSettings, debt: RouterDebt) {
        self.settings = settings
        self.debt = debt
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let bytes = unwrapInboundIn(data)
        if closing { return }
        if passthrough, unread == nil {
            passedOn = true
            return context.fireChannelRead(data)
        }
        if var pending = unread, pending.readableBytes > 0 {
            pending.writeImmutableBuffer(bytes)
            unread = pending
        } else {
            if serving == nil, forwarding == 0 { receivedAt = .now }
            unread = bytes
        }
        process(context: context)
    }

    /// Takes or passes on every whole request in `unread`, in order, until one is being served.
    private func process(context: ChannelHandlerContext) {
        guard !processing else { return }
        processing = true
        defer { processing = false }
        while serving == nil, !closing, var buffer = unread, buffer.readableBytes > 0 {
            unread = nil
            defer { if buffer.readableBytes > 0 { unread = buffer } }
            if passthrough {
                passOn(buffer.readSlice(length: buffer.readableBytes)!, context: context)
                continue
            }
            if forwarding > 0 {
                let count = min(forwarding, buffer.readableBytes)
                forwarding -= count
                passOn(buffer.readSlice(length: count)!, context: context)
                continue
            }
            guard let headLength = HTTP1Bytes.headLength(buffer) else {
                if buffer.readableBytes > Self.maxHeadBytes { passthrough = true }
                if passthrough { continue } else { return }
            }
            let bodyLimit = settings.bodyLimit
            guard let head = buffer.withUnsafeReadableBytes({ ClientRequestHead.scan(UnsafeRawBufferPointer(rebasing: $0[..<headLength]), length: headLength, bodyLimit: bodyLimit) }) else {
                passthrough = true
                continue
            }
            let total = headLength + head.contentLength
            if let headers = head.candidate, debt.owed == 0 {
                // The whole request (within the body limit) is needed before it is served.
                guard buffer.readableBytes >= total else { return }
                serve(ClientRequest(bytes: buffer.readSlice(length: total)!, head: head), headers: headers, context: context)
            } else {
                debt.owed += 1
                let count = min(total, buffer.readableBytes)
                forwarding = total - count
                passOn(buffer.readSlice(length: count)!, context: context)
            }
        }
    }

    private func serve(_ request: ClientRequest, headers: FastLaneHeaders, context: ChannelHandlerContext) {
        let requestID = headers.requestID ?? RequestIDGenerator.next()
        let trace = TraceContext(traceparent: headers.traceparent) ?? .start()
        let callContext = CallContext(requestID: requestID, presentedKey: headers.bearerToken, trace: trace, receivedAt: receivedAt)
        guard let call = settings.service.fastLane(request.body, context: callContext) else {
            settings.handedOver.increment()
            handOver(request, requestID: requestID, context: context)
            return
        }
        settings.served.increment()
        let exchange = FastLaneExchange(call: call, request: request, closes: headers.closes, traceID: trace.traceID, handler: self, context: context)
        serving = exchange
        exchange.start()
    }

    /// Gives the whole request to the router (with the id the fast lane chose, so every row and
    /// line of the request shares it), then goes on with any request that waited.
    func handOver(
        _ request: ClientRequest, requestID: String, context: ChannelHandlerContext, after attempt: PriorAttempt? = nil, traceparent: String? = nil
    ) {
        if let attempt {
            settings.retried.increment()
            FastLaneHandoff.put(.init(receivedAt: receivedAt, attempt: attempt, traceparent: traceparent), for: context.channel)
        }
        serving = nil
        debt.owed += 1
        passOn(request.withRequestID(requestID), context: context)
        process(context: context)
        // Hummingbird's channel hands reads on at read-complete; these came from no socket read.
        completePassedOnReads(context: context)
    }

    /// The upstream pool of `eventLoop`, this connection's (looked up under a lock once, not per request).
    func upstreamPool(on eventLoop: any EventLoop) -> LoopPool {
        if let pool { return pool }
        let found = settings.upstreams.pool(for: eventLoop)
        pool = found
        return found
    }

    /// Bytes for the decoder.
    private func passOn(_ bytes: ByteBuffer, context: ChannelHandlerContext) {
        passedOn = true
        context.fireChannelRead(wrapInboundOut(bytes))
    }

    /// The handlers behind this one hear of a completed read only when it gave them bytes: a read
    /// the fast lane took whole is none of theirs (passing it through Hummingbird's channel
    /// handlers cost ~1.5 % of the event loop per request).
    private func completePassedOnReads(context: ChannelHandlerContext) {
        guard passedOn else { return }
        passedOn = false
        context.fireChannelReadComplete()
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        completePassedOnReads(context: context)
    }

    /// The fast lane finished its response and settled it; requests that waited are handled now,
    /// or the connection closes when the client asked for that (only after settling, so the close
    /// is not taken for the client leaving mid-response).
    func exchangeFinished(context: ChannelHandlerContext, closing: Bool) {
        serving = nil
        if closing {
            self.closing = true
            unread = nil
            context.close(promise: nil)
        } else if unread != nil {
            receivedAt = .now
            process(context: context)
            completePassedOnReads(context: context)
        }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable { serving?.clientWritable() }
        context.fireChannelWritabilityChanged()
    }

    func channelInactive(context: ChannelHandlerContext) {
        serving?.clientLeft()
        serving = nil
        deadlines.stop()
        unread = nil
        context.fireChannelInactive()
    }
}
