import Hummingbird
import NIOCore
import SwitchyardDialects
import SwitchyardGateway
import SwitchyardModel

/// Streams a metered stream to the client as Anthropic server-sent events.
enum AnthropicSSEResponse {
    static func make(_ outcome: ChatOutcome<MeteredStream>, headers: HTTPFields) -> Response {
        let stream = outcome.body
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            let sink = AnthropicEventSink(writer, encoder: AnthropicStreamEncoder(head: stream.head))
            do {
                try await stream.run { event, moreBuffered in
                    sink.encode(event)
                    // Events that arrived in one upstream read leave in one write.
                    if !moreBuffered { try await sink.flush() }
                }
                sink.finishMessage()
            } catch let error as GatewayError where error.code != .clientClosed {
                // Headers are gone: report the failure as an `error` event, as Anthropic does.
                sink.fail(error)
            }
            try await sink.flush()
            try await sink.finish()
        })
    }
}

/// The response writer and the stream encoder of one Anthropic stream.
/// Only one task writes at a time: the stream drains in a single child task, then the handler finishes.
final class AnthropicEventSink: @unchecked Sendable {
    private var writer: any ResponseBodyWriter
    private var encoder: AnthropicStreamEncoder
    private var pending = ByteBuffer()

    init(_ writer: any ResponseBodyWriter, encoder: AnthropicStreamEncoder) {
        self.writer = writer
        self.encoder = encoder
    }

    func encode(_ event: ChatEvent) { encoder.encode(event, into: &pending) }

    func finishMessage() { encoder.finish(into: &pending) }

    func fail(_ error: GatewayError) { AnthropicStreamEncoder.errorFrame(error, into: &pending) }

    /// Sends what is queued, if anything.
    func flush() async throws {
        guard pending.readableBytes > 0 else { return }
        let buffer = pending
        pending = ByteBuffer()
        try await writer.write(buffer)
    }

    func finish() async throws { try await writer.finish(nil) }
}
