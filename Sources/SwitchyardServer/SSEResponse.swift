import Hummingbird
import NIOCore
import SwitchyardDialects
import SwitchyardGateway
import SwitchyardModel

/// Streams a metered stream to the client as OpenAI server-sent events, chunk by chunk.
enum SSEResponse {
    static func make(_ outcome: ChatOutcome<MeteredStream>, headers: HTTPFields) -> Response {
        let stream = outcome.body
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            let sink = WriterBox(writer)
            do {
                try await stream.run { event, moreBuffered in
                    if let json = OpenAIResponseEncoder.chunk(event, head: stream.head, includeUsage: stream.includeUsage) {
                        sink.append(frame: json)
                    }
                    // Events that arrived in one upstream read leave in one write; nothing waits for more.
                    if !moreBuffered { try await sink.flush() }
                }
                sink.append(raw: "data: [DONE]\n\n")
            } catch let error as GatewayError where error.code != .clientClosed {
                // Headers are gone: report the failure as an error event, as OpenAI does.
                sink.append(frame: OpenAIResponseEncoder.error(error))
            }
            try await sink.flush()
            try await sink.finish()
        })
    }

}

/// Holds the response writer so the metered stream's writing task can use it.
/// Only one task writes at a time: the stream drains in a single child task, then the handler finishes.
final class WriterBox: @unchecked Sendable {
    private var writer: any ResponseBodyWriter
    private var pending = ByteBuffer()

    init(_ writer: any ResponseBodyWriter) { self.writer = writer }

    /// Queues `data: <json>\n\n`.
    func append(frame json: ByteBuffer) {
        pending.writeStaticString("data: ")
        var copy = json
        pending.writeBuffer(&copy)
        pending.writeStaticString("\n\n")
    }

    func append(raw text: StaticString) { pending.writeStaticString(text) }

    /// Sends what is queued, if anything.
    func flush() async throws {
        guard pending.readableBytes > 0 else { return }
        let buffer = pending
        pending = ByteBuffer()
        try await writer.write(buffer)
    }

    func finish() async throws { try await writer.finish(nil) }
}
