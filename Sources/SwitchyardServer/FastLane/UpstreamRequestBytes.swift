import NIOCore
import SwitchyardGateway

/// A fast-lane call's upstream request as finished HTTP/1.1 bytes, head and body in one buffer
/// (one write, one iovec). Every value in the head was checked before it got here: the endpoint
/// and its key come from the configuration, the request id is one the gateway accepted or made
/// (visible ASCII), the traceparent one it parsed or made.
enum UpstreamRequestBytes {
    static func make(_ call: FastLaneCall, allocator: ByteBufferAllocator) -> ByteBuffer {
        let endpoint = call.endpoint
        var bytes = allocator.buffer(capacity: 320 + call.body.readableBytes)
        bytes.writeStaticString("POST ")
        bytes.writeString(endpoint.path)
        bytes.writeStaticString(" HTTP/1.1\r\nhost: ")
        bytes.writeString(endpoint.hostHeader)
        bytes.writeStaticString("\r\ncontent-type: application/json\r\ncontent-length: ")
        bytes.writeString(String(call.body.readableBytes))
        bytes.writeStaticString(call.stream ? "\r\naccept: text/event-stream\r\nx-request-id: " : "\r\naccept: application/json\r\nx-request-id: ")
        bytes.writeString(call.context.requestID)
        if let authorization = endpoint.authorization {
            bytes.writeStaticString("\r\nauthorization: ")
            bytes.writeString(authorization)
        }
        if let traceparent = call.context.traceparent {
            bytes.writeStaticString("\r\ntraceparent: ")
            bytes.writeString(traceparent)
        }
        bytes.writeStaticString("\r\n\r\n")
        bytes.writeImmutableBuffer(call.body)
        return bytes
    }
}
