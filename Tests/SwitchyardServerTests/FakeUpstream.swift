import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// An OpenAI-compatible upstream on a real socket whose behaviour is picked by the model name.
///
/// `fake/ok` answers normally (JSON or SSE); `fake/slow` waits past the gateway's first-byte
/// timeout; `fake/500`, `fake/garbage`, `fake/429` fail in their ways; `fake/cut` drops the
/// connection mid-stream; `fake/endless` streams until the gateway goes away; `fake/sure` and
/// `fake/unsure` return token logprobs of a confident or a doubtful answer when asked for them
/// (`fake/unsure-slow`: the doubtful one after 300 ms).
final class FakeUpstream: Sendable {
    /// The last request body and authorization header the fake received.
    let lastRequest = Unchecked<(body: [String: Any]?, authorization: String?)>((nil, nil))
    /// The `traceparent` header of the last request.
    let lastTraceparent = Unchecked<String?>(nil)
    /// Signals each time an endless stream finds its reader gone.
    let disconnects: AsyncStream<Void>
    private let disconnectSignal: AsyncStream<Void>.Continuation
    /// The upstream model name of each request, as it arrives.
    let arrivals: AsyncStream<String>
    private let arrivalSignal: AsyncStream<String>.Continuation

    init() {
        (disconnects, disconnectSignal) = AsyncStream.makeStream()
        (arrivals, arrivalSignal) = AsyncStream.makeStream()
    }

