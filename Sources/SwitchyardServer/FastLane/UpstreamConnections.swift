import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization
import SwitchyardProviders

/// Receives one upstream response, part by part, on the connection's event loop.
protocol UpstreamExchange: AnyObject {
    func upstreamHead(_ head: HTTPResponseHead)
    func upstreamBody(_ buffer: ByteBuffer)
    func upstreamEnd()
    /// The bytes of one read are all handed over (a stream flushes what they made, in one write).
    func upstreamReadDone()
    /// The connection failed or closed before the response ended.
    func upstreamFailed(_ error: any Error)
}

/// Keep-alive HTTP/1.1 connections to plain-HTTP upstreams, one pool per event loop, so a
/// fast-lane request and its upstream call share a thread and never hop.
final class UpstreamConnections: Sendable {
    private let pools = Mutex<[ObjectIdentifier: LoopPool]>([:])
    /// Idle connections kept per upstream and event loop.
    let maxIdle: Int

    init(maxIdle: Int = 64) { self.maxIdle = maxIdle }

    /// A new connection to `endpoint` on `eventLoop`, kept in `pool` when it goes idle. An idle
    /// one is taken straight from the pool (`LoopPool.takeIdle`), without a future.
    func connect(to endpoint: PlainHTTPEndpoint, on eventLoop: any EventLoop, pool: LoopPool, connectTimeout: TimeAmount) -> EventLoopFuture<UpstreamConnection> {
        let maxIdle = self.maxIdle
        return ClientBootstrap(group: eventLoop)
            .connectTimeout(connectTimeout)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(UpstreamConnection(endpoint: endpoint, pool: pool, maxIdle: maxIdle))
                }
            }
            .connect(host: endpoint.host, port: endpoint.port)
            .flatMapThrowing { channel in
                try channel.pipeline.syncOperations.handler(type: UpstreamConnection.self)
            }
    }

    /// The idle connections of `eventLoop` (a client connection's handler looks its loop's up once).
    func pool(for eventLoop: any EventLoop) -> LoopPool {
        let id = ObjectIdentifier(eventLoop)
        return pools.withLock { pools in
            if let pool = pools[id] { return pool }
            let pool = LoopPool()
            pools[id] = pool
            return pool
        }
    }
}

/// The idle connections of one event loop; touched only on that loop.
///
/// Each endpoint's connections are a class, read from the dictionary and changed in place: a
/// dictionary's in-place accessor allocates its frame for a key this large, on every request.
final class LoopPool: @unchecked Sendable {
    private final class Stack {
        var connections: [UpstreamConnection] = []
    }

    private var idle: [PlainHTTPEndpoint: Stack] = [:]

    func takeIdle(_ endpoint: PlainHTTPEndpoint) -> UpstreamConnection? {
        guard let stack = idle[endpoint] else { return nil }
        while let connection = stack.connections.popLast() {
            if connection.isUsable { return connection }
        }
        return nil
    }

    func putBack(_ connection: UpstreamConnection, maxIdle: Int) -> Bool {
        let stack: Stack
        if let existing = idle[connection.endpoint] {
            stack = existing
        } else {
            stack = Stack()
            idle[connection.endpoint] = stack
        }
        guard stack.connections.count < maxIdle else { return false }
        stack.connections.append(connection)
        return true
    }

    func remove(_ connection: UpstreamConnection) {
        idle[connection.endpoint]?.connections.removeAll { $0 === connection }
    }
}

/// One upstream connection: sends a request (as finished HTTP/1.1 bytes, see
/// `UpstreamRequestBytes`), hands the response to its exchange, then goes back to its pool when
/// both sides keep the connection alive. Confined to its channel's event loop.
/// Reading pauses while the exchange's client cannot take more (`pauseReading()`), so a slow
/// client holds back the upstream instead of the gateway buffering the stream for it.
final class UpstreamConnection: ChannelDuplexHandler, RemovableChannelHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = IOData
    typealias OutboundOut = IOData

    let endpoint: PlainHTTPEndpoint
    private let pool: LoopPool
    private let maxIdle: Int
    private var parser = UpstreamResponseParser()
    private var context: ChannelHandlerContext?
    private var exchange: (any UpstreamExchange)?
    private var paused = false
    /// A read the channel asked for while paused, issued on `resumeReading()`.
    private var readHeld = false

    init(endpoint: PlainHTTPEndpoint, pool: LoopPool, maxIdle: Int) {
        self.endpoint = endpoint
        self.pool = pool
        self.maxIdle = maxIdle
    }

    var isUsable: Bool { context?.channel.isActive ?? false }

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }

    /// Sends `request` (a whole POST, head and body); the response goes to `exchange`.
    func send(_ request: ByteBuffer, to exchange: any UpstreamExchange) {
        guard let context, context.channel.isActive else {
            exchange.upstreamFailed(ChannelError.ioOnClosedChannel)
            return
        }
        self.exchange = exchange
        resumeReading()
        parser.expectResponse()
        context.writeAndFlush(wrapOutboundOut(.byteBuffer(request)), promise: nil)
    }

    /// Stops reading the response until `resumeReading()`.
    func pauseReading() { paused = true }

    /// Reads again, issuing the read held while paused.
    func resumeReading() {
        paused = false
        if readHeld, let context {
            readHeld = false
            context.read()
        }
    }

    func read(context: ChannelHandlerContext) {
        if paused { readHeld = true } else { context.read() }
    }

    /// Drops the connection mid-exchange (the client left, or a deadline passed).
    func abandon() {
        exchange = nil
        context?.close(promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        parser.append(unwrapInboundIn(data))
        drain(context: context)
    }

    /// Hands every event the bytes read so far make to the exchange; malformed bytes fail it.
    private func drain(context: ChannelHandlerContext) {
        let current = exchange
        defer { current?.upstreamReadDone() }
        do {
            while let event = try parser.next() {
                switch event {
                case .head(let head):
                    exchange?.upstreamHead(head)
                case .body(let buffer):
                    exchange?.upstreamBody(buffer)
                case .end:
                    let finished = exchange
                    exchange = nil
                    // An idle connection reads again, so it notices the upstream closing it.
                    resumeReading()
                    if !(parser.keepAlive && pool.putBack(self, maxIdle: maxIdle)) { context.close(promise: nil) }
                    finished?.upstreamEnd()
                }
            }
        } catch {
            fail(error)
            context.close(promise: nil)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(error)
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        pool.remove(self)
        // A body that runs to the close has ended.
        if parser.closed() { drain(context: context) }
        fail(ChannelError.eof)
        context.fireChannelInactive()
    }

    private func fail(_ error: any Error) {
        let failed = exchange
        exchange = nil
        failed?.upstreamFailed(error)
    }
}
