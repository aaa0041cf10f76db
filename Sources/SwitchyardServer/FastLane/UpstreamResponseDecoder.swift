import NIOCore
import NIOHTTP1

/// NIO's HTTP/1 response decoder for an upstream connection whose requests go out as finished
/// bytes. The decoder must know each request's method to frame its response; instead of reading
/// typed request parts off the pipeline, it is told by `UpstreamConnection` (`requestSent()`).
struct UpstreamResponseDecoder: ByteToMessageDecoder {
    typealias InboundOut = HTTPClientResponsePart

    /// A class: the connection and the pipeline's handler share it.
    let decoder = HTTPResponseDecoder(leftOverBytesStrategy: .dropBytes)
    private static let post = HTTPRequestHead(version: .http1_1, method: .POST, uri: "/")

    /// A POST went out on the connection: its response is the next one to decode.
    func requestSent() { decoder.write(data: .head(Self.post)) }

    func decoderAdded(context: ChannelHandlerContext) { decoder.decoderAdded(context: context) }

    func decoderRemoved(context: ChannelHandlerContext) { decoder.decoderRemoved(context: context) }

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        try decoder.decode(context: context, buffer: &buffer)
    }

    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        try decoder.decodeLast(context: context, buffer: &buffer, seenEOF: seenEOF)
    }
}
