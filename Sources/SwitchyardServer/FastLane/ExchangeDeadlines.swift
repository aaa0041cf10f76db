import NIOCore

/// The deadline timer of one client connection's fast lane. An exchange names the instant its
/// next deadline falls due (`watch`); the timer is moved only when that instant is earlier than
/// the one it is set for, and it is never cancelled when an exchange ends. When it fires, the
/// exchange being served checks its own deadlines (`FastLaneExchange.checkDeadlines`) and says
/// when to look again. Keep-alive requests one after another so cost no timer work each: the
/// timer set for the first fires once, early, and is set again for the exchange served then.
/// Lives on the connection's event loop, like its handler.
final class ExchangeDeadlines: NIOScheduledCallbackHandler, @unchecked Sendable {
    private var timer: NIOScheduledCallback?
    /// When the pending timer fires.
    private var firesAt: ContinuousClock.Instant?
    /// The exchange whose deadlines are watched; cleared when it ends.
    var exchange: FastLaneExchange?

    /// Watches `exchange`, which wants to be asked at `instant`.
    func watch(_ exchange: FastLaneExchange, until instant: ContinuousClock.Instant, on eventLoop: any EventLoop) {
        self.exchange = exchange
        arm(at: instant, on: eventLoop)
    }

    private func arm(at instant: ContinuousClock.Instant, on eventLoop: some EventLoop) {
        if let firesAt, firesAt <= instant { return }
        timer?.cancel()
        firesAt = instant
        timer = try? eventLoop.assumeIsolatedUnsafeUnchecked().scheduleCallback(in: TimeAmount(max(.zero, instant - .now)), handler: self)
    }

    func handleScheduledCallback(eventLoop: some EventLoop) {
        timer = nil
        firesAt = nil
        guard let exchange, let next = exchange.checkDeadlines(at: .now) else { return }
        arm(at: next, on: eventLoop)
    }

    /// The connection closed: the timer goes, and with it the reference it holds to this object.
    func stop() {
        timer?.cancel()
        timer = nil
        firesAt = nil
        exchange = nil
    }
}
