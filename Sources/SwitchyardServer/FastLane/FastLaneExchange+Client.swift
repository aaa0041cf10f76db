import HTTPTypes
import NIOCore
import NIOHTTPTypes
import SwitchyardDialects
import SwitchyardGateway
import SwitchyardModel

/// A fast-lane stream's state: the translator, the head sent, and the usage seen.
struct StreamState {
    let translator: OpenAIChunkTranslator
    var head: ChatStreamHead?
    var usage: Usage?
    var sawDone = false
    var ttft: Duration?
    /// Text forwarded before any usage arrived, to count output if none ever does.
    var forwarded = StreamedOutputText()

    init(clientModel: String) { translator = OpenAIChunkTranslator(clientModel: clientModel, passthrough: true) }

    func usageSoFar(_ exchange: FastLaneExchange) -> Usage {
        if let usage { return usage }
        var usage = exchange.handler.settings.service.fastLaneEstimate(exchange.call, outputText: forwarded.text(using: translator))
        usage.outputTokens = forwarded.scaled(usage.outputTokens)
        return usage
    }
}

extension FastLaneExchange {
    /// The attempt failed before the client saw a byte: the client gets the error, or the full
    /// path takes the request over to retry and fall back.
    func failed(_ error: GatewayError) {
        guard !done else { return }
        done = true
        dropUpstream()
        let service = handler.settings.service
        guard let visible = service.fastLaneFailed(call, error) else {
            let attempt = call.attemptMade(error, upstreamTime: sentAt.duration(to: .now))
            handler.handOver(request, requestID: call.context.requestID, context: context, after: attempt, traceparent: call.context.incomingTraceparent)
            return
        }
        var fields: HTTPFields = [.contentType: "application/json", .requestID: call.context.requestID]
        if let retryAfter = visible.retryAfterSeconds { fields[.retryAfter] = String(retryAfter) }
        fields.set(visible.headers.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
        respond(status: visible.status, fields: fields, body: OpenAIResponseEncoder.error(visible), failure: visible)
        handler.exchangeFinished(context: context, closing: closes)
    }

    /// A whole upstream answer: `model` rewritten, usage peeked (or counted), sent, settled.
    func completeJSON() {
        let completion: ChatCompletion
        do { completion = try OpenAIResponseDecoder.passthroughCompletion(upstreamBody, clientModel: call.clientModel) } catch {
            return failed(error)
        }
        var usage = completion.usage
        if usage.isEstimated {
            let text = (try? OpenAIResponseDecoder.canonicalCompletion(upstreamBody, clientModel: call.clientModel))?.choices.map(\.message.text).joined() ?? ""
            usage = handler.settings.service.fastLaneEstimate(call, outputText: text)
        }
        let body = OpenAIResponseEncoder.completion(completion)
        var bytes = context.channel.allocator.buffer(capacity: 512 + body.readableBytes)
        writeServedHead(waited: sentAt.duration(to: .now), framing: .length(body.readableBytes), into: &bytes)
        bytes.writeImmutableBuffer(body)
        wire.writeAndFlush(NIOAny(IOData.byteBuffer(bytes)), promise: nil)
        log(status: 200, failure: nil)
        finish(usage: usage, error: nil)
        handler.exchangeFinished(context: context, closing: closes)
    }

    /// One upstream read of a stream: its complete events go to the client in one write.
    func streamRead(_ buffer: ByteBuffer) {
        payloads.removeAll(keepingCapacity: true)
        guard parser.feed(buffer, into: &payloads) else {
            dropUpstream()
            let error = GatewayError(.upstreamBadResponse, "Provider '\(call.provider)' sent a stream event larger than \(parser.maxEventBytes) bytes.")
            return answered ? streamFailed(error) : failed(error)
        }
        var out = HTTP1Wire.chunkBuffer(context.channel.allocator, capacity: buffer.readableBytes + 64)
        for payload in payloads where !done {
            forward(payload, into: &out)
        }
        if !done, out.readableBytes > 0 {
            HTTP1Wire.frameChunk(&out, last: false)
            // Flushed when the read is handed over, so a stream's last events and its end go in one write.
            wire.write(NIOAny(IOData.byteBuffer(out)), promise: nil)
            unflushed = true
        }
        // The client is behind: the upstream waits rather than the gateway holding the stream.
        if !done, !context.channel.isWritable { connection?.pauseReading() }
    }

    /// Sends what this read's events made (`streamRead` writes without flushing).
    func upstreamReadDone() {
        guard unflushed else { return }
        unflushed = false
        wire.flush()
    }

    /// The client caught up (its connection is writable again).
    func clientWritable() {
        connection?.resumeReading()
    }

    /// Mutates `stream` in place (`stream!.…`): a copy taken out and written back would share the
    /// `forwarded` buffer and copy it on every chunk, quadratic in the stream's length.
    private func forward(_ payload: ByteBuffer, into out: inout ByteBuffer) {
        guard stream != nil else { return }
        if payload.readableBytesView.elementsEqual("[DONE]".utf8) {
            stream!.sawDone = true
            return
        }
        let (written, usage): (Bool, Usage?)
        do { (written, usage) = try stream!.translator.forward(payload, into: &out) } catch {
            dropUpstream()
            return answered ? streamFailed(error, pending: out) : failed(error)
        }
        if stream!.head == nil {
            let ttft = sentAt.duration(to: .now)
            stream!.head = stream!.translator.head(from: payload)
            stream!.ttft = ttft
            answered = true
            var head = context.channel.allocator.buffer(capacity: 512)
            writeServedHead(waited: ttft, framing: .chunked, into: &head)
            wire.write(NIOAny(IOData.byteBuffer(head)), promise: nil)
            log(status: 200, failure: nil)
        }
        guard let head = stream!.head else { return }
        if written, stream!.usage == nil { stream!.forwarded.add(payload) }
        if let usage {
            stream!.usage = usage
            stream!.forwarded.removeAll()
            if let json = OpenAIResponseEncoder.chunk(.usage(usage), head: head, includeUsage: call.includeUsage) { Self.frame(json, into: &out) }
        }
    }

    /// The upstream ended its body: `[DONE]` closes the stream, anything short of it is a cut.
    func streamEnded() {
        var out = HTTP1Wire.chunkBuffer(context.channel.allocator, capacity: 64)
        if let last = parser.finish() { forward(last, into: &out) }
        guard !done, let state = stream else { return }
        guard state.sawDone, let head = state.head else {
            let error = GatewayError(.upstreamBadResponse, "Provider '\(call.provider)' cut the stream off before it finished.")
            return answered ? streamFailed(error, pending: out) : failed(error)
        }
        let usage = state.usage ?? state.usageSoFar(self)
        if state.usage == nil, let json = OpenAIResponseEncoder.chunk(.usage(usage), head: head, includeUsage: call.includeUsage) { Self.frame(json, into: &out) }
        out.writeStaticString("data: [DONE]\n\n")
        endStream(out)
        finish(usage: usage, error: nil)
        handler.exchangeFinished(context: context, closing: closes)
    }

    /// A failure after the client got the stream's head: an error event ends it, as OpenAI does.
    func streamFailed(_ error: GatewayError, pending: ByteBuffer? = nil) {
        guard !done else { return }
        var out = pending ?? HTTP1Wire.chunkBuffer(context.channel.allocator, capacity: 256)
        Self.frame(OpenAIResponseEncoder.error(error), into: &out)
        endStream(out)
        finish(usage: stream?.usageSoFar(self) ?? Usage(), error: error)
        handler.exchangeFinished(context: context, closing: closes)
    }

    /// The stream's last data (a buffer from `HTTP1Wire.chunkBuffer`) and its end, in one write.
    private func endStream(_ out: ByteBuffer) {
        unflushed = false
        var out = out
        HTTP1Wire.frameChunk(&out, last: true)
        wire.writeAndFlush(NIOAny(IOData.byteBuffer(out)), promise: nil)
    }

    static func frame(_ json: ByteBuffer, into out: inout ByteBuffer) {
        out.writeStaticString("data: ")
        out.writeImmutableBuffer(json)
        out.writeStaticString("\n\n")
    }

    /// A served response's head, as bytes (`ServedHead`), or through `HTTPFields` when a value needs cleaning.
    private func writeServedHead(waited: Duration, framing: ServedHead.Framing, into head: inout ByteBuffer) {
        let service = handler.settings.service
        let outcome = service.fastLaneOutcome(call, waited: waited)
        served = ServedLabels(model: outcome.servedModel, provider: outcome.provider, route: outcome.route)
        let receivedAt = call.context.receivedAt
        if ServedHead.write(outcome, receivedAt: receivedAt, requestID: call.context.requestID, framing: framing, metrics: service.metrics, into: &head) {
            return
        }
        var fields = OutcomeHeaders.make(outcome, receivedAt: receivedAt, contentType: framing.contentType, metrics: service.metrics)
        fields.append(HTTPField(name: .requestID, value: call.context.requestID))
        switch framing {
        case .length(let length): fields.append(HTTPField(name: .contentLength, value: String(length)))
        case .chunked: fields.append(HTTPField(name: .transferEncoding, value: "chunked"))
        }
        HTTP1Wire.writeHead(status: .ok, fields: fields, into: &head)
    }

    private func respond(status: Int, fields: HTTPFields, body: ByteBuffer, failure: GatewayError?) {
        var fields = fields
        fields.append(HTTPField(name: .contentLength, value: String(body.readableBytes)))
        var bytes = context.channel.allocator.buffer(capacity: 512 + body.readableBytes)
        HTTP1Wire.writeHead(status: .init(code: status), fields: fields, into: &bytes)
        bytes.writeImmutableBuffer(body)
        wire.writeAndFlush(NIOAny(IOData.byteBuffer(bytes)), promise: nil)
        log(status: status, failure: failure)
    }

    private func log(status: Int, failure: GatewayError?) {
        guard let logger = handler.settings.logger else { return }
        RequestLog.write(
            logger, requestID: call.context.requestID, traceID: traceID, method: "POST", path: "/v1/chat/completions", status: status,
            receivedAt: call.context.receivedAt, presentedKey: call.context.presentedKey, served: served, failure: failure
        )
    }
}
