import NIOCore
import Synchronization

/// Notices a client closing its side of the connection while a request is in flight.
///
/// Hummingbird does not cancel a handler when its client leaves; this handler sits in each
/// connection's pipeline and completes a per-connection future on end of input or inactivity,
/// which `cancellingOnDisconnect` watches.
final class ClientDisconnectObserver: ChannelInboundHandler, RemovableChannelHandler, Sendable {
    typealias InboundIn = NIOAny

    private static let open = Mutex<[ObjectIdentifier: EventLoopPromise<Void>]>([:])

    /// The future that completes when `channel`'s client leaves, if the channel is observed.
    static func closed(for channel: any Channel) -> EventLoopFuture<Void>? {
        open.withLock { $0[ObjectIdentifier(channel)]?.futureResult }
    }

    func handlerAdded(context: ChannelHandlerContext) {
        let promise = context.eventLoop.makePromise(of: Void.self)
        Self.open.withLock { $0[ObjectIdentifier(context.channel)] = promise }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        finish(context.channel)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        context.fireChannelRead(data)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case ChannelEvent.inputClosed = event { finish(context.channel) }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        finish(context.channel)
        context.fireChannelInactive()
    }

    private func finish(_ channel: any Channel) {
        let promise = Self.open.withLock { $0.removeValue(forKey: ObjectIdentifier(channel)) }
        promise?.succeed()
    }
}