    var router: Router<BasicRequestContext> {
        let router = Router()
        router.post("/v1/chat/completions") { request, _ in try await self.answer(request) }
        router.get("/v1/models") { _, _ in
            Self.json(#"{"object":"list","data":[{"id":"fake/ok","object":"model"},{"id":"local/llama-3.2-1b","object":"model"}]}"#)
        }
        return router
    }

    private func answer(_ request: Request) async throws -> Response {
        let bytes = try await request.body.collect(upTo: 1 << 20)
        let json = (try? JSONSerialization.jsonObject(with: Data(buffer: bytes))) as? [String: Any]
        lastRequest.value = (json, request.headers[.authorization])
        lastTraceparent.value = request.headers[HTTPField.Name("traceparent")!]
        let model = json?["model"] as? String ?? ""
        let stream = json?["stream"] as? Bool ?? false
        arrivalSignal.yield(model)
        if model.hasPrefix("fake/say-") {
            // Answers with the rest of its name, e.g. a classifier's one-word category
            // (`fake/say-slow-code`: "code", after 300 ms).
            var word = model.dropFirst("fake/say-".count)
            if word.hasPrefix("slow-") {
                word = word.dropFirst("slow-".count)
                try await Task.sleep(for: .milliseconds(300))
            }
            return Self.json(Self.completion.replacingOccurrences(of: "Hello from fake", with: String(word)))
        }
        if model == "fake/sure" || model.hasPrefix("fake/unsure"), json?["logprobs"] as? Bool == true {
            if model.hasSuffix("-slow") { try await Task.sleep(for: .milliseconds(300)) }
            // Token logprobs only when asked: a sure answer (confidence ≈ 0.94) or an unsure one (≈ 0.41).
            let logprobs = model == "fake/sure" ? [-0.05, -0.1, -0.02] : [-1.2, -0.9, -0.6]
            let tokens = zip(["Hello", " from", " fake"], logprobs).map { #"{"token":"\#($0)","logprob":\#($1),"top_logprobs":[]}"# }
            return Self.json(Self.completion.replacingOccurrences(
                of: #""finish_reason":"stop""#, with: #""logprobs":{"content":[\#(tokens.joined(separator: ","))]},"finish_reason":"stop""#
            ))
        }
        switch model {
        case "fake/slow":
            try await Task.sleep(for: .milliseconds(3000))
            return Self.json(Self.completion)
        case "fake/late":
            // The stream's head at once, its first event only after the gateway's first-byte timeout.
            return Self.sse { writer in
                try await Task.sleep(for: .milliseconds(3000))
                try await writer.write(ByteBuffer(string: "data: \(Self.chunk("late"))\n\ndata: [DONE]\n\n"))
            }
        case "fake/500":
            var response = Self.json(#"{"error":{"message":"engine crashed on gpu-node-7","type":"server_error"}}"#, status: .internalServerError)
            response.headers[HTTPField.Name("x-internal-backend")!] = "gpu-node-7"
            return response
        case "fake/garbage":
            return Response(status: .ok, headers: [.contentType: "text/html"], body: .init(byteBuffer: ByteBuffer(string: "<html>502 Bad Gateway</html>")))
        case "fake/429":
            var response = Self.json(#"{"error":{"message":"slow down","type":"rate_limit"}}"#, status: .tooManyRequests)
            response.headers[.retryAfter] = "7"
            return response
        case "fake/nousage":
            guard stream else {
                return Self.json(#"{"id":"up-2","object":"chat.completion","created":1,"model":"fake/nousage","choices":[{"index":0,"message":{"role":"assistant","content":"Hello from fake"},"finish_reason":"stop"}]}"#)
            }
            return Self.sse { writer in
                for piece in ["Hello", " from", " fake \\\"quoted\\\""] { try await writer.write(ByteBuffer(string: "data: \(Self.chunk(piece))\n\n")) }
                try await writer.write(ByteBuffer(string: "data: [DONE]\n\n"))
            }
        case "fake/cut":
            return Self.sse { writer in
                try await writer.write(ByteBuffer(string: "data: \(Self.chunk("one"))\n\n"))
                try await writer.write(ByteBuffer(string: "data: \(Self.chunk(" two"))\n\n"))
                throw CancellationError()
            }
        case "fake/endless":
            let signal = disconnectSignal
            return Self.sse { writer in
                do {
                    for index in 0..<500 {
                        try await writer.write(ByteBuffer(string: "data: \(Self.chunk("t\(index) "))\n\n"))
                        try await Task.sleep(for: .milliseconds(20))
                    }
                } catch {
                    signal.yield()
                    throw error
                }
            }
        default:
            guard stream else { return Self.json(Self.completion) }
            let includeUsage = (json?["stream_options"] as? [String: Any])?["include_usage"] as? Bool ?? false
            return Self.sse { writer in
                for piece in ["Hello", " from", " fake"] { try await writer.write(ByteBuffer(string: "data: \(Self.chunk(piece))\n\n")) }
                try await writer.write(ByteBuffer(string: #"data: {"id":"up-1","object":"chat.completion.chunk","created":1,"model":"fake/ok","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}"# + "\n\n"))
                if includeUsage {
                    try await writer.write(ByteBuffer(string: #"data: {"id":"up-1","object":"chat.completion.chunk","created":1,"model":"fake/ok","choices":[],"usage":{"prompt_tokens":11,"completion_tokens":3,"total_tokens":14}}"# + "\n\n"))
                }
                try await writer.write(ByteBuffer(string: "data: [DONE]\n\n"))
            }
        }
    }

    static let completion = #"{"id":"up-1","object":"chat.completion","created":1,"model":"fake/ok","choices":[{"index":0,"message":{"role":"assistant","content":"Hello from fake"},"finish_reason":"stop"}],"usage":{"prompt_tokens":11,"completion_tokens":3,"total_tokens":14,"prompt_tokens_details":{"cached_tokens":4}}}"#

    static func chunk(_ text: String) -> String {
        #"{"id":"up-1","object":"chat.completion.chunk","created":1,"model":"fake/ok","choices":[{"index":0,"delta":{"content":"\#(text)"},"finish_reason":null}]}"#
    }

    static func json(_ body: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    static func sse(_ write: @escaping @Sendable (inout any ResponseBodyWriter) async throws -> Void) -> Response {
        Response(status: .ok, headers: [.contentType: "text/event-stream"], body: ResponseBody { writer in
            try await write(&writer)
            try await writer.finish(nil)
        })
    }
}

/// A mutable box for test bookkeeping that is read after the fact.
final class Unchecked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value
    init(_ value: Value) { stored = value }
    var value: Value {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}
