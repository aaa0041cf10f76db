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
                try await stream.run { event in
                    guard let json = OpenAIResponseEncoder.chunk(event, head: stream.head, includeUsage: stream.includeUsage) else { return }
                    try await sink.write(frame(json))
                }
                try await sink.write(ByteBuffer(string: "data: [DONE]\n\n"))
            } catch let error as GatewayError where error.code != .clientClosed {
                // Headers are gone: report the failure as an error event, as OpenAI does.
                try await sink.write(frame(OpenAIResponseEncoder.error(error)))
            }
            try await sink.finish()
        })
    }

    /// `data: <json>\n\n` in one buffer.
    static func frame(_ json: ByteBuffer) -> ByteBuffer {
        var frame = ByteBufferAllocator().buffer(capacity: json.readableBytes + 8)
        frame.writeStaticString("data: ")
        var copy = json
        frame.writeBuffer(&copy)
        frame.writeStaticString("\n\n")
        return frame
    }
}

/// Holds the response writer so the metered stream's writing task can use it.
/// Only one task writes at a time: the stream drains in a single child task, then the handler finishes.
final class WriterBox: @unchecked Sendable {
    private var writer: any ResponseBodyWriter

    init(_ writer: any ResponseBodyWriter) { self.writer = writer }

    func write(_ buffer: ByteBuffer) async throws { try await writer.write(buffer) }

    func finish() async throws { try await writer.finish(nil) }
}
