import NIOCore
import NIOHTTP1
import NIOHTTPTypesHTTP1

/// How many responses the router owes on a connection; touched only on its event loop.
final class RouterDebt: @unchecked Sendable {
    var owed = 0
}

/// Counts the router's responses down as their ends are written (it sits where those are still
/// typed parts, right before the conversion to HTTP types).
final class RouterResponseWatch: ChannelOutboundHandler, RemovableChannelHandler, @unchecked Sendable {
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart
    let debt: RouterDebt

    init(debt: RouterDebt) { self.debt = debt }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) { debt.owed = max(0, debt.owed - 1) }
        context.write(data, promise: promise)
    }
}

/// Given to Hummingbird as an extra channel handler (those go after the conversion to HTTP
/// types), it puts a `FastLaneHandler` first in the pipeline, so the fast lane reads the
/// client's bytes before the HTTP/1 decoder and never pays for decoding or converting its own
/// requests, and a `RouterResponseWatch` right before the conversion. It leaves the pipeline when
/// the connection becomes active, before any request is read.
final class FastLaneInstaller: ChannelInboundHandler, RemovableChannelHandler, Sendable {
    typealias InboundIn = NIOAny
    let settings: FastLaneSettings

    init(settings: FastLaneSettings) { self.settings = settings }

    func handlerAdded(context: ChannelHandlerContext) {
        let pipeline = context.pipeline.syncOperations
        guard let codec = try? pipeline.handler(type: HTTP1ToHTTPServerCodec.self) else { return }
        let debt = RouterDebt()
        try? pipeline.addHandler(RouterResponseWatch(debt: debt), position: .before(codec))
        try? pipeline.addHandler(FastLaneHandler(settings: settings, debt: debt), position: .first)
    }

    func channelActive(context: ChannelHandlerContext) {
        context.fireChannelActive()
        context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
    }
}
